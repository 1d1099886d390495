"""Wagtail's publish signals, handed straight to the services that own the work."""

from typing import Any


def reflection_published(sender: type, instance: Any, **kwargs: Any) -> None:
    from .models import ReflectionPage
    from .services import reflection_published as record

    if isinstance(instance, ReflectionPage):
        record(page=instance)


def reflection_unpublished(sender: type, instance: Any, **kwargs: Any) -> None:
    from .models import ReflectionPage
    from .services import reflection_unpublished as record

    if isinstance(instance, ReflectionPage):
        record(page=instance)
