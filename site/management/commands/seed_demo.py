from django.conf import settings
from django.core.management.base import BaseCommand

from blog import demo as blog_demo
from blog import demo_resources
from communities import demo as communities_demo
from communities.factories import DEFAULT_PASSWORD
from inquiries import demo as inquiries_demo


class Command(BaseCommand):
    help = "Load Staffroom's demo content (idempotent: run it as often as you like)."

    def handle(self, *args, **options):
        # The demo's term of activity is history, not news: its notifications
        # are in the site, but nobody is e-mailed about it.
        email_backend = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        try:
            logins = communities_demo.seed()
            blog_demo.seed()
            demo_resources.seed()
            inquiries_demo.seed()
        finally:
            settings.EMAIL_BACKEND = email_backend
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEFAULT_PASSWORD}):")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.who}")
        self.stdout.write("")
