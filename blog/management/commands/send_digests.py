from django.core.management.base import BaseCommand

from blog.tasks import send_digests


class Command(BaseCommand):
    help = (
        "E-mail everyone who chose a weekly digest what they have not yet been e-mailed. "
        "Run it once a week (cron); safe to run on several servers at once."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest{'s' if sent != 1 else ''} sent.")
