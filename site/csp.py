"""The Content-Security-Policy every response carries (django-csp 4).

The site's policy is CONTENT_SECURITY_POLICY; the editor (Wagtail's admin,
under STAFFROOM_ADMIN_PATH) is served STAFFROOM_ADMIN_CONTENT_SECURITY_POLICY
instead, for the reasons given beside it in the settings.

A nonce is put into the header only when the response's page used one
(`request.csp_nonce`), and such a page is never kept by the anonymous page
cache (communities.pagecache): a nonce served to more than one visitor is
one an attacker can read and reuse.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (csp.middleware.CSPMiddleware, 4.0), choosing
    the editor's policy for the editor's paths, and the preview's for a page
    previewed in the editor. A view's own @csp decorator
    still wins over either."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            # Wagtail's preview of a page, drawn inside the editor's panel.
            parts.config = settings.STAFFROOM_PREVIEW_CONTENT_SECURITY_POLICY
        elif request.path_info.startswith(settings.STAFFROOM_ADMIN_PATH):
            parts.config = settings.STAFFROOM_ADMIN_CONTENT_SECURITY_POLICY
        return parts
