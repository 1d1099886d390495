"""An outsider and an anonymous visitor get nothing of a members-only
community: not its members, sections or activity, not the pages inside it,
not its documents or images — by any route. Every check is a real request
through the test client."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from communities import factories, ledger
from communities.models import Verb
from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db

SECRET_TITLE = "What went wrong in my Year 9 lesson"
SECRET_BODY = "Confidential: the observation did not go well"


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def publish_child(parent, *, title: str, slug: str, intro: str = "") -> StandardPage:
    """A published page inside `parent`. A StandardPage may not normally sit
    in a community; add_child goes round the type rules, because what matters
    here is that *any* page in the subtree is private, whatever its type."""
    page = StandardPage(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def png_bytes(colour: str = "red") -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (200, 150), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(collection: Collection, title: str = "Whiteboard photo"):
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(BytesIO(png_bytes()), name=f"{title.lower().replace(' ', '-')}.png"),
        collection=collection,
    )


def make_document(collection: Collection, title: str = "Lesson notes"):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(SECRET_BODY.encode(), name="lesson-notes.txt"),
        collection=collection,
    )


@pytest.fixture
def private_page(private_community):
    return publish_child(
        private_community, title=SECRET_TITLE, slug="year-9-lesson", intro=SECRET_BODY
    )


@pytest.fixture
def private_activity(private_community, member, private_page):
    return ledger.record(
        actor=member,
        verb=Verb.PUBLISHED_REFLECTION,
        community=private_community,
        page=private_page,
    )


@pytest.fixture
def public_activity(open_community, member):
    page = publish_child(open_community, title="Exit tickets that worked", slug="exit-tickets")
    return ledger.record(
        actor=member, verb=Verb.PUBLISHED_REFLECTION, community=open_community, page=page
    )


@pytest.fixture
def viewers(client, django_user_model, outsider, member, facilitator, admin_user):
    """Sign the client in as one of these roles ("anonymous" stays signed out)."""

    def as_(role: str):
        client.logout()
        user = {
            "anonymous": None,
            "outsider": outsider,
            "member": member,
            "facilitator": facilitator,
            "admin": admin_user,
        }[role]
        if user is not None:
            client.force_login(user)
        return client

    return as_


KEPT_OUT = ["anonymous", "outsider"]
LET_IN = ["member", "facilitator", "admin"]


# --------------------------------------------------------------------------- #
# The community page: a public face, nothing inside
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("role", KEPT_OUT)
def test_community_page_shows_only_its_public_face_to_outsiders(
    viewers, role, private_community, private_page, private_activity, member
):
    response = viewers(role).get(private_community.url)

    assert response.status_code == 200
    text = response.text
    # Listed so teachers can ask to join: name, purpose, facilitators.
    assert "Early Career Circle" in text
    assert "A safe place for new teachers." in text
    assert "Fran Facilitator" in text
    assert "For members only" in text
    # Nothing inside: no member list, no sections, no activity.
    assert "Mo Member" not in text
    assert SECRET_TITLE not in text
    assert private_page.url not in text
    # No link to anything inside the community (sections included).
    assert not re.search(rf'href="{re.escape(private_community.url)}[^"]+"', text)
    assert "Recent activity" not in text
    assert response.context["can_view_inside"] is False
    assert "members" not in response.context
    assert "sections" not in response.context
    assert "activity" not in response.context


@pytest.mark.parametrize("role", LET_IN)
def test_community_page_shows_members_sections_and_activity_to_members(
    viewers, role, private_community, private_page, private_activity
):
    response = viewers(role).get(private_community.url)

    assert response.status_code == 200
    text = response.text
    assert "Mo Member" in text
    assert SECRET_TITLE in text  # as a section and in the activity stream
    assert private_page.url in text
    assert "Recent activity" in text
    assert "For members only" not in text
    assert response.context["sections"]
    assert private_activity.pk in [e.pk for e in response.context["activity"]]


def test_member_who_has_only_asked_to_join_sees_nothing_inside(
    client, make_teacher, private_community, private_page, private_activity
):
    asking = make_teacher("Asha Asking")
    factories.membership(user=asking, community=private_community, state="requested")
    client.force_login(asking)

    response = client.get(private_community.url)
    assert response.status_code == 200
    assert "Your request to join is with the facilitators." in response.text
    assert SECRET_TITLE not in response.text
    assert "Mo Member" not in response.text
    assert client.get(private_page.url).status_code == 404


@pytest.mark.parametrize("role", KEPT_OUT)
def test_community_listing_shows_name_and_purpose_but_no_members(
    viewers, role, private_community, private_page, community_index
):
    response = viewers(role).get(community_index.url)

    assert response.status_code == 200
    assert "Early Career Circle" in response.text
    assert "A safe place for new teachers." in response.text
    assert "Mo Member" not in response.text
    assert SECRET_TITLE not in response.text


# --------------------------------------------------------------------------- #
# Pages inside: a plain 404, never a sign-in prompt that confirms they exist
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("role", KEPT_OUT)
def test_page_inside_is_not_found_for_outsiders(viewers, role, private_page):
    response = viewers(role).get(private_page.url)

    assert response.status_code == 404
    assert "Location" not in response.headers  # no redirect to sign in
    assert SECRET_TITLE not in response.text
    assert SECRET_BODY not in response.text


@pytest.mark.parametrize("role", KEPT_OUT)
def test_page_that_does_not_exist_looks_the_same_as_one_that_does(viewers, role, private_page):
    """The 404 for a real private page must not differ from the 404 for a
    made-up address in the same community, or the difference is a leak."""
    client = viewers(role)
    made_up_url = private_page.url.replace("year-9-lesson", "no-such-page")
    real = client.get(private_page.url)
    made_up = client.get(made_up_url)

    assert real.status_code == made_up.status_code == 404

    # The sign-in link carries the requested address and every form a fresh
    # CSRF token; apart from those, the two answers are the same.
    def normalised(response) -> str:
        text = response.text.replace("year-9-lesson", "no-such-page")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)

    assert normalised(real) == normalised(made_up)


@pytest.mark.parametrize("role", LET_IN)
def test_page_inside_is_served_to_members_and_site_admins(viewers, role, private_page):
    response = viewers(role).get(private_page.url)

    assert response.status_code == 200
    assert SECRET_TITLE in response.text
    assert SECRET_BODY in response.text


def test_former_member_is_shut_out_again(client, member, private_community, private_page):
    from communities import services

    client.force_login(member)
    assert client.get(private_page.url).status_code == 200

    services.membership_leave(user=member, community=private_community)

    assert client.get(private_page.url).status_code == 404
    response = client.get(private_community.url)
    assert SECRET_TITLE not in response.text


def test_page_in_a_public_community_is_served_to_everyone(client, open_community):
    page = publish_child(open_community, title="Hinge questions", slug="hinge-questions")
    assert client.get(page.url).status_code == 200


def test_members_management_page_is_not_found_for_a_signed_in_outsider(
    client, outsider, private_community
):
    client.force_login(outsider)
    response = client.get(f"/community/{private_community.pk}/members/")

    assert response.status_code == 404
    assert "Mo Member" not in response.text


def test_members_management_page_asks_anonymous_visitors_to_sign_in_for_any_number(
    client, private_community
):
    """Anonymous visitors are sent to sign in before anything is looked up, so
    the answer is the same for a community that does not exist."""
    real = client.get(f"/community/{private_community.pk}/members/")
    made_up = client.get("/community/987654/members/")

    assert real.status_code == made_up.status_code == 302
    assert real["Location"].startswith("/accounts/login/")
    assert made_up["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------- #
# A person's page: their activity, minus what the viewer may not see
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("role", KEPT_OUT)
def test_person_page_hides_activity_from_members_only_communities(
    viewers, role, member, open_community, private_community, public_activity, private_activity
):
    response = viewers(role).get(f"/people/{member.profile.handle}/")

    assert response.status_code == 200
    assert "Exit tickets that worked" in response.text
    assert "Formative Assessment" in response.text
    assert SECRET_TITLE not in response.text
    assert "Early Career Circle" not in response.text
    assert [e.pk for e in response.context["activity"]] == [public_activity.pk]


@pytest.mark.parametrize("role", LET_IN)
def test_person_page_shows_members_only_activity_to_fellow_members(
    viewers, role, member, public_activity, private_activity
):
    response = viewers(role).get(f"/people/{member.profile.handle}/")

    assert response.status_code == 200
    assert SECRET_TITLE in response.text
    assert {e.pk for e in response.context["activity"]} == {public_activity.pk, private_activity.pk}


def test_home_page_stream_leaves_out_members_only_activity(
    client, outsider, open_community, public_activity, private_activity
):
    # "Recently in your communities" is for someone in a community: here the
    # open one, while an outsider to the members-only one.
    factories.membership(user=outsider, community=open_community)
    client.force_login(outsider)
    response = client.get("/")

    assert response.status_code == 200
    assert "Exit tickets that worked" in response.text
    assert SECRET_TITLE not in response.text


# --------------------------------------------------------------------------- #
# Documents: only through Wagtail's checking view, only to members
# --------------------------------------------------------------------------- #


@pytest.fixture
def private_document(private_community):
    return make_document(private_community.collection)


def test_document_url_goes_through_the_serve_view(private_document):
    assert private_document.url.startswith("/documents/")
    assert "/media/" not in private_document.url


@pytest.mark.parametrize("role", KEPT_OUT)
def test_members_only_document_is_not_found_for_outsiders(viewers, role, private_document):
    response = viewers(role).get(private_document.url)

    assert response.status_code == 404
    assert "Location" not in response.headers
    assert SECRET_BODY.encode() not in response.content


@pytest.mark.parametrize("role", LET_IN)
def test_members_only_document_is_served_to_members(viewers, role, private_document):
    response = viewers(role).get(private_document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET_BODY.encode()


def test_document_in_a_public_community_is_served_to_anyone(client, open_community):
    document = make_document(open_community.collection, title="Exit ticket template")
    response = client.get(document.url)
    assert response.status_code == 200


def test_document_in_a_nested_collection_keeps_the_communitys_privacy(client, private_community):
    """A facilitator may organise documents into sub-collections; the
    community's restriction covers them too."""
    nested = private_community.collection.add_child(name="Meeting notes")
    document = make_document(nested)
    assert client.get(document.url).status_code == 404


# --------------------------------------------------------------------------- #
# Images: renditions through communities.views.image_serve, checked each time
# --------------------------------------------------------------------------- #


@pytest.fixture
def private_image(private_community):
    return make_image(private_community.collection)


@pytest.fixture
def public_image(open_community):
    return make_image(open_community.collection, title="Classroom display")


def test_rendition_urls_go_through_the_checking_view(private_image):
    url = private_image.get_rendition("fill-100x100").url
    assert url.startswith("/images/")
    assert "/media/" not in url


@pytest.mark.parametrize("role", KEPT_OUT)
def test_members_only_image_is_not_found_for_outsiders(viewers, role, private_image):
    url = private_image.get_rendition("fill-100x100").url
    response = viewers(role).get(url)

    assert response.status_code == 404
    assert "Location" not in response.headers


@pytest.mark.parametrize("role", KEPT_OUT)
def test_outsiders_cannot_make_new_renditions_of_members_only_images(viewers, role, private_image):
    """A signed URL for a size nobody has asked for yet is refused before any
    rendition is made."""
    from wagtail.images.views.serve import generate_image_url

    url = generate_image_url(private_image, "width-50", viewname="image_serve")
    assert viewers(role).get(url).status_code == 404
    assert not private_image.renditions.filter(filter_spec="width-50").exists()


@pytest.mark.parametrize("role", LET_IN)
def test_members_only_image_is_served_privately_to_members(viewers, role, private_image):
    url = private_image.get_rendition("fill-100x100").url
    response = viewers(role).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    content = b"".join(response.streaming_content)
    assert PILImage.open(BytesIO(content)).size == (100, 100)


def test_public_image_is_served_to_anyone_with_public_caching(client, public_image):
    url = public_image.get_rendition("fill-100x100").url
    response = client.get(url)

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]


def test_tampered_signature_is_forbidden(client, member, private_image, public_image):
    client.force_login(member)
    for image in (private_image, public_image):
        url = image.get_rendition("fill-100x100").url
        signature = url.split("/")[2]
        tampered = url.replace(signature, "A" * len(signature), 1)
        assert client.get(tampered).status_code == 403


def test_signature_for_one_image_does_not_open_another(client, member, private_image, public_image):
    """Swapping the id of a public image for a private one under the public
    image's signature is refused."""
    client.force_login(member)
    url = public_image.get_rendition("fill-100x100").url
    parts = url.split("/")
    parts[3] = str(private_image.pk)
    assert client.get("/".join(parts)).status_code == 403


# --------------------------------------------------------------------------- #
# No public media URL reaches any file
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member"])
def test_no_file_is_reachable_by_a_public_media_url(viewers, role, private_image, private_document):
    rendition = private_image.get_rendition("fill-100x100")
    client = viewers(role)
    for name in (private_image.file.name, rendition.file.name, private_document.file.name):
        response = client.get(f"/media/{name}")
        assert response.status_code == 404, name
        assert SECRET_BODY.encode() not in response.content
