from typing import Any


def inquiry_published(sender: type, instance: Any, **kwargs: Any) -> None:
    from .models import InquiryPage
    from .services import inquiry_published as record

    if isinstance(instance, InquiryPage):
        record(inquiry=instance)
