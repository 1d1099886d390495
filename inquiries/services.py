"""Writes for inquiries: moving through the stages, sharing with school
leadership (consent), completion, and head teachers' review feedback."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from communities import clock, ledger
from communities.models import ActivityEvent, Verb
from communities.selectors import community_for_page

from .models import InquiryPage, InquiryProgress, InquiryUpdate, ReviewFeedback, Stage
from .selectors import (
    can_act_as_inquirer,
    can_review,
    evidence_count,
    is_inquirer,
    progress_for,
    schools_led_by,
)
from .tasks import send_review_feedback


class InquiryError(ValidationError):
    pass


@dataclass(frozen=True)
class InquirerRights:
    """What one person may do with one inquiry's progress — the answer both
    the inquiry page's buttons and the services below use."""

    is_inquirer: bool  # the owner or a co-inquirer (sees review feedback)
    acts_as_inquirer: bool  # …and still an active member of its community
    stage: int
    completed: bool

    @property
    def can_advance(self) -> bool:
        return self.acts_as_inquirer and self.stage < Stage.CHECKING

    @property
    def can_revert(self) -> bool:
        return self.acts_as_inquirer and self.stage > Stage.SCANNING

    @property
    def can_complete(self) -> bool:
        return self.acts_as_inquirer and self.stage == Stage.CHECKING and not self.completed

    @property
    def can_share(self) -> bool:
        return self.acts_as_inquirer


def inquirer_rights(
    *, user: AbstractBaseUser, inquiry: InquiryPage, progress: InquiryProgress | None = None
) -> InquirerRights:
    progress = progress if progress is not None else progress_for(inquiry)
    inquirer = is_inquirer(user, inquiry)
    return InquirerRights(
        is_inquirer=inquirer,
        acts_as_inquirer=inquirer and inquiry.live and can_act_as_inquirer(user, inquiry),
        stage=progress.stage,
        completed=progress.completed_at is not None,
    )


def _progress(inquiry: InquiryPage) -> InquiryProgress:
    InquiryProgress.objects.get_or_create(inquiry=inquiry)
    return InquiryProgress.objects.select_for_update().get(inquiry=inquiry)


def _check_inquirer(user: AbstractBaseUser, inquiry: InquiryPage) -> None:
    if not inquiry.live or not can_act_as_inquirer(user, inquiry):
        raise PermissionDenied


def _record_for_inquirers(inquiry: InquiryPage, verb: str, **data) -> None:
    community = community_for_page(inquiry)
    for person in inquiry.inquirers():
        ledger.record(actor=person, verb=verb, community=community, page=inquiry, data=data)


@transaction.atomic
def inquiry_advance(
    *, user: AbstractBaseUser, inquiry: InquiryPage, note: str, from_stage: int | None = None
) -> InquiryProgress:
    """Move to the next stage. What was learned at this one must be written
    down. `from_stage` is the stage the person saw when they asked: a form
    sent twice (two tabs, a resent form) moves the inquiry once."""
    _check_inquirer(user, inquiry)
    progress = _progress(inquiry)
    if from_stage is not None and from_stage != progress.stage:
        raise InquiryError(
            f"This inquiry has already moved on to “{progress.get_stage_display()}” (from "
            "another tab, or a co-inquirer) — nothing was changed.",
            code="stale",
        )
    note = note.strip()
    if not note:
        raise InquiryError(
            "Write a short note of what you learned at this stage before moving on.", code="note"
        )
    if progress.stage >= Stage.CHECKING:
        raise InquiryError("This inquiry is already at its last stage, Checking.")
    old = progress.stage
    progress.stage = old + 1
    progress.updated_at = clock.now()
    progress.save(update_fields=["stage", "updated_at"])
    InquiryUpdate.objects.create(
        inquiry=inquiry,
        author=user,
        kind=InquiryUpdate.Kind.ADVANCED,
        from_stage=old,
        to_stage=progress.stage,
        note=note[:2000],
    )
    _record_for_inquirers(inquiry, Verb.INQUIRY_ADVANCED, stage=progress.stage)
    return progress


@transaction.atomic
def inquiry_revert(
    *, user: AbstractBaseUser, inquiry: InquiryPage, note: str = ""
) -> InquiryProgress:
    """Go back a stage — inquiry is a spiral, not a ladder. It is logged."""
    _check_inquirer(user, inquiry)
    progress = _progress(inquiry)
    if progress.stage <= Stage.SCANNING:
        raise InquiryError("This inquiry is at its first stage already.")
    old = progress.stage
    progress.stage = old - 1
    progress.completed_at = None
    progress.updated_at = clock.now()
    progress.save(update_fields=["stage", "completed_at", "updated_at"])
    InquiryUpdate.objects.create(
        inquiry=inquiry,
        author=user,
        kind=InquiryUpdate.Kind.REVERTED,
        from_stage=old,
        to_stage=progress.stage,
        note=note.strip()[:2000],
    )
    _record_for_inquirers(inquiry, Verb.INQUIRY_REVERTED, stage=progress.stage)
    return progress


@transaction.atomic
def inquiry_complete(*, user: AbstractBaseUser, inquiry: InquiryPage) -> InquiryProgress:
    """Carried through to evidence: at Checking, with the impact answered and
    evidence gathered."""
    _check_inquirer(user, inquiry)
    progress = _progress(inquiry)
    if progress.stage != Stage.CHECKING:
        raise InquiryError("An inquiry is completed at the Checking stage.")
    if progress.completed_at:
        raise InquiryError("This inquiry is already completed.")
    if not inquiry.impact.strip() or not evidence_count(inquiry):
        raise InquiryError(
            "Before completing, publish your answer to “Have we made enough of a difference?” "
            "and at least one piece of evidence."
        )
    progress.completed_at = clock.now()
    progress.save(update_fields=["completed_at"])
    _record_for_inquirers(inquiry, Verb.INQUIRY_COMPLETED, evidence=evidence_count(inquiry))
    return progress


@transaction.atomic
def inquiry_set_sharing(
    *, user: AbstractBaseUser, inquiry: InquiryPage, shared: bool
) -> InquiryProgress:
    """Share the inquiry with the inquirers' head teachers, or stop sharing —
    the teacher's consent, effective at once."""
    _check_inquirer(user, inquiry)
    progress = _progress(inquiry)
    if progress.shared_with_leadership == shared:
        return progress
    progress.shared_with_leadership = shared
    progress.sharing_changed_at = clock.now()
    progress.save(update_fields=["shared_with_leadership", "sharing_changed_at"])
    InquiryUpdate.objects.create(
        inquiry=inquiry,
        author=user,
        kind=InquiryUpdate.Kind.SHARED if shared else InquiryUpdate.Kind.UNSHARED,
    )
    return progress


@transaction.atomic
def review_feedback_post(
    *, user: AbstractBaseUser, inquiry: InquiryPage, body: str
) -> ReviewFeedback:
    """A head teacher's private note to the inquirers. Formal feedback: it is
    e-mailed, and writes nothing to the ledger (so nothing to recognition)."""
    if not can_review(user, inquiry):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise InquiryError("Write your feedback before sending it.")
    inquirer_schools = {
        getattr(getattr(p, "profile", None), "school_id", None) for p in inquiry.inquirers()
    }
    school = schools_led_by(user).filter(pk__in=[s for s in inquirer_schools if s]).first()
    if school is None:
        raise PermissionDenied
    feedback = ReviewFeedback.objects.create(
        inquiry=inquiry, author=user, school=school, body=body[:4000]
    )
    transaction.on_commit(lambda: send_review_feedback.enqueue(feedback.pk))
    return feedback


def inquiry_published(*, inquiry: InquiryPage) -> None:
    """First publication counts once for each inquirer; edits don't."""
    InquiryProgress.objects.get_or_create(inquiry=inquiry)
    if (
        inquiry.owner_id
        and not InquiryUpdate.objects.filter(
            inquiry=inquiry, kind=InquiryUpdate.Kind.STARTED
        ).exists()
    ):
        InquiryUpdate.objects.create(
            inquiry=inquiry,
            author_id=inquiry.owner_id,
            kind=InquiryUpdate.Kind.STARTED,
            to_stage=Stage.SCANNING,
        )
    events = ActivityEvent.objects.filter(page=inquiry)
    recorded = {e.actor_id for e in events.filter(verb=Verb.PUBLISHED_INQUIRY)}
    community = community_for_page(inquiry)
    if community is None:
        return
    for person in inquiry.inquirers():
        if person.pk not in recorded:
            ledger.record(
                actor=person, verb=Verb.PUBLISHED_INQUIRY, community=community, page=inquiry
            )
