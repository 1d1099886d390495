"""Wagtail's publish signals, handed straight to the services that own the work."""

from typing import Any

from . import services
from .models import ReflectionPage, ResourcePage


def reflection_published(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ReflectionPage):
        services.reflection_published(page=instance)
    elif isinstance(instance, ResourcePage):
        services.resource_published(page=instance)


def reflection_unpublished(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ReflectionPage):
        services.reflection_unpublished(page=instance)
    elif isinstance(instance, ResourcePage):
        services.resource_unpublished(page=instance)
