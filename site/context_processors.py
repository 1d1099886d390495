from django.conf import settings


def site_nav(request):
    return {"site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Staffroom")}
