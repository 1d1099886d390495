"""The site's URLs plus one page with an inline script, as a page that needs
one would write it (tests/staffroom/test_hardening_csp.py): the site itself
has none."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from communities import pagecache
from staffroom.urls import urlpatterns as site_urlpatterns

PAGE = engines["django"].from_string(
    '<!doctype html><title>Inline</title><script nonce="{{ request.csp_nonce }}">'
    'document.title = "ran";</script>'
)


def inline_script_page(request: HttpRequest) -> HttpResponse:
    pagecache.mark_public(request)  # as public as a page can be: still never cached
    return HttpResponse(PAGE.render({}, request))


urlpatterns = [path("inline-script/", inline_script_page), *site_urlpatterns]
