"""Reflections: a community's reflective blog, one teacher's page at a time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, route
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from communities import panels
from communities.forms import CommunityPageForm
from communities.models import CommunityPage
from communities.selectors import is_active_member

from ..blocks import ReflectionBodyBlock

REFLECTIONS_PER_PAGE = 12


class ReflectionIndexPage(RoutablePageMixin, Page):
    """A community's reflective blog."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = ["blog.ReflectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "reflections section"

    @property
    def community(self) -> CommunityPage:
        return CommunityPage.objects.ancestor_of(self).get()

    def get_context(self, request, *args, **kwargs):
        # blog.selectors and blog.forms import this module's models.
        from ..forms import ReflectionFilterForm
        from ..selectors import reflection_listing, reflection_tags

        context = super().get_context(request, *args, **kwargs)
        filters = ReflectionFilterForm(request.GET)
        tag = filters.value("tag")
        community = self.community
        context.update(
            {
                "reflections": Paginator(
                    reflection_listing(index=self, tag=tag), REFLECTIONS_PER_PAGE
                ).get_page(filters.value("page")),
                "tag": tag,
                "extra_query": filters.query_string(),
                "tags": reflection_tags(index=self),
                "community": community,
                "can_write": is_active_member(request.user, community),
            }
        )
        return context

    @route(r"^subscribe/$")
    def subscribe(self, request):
        """What a feed is and the link to copy into a reader — where the
        Feed button goes (the feed itself is XML, for the reader)."""
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
                "what": f"new reflections in {community.title}",
            },
        )

    @route(r"^feed/$")
    def feed(self, request):
        # blog.feeds reads this module's models through the selectors.
        from ..feeds import CommunityReflectionsFeed

        return CommunityReflectionsFeed()(request, index=self)


class ReflectionPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ReflectionPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ReflectionPage(Page):
    """One teacher's reflection on their practice. Its author is the page's owner."""

    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in listings and feeds."
    )
    date = models.DateField("Date", default=timezone.localdate)
    body = StreamField(ReflectionBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ReflectionPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("date"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    promote_panels = panels.promote_panels()
    settings_panels = panels.settings_panels()
    base_form_class = CommunityPageForm
    parent_page_types = ["blog.ReflectionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "reflection"

    @property
    def author(self):
        return self.owner

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["community"] = CommunityPage.objects.ancestor_of(self).first()
        return context
