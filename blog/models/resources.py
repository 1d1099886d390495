"""Practice resources: each community's library of what teachers share —
lesson plans, activities, assessments — with what colleagues report back
from trying them in their own classrooms, how one resource grew out of
another, and what the facilitators gather for everyone to start with."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, route
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from communities import clock, panels
from communities.forms import CommunityPageForm
from communities.models import CommunityPage, Phase
from communities.selectors import can_view_page

from ..blocks import ReflectionBodyBlock

RESOURCES_PER_PAGE = 12


class ResourceKind(models.TextChoices):
    LESSON_PLAN = "lesson_plan", "Lesson plan"
    ACTIVITY = "activity", "Activity"
    ASSESSMENT = "assessment", "Assessment"
    READING = "reading", "Reading"
    VIDEO = "video", "Video"
    TOOL = "tool", "Tool"
    OTHER = "other", "Other"


class Licence(models.TextChoices):
    CC_BY = "cc_by", "CC BY — reuse and adapt, crediting the author"
    CC_BY_SA = "cc_by_sa", "CC BY-SA — reuse and adapt, crediting the author, sharing alike"
    CC_BY_NC = "cc_by_nc", "CC BY-NC — reuse and adapt, crediting the author, not for sale"
    ALL_RIGHTS_RESERVED = "arr", "All rights reserved — use it, but do not share changed copies"

    @property
    def allows_adaptation(self) -> bool:
        return self != Licence.ALL_RIGHTS_RESERVED


class Recommendation(models.TextChoices):
    """What a colleague who tried a resource would tell another teacher.
    (Recognition reads these values from the ledger: keep them.)"""

    YES = "yes", "Yes, as it is"
    WITH_CHANGES = "with_changes", "Yes, with changes"
    NO = "no", "No"


class ResourceLibraryPage(RoutablePageMixin, Page):
    """A community's library of shared practice resources."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = ["blog.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "resource library"

    @property
    def community(self) -> CommunityPage:
        return CommunityPage.objects.ancestor_of(self).get()

    def get_context(self, request, *args, **kwargs):
        # blog.forms, blog.selectors and blog.services import this module's models.
        from ..forms import ResourceFilterForm
        from ..selectors import (
            curated_collections_for,
            featured_resources,
            resource_listing,
            resource_subjects,
            resource_tags,
            summary_of,
        )
        from ..services import resource_rights

        context = super().get_context(request, *args, **kwargs)
        community = self.community
        rights = resource_rights(user=request.user, community=community)
        filters = ResourceFilterForm(
            request.GET, subjects=resource_subjects(library=self), can_curate=rights.can_curate
        )
        listing = resource_listing(
            library=self,
            viewer=request.user,
            kind=filters.value("kind"),
            subject=filters.value("subject"),
            phase=filters.value("phase"),
            tag=filters.value("tag"),
            query=filters.value("q"),
            sort=filters.value("sort") or "newest",
            archived=bool(filters.value("archived")),
        )
        resources = Paginator(listing, RESOURCES_PER_PAGE).get_page(filters.value("page"))
        for resource in resources:
            resource.try_summary = summary_of(
                tried=resource.try_count,
                schools=resource.school_count,
                yes=resource.recommend_yes,
                with_changes=resource.recommend_with_changes,
            )
        context.update(
            {
                "community": community,
                "filters": filters,
                "resources": resources,
                "featured": []
                if filters.filters()
                else list(
                    featured_resources(library=self, viewer=request.user)
                    .select_related("owner__profile")
                    .defer_streamfields()[:6]
                ),
                "extra_query": filters.query_string(),
                "tags": resource_tags(library=self),
                "filtered": bool(filters.filters()),
                "rights": rights,
                "collections": []
                if filters.filters()
                else curated_collections_for(library=self, viewer=request.user),
            }
        )
        return context

    @route(r"^subscribe/$")
    def subscribe(self, request):
        community = self.community
        if community.is_members_only:
            raise Http404
        return render(
            request,
            "blog/subscribe.html",
            {
                "page": self,
                "community": community,
                "feed_url": request.build_absolute_uri(self.url + "feed/"),
                "what": f"new resources in {community.title}",
            },
        )

    @route(r"^feed/$")
    def feed(self, request):
        # blog.feeds reads this module's models through the selectors.
        from ..feeds import CommunityResourcesFeed

        return CommunityResourcesFeed()(request, library=self)


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ResourcePageForm(CommunityPageForm):
    """The editor's form for a resource: its document must be one of the
    community's own files (so it shares the community's privacy), and a
    resource can't be adapted from itself or from one whose licence forbids it."""

    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document")
        community = self.community
        if document is not None and community is not None and community.collection_id:
            collection = community.collection
            in_community = document.collection_id == collection.pk or (
                document.collection.path.startswith(collection.path)
            )
            if not in_community:
                self.add_error(
                    "document",
                    f"Choose or upload a file in {community.title}'s own collection, "
                    "so it is seen by the same people as the resource.",
                )
        if not cleaned.get("document") and not cleaned.get("link"):
            self.add_error(
                "document", "Add the resource itself: upload a file, or give a link (or both)."
            )
        original = cleaned.get("adapted_from")
        if original is not None:
            if self.for_user is None or not can_view_page(self.for_user, original):
                # Only a resource the writer may see — and the chooser must not
                # show back the title of one posted by hand.
                self.add_error("adapted_from", "Choose a resource you can see.")
                data = self.data.copy()
                data[self.add_prefix("adapted_from")] = ""
                self.data = data
            elif self.instance.pk and original.pk == self.instance.pk:
                self.add_error("adapted_from", "A resource can't be adapted from itself.")
            elif not Licence(original.licence).allows_adaptation and original.owner_id != getattr(
                self.for_user, "pk", None
            ):
                self.add_error(
                    "adapted_from",
                    f"“{original.title}” is shared with all rights reserved: "
                    "its author has not allowed changed copies to be shared.",
                )
        return cleaned


class ResourcePage(Page):
    """One shared practice resource. Its author is the page's owner."""

    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in the library and feeds."
    )
    kind = models.CharField(
        max_length=16, choices=ResourceKind.choices, default=ResourceKind.LESSON_PLAN
    )
    subject = models.CharField(max_length=80, blank=True, help_text="e.g. Maths, Science, Reading")
    phase = models.CharField(max_length=16, choices=Phase.choices, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The resource itself: a PDF, an office document, an image or plain text.",
    )
    link = models.URLField(
        blank=True, help_text="Or a link to it (a website, a video, a shared folder)."
    )
    how_i_used_it = StreamField(
        ReflectionBodyBlock(),
        blank=True,
        verbose_name="How I used it",
        help_text="The class, what you did and what happened. You can embed a video here.",
    )
    licence = models.CharField(max_length=16, choices=Licence.choices, default=Licence.CC_BY)
    adapted_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        help_text="The colleague's resource this one changes, if any.",
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True)
    # Curation (blog.services.resources), never edited in the editor and
    # never carried by revisions (see with_content_json).
    featured_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("subject"), FieldPanel("phase")],
            heading="What it is and who it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("link")], heading="The resource itself"
        ),
        FieldPanel("how_i_used_it"),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("adapted_from")],
            heading="Sharing and credit",
        ),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("subject"),
        index.SearchField("how_i_used_it"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("phase"),
    ]
    promote_panels = panels.promote_panels()
    settings_panels = panels.settings_panels()
    base_form_class = ResourcePageForm
    parent_page_types = ["blog.ResourceLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "resource"

    @property
    def author(self):
        return self.owner

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def get_indexed_objects(cls):
        # An archived resource leaves site search as it leaves the library
        # (it stays reachable by its link); restoring it indexes it again.
        return super().get_indexed_objects().filter(archived_at__isnull=True)

    @property
    def licence_enum(self) -> Licence:
        return Licence(self.licence)

    def with_content_json(self, content):
        # Featuring and archiving are the curators' doing, not the author's
        # draft: publishing an older revision must not undo them.
        obj = super().with_content_json(content)
        obj.featured_at = self.featured_at
        obj.archived_at = self.archived_at
        return obj

    def get_context(self, request, *args, **kwargs):
        # blog.forms, blog.selectors and blog.services import this module's models.
        from ..forms import CollectionAddForm
        from ..selectors import resource_detail
        from ..services import resource_rights

        context = super().get_context(request, *args, **kwargs)
        community = CommunityPage.objects.ancestor_of(self).first()
        rights = resource_rights(user=request.user, community=community, resource=self)
        detail = resource_detail(resource=self, viewer=request.user)
        context.update(
            {
                "community": community,
                "rights": rights,
                "detail": detail,
                "my_try": detail.try_by(request.user),
            }
        )
        if rights.can_collect:
            collections = CuratedCollection.objects.filter(library_id=self.get_parent().pk)
            if collections.exists():
                context["collect_form"] = CollectionAddForm(collections=collections)
        return context


# --------------------------------------------------------------------------- #
# "I tried it"
# --------------------------------------------------------------------------- #


class ResourceTry(models.Model):
    """A colleague's report of trying a resource in their own classroom —
    the best evidence of its worth. One per person per resource; its author
    may change it."""

    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="tries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_tries"
    )
    phase = models.CharField("Phase", max_length=16, choices=Phase.choices, blank=True)
    subject = models.CharField("Subject", max_length=80, blank=True)
    class_size = models.PositiveSmallIntegerField("Class size", null=True, blank=True)
    what_adapted = models.TextField("What I adapted", max_length=2000, blank=True)
    what_happened = models.TextField("What happened to learning", max_length=4000)
    recommend = models.CharField(
        "Would you recommend it?", max_length=16, choices=Recommendation.choices
    )
    # The reflection or inquiry it fed, if any (one of the author's own pages).
    fed_into = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "author"], name="one_try_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.author_id} tried {self.resource_id}: {self.recommend}"

    @property
    def recommendation(self) -> Recommendation:
        return Recommendation(self.recommend)

    @property
    def class_context(self) -> str:
        """ "Maths, Secondary, class of 27" — whatever the reporter said."""
        parts = [self.subject, self.get_phase_display() if self.phase else ""]
        if self.class_size:
            parts.append(f"class of {self.class_size}")
        return ", ".join(p for p in parts if p)

    def clean(self):
        if self.class_size is not None and not 1 <= self.class_size <= 200:
            raise ValidationError({"class_size": "A class of between 1 and 200 learners."})


# --------------------------------------------------------------------------- #
# Curation
# --------------------------------------------------------------------------- #


class CuratedCollection(models.Model):
    """An ordered list of a library's resources with a curator's note,
    shown at the top of the library — where a newcomer starts."""

    library = models.ForeignKey(
        ResourceLibraryPage, on_delete=models.CASCADE, related_name="collections"
    )
    title = models.CharField(max_length=120)
    note = models.TextField("Curator's note", max_length=1000, blank=True)
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CuratedItem(models.Model):
    collection = models.ForeignKey(
        CuratedCollection, on_delete=models.CASCADE, related_name="items"
    )
    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="resource_once_per_collection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} in {self.collection_id} at {self.position}"
