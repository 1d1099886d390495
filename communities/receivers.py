"""Wagtail's publish signal, handed straight to the service that owns the work."""

from typing import Any


def community_published(sender: type, instance: Any, **kwargs: Any) -> None:
    from .models import CommunityPage
    from .services import community_set_up

    if isinstance(instance, CommunityPage):
        community_set_up(community=instance)
