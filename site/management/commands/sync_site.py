from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Point Wagtail's default site at BASE_URL (host and port), so links Wagtail "
        "builds itself (the editor's 'view live', page.full_url) name the origin the "
        "site is served on. `make run` runs it; run it once per deployment too."
    )

    def handle(self, *args, **options):
        parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            self.stdout.write("No default site yet (run migrate first).")
            return
        if (site.hostname, site.port) != (parts.hostname, port):
            site.hostname, site.port = parts.hostname, port
            site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
            site.save(update_fields=["hostname", "port", "site_name"])
        self.stdout.write(f"Site: {parts.scheme}://{parts.hostname}:{port}")
