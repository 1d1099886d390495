from django.core.management.base import BaseCommand

from communities.models import CommunityPage, RecognitionDue
from communities.services import recognition_recompute


class Command(BaseCommand):
    help = (
        "Recompute members' recognition (strands, influence, trust) from each community's "
        "ledger — every community, or with --due only those whose activity has not been "
        "counted yet. Safe to run on several servers at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--due", action="store_true", help="only communities with uncounted activity"
        )

    def handle(self, *args, due=False, **options):
        communities = CommunityPage.objects.live().order_by("pk")
        if due:
            communities = communities.filter(pk__in=RecognitionDue.objects.values("community_id"))
        total = 0
        for community in communities:
            changes = recognition_recompute(community=community)
            total += len(changes)
            self.stdout.write(f"{community.title}: {len(changes)} change(s) of trust")
        self.stdout.write(f"Done: {total} change(s) of trust.")
