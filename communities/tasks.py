"""Background work of the ground floor: recomputing recognition."""

from __future__ import annotations

from django_tasks import task

from .models import CommunityPage
from .services import recognition_recompute


@task()
def recompute_recognition(community_id: int) -> int:
    """Recompute one community's standings (queued, coalesced, by activity
    in it). Returns how many members' trust changed."""
    community = CommunityPage.objects.filter(pk=community_id).first()
    if community is None:
        return 0
    return len(recognition_recompute(community=community))
