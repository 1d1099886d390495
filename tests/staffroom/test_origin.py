"""Absolute links always name the origin the site is served on: e-mails
(including one-click unsubscribe) from BASE_URL, feeds from the request's
host, and Wagtail's own links from the Site that `sync_site` sets."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from blog.factories import reflection, reflection_index

pytestmark = pytest.mark.django_db

ORIGIN = "http://127.0.0.1:8201"


def test_email_links_use_the_base_url(
    private_community,
    member,
    facilitator,
    client,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILADMIN_BASE_URL = ORIGIN
    page = reflection(index=reflection_index(private_community), author=member, title="Seating")
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reply_create", args=[page.pk]),
            {"body": "Lovely.", "kind": "comment", "submission_key": str(uuid.uuid4())},
        )
    (mail,) = mailoutbox
    assert mail.extra_headers["List-Unsubscribe"].startswith(
        f"<{ORIGIN}/notifications/unsubscribe/"
    )
    links = [word for word in mail.body.split() if word.startswith("http")]
    assert links and all(link.startswith(ORIGIN + "/") for link in links), links


def test_feed_entries_name_the_host_they_were_asked_on(open_community, facilitator, client):
    page = reflection(index=reflection_index(open_community), author=facilitator, title="Hinge")
    response = client.get(page.get_parent().url + "feed/", HTTP_HOST="127.0.0.1:8201")
    body = response.content.decode()
    assert f"{ORIGIN}{page.url}" in body
    assert "http://localhost/" not in body


def test_sync_site_points_wagtail_at_the_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = ORIGIN
    call_command("sync_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8201)
