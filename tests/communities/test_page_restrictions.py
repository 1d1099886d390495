"""A page an editor made private on its own (password, sign-in, groups) inside
a PUBLIC community: Wagtail's own prompts still work, and nothing of it leaks
through replies, follows, reports, e-mails, activity or person pages."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from blog import factories as blog_factories
from blog.models import Follow

pytestmark = pytest.mark.django_db

SECRET = "Notes on a safeguarding conversation"


@pytest.fixture
def locked_reflection(open_community, facilitator):
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=facilitator, title=SECRET
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-word"
    )
    return page


def test_wagtail_shows_its_password_form_rather_than_a_404(client, locked_reflection):
    response = client.get(locked_reflection.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b"safeguarding conversation" not in response.content.split(b"<main")[1]


def test_outsider_can_neither_follow_nor_report_nor_appreciate(
    client, outsider, member, locked_reflection
):
    for user in (outsider, member):
        client.force_login(user)
        assert client.post(f"/replies/page/{locked_reflection.pk}/follow/").status_code == 404
        assert client.get(f"/replies/page/{locked_reflection.pk}/report/").status_code == 404
        response = client.post("/appreciate/", {"page": locked_reflection.pk, "kind": "helpful"})
        assert response.status_code == 404
    assert (
        not Follow.objects.filter(page=locked_reflection)
        .exclude(user=locked_reflection.owner)
        .exists()
    )


def test_its_title_is_not_in_activity_or_on_person_pages(
    client, outsider, facilitator, locked_reflection
):
    for user in (None, outsider):
        if user:
            client.force_login(user)
        for url in (
            f"/people/{facilitator.profile.handle}/",
            "/",
            locked_reflection.get_parent().get_parent().url,
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert SECRET.encode() not in response.content, url


def test_members_only_documents_are_never_kept_by_a_shared_cache(
    client, member, private_community, open_community
):
    Document = get_document_model()
    private = Document.objects.create(
        title="Private",
        file=ContentFile(b"private", name="p.txt"),
        collection=private_community.collection,
    )
    public = Document.objects.create(
        title="Public",
        file=ContentFile(b"public", name="q.txt"),
        collection=open_community.collection,
    )
    client.force_login(member)
    response = client.get(private.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    response = client.get(public.url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
