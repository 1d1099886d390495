from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import urls as wagtaildocs_urls

from communities.views import (
    document_serve,
    editor_home,
    hide_private_parent_page,
    image_serve,
    sign_in,
)

from . import views

urlpatterns = [
    # The admin's own sign-in form would bypass allauth's rate limits: every
    # sign-in goes through /accounts/login/.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_redirect",
    ),
    # The editor's dashboard is for site administrators; a teacher coming to
    # /admin/ is taken to their own work on the site. Wagtail's own path and
    # name, matched before Wagtail's (wagtail/admin/urls/__init__.py, 8.0).
    path("admin/", require_admin_access(editor_home), name="wagtailadmin_home"),
    # Wagtail's explorer and page chooser, answering 404 for a page inside a
    # members-only community the viewer is not in (they would otherwise show
    # its title and breadcrumbs). The same paths, views and URL names as
    # Wagtail 8.0's wagtail/admin/urls/__init__.py ("explore", "explore
    # results", "choose page child"), matched first so they override them.
    *[
        path(route, require_admin_access(hide_private_parent_page(view)), name=name)
        for route, view, name in (
            (
                "admin/pages/<int:parent_page_id>/",
                page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id"),
                "wagtailadmin_explore",
            ),
            (
                "admin/pages/<int:parent_page_id>/results/",
                page_viewset_registry.as_view(
                    "index_results", parent_page_id_kwarg="parent_page_id"
                ),
                "wagtailadmin_explore_results",
            ),
            (
                "admin/choose-page/<int:parent_page_id>/",
                BrowseView.as_view(),
                "wagtailadmin_choose_page_child",
            ),
        )
    ],
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's own document view and URL (wagtail/documents/urls.py), wrapped
    # to keep members-only files out of shared caches.
    re_path(r"^documents/(\d+)/(.*)$", document_serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # Image renditions only through a view that checks the collection's
    # privacy (the URL shape is Wagtail's own image-serve URL).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        image_serve,
        name="image_serve",
    ),
    # allauth's sign-in, which first turns away (to one clear page) someone
    # signed in whom the editor sent here for lack of editor access.
    path("accounts/login/", sign_in, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("search/", views.search, name="search"),
    path("my/work/", views.my_work, name="my_work"),
    path("", include("communities.urls")),
    path("", include("blog.urls")),
    path("", include("inquiries.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
