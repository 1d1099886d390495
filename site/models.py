"""Site-wide pages: the home page and plain pages (about, help, privacy)."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from communities.activity import collapse
from communities.models import Membership
from communities.selectors import activity_in_my_communities, community_listing


class HomePage(Page):
    headline = models.CharField(
        max_length=200, default="Where teachers learn from each other's practice"
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("headline"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["communities.CommunityIndexPage", "staffroom.StandardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities = list(community_listing(user=request.user)[:6])
        context["communities"] = communities
        context["community_index"] = (
            self.get_children()
            .live()
            .filter(content_type__model="communityindexpage", content_type__app_label="communities")
            .first()
        )
        if request.user.is_authenticated:
            mine = Membership.objects.active().filter(user=request.user)
            context["in_a_community"] = mine.exists()
            context["activity"] = collapse(activity_in_my_communities(request.user)[:40], limit=10)
        return context


class StandardPage(Page):
    intro = models.CharField(max_length=300, blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", icon="title")),
            ("paragraph", blocks.RichTextBlock(icon="pilcrow")),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["staffroom.HomePage"]
    subpage_types: list[str] = []
