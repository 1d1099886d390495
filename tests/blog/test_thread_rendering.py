"""A long thread costs almost nothing per reply: each reply's shared HTML is
rendered once per version and cached, the per-viewer parts are added on top,
ids are never localised, and a very long thread is shown a part at a time
(working without JavaScript). None of that may change what anyone sees."""

from __future__ import annotations

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog import rendering, services
from blog.factories import reflection, reflection_index
from blog.models import Reply
from communities import factories

from .conftest import reply_pk
from .threads import bulk_thread, flat_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(make_teacher, open_community):
    people = []
    for n in range(4):
        user = make_teacher(f"Colleague {n}")
        factories.membership(user=user, community=open_community)
        people.append(user)
    return people


@pytest.fixture
def page(open_community, member):
    return reflection(index=reflection_index(open_community), author=member, title="Threads")


def top_level(html: str) -> list:
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("ol", class_="replies").find_all("li", class_="reply", recursive=False)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("viewer", ["colleague", "facilitator", "anonymous"])
def test_queries_are_identical_at_10_100_and_500_replies(
    viewer, page, member, facilitator, colleagues, client
):
    """The thread's queries never depend on its length, nor on which replies'
    fragments are cached already. Prevents the N+1s of a thread — each
    reply's author, counts, parent and children — and any per-reply cache
    or URL lookup that touches the database."""
    authors = [member, *colleagues]
    if viewer == "colleague":
        client.force_login(colleagues[0])
    elif viewer == "facilitator":
        client.force_login(facilitator)
    bulk_thread(page, authors, 10)
    client.get(page.url)  # warm the site-wide caches
    counts = {10: queries(client, page.url)}
    bulk_thread(page, authors, 90)
    counts[100] = queries(client, page.url)
    bulk_thread(page, authors, 400)
    counts[500] = queries(client, page.url)
    assert Reply.objects.filter(page=page).count() == 500
    assert counts[10] == counts[100] == counts[500], counts
    html = client.get(page.url).content.decode()
    assert html.count('class="reply ') >= 450  # 50 conversations of ten: shown whole
    assert "Reply 399" in html  # the last of the last batch


def test_each_reply_is_rendered_once_and_a_change_shows_at_once(
    page, member, colleagues, facilitator, client, no_newcomer_hold
):
    replies = bulk_thread(page, [member, *colleagues], 20)
    rendering.store.clear()
    client.force_login(colleagues[0])
    with mock.patch.object(
        rendering, "_render_fragment", wraps=rendering._render_fragment
    ) as render:
        client.get(page.url)
        first = render.call_count
        assert first >= 15  # every reply shown (the placeholders need no fragment)
        client.get(page.url)
        client.force_login(colleagues[1])  # another viewer shares the same fragments
        client.get(page.url)
        assert render.call_count == first

        # An edit, a moderator's hide and a new name each show at once.
        mine = Reply.objects.create(
            page=page,
            author=colleagues[1],
            body="First words",
            body_html="<p>First words</p>",
            path=f"{Reply.objects.order_by('-pk').first().pk + 1:010d}/",
        )
        assert "First words" in client.get(page.url).content.decode()
        services.reply_edit(user=colleagues[1], reply=mine, body="Second thoughts")
        html = client.get(page.url).content.decode()
        assert "Second thoughts" in html and "First words" not in html

        target = next(r for r in replies if r.is_published and r.parent_id is None)
        services.reply_hide(actor=facilitator, reply=target, reason="Off topic")
        client.force_login(facilitator)
        assert "Hidden: Off topic" in client.get(page.url).content.decode()

        profile = colleagues[2].profile
        profile.display_name = "Renamed Person"
        profile.save()
        assert "Renamed Person" in client.get(page.url).content.decode()


def test_what_is_per_viewer_stays_per_viewer(page, member, colleagues, client, no_newcomer_hold):
    """The appreciation a person gave shows as theirs only; the shared
    fragment carries no one's controls."""
    [reply] = flat_thread(page, [colleagues[3]], 1)
    item = f"reply-{reply.pk}"
    client.force_login(colleagues[0])
    client.get(page.url)  # the fragment is cached by this first view
    client.post(reverse("appreciate"), {"reply": reply.pk, "kind": "helpful"})

    def chips(user):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        return soup.find("li", id=item).find(class_="reply__actions")

    mine = chips(colleagues[0])
    pressed = mine.find("button", attrs={"value": "helpful"})
    assert pressed["aria-pressed"] == "true" and "Helpful · 1" in pressed.text
    other = chips(colleagues[1])
    button = other.find("button", attrs={"value": "helpful"})
    assert button["aria-pressed"] == "false" and "Helpful · 1" in button.text
    assert other.find("a", href=f"{reverse('report', args=[page.pk])}?reply={reply.pk}")
    author = chips(colleagues[3])
    assert author.find("form", action=reverse("appreciate")) is None  # not one's own
    assert author.find("a", href=reverse("reply_edit", args=[reply.pk]))
    anonymous = chips(None)
    assert anonymous.find("form") is None and anonymous.find("a") is None
    assert "Helpful · 1" in anonymous.text


def test_one_appreciation_form_per_reply_carries_the_kind_on_its_buttons(
    page, member, colleagues, client, no_newcomer_hold
):
    [reply] = flat_thread(page, [colleagues[1]], 1)
    client.force_login(colleagues[0])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    forms = soup.find("li", id=f"reply-{reply.pk}").find_all("form", action=reverse("appreciate"))
    assert len(forms) == 1
    [form] = forms
    data = {i["name"]: i["value"] for i in form.find_all("input")}
    button = form.find("button", attrs={"value": "think"})
    data[button["name"]] = button["value"]  # what the browser sends for that button
    client.post(reverse("appreciate"), data)
    assert reply.appreciations.get().kind == "think"


def test_ids_are_never_localised(page, member, colleagues, client, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    Reply.objects.create(
        pk=123456,
        page=page,
        author=colleagues[0],
        body="Big id",
        body_html="<p>Big id</p>",
        path=f"{123456:010d}/",
    )
    client.force_login(colleagues[1])
    html = client.get(page.url).content.decode()
    assert 'id="reply-123456"' in html
    assert 'value="123456"' in html and "?parent=123456" in html
    assert "123,456" not in html


def test_a_hundred_replies_show_whole(page, member, colleagues, client):
    flat_thread(page, [member, *colleagues], 100)
    html = client.get(page.url).content.decode()
    assert len(top_level(html)) == 100
    assert "?replies=2" not in html


def test_a_long_thread_is_shown_fifty_conversations_at_a_time(page, member, colleagues, client):
    """Past STAFFROOM_THREAD_SHOWN_WHOLE replies the thread is shown in parts
    of 50 top-level replies, each with all its answers; plain links move
    between them, so it works without JavaScript."""
    flat_thread(page, [member, *colleagues], 180)
    first = client.get(page.url).content.decode()
    items = top_level(first)
    assert len(items) == 50
    assert "Flat 1<" in first and "Flat 51<" not in first
    soup = BeautifulSoup(first, "html.parser")
    more = soup.find("a", string="Show more replies")
    assert more["href"] == "?replies=2#replies"
    assert soup.find("a", string="Show earlier replies") is None

    second = client.get(page.url + "?replies=2").content.decode()
    assert len(top_level(second)) == 50
    assert "Flat 51<" in second and "Flat 100<" in second and "Flat 1<" not in second
    soup = BeautifulSoup(second, "html.parser")
    assert soup.find("a", string="Show earlier replies")["href"] == "?replies=1#replies"
    assert "Replies 51–100 of 180 conversations" in second

    last = client.get(page.url + "?replies=99").content.decode()  # past the end: the last part
    assert len(top_level(last)) == 30 and "Flat 180<" in last
    soup = BeautifulSoup(last, "html.parser")
    assert soup.find("a", string="Show more replies") is None
    invalid = client.get(page.url + "?replies=abc").content.decode()
    assert "Flat 1<" in invalid and len(top_level(invalid)) == 50


def test_a_posted_reply_opens_the_part_of_the_thread_that_holds_it(
    page, member, colleagues, client, post_reply, no_newcomer_hold
):
    flat_thread(page, [member, *colleagues], 180)
    client.force_login(colleagues[0])
    response = post_reply(client, page, "Late to the party")
    pk = reply_pk(response)
    assert f"?reply={pk}#" in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert f'id="reply-{pk}"' in html and "Late to the party" in html
    assert "Flat 1<" not in html  # the fourth part, not the first


def test_the_threads_replies_are_the_rows_as_django_would_load_them(page, member, colleagues):
    """reply_thread builds its Reply instances without Model.__init__ (a
    third of the cost on a long thread): they must hold what
    `.only(...)` would, with the same converted values, and load the rest
    on first use."""
    from django.db.models.signals import post_init, pre_init

    from blog.selectors.conversation import THREAD_ATTNAMES, THREAD_FIELDS, reply_thread

    # Nothing listens to a reply being made, which these instances skip.
    assert not pre_init.has_listeners(Reply) and not post_init.has_listeners(Reply)
    bulk_thread(page, [member, *colleagues], 30)
    thread = reply_thread(page=page, user=colleagues[0])
    built = {node.reply.pk: node.reply for node in thread.nodes()}
    loaded = {r.pk: r for r in Reply.objects.filter(page=page).only(*THREAD_FIELDS)}
    assert built and set(built) <= set(loaded)
    for pk, reply in built.items():
        expected = loaded[pk]
        for name in THREAD_ATTNAMES:
            assert getattr(reply, name) == getattr(expected, name), (pk, name)
        assert not reply._state.adding and reply._state.db == "default"
        assert reply.get_deferred_fields() == expected.get_deferred_fields()
    one = next(iter(built.values()))
    assert one.body == Reply.objects.get(pk=one.pk).body  # deferred, loaded on use
    assert one.page.pk == page.pk and one.author.pk == one.author_id
