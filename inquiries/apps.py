from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = "Inquiries"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: signals and receivers need the app registry ready.
        from wagtail.signals import page_published

        from . import receivers

        # First publication: progress starts at Scanning and the ledger counts it.
        page_published.connect(receivers.inquiry_published, dispatch_uid="inquiry_published")
