"""Factories for tests and demo content. Pages are always created with
add_child (never objects.create) so the tree stays consistent."""

from __future__ import annotations

import functools
from collections.abc import Callable

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from wagtail.models import Page

from . import clock
from .access import membership_sync_groups
from .models import (
    CommunityIndexPage,
    CommunityPage,
    JoinPolicy,
    Membership,
    MembershipState,
    Profile,
    Role,
    School,
    Visibility,
)

User = get_user_model()
DEFAULT_PASSWORD = "staffroom-demo"  # noqa: S105 — demo and test accounts only


@functools.cache
def _default_password_hash(hasher: str) -> str:
    return make_password(DEFAULT_PASSWORD)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"School {n}")
    email_domain = factory.Sequence(lambda n: f"school{n}.example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"teacher{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        if extracted:
            self.set_password(extracted)
        else:
            # Hashing is slow on purpose; the demo's and tests' accounts share one.
            self.password = _default_password_hash(settings.PASSWORD_HASHERS[0])
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, so the account can sign in at once."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Teacher {n}")
    handle = factory.LazyAttribute(lambda o: Profile.unique_handle(o.display_name))
    school = None


def teacher(**kwargs) -> User:
    """A user with a verified e-mail address and a profile."""
    profile_fields = {
        key: kwargs.pop(key)
        for key in ("display_name", "school", "subject", "phase", "bio")
        if key in kwargs
    }
    user = UserFactory(**kwargs)
    ProfileFactory(user=user, **profile_fields)
    return user


def add_page(
    parent: Page,
    page: Page,
    *,
    publish: bool = True,
    tags: list[str] | None = None,
    prepare: Callable[[Page], None] | None = None,
) -> Page:
    """Add a page under `parent` the way the editor does — add_child, a
    revision by its owner, then (by default) publish it. `tags`, and
    whatever `prepare` sets on the saved page (many-to-many fields, say),
    go into the revision."""
    if publish and page.first_published_at is None:
        # Wagtail stamps the real time; content built at another moment
        # (the demo's history) is first published when it was written.
        page.first_published_at = clock.now()
    page.live = False  # a Page is live by default; it goes live when published
    parent.add_child(instance=page)
    if tags or prepare:
        if tags:
            page.tags.add(*tags)
        if prepare:
            prepare(page)
        page.save()
    revision = page.save_revision(user=page.owner)
    if publish:
        revision.publish(user=page.owner, skip_permission_checks=True)
        page.refresh_from_db()
    return page


def community_index(*, home: Page | None = None) -> CommunityIndexPage:
    existing = CommunityIndexPage.objects.first()
    if existing:
        return existing
    home = home or Page.objects.get(depth=2)
    return add_page(home, CommunityIndexPage(title="Communities", slug="communities"))


def community(
    *,
    facilitator: User,
    title: str = "Formative assessment TLC",
    slug: str | None = None,
    purpose: str = "We try formative assessment strategies in our classrooms and report back.",
    focus: str = "Formative assessment",
    meeting_rhythm: str = "First Tuesday of the month, 4pm",
    join_policy: str = JoinPolicy.OPEN,
    visibility: str = Visibility.PUBLIC,
    index: CommunityIndexPage | None = None,
) -> CommunityPage:
    """A published community; publishing makes `facilitator` its first facilitator."""
    page = CommunityPage(
        title=title,
        slug=slug or slugify(title),
        purpose=purpose,
        focus=focus,
        meeting_rhythm=meeting_rhythm,
        join_policy=join_policy,
        visibility=visibility,
        owner=facilitator,
    )
    return add_page(index or community_index(), page)


def membership(
    *,
    user: User,
    community: CommunityPage,
    role: str = Role.MEMBER,
    state: str = MembershipState.ACTIVE,
) -> Membership:
    """A membership made the way the services make it (groups kept in step)."""

    m, _ = Membership.objects.update_or_create(
        user=user,
        community=community,
        defaults={
            "role": role,
            "state": state,
            "joined_at": clock.now() if state == MembershipState.ACTIVE else None,
        },
    )
    membership_sync_groups(m, community=community)
    return m
