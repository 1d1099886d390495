from django.core.management.base import BaseCommand
from django.db import transaction

from blog import markup
from blog.models import Reply


class Command(BaseCommand):
    help = (
        "Render every reply's HTML again from the text as written, with the current "
        "Markdown and sanitising rules (run it after changing blog/markup.py)."
    )

    def handle(self, *args, **options):
        changed = 0
        replies = Reply.objects.exclude(body="").only("pk", "body", "body_html").order_by("pk")
        batch: list[Reply] = []
        for reply in replies.iterator(chunk_size=500):
            html = markup.render(reply.body)
            if html != reply.body_html:
                reply.body_html = html
                batch.append(reply)
            if len(batch) >= 500:
                changed += self._save(batch)
        changed += self._save(batch)
        self.stdout.write(f"{changed} repl{'y' if changed == 1 else 'ies'} rendered again.")

    @staticmethod
    def _save(batch: list[Reply]) -> int:
        with transaction.atomic():
            Reply.objects.bulk_update(batch, ["body_html"])
        n = len(batch)
        batch.clear()
        return n
