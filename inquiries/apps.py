from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = "Inquiries"
    default_auto_field = "django.db.models.BigAutoField"
