from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from communities.selectors import pages_visible_to

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    """Search pages — never returning one the searcher may not view."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = pages_visible_to(request.user, Page.objects.all()).specific()
        results = Paginator(pages.search(query), 20).get_page(request.GET.get("page"))
    return render(request, "staffroom/search.html", {"query": query, "results": results})
