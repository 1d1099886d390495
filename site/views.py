from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from communities.selectors import pages_visible_to

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """What the visitor typed, safe to hand to any search backend. SQLite's
    full-text engine reads a double quote as the start of a phrase and stops
    at a NUL, so either would turn a typo into a server error; they (and any
    other control character) become spaces."""
    text = "".join(ch if ch.isprintable() and ch != '"' else " " for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@require_GET
def search(request):
    """Search pages — never returning one the searcher may not view."""
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        pages = pages_visible_to(request.user, Page.objects.all()).specific()
        results = Paginator(pages.search(query), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "staffroom/search.html",
        {"query": query, "results": results, "extra_query": urlencode({"q": query})},
    )
