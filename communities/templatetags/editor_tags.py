"""The Wagtail user bar, for those who edit.

Every member's group has access to the editor (members write their own
reflections there), so Wagtail's own check would show the bar — and pay its
queries and 15 KB — on every page a member reads. Here it shows only on a
page the viewer may edit (their own work, or everything in a community they
facilitate, as Wagtail's page permissions say), and in the editor's preview."""

from django import template
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if getattr(request, "is_preview", False):
        return wagtailuserbar(context)
    page = get_page_instance(context)
    if not isinstance(page, Page) or not page.permissions_for_user(user).can_edit():
        return ""
    return wagtailuserbar(context)
