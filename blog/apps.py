from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Reflections"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: signals and receivers need the app registry ready.
        from wagtail.signals import page_published, page_unpublished

        from . import receivers

        # A reflection's or resource's first publication (and any unpublication) goes in the ledger.
        page_published.connect(receivers.reflection_published, dispatch_uid="reflection_published")
        page_unpublished.connect(
            receivers.reflection_unpublished, dispatch_uid="reflection_unpublished"
        )
