"""The site's URLs plus a bare Django view, the floor the anonymous pages
are measured against (same middleware, no template, no query)."""

from django.http import HttpResponse
from django.urls import path

from staffroom.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
