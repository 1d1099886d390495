"""E-mail that never silently stops.

Anything a person typed can reach a header: a display name in a subject, a
page title, a school's name. A line break there ("Daniel\\r\\nBcc: x@…")
would add a header of its own; Django refuses such a message outright
(BadHeaderError), and a refused message used to stop everyone else's. So
control characters are refused where people type (`reject_control_characters`
on the forms) and removed again wherever a header is built (`header_text`),
for names saved before that rule, or that come from elsewhere."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)

# C0 and C1 controls, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text)) or any(unicodedata.category(char) == "Cc" for char in text)


def reject_control_characters(text: str) -> str:
    """For a form's clean_<field>(): a clear error instead of a silent change."""
    if has_control_characters(text):
        raise ValidationError(
            "Please use letters, numbers and punctuation only — no line breaks or tabs.",
            code="control_characters",
        )
    return text


def header_text(text: str) -> str:
    """`text` safe for a header: each run of control characters (line breaks
    included) becomes one space."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def send_each(messages: Iterable[tuple[str, EmailMessage]]) -> list[str]:
    """Send each (label, message) on its own connection's turn: one that fails
    is logged with its label and recipients (enough to send it again) and the
    others still go. Returns the labels of those that failed."""
    failed = []
    with get_connection() as connection:
        for label, message in messages:
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception(
                    "E-mail %s to %s (subject %r) could not be sent",
                    label,
                    message.to,
                    message.subject,
                )
                failed.append(label)
    return failed
