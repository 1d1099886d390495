from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Report


class ReportViewSet(ModelViewSet):
    """Concerns reported across every community, for site administrators
    (facilitators deal with their own community's in the front end)."""

    model = Report
    icon = "warning"
    menu_label = "Reported concerns"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "community", "reporter", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    form_fields = ["reason", "resolved_at"]
    inspect_view_enabled = True


report_viewset = ReportViewSet("reports")


@hooks.register("register_admin_viewset")
def register_report_viewset():
    return report_viewset
