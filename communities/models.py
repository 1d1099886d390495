"""Schools, profiles, communities, membership and the activity ledger."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Collection, Page
from wagtail.search import index

from . import clock

# --------------------------------------------------------------------------- #
# Schools and people
# --------------------------------------------------------------------------- #


class School(models.Model):
    """A school. Its head teachers may review what staff choose to share with
    school leadership — that role confers nothing inside communities."""

    name = models.CharField(max_length=200, unique=True)
    email_domain = models.CharField(
        max_length=200,
        blank=True,
        help_text="Staff addresses end with this domain (e.g. northfield.sch.uk). "
        "Sign-up preselects the school for matching addresses.",
    )
    head_teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="schools_led"
    )

    panels = [FieldPanel("name"), FieldPanel("email_domain"), FieldPanel("head_teachers")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email_domain"],
                condition=~models.Q(email_domain=""),
                name="school_unique_email_domain",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.email_domain = self.email_domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)

    @classmethod
    def for_email(cls, email: str) -> School | None:
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return None
        return cls.objects.filter(email_domain=domain).first()


class Phase(models.TextChoices):
    EARLY_YEARS = "early", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    POST_16 = "post16", "Post-16"
    SPECIAL = "send", "Special / SEND"
    ALL_THROUGH = "all", "All-through"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=80)
    handle = models.SlugField(max_length=80, unique=True)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    subject = models.CharField(max_length=80, blank=True)
    phase = models.CharField(max_length=16, choices=Phase.choices, blank=True)
    bio = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("person_detail", args=[self.handle])

    @classmethod
    def unique_handle(cls, display_name: str) -> str:
        base = slugify(display_name)[:70] or "teacher"
        handle, n = base, 1
        while cls.objects.filter(handle=handle).exists():
            n += 1
            handle = f"{base}-{n}"
        return handle


# --------------------------------------------------------------------------- #
# Images: served only through a view that checks the collection's privacy
# --------------------------------------------------------------------------- #


class CommunityImage(AbstractImage):
    """Wagtail's image, but its renditions are never served from a public
    media URL: a members-only community's pictures reach only its members."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


class CommunityRendition(AbstractRendition):
    image = models.ForeignKey(
        get_image_model_string(), related_name="renditions", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self) -> str:
        # wagtail.images.views.serve looks up the image model (this module's)
        # when it is imported, so it can only be imported once models are loaded.
        from wagtail.images.views.serve import generate_image_url

        return generate_image_url(self.image, self.filter_spec, viewname="image_serve")


# --------------------------------------------------------------------------- #
# Community pages
# --------------------------------------------------------------------------- #


class JoinPolicy(models.TextChoices):
    OPEN = "open", "Open — anyone may join at once"
    BY_REQUEST = "request", "By request — a facilitator approves each member"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public — anyone can read what is published"
    MEMBERS = "members", "Members only — only members see inside"


class CommunityIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["staffroom.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = "community index"

    def get_context(self, request, *args, **kwargs):
        # communities.forms and communities.selectors import this module's models.
        from .forms import PageNumberForm
        from .selectors import community_listing

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(community_listing(user=request.user, index=self), 24)
        context["communities"] = paginator.get_page(PageNumberForm(request.GET).value("page"))
        return context


def _section_types() -> list[str]:
    return [section["model"] for section in settings.STAFFROOM_COMMUNITY_SECTIONS]


class CommunityPage(Page):
    """A Teacher Learning Community: 8–12 teachers meeting monthly, each
    working on their own practice, giving each other feedback."""

    purpose = models.TextField(
        max_length=600, help_text="Why this community meets, in a sentence or two."
    )
    focus = models.CharField(
        max_length=120, blank=True, help_text="e.g. formative assessment, reading for pleasure"
    )
    meeting_rhythm = models.CharField(
        max_length=120, blank=True, help_text="e.g. first Tuesday of the month, 4pm, library"
    )
    join_policy = models.CharField(
        max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    hold_newcomer_replies = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="Hold newcomers' first replies for a facilitator",
        help_text="Leave unset for the default: on for public communities, off for members-only.",
    )
    # Kept in step with Membership by communities.access; never edited by hand.
    members_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    facilitators_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # Earned trust (communities.recognition): contributors publish without
    # review; leaders also approve newcomers' pages.
    contributors_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    leaders_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.ForeignKey(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("focus"),
        FieldPanel("meeting_rhythm"),
        MultiFieldPanel(
            [
                FieldPanel("join_policy"),
                FieldPanel("visibility"),
                FieldPanel("hold_newcomer_replies"),
            ],
            heading="Who may join, see and post",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("purpose"),
        index.SearchField("focus"),
        index.FilterField("visibility"),
    ]
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = _section_types()

    class Meta:
        verbose_name = "community"
        verbose_name_plural = "communities"

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def is_open(self) -> bool:
        return self.join_policy == JoinPolicy.OPEN

    def with_content_json(self, content):
        # The groups and collection belong to communities.access, not to
        # revisions: publishing an old revision (one saved before they existed,
        # say) must not point the page at none and orphan the real ones.
        obj = super().with_content_json(content)
        obj.members_group_id = self.members_group_id
        obj.facilitators_group_id = self.facilitators_group_id
        obj.contributors_group_id = self.contributors_group_id
        obj.leaders_group_id = self.leaders_group_id
        obj.collection_id = self.collection_id
        return obj

    def section_links(self, user) -> list[SectionLink]:
        """The community's sections, each with the editor's add-page link for
        the kind of page members write there ("Write a reflection") when the
        viewer is a member. Which sections exist is the
        STAFFROOM_COMMUNITY_SECTIONS setting."""
        from .selectors import is_active_member  # communities.selectors imports this module

        member = is_active_member(user, self)
        specs = {spec["model"].lower(): spec for spec in settings.STAFFROOM_COMMUNITY_SECTIONS}
        links = []
        for page in self.get_children().live().specific().order_by("path"):
            spec = specs.get(page._meta.label_lower, {})
            add_url = None
            if member and spec.get("child"):
                app_label, model_name = spec["child"].lower().split(".")
                add_url = reverse("wagtailadmin_pages:add", args=[app_label, model_name, page.pk])
            links.append(
                SectionLink(page=page, add_url=add_url, add_label=spec.get("add_label", ""))
            )
        return links

    def get_context(self, request, *args, **kwargs):
        # communities.activity and communities.selectors import this module's models.
        from .activity import collapse
        from .selectors import (
            can_facilitate,
            can_moderate,
            can_view_inside,
            community_activity,
            community_people,
            emerging_leaders,
            is_active_member,
            membership_for,
        )

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        inside = can_view_inside(user, self)
        people = community_people(self)
        manage = can_facilitate(user, self)
        context.update(
            {
                "membership": membership_for(user, self),
                "can_view_inside": inside,
                "can_manage": manage,
                "can_moderate": can_moderate(user, self),
                "facilitators": people.facilitators,
                "member_count": people.active_count,
            }
        )
        # What is inside — and who belongs — is for the community itself (and
        # site administrators); the keys are absent for anyone else.
        if is_active_member(user, self) or user.is_superuser:
            context["members"] = people.members
        if inside:
            leaders = emerging_leaders(self)
            context["emerging_leaders"] = leaders
            if manage:
                # Leadership the community's own feedback shows, for the
                # facilitators to act on: an invitation to co-facilitate.
                context["co_facilitator_suggestions"] = [
                    e for e in leaders if e.is_leader and not e.membership.is_facilitator
                ]
            context["sections"] = self.section_links(user)
            context["activity"] = collapse(community_activity(community=self, user=user), limit=20)
        if manage:
            context["requests"] = people.requests
        return context


@dataclass
class SectionLink:
    page: Page
    add_url: str | None
    add_label: str


# --------------------------------------------------------------------------- #
# Membership
# --------------------------------------------------------------------------- #


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    FACILITATOR = "facilitator", "Facilitator"


class MembershipState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACTIVE = "active", "Active"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=MembershipState.ACTIVE)

    def requested(self):
        return self.filter(state=MembershipState.REQUESTED)

    def facilitators(self):
        return self.active().filter(role=Role.FACILITATOR)


class TrustLevel(models.TextChoices):
    """Earned from publishing and feedback (communities.recognition), never
    from a job title."""

    NEWCOMER = "newcomer", "Newcomer"
    CONTRIBUTOR = "contributor", "Contributor"
    LEADER = "leader", "Leader"

    @property
    def rank(self) -> int:
        return [TrustLevel.NEWCOMER, TrustLevel.CONTRIBUTOR, TrustLevel.LEADER].index(self)


class Strand(models.TextChoices):
    """The roles teacher leaders take on, as recognition sees them."""

    MENTOR = "mentor", "Mentor"
    PILOT = "pilot", "Pilot"
    INQUIRER = "inquirer", "Inquirer"
    COLLABORATOR = "collaborator", "Collaborator"
    CURATOR = "curator", "Curator"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(
        max_length=16, choices=MembershipState.choices, default=MembershipState.ACTIVE
    )
    message = models.CharField(
        max_length=500, blank=True, help_text="What the teacher wrote when asking to join."
    )
    created_at = models.DateTimeField(default=clock.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    # A facilitator's invitation to co-facilitate, until the member answers.
    facilitation_invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_membership_per_user")
        ]
        indexes = [models.Index(fields=["community", "state", "role"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.community_id} ({self.role}, {self.state})"

    @property
    def is_active(self) -> bool:
        return self.state == MembershipState.ACTIVE

    @property
    def is_requested(self) -> bool:
        return self.state == MembershipState.REQUESTED

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == Role.FACILITATOR


# --------------------------------------------------------------------------- #
# The activity ledger
# --------------------------------------------------------------------------- #


class Verb(models.TextChoices):
    """What happened. Content apps add theirs here so every reader of the
    ledger (recognition, streams, dashboards, digests) knows every verb."""

    JOINED = "joined", "joined the community"
    REQUESTED = "requested", "asked to join"
    REQUEST_WITHDRAWN = "request_withdrawn", "withdrew a request to join"
    APPROVED = "approved", "welcomed a new member"
    DECLINED = "declined", "declined a request to join"
    LEFT = "left", "left the community"
    REMOVED = "removed", "removed a member"
    PROMOTED = "promoted", "became a facilitator"
    STEPPED_DOWN = "stepped_down", "stepped down as facilitator"
    PUBLISHED_REFLECTION = "published_reflection", "published a reflection"
    PUBLISHED_INQUIRY = "published_inquiry", "published an inquiry"
    PUBLISHED_RESOURCE = "published_resource", "shared a resource"
    UNPUBLISHED = "unpublished", "unpublished a page"
    REPLIED = "replied", "replied"
    REPLY_DELETED = "reply_deleted", "deleted a reply"
    REPLY_HIDDEN = "reply_hidden", "hid a reply"
    REPLY_RESTORED = "reply_restored", "restored a hidden reply"
    APPRECIATED = "appreciated", "appreciated"
    APPRECIATION_WITHDRAWN = "appreciation_withdrawn", "withdrew an appreciation"
    CHANGED_PRACTICE = "changed_practice", "said a reply changed their practice"
    CHANGED_PRACTICE_WITHDRAWN = "changed_practice_withdrawn", "took back a “changed my practice”"
    INQUIRY_ADVANCED = "inquiry_advanced", "moved an inquiry to its next stage"
    INQUIRY_REVERTED = "inquiry_reverted", "took an inquiry back a stage"
    INQUIRY_COMPLETED = "inquiry_completed", "completed an inquiry with evidence"
    TRIED_RESOURCE = "tried_resource", "tried a resource"
    FEATURED_RESOURCE = "featured_resource", "featured a resource"
    UNFEATURED_RESOURCE = "unfeatured_resource", "stopped featuring a resource"
    ARCHIVED_RESOURCE = "archived_resource", "archived a resource"
    RESTORED_RESOURCE = "restored_resource", "restored an archived resource"
    TRUST_RAISED = "trust_raised", "was trusted with more in the community"
    # The TLC cycle (inquiries): meetings, action plans, buddy visits.
    ATTENDED_MEETING = "attended_meeting", "came to a community meeting"
    ATTENDANCE_CORRECTED = "attendance_corrected", "was marked absent from a meeting after all"
    WROTE_ACTION_PLAN = "wrote_action_plan", "wrote an action plan"
    CLOSED_ACTION_PLAN = "closed_action_plan", "reported back on an action plan"
    BUDDY_OBSERVED = "buddy_observed", "observed a buddy's lesson"
    TRUST_LOWERED = "trust_lowered", "returned to an earlier trust level"


# Verbs that only matter to the people involved and facilitators; a
# community's public stream leaves them out.
MEMBERSHIP_ADMIN_VERBS = {Verb.REQUESTED, Verb.REQUEST_WITHDRAWN, Verb.DECLINED, Verb.REMOVED}
# Moderation and undo rows: kept for the record, left out of activity streams.
QUIET_VERBS = {
    *MEMBERSHIP_ADMIN_VERBS,
    Verb.REPLY_HIDDEN,
    Verb.REPLY_RESTORED,
    Verb.REPLY_DELETED,
    Verb.APPRECIATION_WITHDRAWN,
    Verb.CHANGED_PRACTICE_WITHDRAWN,
    Verb.UNPUBLISHED,
    Verb.ATTENDANCE_CORRECTED,
    Verb.UNFEATURED_RESOURCE,
    Verb.ARCHIVED_RESOURCE,
    Verb.RESTORED_RESOURCE,
    # A plan written shows on the member's portfolio; the stream tells of
    # the report that closes it.
    Verb.WROTE_ACTION_PLAN,
    # Recognition is for each teacher's development: it is told to them, and
    # shown as emerging leaders, never as a stream of who moved up or down.
    Verb.TRUST_RAISED,
    Verb.TRUST_LOWERED,
}


class NotificationKind(models.TextChoices):
    """What a person is told about. Like the ledger's verbs, every app's kinds
    are named here, so the notifications page, e-mails and digests know them
    all; the label completes "<actor> …". (The notifications themselves are
    kept by `blog`, which the project names in STAFFROOM_NOTIFIER.)"""

    # The conversation on pages one wrote or follows.
    REPLY_TO_PAGE = "page", "replied to your page"
    REPLY_TO_REPLY = "reply", "answered your reply"
    REPLY_ON_FOLLOWED = "follow", "replied on a page you follow"
    # What happened to one's own request, page or reply.
    JOIN_APPROVED = "join_approved", "welcomed you into the community"
    JOIN_DECLINED = "join_declined", "declined your request to join"
    PAGE_APPROVED = "page_approved", "approved and published your page"
    PAGE_CHANGES_REQUESTED = "page_changes", "asked for changes to your page"
    REPLY_APPROVED = "reply_approved", "approved your reply"
    REPLY_HIDDEN = "reply_hidden", "hid your reply"
    # What waits for a community's facilitators.
    JOIN_REQUESTED = "join_requested", "asked to join"
    PAGE_SUBMITTED = "page_submitted", "sent a page for your review"
    REPLY_HELD = "reply_held", "wrote a first reply that waits for your review"
    CONCERN_REPORTED = "concern", "raised a concern"
    # What one's work has earned (no actor: the site says it).
    TRUST_CHANGED = "trust", "has news of what you can do"
    FACILITATION_INVITED = "cofacilitate", "invited you to co-facilitate"
    FACILITATION_ANSWERED = "cofac_answer", "answered your invitation to co-facilitate"
    # Reminders timed to the community's meetings (no actor: the site says it).
    CYCLE_UPDATE_PLAN = "cycle_update", "reminds you: the meeting is a week away — update your plan"
    CYCLE_NEXT_PLAN = "cycle_next", "reminds you: write your next action plan"
    CYCLE_BUDDY_VISIT = "cycle_buddy", "reminds you: it is mid-cycle — time for your buddy visit"
    # What a facilitator or a buddy changed in one's cycle.
    MEETING_CHANGED = "meeting_changed", "changed a community meeting"
    MEETING_CANCELLED = "meeting_cancel", "cancelled a community meeting"
    BUDDY_PAIR_ENDED = "buddy_ended", "ended your buddy pairing"
    # What colleagues and curators did with one's shared resources.
    RESOURCE_TRIED = "resource_tried", "tried your resource and said how it went"
    RESOURCE_FEATURED = "res_featured", "featured your resource in the library"
    RESOURCE_ARCHIVED = "res_archived", "archived your resource (it is still there by its link)"
    RESOURCE_RESTORED = "res_restored", "restored your resource to the library"

    @property
    def is_conversation(self) -> bool:
        """Conversation notices follow the person's level for the community
        ("only replies to me" leaves out pages they merely follow; "nothing"
        leaves out all of them); the rest concern the person or their role and
        are always shown in the site."""
        return self in CONVERSATION_KINDS

    @property
    def is_for_facilitators(self) -> bool:
        return self in FACILITATOR_KINDS


CONVERSATION_KINDS = {
    NotificationKind.REPLY_TO_PAGE,
    NotificationKind.REPLY_TO_REPLY,
    NotificationKind.REPLY_ON_FOLLOWED,
}
FACILITATOR_KINDS = {
    NotificationKind.JOIN_REQUESTED,
    NotificationKind.PAGE_SUBMITTED,
    NotificationKind.REPLY_HELD,
    NotificationKind.CONCERN_REPORTED,
}


# A row the person later took back (an appreciation withdrawn) leaves the
# stream with its undo: the stream tells what stands, not what was clicked.
UNDONE_BY = {
    Verb.APPRECIATED: Verb.APPRECIATION_WITHDRAWN,
    Verb.CHANGED_PRACTICE: Verb.CHANGED_PRACTICE_WITHDRAWN,
}


class ActivityEventQuerySet(models.QuerySet):
    def for_stream(self):
        events = self.exclude(verb__in=QUIET_VERBS)
        for verb, undo in UNDONE_BY.items():
            taken_back = ActivityEvent.objects.filter(
                verb=undo,
                actor=models.OuterRef("actor"),
                community=models.OuterRef("community"),
                page=models.OuterRef("page"),
                target=models.OuterRef("target"),
                data=models.OuterRef("data"),
                pk__gt=models.OuterRef("pk"),
            )
            events = events.exclude(models.Q(verb=verb) & models.Exists(taken_back))
        return events.select_related(
            "actor__profile", "recipient__profile", "page", "community"
        ).order_by("-created_at", "-pk")


class ActivityEvent(models.Model):
    """One row of the append-only ledger of what happened. An undo writes a
    row of its own; history is never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity"
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="activity")
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_received",
    )
    # Which object the verb is about when it is not a page (a reply, say),
    # as "app_label.model:pk", and any small detail worth keeping.
    target = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    objects = ActivityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
            models.Index(fields=["recipient", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} ({self.community_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("The activity ledger is append-only.")
        super().save(*args, **kwargs)

    @cached_property
    def verb_label(self) -> str:
        return Verb(self.verb).label if self.verb in Verb.values else self.verb


# --------------------------------------------------------------------------- #
# Recognition: what the engine last concluded, and when it is due again
# --------------------------------------------------------------------------- #


class Standing(models.Model):
    """A member's recognition in one community, as communities.recognition
    last computed it from the ledger: the trust level they hold (a rise at
    once, a fall only after a grace period below the thresholds), their
    strands and the evidence behind everything, for the member to read."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="standing")
    trust_level = models.CharField(
        max_length=16, choices=TrustLevel.choices, default=TrustLevel.NEWCOMER
    )
    qualifies_for = models.CharField(
        max_length=16, choices=TrustLevel.choices, default=TrustLevel.NEWCOMER
    )
    below_since = models.DateTimeField(null=True, blank=True)
    influence = models.FloatField(default=1.0)
    strands = models.JSONField(default=list, blank=True)  # the strands held, by value
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.trust_level}"

    @property
    def level(self) -> TrustLevel:
        return TrustLevel(self.trust_level)

    @property
    def is_contributor(self) -> bool:
        return self.level.rank >= TrustLevel.CONTRIBUTOR.rank

    @property
    def is_leader(self) -> bool:
        return self.level == TrustLevel.LEADER


class RecognitionDue(models.Model):
    """A community whose standings are due to be recomputed: activity marks
    it (once, however much happens), the recompute clears it."""

    community = models.OneToOneField(CommunityPage, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Recognition due for {self.community_id}"
