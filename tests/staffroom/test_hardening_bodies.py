"""Bodies, files and caching headers, and the reply form's submission key.

- Endpoints that take no files refuse a multipart body with a file part at
  its first file part (a 20 MB file posted to the reply endpoint used to be
  read in full and thrown away); the editor still takes uploads.
- A public community's images are revalidated by shared caches every time
  (they were `public, max-age=86400`): once it turns members-only, outsiders
  stop getting them at once.
- The reply form keeps its submission key on its error pages, so a retry
  from one can never post a second copy of a reply that did arrive."""

from __future__ import annotations

import re
import uuid
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog import factories as blog_factories
from blog.models import Reply
from communities.models import CommunityPage, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def reflection(open_community, facilitator):
    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    return blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=facilitator, title="Exit"
    )


def test_a_file_posted_to_the_reply_endpoint_is_refused_unread(reflection, member):
    client = Client()
    client.force_login(member)
    big = SimpleUploadedFile("big.bin", b"\0" * (20 * 1024 * 1024))
    response = client.post(
        reverse("reply_create", args=[reflection.pk]),
        {"body": "Hello", "kind": "comment", "submission_key": str(uuid.uuid4()), "file": big},
    )
    assert response.status_code == 400
    assert "takes no files" in response.content.decode()
    assert not Reply.objects.filter(author=member).exists()


def test_a_multipart_form_without_files_still_works(reflection, member):
    client = Client()
    client.force_login(member)
    response = client.post(  # the test client sends multipart by default
        reverse("reply_create", args=[reflection.pk]),
        {"body": "Hello", "kind": "comment", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert Reply.objects.filter(author=member).count() == 1


def test_the_editor_still_takes_uploads(admin_user):
    client = Client()
    client.force_login(admin_user)
    png = BytesIO()
    PILImage.new("RGB", (20, 20), "blue").save(png, "PNG")
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Display", "file": SimpleUploadedFile("d.png", png.getvalue(), "image/png")},
    )
    assert response.status_code in (200, 302)
    assert "takes no files" not in response.content.decode()
    assert get_image_model().objects.filter(title="Display").exists()


def _image(collection):
    png = BytesIO()
    PILImage.new("RGB", (40, 40), "red").save(png, "PNG")
    return get_image_model().objects.create(
        title="Classroom display", file=ImageFile(png, name="display.png"), collection=collection
    )


def test_public_images_are_revalidated_and_stop_at_once_when_members_only(open_community, client):
    image = _image(open_community.collection)
    url = image.get_rendition("fill-20x20").url
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control and "max-age=86400" not in cache_control

    page = CommunityPage.objects.get(pk=open_community.pk).get_latest_revision_as_object()
    page.visibility = Visibility.MEMBERS
    page.save_revision().publish()
    assert client.get(url).status_code == 404


def _key(html: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


def test_the_reply_form_keeps_its_key_on_its_error_pages(reflection, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "1/5m/user"}
    client = Client()
    client.force_login(member)
    url = reverse("reply_create", args=[reflection.pk])
    client.post(url, {"body": "First.", "kind": "comment", "submission_key": str(uuid.uuid4())})
    key = str(uuid.uuid4())
    empty = client.post(url, {"body": " ", "kind": "comment", "submission_key": key})
    assert empty.status_code == 400 and _key(empty.content.decode()) == key
    limited = client.post(url, {"body": "Second.", "kind": "comment", "submission_key": key})
    assert limited.status_code == 429 and _key(limited.content.decode()) == key
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "10/5m/user"}
    # The request that "timed out" did arrive; the retry from the error page is the same reply.
    for _ in range(2):
        response = client.post(url, {"body": "Second.", "kind": "comment", "submission_key": key})
        assert response.status_code == 302
    assert Reply.objects.filter(author=member, body="Second.").count() == 1


def test_toggle_buttons_say_which_state_they_ask_for(reflection, member, facilitator):
    """So that a double click asks twice for one state (tests/staffroom/test_hardening_races.py)."""
    reply = blog_factories.reply(page=reflection, author=facilitator, body="Try exit tickets.")
    client = Client()
    client.force_login(member)
    client.post(reverse("appreciate"), {"reply": reply.pk, "kind": "think", "on": "1"})
    html = client.get(reflection.url).content.decode()
    assert re.search(r'value="think" formaction="/appreciate/\?on=0"', html)
    assert re.search(r'value="helpful" formaction="/appreciate/\?on=1"', html)
    assert re.search(r'name="on" value="1"[^>]*>Follow replies', html) or re.search(
        r'name="on" value="0"[^>]*>Stop following', html
    )
