"""Practitioner inquiry: a teacher (with co-inquirers) inquires into their own
classroom practice, one stage of the spiral of inquiry at a time."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from communities import clock, panels
from communities.models import CommunityPage, Phase
from communities.selectors import community_for_page, is_active_member

from .blocks import EvidenceBlock
from .forms import InquiryFilterForm, InquiryPageForm
from .stages import GUIDING_QUESTIONS as GUIDING_QUESTIONS
from .stages import Stage

INQUIRIES_PER_PAGE = 12


class InquiryIndexPage(Page):
    """A community's inquiry projects."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = ["inquiries.InquiryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "inquiries section"

    def get_context(self, request, *args, **kwargs):
        # inquiries.selectors imports this module's models.
        from .selectors import evidence_count, inquiry_listing, inquiry_tags

        context = super().get_context(request, *args, **kwargs)
        filters = InquiryFilterForm(request.GET)
        stage, tag = filters.value("stage"), filters.value("tag")
        inquiries = Paginator(
            inquiry_listing(index=self, stage=stage, tag=tag), INQUIRIES_PER_PAGE
        ).get_page(filters.value("page"))
        for inquiry in inquiries:
            inquiry.evidence_total = evidence_count(inquiry)
        community = CommunityPage.objects.ancestor_of(self).get()
        context.update(
            {
                "inquiries": inquiries,
                "stages": Stage.choices,
                "stage": stage,
                "tag": tag,
                "tags": inquiry_tags(index=self),
                "extra_query": filters.query_string(),
                "community": community,
                "can_write": is_active_member(request.user, community),
            }
        )
        return context


class InquiryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "inquiries.InquiryPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class InquiryPermissionTester(PagePermissionTester):
    """Co-inquirers (members of the same community) may edit the inquiry too,
    as its owner may."""

    def can_edit(self) -> bool:
        if super().can_edit():
            return True
        user = self.user
        if not user.is_active or not user.is_authenticated:
            return False
        page = self.page.specific_deferred if not isinstance(self.page, InquiryPage) else self.page
        # The editor hands in the latest revision's page, whose co-inquirers
        # are an in-memory cluster that cannot be filtered by primary key.
        if all(person.pk != user.pk for person in page.co_inquirers.all()):
            return False
        community = community_for_page(page)
        return bool(community and is_active_member(user, community))


class InquiryPage(Page):
    question = models.CharField(
        "Inquiry question",
        max_length=300,
        help_text="e.g. Will hinge questions help my Year 9s notice their own misconceptions?",
    )
    learners = models.TextField(
        "Learners and context",
        max_length=2000,
        blank=True,
        help_text="Which learners, what subject, what is going on for them.",
    )
    what_will_be_tried = models.TextField("What I will try", max_length=2000, blank=True)
    evidence_plan = models.TextField("What evidence I will gather", max_length=2000, blank=True)
    evidence = StreamField(EvidenceBlock(), blank=True)
    impact = models.TextField(
        "Impact",
        max_length=3000,
        blank=True,
        help_text="At Checking: have we made enough of a difference? What does the evidence say?",
    )
    start_date = models.DateField(default=clock.today)
    end_date = models.DateField(null=True, blank=True)
    subject = models.CharField(max_length=80, blank=True)
    phase = models.CharField(max_length=16, choices=Phase.choices, blank=True)
    tags = ClusterTaggableManager(through=InquiryPageTag, blank=True)
    co_inquirers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_inquiries",
        help_text="Members of this community inquiring with you. They may edit this inquiry too.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        MultiFieldPanel(
            [FieldPanel("learners"), FieldPanel("what_will_be_tried"), FieldPanel("evidence_plan")],
            heading="The plan",
        ),
        FieldPanel("evidence"),
        FieldPanel("impact"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("subject"),
                FieldPanel("phase"),
                FieldPanel("tags"),
            ],
            heading="Dates and tags",
        ),
        FieldPanel("co_inquirers"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("learners"),
        index.SearchField("what_will_be_tried"),
        index.SearchField("impact"),
        index.FilterField("subject"),
    ]
    promote_panels = panels.promote_panels()
    settings_panels = panels.settings_panels()
    base_form_class = InquiryPageForm
    parent_page_types = ["inquiries.InquiryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "inquiry"
        verbose_name_plural = "inquiries"

    def permissions_for_user(self, user):
        return InquiryPermissionTester(user, self)

    def inquirers(self) -> list:
        """Everyone inquiring: the owner first, then the co-inquirers by name.
        Listings prefetch co_inquirers (with profiles) and are read from
        that; otherwise all of them come with their profiles and schools in
        one query."""
        if "co_inquirers" in getattr(self, "_prefetched_objects_cache", {}):
            co = sorted(
                (u for u in self.co_inquirers.all() if u.pk != self.owner_id),
                key=lambda u: (str(getattr(u, "profile", "")), u.pk),
            )
            return ([self.owner] if self.owner_id else []) + co
        people = (
            get_user_model()
            .objects.filter(Q(pk=self.owner_id) | Q(co_inquiries=self))
            .select_related("profile__school")
            .distinct()
            .order_by("profile__display_name", "pk")
        )
        return sorted(people, key=lambda u: u.pk != self.owner_id)

    def detail_context(self, user) -> dict:
        """What the inquiry's page (and the head teacher's read-only copy)
        shows this viewer: its stage, log, people and evidence, and — for
        its inquirers — what they may do next and their review feedback."""
        # inquiries.selectors and inquiries.services import this module's models.
        from .selectors import (
            evidence_count,
            inquiry_updates,
            progress_for,
            review_feedback_for_inquirers,
            stage_steps,
        )
        from .services import inquirer_rights

        progress = progress_for(self)
        rights = inquirer_rights(user=user, inquiry=self, progress=progress)
        context = {
            "community": community_for_page(self),
            "progress": progress,
            "steps": stage_steps(progress.stage),
            "updates": list(inquiry_updates(self)),
            "inquirers": self.inquirers(),
            "is_inquirer": rights.acts_as_inquirer,
            "can_advance": rights.can_advance,
            "can_revert": rights.can_revert,
            "can_complete": rights.can_complete,
            "evidence_total": evidence_count(self),
        }
        if rights.is_inquirer:
            # Review feedback is for the inquirers (and the school's head teachers) only.
            context["review_feedback"] = list(review_feedback_for_inquirers(self))
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.detail_context(request.user))
        return context


class InquiryProgress(models.Model):
    """Where an inquiry stands and whether its inquirers share it with school
    leadership. Kept outside the page's revisions so that publishing an
    older draft can never move the stage back or re-share what was withdrawn."""

    inquiry = models.OneToOneField(InquiryPage, on_delete=models.CASCADE, related_name="progress")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.SCANNING)
    shared_with_leadership = models.BooleanField(default=False)
    sharing_changed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "inquiry progress"
        indexes = [models.Index(fields=["shared_with_leadership", "stage"])]

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {self.get_stage_display()}"


class InquiryUpdate(models.Model):
    """One dated entry of the inquiry's log: a move between stages (with what
    was learned), or a sharing change."""

    class Kind(models.TextChoices):
        ADVANCED = "advanced", "Moved on"
        REVERTED = "reverted", "Went back"
        SHARED = "shared", "Shared with school leadership"
        UNSHARED = "unshared", "Stopped sharing with school leadership"
        STARTED = "started", "Started"
        ACTION_PLAN = "action_plan", "Reported on an action plan"

    inquiry = models.ForeignKey(InquiryPage, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices, null=True, blank=True)
    to_stage = models.PositiveSmallIntegerField(choices=Stage.choices, null=True, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {self.get_kind_display()}"

    @property
    def is_advance(self) -> bool:
        return self.kind == self.Kind.ADVANCED

    @property
    def is_revert(self) -> bool:
        return self.kind == self.Kind.REVERTED


class ReviewFeedback(models.Model):
    """A head teacher's formal feedback on a shared inquiry: private to its
    inquirers and the school's head teachers; it counts for no recognition."""

    inquiry = models.ForeignKey(
        InquiryPage, on_delete=models.CASCADE, related_name="review_feedback"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("communities.School", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "review feedback"

    def __str__(self) -> str:
        return f"Feedback on {self.inquiry_id} from {self.school_id}"


# The TLC cycle's models live in their own module; importing them here
# registers them with the app (inquiries.cycle.models imports nothing above).
from .cycle.models import (  # noqa: E402, F401
    ActionPlan,
    AgendaPart,
    Attendance,
    BuddyPair,
    CalendarLink,
    Meeting,
    MeetingNote,
    Observation,
    ReminderSent,
)
