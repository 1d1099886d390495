"""Wagtail's publish signal, handed straight to the service that owns the work."""

from typing import Any

from .models import CommunityPage
from .services import community_set_up


def community_published(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, CommunityPage):
        community_set_up(community=instance)
