from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communities.forms import FilterForm
from communities.models import CommunityPage
from communities.selectors import work_in_progress
from inquiries.selectors import co_inquiry_ids

from .search import Kind, search_everything

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """What the visitor typed, safe to hand to any search backend. SQLite's
    full-text engine reads a double quote as the start of a phrase and stops
    at a NUL, so either would turn a typo into a server error; they (and any
    other control character) become spaces."""
    text = "".join(ch if ch.isprintable() and ch != '"' else " " for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


class SearchForm(FilterForm):
    kind = forms.ChoiceField(choices=[("", "Everything"), *Kind.choices], required=False)
    community = forms.ModelChoiceField(
        queryset=CommunityPage.objects.live().order_by("title"),
        required=False,
        empty_label="All communities",
    )


RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """Search what teachers wrote — never returning anything the searcher
    may not view."""
    query = clean_query(request.GET.get("q", ""))
    form = SearchForm(request.GET)
    results = None
    if query:
        hits = search_everything(
            user=request.user,
            query=query,
            kind=form.value("kind"),
            community=form.value("community"),
        )
        results = Paginator(hits, RESULTS_PER_PAGE).get_page(form.value("page"))
    filters = form.filters()
    return render(
        request,
        "staffroom/search.html",
        {
            "query": query,
            "results": results,
            "form": form,
            "kinds": Kind.choices,
            "kind": filters.get("kind", ""),
            "community": filters.get("community"),
            "communities": form.fields["community"].queryset,
            "extra_query": urlencode(
                {"q": query, **{k: getattr(v, "pk", v) for k, v in filters.items()}}
            ),
        },
    )


@require_GET
@login_required
def my_work(request):
    """A teacher's drafts and work waiting for review, with where each
    stands and a way back into the editor — the site's own page, so that
    writing never leaves them in the editor's back office."""
    items = work_in_progress(request.user, also=co_inquiry_ids(request.user))
    return render(request, "staffroom/my_work.html", {"items": items})
