from django.conf import settings

from blog.selectors import unread_notification_count
from inquiries.selectors import is_head_teacher


def site_nav(request):
    """What the header needs on every page: the site's name and, for a
    signed-in person, how many notifications they have not read and whether
    they review their school's inquiries."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Staffroom"),
        "unread_notifications": unread_notification_count(user) if signed_in else 0,
        "is_head_teacher": is_head_teacher(user) if signed_in else False,
    }
