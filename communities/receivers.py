"""Wagtail's signals, handed straight to the services that own the work."""

from typing import Any

from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from . import pagecache
from .models import CommunityPage, NotificationKind
from .notify import facilitator_ids, notify
from .selectors import community_for_page
from .services import community_set_up


def community_published(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, CommunityPage):
        community_set_up(community=instance)


def stop_wagtail_workflow_emails() -> None:
    """Disconnect the e-mails Wagtail's admin sends for workflows (the
    dispatch_uids of Wagtail 8.0's wagtail/admin/signal_handlers.py)."""
    task_submitted.disconnect(
        sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    for signal, uid in (
        (workflow_submitted, "workflow_state_submitted_email_notification"),
        (workflow_rejected, "workflow_state_rejected_email_notification"),
        (workflow_approved, "workflow_state_approved_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)


def _page_and_community(task_state):
    page = task_state.workflow_state.content_object
    community = community_for_page(page)
    return page, community


def page_submitted(sender: type, instance: Any, user: Any = None, **kwargs: Any) -> None:
    """A page was sent for review: its community's facilitators are told."""
    page, community = _page_and_community(instance)
    if community is None:
        return
    notify(
        kind=NotificationKind.PAGE_SUBMITTED,
        recipients=facilitator_ids(community),
        community=community,
        actor=user or instance.workflow_state.requested_by,
        page=page,
    )


def _writers(task_state, page) -> set[int]:
    return {pk for pk in (page.owner_id, task_state.workflow_state.requested_by_id) if pk}


def page_approved(sender: type, instance: Any, user: Any = None, **kwargs: Any) -> None:
    """Its writer hears that it is published (with the reviewer's comment)."""
    page, community = _page_and_community(instance)
    if community is None:
        return
    notify(
        kind=NotificationKind.PAGE_APPROVED,
        recipients=_writers(instance, page),
        community=community,
        actor=user,
        page=page,
        detail=instance.comment or "",
    )


def page_sent_back(sender: type, instance: Any, user: Any = None, **kwargs: Any) -> None:
    """Its writer hears that the facilitators asked for changes, and what."""
    page, community = _page_and_community(instance)
    if community is None:
        return
    notify(
        kind=NotificationKind.PAGE_CHANGES_REQUESTED,
        recipients=_writers(instance, page),
        community=community,
        actor=user,
        page=page,
        detail=instance.comment or "",
    )


def pages_changed(sender: type, instance: Page | None = None, **kwargs: Any) -> None:
    """A page was published, unpublished or moved: every anonymous page may show it."""
    pagecache.invalidate()
