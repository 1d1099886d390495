"""Signed-in pages pay less: visibility answers are looked up once per
request, the Wagtail user bar is only for those who may edit the page, and
the header's unread count costs one small query when nothing is unread."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.factories import reflection, reflection_index
from blog.models import Notification
from communities import factories, memo
from communities.models import NotificationKind
from communities.selectors import hidden_community_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(open_community, facilitator):
    return reflection(index=reflection_index(open_community), author=facilitator, title="Memo")


def captured(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in context.captured_queries]


def test_a_member_pays_fewer_queries_with_the_request_memo(page, member, client, settings):
    """Prevents the same visibility lookups (restricted pages, the page's
    community) running again for each part of a page that asks."""
    client.force_login(member)
    with_memo = captured(client, page.url)
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "communities.memo.RequestMemoMiddleware"
    ]
    fresh = Client()  # a client loads its middleware once
    fresh.force_login(member)
    without = captured(fresh, page.url)
    assert len(with_memo) < len(without)
    ours = [q for q in with_memo if "wagtailcore_pageviewrestriction" in q]
    assert len(ours) < len([q for q in without if "wagtailcore_pageviewrestriction" in q])


def test_the_user_bar_is_for_those_who_may_edit_the_page(page, member, facilitator, client):
    client.force_login(member)
    queries = captured(client, page.url)
    assert "wagtail-userbar" not in client.get(page.url).content.decode()
    assert not any("wagtailusers_userprofile" in q for q in queries)
    client.force_login(facilitator)  # the page's author, and the community's facilitator
    assert "wagtail-userbar" in client.get(page.url).content.decode()


def test_nothing_unread_costs_one_query(page, member, client):
    client.force_login(member)
    queries = [q for q in captured(client, "/") if "blog_notification" in q]
    assert len(queries) == 1
    Notification.objects.create(
        recipient=member,
        page=page,
        kind=NotificationKind.REPLY_TO_PAGE,
        community=page.get_parent().get_parent().specific,
    )
    html = client.get("/").content.decode()
    assert '<span class="count-badge">1<' in html


def test_a_write_in_the_request_forgets_what_was_remembered(private_community, outsider):
    seen = []

    def view(request):
        seen.append(list(hidden_community_paths(outsider)))
        seen.append(list(hidden_community_paths(outsider)))  # remembered
        factories.membership(user=outsider, community=private_community)
        seen.append(list(hidden_community_paths(outsider)))  # forgotten by the write

    with CaptureQueriesContext(connection) as context:
        memo.RequestMemoMiddleware(view)(None)
    assert private_community.path in seen[0] and seen[0] == seen[1]
    assert private_community.path not in seen[2]
    assert sum("communities_communitypage" in q["sql"] for q in context.captured_queries) >= 2
    # Outside a request nothing is remembered.
    assert hidden_community_paths(outsider) == seen[2]
