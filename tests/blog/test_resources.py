"""The resource library as each person meets it: the section every community
has, sharing a resource in the editor (through the same review), the listing
with its filters, search and orders, lineage both ways — each link only for
those who may see it — the conversation on a resource, the feed, and a
members-only community's resources kept from outsiders and anonymous
visitors by every route."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from blog import factories as blog_factories
from blog.models import ResourceLibraryPage, ResourcePage, ResourceTry
from communities import factories
from communities.models import ActivityEvent, Verb

from ..editor import action_labels, editor_post, page_form
from .conftest import reply_pk

pytestmark = pytest.mark.django_db


def library_of(community) -> ResourceLibraryPage:
    return blog_factories.resource_library(community)


def make_document(collection, name="exit-ticket.pdf", content=b"%PDF-1.4 exit ticket"):
    return get_document_model().objects.create(
        title="Exit ticket", file=ContentFile(content, name=name), collection=collection
    )


@pytest.fixture
def resource(open_community, facilitator):
    return blog_factories.resource(library=library_of(open_community), author=facilitator)


@pytest.fixture
def private_resource(private_community, facilitator):
    document = make_document(private_community.collection, name="circle-plan.pdf")
    return blog_factories.resource(
        library=library_of(private_community),
        author=facilitator,
        title="Behaviour plan for my first term",
        summary="What our circle uses for a calm start to lessons.",
        document=document,
    )


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    listing = soup.find("ul", class_="resource-list")
    return [h.get_text(strip=True) for h in listing.find_all("h2")] if listing else []


# --------------------------------------------------------------------------- #
# The section and the tree
# --------------------------------------------------------------------------- #


def test_every_community_has_a_library_and_its_section_link(open_community, member, client):
    library = library_of(open_community)
    assert library.slug == "resources" and library.live
    client.force_login(member)
    soup = BeautifulSoup(client.get(open_community.url).content, "html.parser")
    add = reverse("wagtailadmin_pages:add", args=["blog", "resourcepage", library.pk])
    assert soup.find("a", href=add) is not None


def test_resources_live_only_in_a_library():
    assert ResourcePage.parent_page_types == ["blog.ResourceLibraryPage"]
    assert ResourceLibraryPage.parent_page_types == ["communities.CommunityPage"]
    assert ResourceLibraryPage.max_count_per_parent == 1


def test_the_data_migration_gives_older_communities_their_library(open_community):
    from django.apps import apps

    from communities.sections import add_section_to_existing_communities

    library_of(open_community).delete()
    added = add_section_to_existing_communities(
        apps,
        app_label="blog",
        model_name="ResourceLibraryPage",
        title="Resources",
        slug="resources",
    )
    assert added >= 1
    assert ResourceLibraryPage.objects.child_of(open_community).exists()


# --------------------------------------------------------------------------- #
# Sharing in the editor
# --------------------------------------------------------------------------- #


def add_url(community) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["blog", "resourcepage", library_of(community).pk]
    )


def resource_fields(title: str, **extra) -> dict:
    return {
        "title": title,
        "summary": "A card sort on equivalent fractions.",
        "kind": "activity",
        "subject": "Maths",
        "phase": "primary",
        "link": "https://example.org/card-sort",
        "licence": "cc_by_sa",
        **extra,
    }


def test_a_member_shares_a_resource_through_the_facilitators_review(
    private_community, member, facilitator, client
):
    client.force_login(member)
    soup, data = page_form(client.get(add_url(private_community)))
    for name in (
        "summary",
        "kind",
        "subject",
        "phase",
        "document",
        "link",
        "licence",
        "adapted_from",
    ):
        assert name in data, name
    assert "slug" not in data
    assert action_labels(soup)[0] == "Submit for review by the facilitators"
    editor_post(
        client,
        add_url(private_community),
        action="submit",
        changes=resource_fields("Fraction card sort"),
        streams={"how_i_used_it": [("paragraph", rich_text("In pairs, Year 4."))]},
    )
    page = ResourcePage.objects.get(title="Fraction card sort")
    assert not page.live and page.owner == member
    assert not ActivityEvent.objects.filter(verb=Verb.PUBLISHED_RESOURCE, page=page).exists()
    # The facilitator approves: published, and counted once in the ledger.
    page.get_latest_revision().publish(user=facilitator)
    page.refresh_from_db()
    page.save_revision(user=member).publish(user=facilitator)  # an edit later
    assert ActivityEvent.objects.filter(verb=Verb.PUBLISHED_RESOURCE, page=page).count() == 1


def test_a_resource_needs_the_resource_itself(open_community, facilitator, client):
    client.force_login(facilitator)
    response = editor_post(
        client,
        add_url(open_community),
        action="publish",
        changes=resource_fields("No file, no link", link=""),
        streams={"how_i_used_it": []},
    )
    assert response.status_code == 200
    assert "Add the resource itself" in response.content.decode()
    assert not ResourcePage.objects.filter(title="No file, no link").exists()


def test_a_document_from_another_community_is_refused(
    open_community, private_community, facilitator, client
):
    """A file of a members-only community can't be attached to a public
    resource (its title would show where its file may not)."""
    other = make_document(private_community.collection)
    client.force_login(facilitator)
    response = editor_post(
        client,
        add_url(open_community),
        action="publish",
        changes=resource_fields("Borrowed file", document=str(other.pk)),
        streams={"how_i_used_it": []},
    )
    assert response.status_code == 200
    assert "own collection" in response.content.decode()
    assert not ResourcePage.objects.filter(title="Borrowed file").exists()


def test_an_all_rights_reserved_resource_can_not_be_adapted(
    open_community, facilitator, member, client
):
    original = blog_factories.resource(
        library=library_of(open_community), author=facilitator, licence="arr", title="Mine only"
    )
    client.force_login(member)
    response = editor_post(
        client,
        add_url(open_community),
        action="submit",
        changes=resource_fields("My copy", adapted_from=str(original.pk)),
        streams={"how_i_used_it": []},
    )
    assert response.status_code == 200
    assert "all rights reserved" in response.content.decode()
    # …and the page offers no "share my version", and the endpoint refuses.
    soup = BeautifulSoup(client.get(original.url).content, "html.parser")
    assert soup.find("form", action=reverse("resource_adapt", args=[original.pk])) is None
    assert client.post(reverse("resource_adapt", args=[original.pk])).status_code == 403


# --------------------------------------------------------------------------- #
# The listing
# --------------------------------------------------------------------------- #


@pytest.fixture
def shelf(open_community, facilitator, member, colleague):
    library = library_of(open_community)
    made = {
        "quiz": blog_factories.resource(
            library=library, author=facilitator, title="Retrieval quiz starter",
            kind="assessment", subject="Science", phase="secondary", tags=["retrieval"],
        ),
        "cards": blog_factories.resource(
            library=library, author=member, title="Phonics picture cards",
            kind="activity", subject="Reading", phase="primary", summary="Sound buttons.",
        ),
        "plan": blog_factories.resource(
            library=library, author=colleague, title="Photosynthesis lesson plan",
            kind="lesson_plan", subject="Science", phase="secondary",
        ),
    }  # fmt: skip
    ResourceTry.objects.create(
        resource=made["cards"], author=facilitator, recommend="yes", what_happened="Fluent."
    )
    ResourceTry.objects.create(
        resource=made["cards"], author=colleague, recommend="with_changes", what_happened="Good."
    )
    return library, made


def test_the_library_lists_kind_author_and_tries(shelf, client):
    library, made = shelf
    response = client.get(library.url)
    assert response.status_code == 200
    assert set(titles(response)) == {r.title for r in made.values()}
    text = response.content.decode()
    assert "Tried by 2 colleagues in 1 school; 2 would recommend, 1 with changes" in text
    assert "Nobody has reported trying it yet" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=activity", {"Phonics picture cards"}),
        ("subject=Science", {"Retrieval quiz starter", "Photosynthesis lesson plan"}),
        ("phase=primary", {"Phonics picture cards"}),
        ("tag=retrieval", {"Retrieval quiz starter"}),
        ("q=photosynthesis", {"Photosynthesis lesson plan"}),
        ("subject=Science&kind=assessment", {"Retrieval quiz starter"}),
        # A hand-edited value is ignored, not an error.
        (
            "kind=nonsense",
            {"Retrieval quiz starter", "Phonics picture cards", "Photosynthesis lesson plan"},
        ),  # noqa: E501
    ],
)
def test_the_library_filters_and_searches(shelf, client, query, expected):
    library, _ = shelf
    response = client.get(f"{library.url}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_the_library_sorts_by_newest_and_by_most_tried(shelf, client):
    library, _ = shelf
    assert titles(client.get(library.url))[0] == "Photosynthesis lesson plan"
    assert titles(client.get(library.url + "?sort=most_tried"))[0] == "Phonics picture cards"


def test_the_library_pages_and_keeps_filters(open_community, facilitator, client):
    library = library_of(open_community)
    for n in range(14):
        blog_factories.resource(
            library=library, author=facilitator, title=f"Starter {n}", kind="activity"
        )
    first = client.get(library.url + "?kind=activity")
    assert len(titles(first)) == 12
    assert 'href="?kind=activity&amp;sort=newest&amp;page=2"' in first.content.decode() or (
        "kind=activity" in str(BeautifulSoup(first.content, "html.parser").find("a", rel="next"))
    )
    assert len(titles(client.get(library.url + "?kind=activity&page=2"))) == 2


# --------------------------------------------------------------------------- #
# Lineage
# --------------------------------------------------------------------------- #


def test_lineage_shows_both_ways_each_only_to_who_may_see_it(
    open_community, private_community, facilitator, member, outsider, client
):
    original = blog_factories.resource(library=library_of(open_community), author=facilitator)
    public_copy = blog_factories.resource(
        library=library_of(open_community),
        author=member,
        title="Hinge questions, Year 7",
        adapted_from=original,
    )
    private_copy = blog_factories.resource(
        library=library_of(private_community),
        author=member,
        title="Hinge questions for our circle",
        adapted_from=original,
    )
    # A member of the private community sees both adaptations.
    client.force_login(member)
    text = client.get(original.url).content.decode()
    assert "Adapted by 2 colleagues" in text and private_copy.title in text
    assert "Adapted from" in client.get(public_copy.url).content.decode()
    # An outsider and an anonymous visitor see only the public one.
    for viewer in (outsider, None):
        client.logout()
        if viewer:
            client.force_login(viewer)
        text = client.get(original.url).content.decode()
        assert "Adapted by 1 colleague:" in text and public_copy.title in text
        assert private_copy.title not in text and private_copy.url not in text


def test_an_adaptation_of_a_private_resource_does_not_name_it_to_outsiders(
    open_community, private_resource, member, outsider, client
):
    public = blog_factories.resource(
        library=library_of(open_community),
        author=member,
        title="Calm starts, shared",
        adapted_from=private_resource,
    )
    client.force_login(outsider)
    text = client.get(public.url).content.decode()
    assert "Adapted from" not in text and private_resource.title not in text


def test_share_my_version_opens_a_draft_with_its_lineage(resource, member, client):
    client.force_login(member)
    response = client.post(reverse("resource_adapt", args=[resource.pk]))
    draft = ResourcePage.objects.get(adapted_from=resource)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert not draft.live and draft.owner == member
    assert (draft.kind, draft.subject, draft.licence) == (
        resource.kind,
        resource.subject,
        resource.licence,
    )
    # The editor opens on it for its author.
    assert client.get(response["Location"]).status_code == 200


def test_outsiders_can_not_adapt_a_members_only_resource(private_resource, outsider, client):
    client.force_login(outsider)
    assert client.post(reverse("resource_adapt", args=[private_resource.pk])).status_code == 404
    assert not ResourcePage.objects.filter(adapted_from=private_resource).exists()


# --------------------------------------------------------------------------- #
# The conversation on a resource
# --------------------------------------------------------------------------- #


def test_a_resource_carries_replies_and_appreciations(resource, member, no_newcomer_hold, client):
    client.force_login(member)
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    assert soup.find("section", id="replies") is not None
    response = client.post(
        reverse("reply_create", args=[resource.pk]),
        {
            "body": "Used these with Year 9 today.",
            "kind": "comment",
            "submission_key": "00000000-0000-4000-8000-000000000001",
        },
    )
    reply_pk(response)
    assert "Used these with Year 9 today." in client.get(resource.url).content.decode()


# --------------------------------------------------------------------------- #
# Privacy: nothing of a members-only community's library for outsiders
# --------------------------------------------------------------------------- #


@pytest.fixture
def strangers(outsider):
    return {"outsider": outsider, "anonymous": None}


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_members_only_resources_reach_nobody_outside(
    who, strangers, private_resource, private_community, client
):
    viewer = strangers[who]
    if viewer:
        client.force_login(viewer)
    library = library_of(private_community)
    # The page and the library.
    assert client.get(private_resource.url).status_code in (302, 403, 404)
    response = client.get(library.url)
    assert response.status_code in (302, 403, 404)
    assert private_resource.title.encode() not in response.content
    # The document, by its URL.
    document = private_resource.document
    assert document.url.startswith("/documents/") and "/media/" not in document.url
    response = client.get(document.url)
    assert response.status_code in (302, 403, 404)
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))
    # Search.
    response = client.get(reverse("search") + "?q=behaviour+plan")
    assert private_resource.title.encode() not in response.content
    # The feed.
    assert client.get(library.url + "feed/").status_code in (302, 403, 404)
    assert client.get(library.url + "subscribe/").status_code in (302, 403, 404)
    # The endpoints.
    for name in ("resource_try", "resource_feature", "resource_archive", "resource_collect"):
        response = client.post(reverse(name, args=[private_resource.pk]))
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    # A person's page lists nothing of it.
    profile = private_resource.owner.profile
    assert private_resource.title.encode() not in client.get(profile.get_absolute_url()).content


def test_members_see_their_communitys_resources_and_files(private_resource, member, client):
    client.force_login(member)
    assert client.get(private_resource.url).status_code == 200
    response = client.get(library_of(private_resource.get_parent().get_parent()).url)
    assert private_resource.title in titles(response)
    response = client.get(private_resource.document.url)
    assert response.status_code == 200
    response = client.get(reverse("search") + "?q=behaviour+plan")
    assert private_resource.title.encode() in response.content


def test_the_public_feed_lists_new_resources_not_archived_ones(resource, open_community, client):
    other = blog_factories.resource(
        library=library_of(open_community), author=resource.owner, title="Old worksheet"
    )
    ResourcePage.objects.filter(pk=other.pk).update(archived_at=other.first_published_at)
    response = client.get(library_of(open_community).url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert resource.title.encode() in response.content
    assert b"Old worksheet" not in response.content


def test_a_resource_page_in_another_community_is_not_found_by_id_routes(
    private_resource, outsider, client
):
    client.force_login(outsider)
    assert client.get(reverse("resource_try", args=[private_resource.pk])).status_code == 404
    assert Page.objects.filter(pk=private_resource.pk).exists()


def test_a_new_community_creates_its_library(community_index, facilitator):
    community = factories.community(
        facilitator=facilitator, title="Maths Mastery", slug="maths-mastery", index=community_index
    )
    assert ResourceLibraryPage.objects.child_of(community).live().exists()


def test_site_search_finds_resources_by_kind(resource, open_community, facilitator, client):
    blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Hinge questions, a reflection",
    )
    response = client.get(reverse("search") + "?q=hinge&kind=resources")
    assert response.status_code == 200
    text = response.content.decode()
    assert resource.title in text and "Hinge questions, a reflection" not in text


def test_a_resource_can_not_be_adapted_from_one_the_writer_may_not_see(
    open_community, private_resource, outsider, client
):
    from communities import factories as community_factories

    community_factories.membership(user=outsider, community=open_community)
    client.force_login(outsider)
    response = editor_post(
        client,
        add_url(open_community),
        action="submit",
        changes=resource_fields("Copied in secret", adapted_from=str(private_resource.pk)),
        streams={"how_i_used_it": []},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose a resource you can see." in text
    assert private_resource.title not in text
    assert not ResourcePage.objects.filter(title="Copied in secret").exists()
