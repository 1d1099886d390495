from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(*, using: str, **kwargs) -> None:
    """Without Redis the shared cache (and with it every rate limit) is a
    table in the database; `migrate` makes it, so no set-up step is forgotten.
    It does nothing when the cache is Redis or the table exists."""
    call_command("createcachetable", database=using, verbosity=0)


class StaffroomConfig(AppConfig):
    name = "staffroom"
    label = "staffroom"
    verbose_name = "Staffroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="staffroom-cache-table")
