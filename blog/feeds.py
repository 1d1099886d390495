"""Atom/RSS feeds of reflections and resources — public content only. A members-only
community's feed does not exist for anyone (404)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed

from communities.models import Visibility

from .selectors import public_reflections, public_resources

FEED_LENGTH = 30


class _ReflectionsFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Relative: the syndication framework adds the host the feed was
        # asked on, so entries name the origin the site is served on.
        return item.url

    def item_author_name(self, item):
        return str(getattr(item.owner, "profile", "")) or None

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class CommunityReflectionsFeed(_ReflectionsFeed):
    def __call__(self, request, *args, **kwargs):
        index = kwargs["index"]
        community = index.get_parent().specific
        if community.visibility != Visibility.PUBLIC:
            raise Http404
        self.index, self.community = index, community
        return super().__call__(request)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, obj):
        return f"Reflections · {self.community.title}"

    def link(self, obj):
        return obj.url

    def description(self, obj):
        return self.community.purpose

    def items(self, obj):
        return (
            public_reflections()
            .child_of(obj)
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )


class PersonReflectionsFeed(_ReflectionsFeed):
    def __call__(self, request, *args, **kwargs):
        self.profile = kwargs["profile"]
        return super().__call__(request)

    def get_object(self, request, *args, **kwargs):
        return self.profile

    def title(self, obj):
        return f"Reflections by {obj.display_name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.bio or f"Reflections by {obj.display_name} on Staffroom"

    def items(self, obj):
        return (
            public_reflections()
            .filter(owner=obj.user)
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )


class CommunityResourcesFeed(_ReflectionsFeed):
    """A public community's library: new resources, archived ones left out."""

    def __call__(self, request, *args, **kwargs):
        library = kwargs["library"]
        community = library.get_parent().specific
        if community.visibility != Visibility.PUBLIC:
            raise Http404
        self.library, self.community = library, community
        return super().__call__(request)

    def get_object(self, request, *args, **kwargs):
        return self.library

    def title(self, obj):
        return f"Resources · {self.community.title}"

    def link(self, obj):
        return obj.url

    def description(self, obj):
        return self.community.purpose

    def item_description(self, item):
        return f"{item.get_kind_display()}. {item.summary}"

    def items(self, obj):
        return (
            public_resources()
            .child_of(obj)
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )
