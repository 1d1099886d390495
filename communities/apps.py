from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: signals and receivers need the app registry ready.
        from wagtail.signals import page_published

        from . import receivers

        # A community sets itself up (sections, groups, privacy, workflow) each
        # time it is published, wherever the publish comes from.
        page_published.connect(receivers.community_published, dispatch_uid="community_published")
