from typing import Any

from . import services
from .models import InquiryPage


def inquiry_published(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, InquiryPage):
        services.inquiry_published(inquiry=instance)
