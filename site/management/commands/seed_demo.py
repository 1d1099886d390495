import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.signals import setting_changed

from blog import demo as blog_demo
from blog import demo_resources
from communities import demo as communities_demo
from communities.factories import DEFAULT_PASSWORD
from inquiries import demo as inquiries_demo
from inquiries import demo_cycle as inquiries_demo_cycle

# The demo's term of activity is history, not news: its notifications are in
# the site, but nobody is e-mailed about them, and recognition is counted
# once, at the end, rather than after each burst of activity. Everything
# else in the background (Wagtail's search and reference indexes) runs.
HISTORY_TASKS = {
    "default": {
        "BACKEND": "communities.demo.HistoryTaskBackend",
        "OPTIONS": {
            "hold": [
                "blog.tasks.send_notification_emails",
                "inquiries.tasks.send_review_feedback",
                "communities.tasks.recompute_recognition",
            ]
        },
    }
}
HISTORY_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


@contextlib.contextmanager
def _history():
    """Hold e-mail and recomputes while the demo's past is written: the
    tasks backend is swapped the way Django announces any change of
    settings (django_tasks resets its backends on that signal)."""
    saved = settings.TASKS, settings.EMAIL_BACKEND
    settings.TASKS, settings.EMAIL_BACKEND = HISTORY_TASKS, HISTORY_EMAIL
    setting_changed.send(sender=Command, setting="TASKS", value=HISTORY_TASKS, enter=True)
    try:
        yield
    finally:
        settings.TASKS, settings.EMAIL_BACKEND = saved
        setting_changed.send(sender=Command, setting="TASKS", value=saved[0], enter=False)


class Command(BaseCommand):
    help = "Load Staffroom's demo content (idempotent: run it as often as you like)."

    def handle(self, *args, **options):
        with _history():
            logins = communities_demo.seed()
            blog_demo.seed()
            demo_resources.seed()
            inquiries_demo.seed()
            inquiries_demo_cycle.seed()
            # Last, once everything above has happened: who the term's
            # publishing and feedback marks out, and so who may do what.
            communities_demo.recognise()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEFAULT_PASSWORD}):")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.who}")
        self.stdout.write("")
