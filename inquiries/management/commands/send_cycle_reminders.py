from django.core.management.base import BaseCommand

from inquiries.cycle.reminders import send_cycle_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders timed to communities' meetings (a week before, the day after, "
        "mid-cycle) whose time has come. Run it hourly from cron; safe to run on several "
        "servers at once: each reminder goes out once."
    )

    def handle(self, *args, **options):
        told = send_cycle_reminders()
        self.stdout.write(f"{told} reminder{'s' if told != 1 else ''} sent.")
