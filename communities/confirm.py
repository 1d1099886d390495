"""Asking before what is hard to undo, and offering undo where it can be.

A destructive action's button opens a confirmation page of its own (it works
without JavaScript); the page posts to the action's endpoint. Where the
action can be reversed, the message after it carries an Undo button."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.html import format_html, format_html_join


@dataclass
class Confirmation:
    title: str
    action: str  # the endpoint the confirmation posts to
    cancel: str  # where "Cancel" goes back to
    button: str
    explanation: list[str] = field(default_factory=list)
    quote: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    danger: bool = True


def confirm_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    return render(request, "components/confirm.html", {"confirm": confirmation})


def success_with_undo(
    request: HttpRequest,
    text: str,
    *,
    action: str,
    fields: dict[str, str] | None = None,
    label: str = "Undo",
) -> None:
    """A success message with a one-click Undo (a small form posting to
    `action`)."""
    hidden = format_html_join(
        "", '<input type="hidden" name="{}" value="{}">', (fields or {}).items()
    )
    undo = format_html(
        '<form method="post" action="{}" class="inline-form message__undo">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<button type="submit" class="link-button">{}</button></form>',
        action,
        get_token(request),
        hidden,
        label,
    )
    messages.success(request, format_html("{} {}", text, undo))
