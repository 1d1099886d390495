"""The anonymous page cache: a public page is rendered once for visitors who
are not signed in, a change shows at once, and nothing signed-in, private,
or carrying a CSRF token or a message is ever stored or served from it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from blog import services
from blog.factories import reflection as make_reflection
from blog.models import Reply
from communities import services as community_services

from .conftest import reply_pk

pytestmark = pytest.mark.django_db

HEADER = "X-Staffroom-Cache"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STAFFROOM_PAGE_CACHE = True


def anonymous_get(url: str):
    return Client().get(url)


def test_a_public_page_is_served_from_the_cache_without_a_query(reflection):
    first = anonymous_get(reflection.url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as context:
        second = anonymous_get(reflection.url)
    assert second[HEADER] == "hit" and len(context.captured_queries) == 0
    assert second.content == first.content
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    for url in ("/", reflection.get_parent().url, reflection.get_parent().get_parent().url):
        assert anonymous_get(url)[HEADER] == "miss"
        assert anonymous_get(url)[HEADER] == "hit"


def test_a_change_shows_at_once(
    reflection, member, colleague, facilitator, post_reply, no_newcomer_hold
):
    index_url = reflection.get_parent().url
    for url in (reflection.url, index_url, "/"):
        anonymous_get(url)
        assert anonymous_get(url)[HEADER] == "hit"

    writer = Client()
    writer.force_login(member)
    pk = reply_pk(post_reply(writer, reflection, "A reply everyone may read"))
    page = anonymous_get(reflection.url)
    assert page[HEADER] == "miss" and "A reply everyone may read" in page.content.decode()
    assert anonymous_get(index_url)[HEADER] == "miss"  # its reply count

    reply = Reply.objects.get(pk=pk)
    services.reply_edit(user=member, reply=reply, body="Edited words")
    assert "Edited words" in anonymous_get(reflection.url).content.decode()

    appreciating = Client()
    appreciating.force_login(colleague)
    appreciating.post(reverse("appreciate"), {"reply": pk, "kind": "helpful"})
    assert "Helpful · 1" in anonymous_get(reflection.url).content.decode()

    services.reply_hide(actor=facilitator, reply=reply, reason="Off topic")
    assert "Edited words" not in anonymous_get(reflection.url).content.decode()

    anonymous_get(reflection.url)
    editing = Client()
    editing.force_login(facilitator)
    editing.post(reverse("profile_edit"), {"display_name": "Fran Renamed", "bio": ""})
    assert "Fran Renamed" in anonymous_get(reflection.url).content.decode()

    reflection.unpublish()
    assert anonymous_get(reflection.url).status_code == 404


def test_a_new_reflection_shows_in_the_index_at_once(reflection, facilitator):
    index = reflection.get_parent()
    anonymous_get(index.url)
    assert anonymous_get(index.url)[HEADER] == "hit"
    make_reflection(index=index.specific, author=facilitator, title="Brand new thinking")
    assert "Brand new thinking" in anonymous_get(index.url).content.decode()


def test_a_signed_in_member_never_receives_a_cached_page(reflection, member):
    anonymous_get(reflection.url)
    assert anonymous_get(reflection.url)[HEADER] == "hit"
    client = Client()
    client.force_login(member)
    response = client.get(reflection.url)
    assert HEADER not in response
    html = response.content.decode()
    assert 'id="reply-form"' in html and "csrfmiddlewaretoken" in html
    # …and what a member was shown is never stored for anyone else.
    other = make_reflection(
        index=reflection.get_parent().specific, author=member, title="Seen first by a member"
    )
    assert HEADER not in client.get(other.url)
    assert anonymous_get(other.url)[HEADER] == "miss"
    assert 'id="reply-form"' not in anonymous_get(other.url).content.decode()


def test_a_members_only_page_is_never_cached(private_reflection, private_community, member):
    client = Client()
    client.force_login(member)
    assert client.get(private_reflection.url).status_code == 200
    for _ in range(2):
        response = anonymous_get(private_reflection.url)
        assert response.status_code == 404 and HEADER not in response
    # The community's public face is not kept either: it is restricted, and
    # what it shows depends on who looks.
    for _ in range(2):
        assert HEADER not in anonymous_get(private_community.url)


def test_a_password_page_and_its_csrf_token_are_never_cached(reflection):
    PageViewRestriction.objects.create(
        page=reflection, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        response = anonymous_get(reflection.url)
        assert HEADER not in response


def test_a_visitor_with_a_message_or_a_session_is_not_served_from_the_cache(reflection, member):
    anonymous_get(reflection.url)
    client = Client()
    client.cookies["messages"] = "something"
    assert HEADER not in client.get(reflection.url)
    signed_out = Client()
    signed_out.force_login(member)
    signed_out.logout()
    signed_out.cookies["sessionid"] = "stale"
    assert HEADER not in signed_out.get(reflection.url)


def test_a_new_member_shows_on_the_community_page_at_once(open_community, make_teacher):
    anonymous_get(open_community.url)
    assert anonymous_get(open_community.url)[HEADER] == "hit"
    newcomer = make_teacher("Nia Newcomer")
    community_services.membership_join(user=newcomer, community=open_community)
    assert anonymous_get(open_community.url)[HEADER] == "miss"
