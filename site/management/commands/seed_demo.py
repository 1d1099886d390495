from django.core.management.base import BaseCommand

from blog import demo as blog_demo
from communities import demo as communities_demo
from communities.factories import DEFAULT_PASSWORD
from inquiries import demo as inquiries_demo


class Command(BaseCommand):
    help = "Load Staffroom's demo content (idempotent: run it as often as you like)."

    def handle(self, *args, **options):
        logins = communities_demo.seed()
        blog_demo.seed()
        inquiries_demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEFAULT_PASSWORD}):")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.who}")
        self.stdout.write("")
