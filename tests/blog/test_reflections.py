"""Reflections: a community's Reflections section, writing one in the Wagtail
editor (through the facilitators' workflow or straight to publication), the
ledger rows publishing writes, the index, a person's page, the page-tree
rules and the data migration that gave existing communities their section.
Everything a person does goes through the test client."""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from blog.factories import reflection, reflection_index
from blog.models import Appreciation, ReflectionIndexPage, ReflectionPage, Reply, ReplyState
from communities import factories
from communities.models import ActivityEvent, CommunityIndexPage, CommunityPage, Verb
from staffroom.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def add_url(index: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])


def write_in_editor(client, index: Page, *, title: str, action: str, tags: str = ""):
    """Fill in the editor's add form the way a teacher does and press
    `action` ("action-submit" to send for review, "action-publish")."""
    form = client.get(add_url(index))
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": title,
                "slug": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
                "summary": f"What I learned: {title}.",
                "tags": tags,
                "body": streamfield(
                    [("paragraph", rich_text("<p>I tried this with my Year 8 class.</p>"))]
                ),
            }
        )
    )
    data[action] = "1"
    return client.post(add_url(index), data)


def ledger_rows(page: Page, verb: str | None = None):
    rows = ActivityEvent.objects.filter(page_id=page.pk)
    return rows.filter(verb=verb) if verb else rows


# --------------------------------------------------------------------------- #
# The Reflections section and the "Write a reflection" button
# --------------------------------------------------------------------------- #


def test_a_published_community_has_its_reflections_section(open_community, client):
    index = ReflectionIndexPage.objects.child_of(open_community).get()
    assert index.live
    assert index.slug == "reflections"
    response = client.get(index.url)
    assert response.status_code == 200
    assert index.url == f"{open_community.url}reflections/"


def test_members_see_write_a_reflection_linking_to_the_editor(open_community, member, login):
    index = reflection_index(open_community)
    client = login(member)
    html = client.get(open_community.url).content.decode()
    button = re.search(r'<a class="button[^"]*" href="([^"]+)">Write a reflection</a>', html)
    assert button, "members see the Write a reflection button"
    assert button.group(1) == add_url(index)
    assert add_url(index) == f"/admin/pages/add/blog/reflectionpage/{index.pk}/"
    # It opens the editor for a reflection under this community's section.
    response = client.get(button.group(1))
    assert response.status_code == 200
    assert b'id="page-edit-form"' in response.content


def test_non_members_see_no_write_button(open_community, outsider, login, client):
    assert "Write a reflection" not in client.get(open_community.url).content.decode()
    assert "Write a reflection" not in login(outsider).get(open_community.url).content.decode()


def test_an_outsider_cannot_open_the_editor_for_a_community(open_community, outsider, login):
    index = reflection_index(open_community)
    response = login(outsider).get(add_url(index))
    # No editor access at all (not a member of any community): sent away.
    assert response.status_code in {302, 403}
    assert not ReflectionPage.objects.exists()


# --------------------------------------------------------------------------- #
# Writing: review by the facilitators, or direct publication
# --------------------------------------------------------------------------- #


def test_a_members_reflection_goes_to_the_facilitators_for_approval(
    open_community, member, facilitator, login, client
):
    index = reflection_index(open_community)
    response = write_in_editor(
        login(member), index, title="Exit tickets in Year 8", action="action-submit"
    )
    assert response.status_code == 302
    page = ReflectionPage.objects.child_of(index).get()
    assert page.owner == member
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert set(task.groups.all()) == {
        open_community.facilitators_group,
        open_community.leaders_group,
    }
    assert ledger_rows(page).count() == 0, "nothing counts until it is published"

    # The member cannot approve their own page; the facilitator can.
    assert task.get_actions(page, member) == []
    assert [name for name, *_ in task.get_actions(page, facilitator)] != []
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    client.force_login(member)
    assert client.post(approve).status_code in {302, 403}
    page.refresh_from_db()
    assert not page.live

    client.force_login(facilitator)
    response = client.post(approve)
    assert response.status_code in {200, 302}
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    [row] = ledger_rows(page)
    assert (row.verb, row.actor, row.community_id) == (
        Verb.PUBLISHED_REFLECTION,
        member,
        open_community.pk,
    )
    # And it can be read.
    client.logout()
    assert client.get(page.url).status_code == 200


def test_a_member_cannot_publish_directly(open_community, member, login):
    index = reflection_index(open_community)
    write_in_editor(login(member), index, title="Straight out", action="action-publish")
    page = ReflectionPage.objects.child_of(index).get()
    assert not page.live
    assert ledger_rows(page).count() == 0


def test_a_facilitators_publish_is_direct(open_community, facilitator, login, client):
    index = reflection_index(open_community)
    response = write_in_editor(
        login(facilitator),
        index,
        title="Mentoring a new colleague",
        action="action-publish",
        tags="mentoring, new teachers",
    )
    assert response.status_code == 302
    page = ReflectionPage.objects.child_of(index).get()
    assert page.live
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()
    assert sorted(t.name for t in page.tags.all()) == ["mentoring", "new teachers"]
    [row] = ledger_rows(page)
    assert (row.verb, row.actor) == (Verb.PUBLISHED_REFLECTION, facilitator)
    client.logout()
    assert client.get(page.url).status_code == 200


def test_ledger_first_publish_counts_once_edit_none_unpublish_writes_its_own_row(
    open_community, member, facilitator, login
):
    index = reflection_index(open_community)
    page = reflection(index=index, author=member, title="Cold calling")
    [first] = ledger_rows(page)
    assert (first.verb, first.actor) == (Verb.PUBLISHED_REFLECTION, member)

    # A facilitator edits and re-publishes it through the editor: no new row.
    client = login(facilitator)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Edited after the meeting.</p>"))])}
        )
    )
    data["summary"] = "Cold calling, revisited."
    data["action-publish"] = "1"
    assert client.post(edit, data).status_code == 302
    page.refresh_from_db()
    assert page.summary == "Cold calling, revisited."
    assert ledger_rows(page).count() == 1

    # Unpublishing writes its own row; the first one stays.
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    assert client.post(unpublish).status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert list(ledger_rows(page).order_by("pk").values_list("verb", "actor")) == [
        (Verb.PUBLISHED_REFLECTION, member.pk),
        (Verb.UNPUBLISHED, member.pk),
    ]

    # Published again after being withdrawn, it counts again.
    page.get_latest_revision().publish(user=facilitator)
    assert ledger_rows(page, Verb.PUBLISHED_REFLECTION).count() == 2


# --------------------------------------------------------------------------- #
# The index
# --------------------------------------------------------------------------- #


@pytest.fixture
def many_reflections(open_community, member, facilitator, make_teacher):
    """14 reflections, one a day, the newest first in the listing; the newest
    has replies and appreciations, every third is tagged "mentoring"."""
    index = reflection_index(open_community)
    today = datetime.date(2025, 3, 31)
    pages = []
    for n in range(14):
        author = member if n % 2 else facilitator
        pages.append(
            reflection(
                index=index,
                author=author,
                title=f"Reflection number {n:02d}",
                summary=f"Summary of reflection {n:02d}.",
                date=today - datetime.timedelta(days=13 - n),
                tags=["mentoring"] if n % 3 == 0 else ["assessment"],
            )
        )
    newest = pages[-1]  # n=13, by member
    for name in ("Rita Replier", "Ravi Replier"):
        colleague = make_teacher(name)
        factories.membership(user=colleague, community=open_community)
        Reply.objects.create(
            page=newest,
            author=colleague,
            body="Thanks",
            body_html="<p>Thanks</p>",
            path=f"{Reply.objects.count() + 1:010d}/",
        )
        Appreciation.objects.create(user=colleague, kind="helpful", page=newest)
    # A reply that is not published does not count.
    Reply.objects.create(
        page=newest,
        author=facilitator,
        body="x",
        body_html="x",
        state=ReplyState.HIDDEN,
        path="9999999999/",
    )
    Appreciation.objects.create(user=facilitator, kind="think", page=newest)
    return index, pages


def listed_titles(html: str) -> list[str]:
    return re.findall(r"<h2><a href=\"[^\"]+\">(Reflection number \d\d)</a></h2>", html)


def test_index_lists_newest_first_paginated(many_reflections, client):
    index, pages = many_reflections
    first = client.get(index.url).content.decode()
    assert listed_titles(first) == [f"Reflection number {n:02d}" for n in range(13, 1, -1)]
    second = client.get(index.url, {"page": 2}).content.decode()
    assert listed_titles(second) == ["Reflection number 01", "Reflection number 00"]


def test_index_shows_author_date_summary_and_counts(many_reflections, member, client):
    index, pages = many_reflections
    html = client.get(index.url).content.decode()
    item = html[html.index("Reflection number 13") : html.index("Reflection number 12")]
    assert member.profile.display_name in item
    assert f'href="/people/{member.profile.handle}/"' in item
    assert "31 March 2025" in item
    assert "Summary of reflection 13." in item
    assert "2 replies" in item  # the hidden one is not counted
    assert "3 appreciations" in item
    other = html[html.index("Reflection number 12") : html.index("Reflection number 11")]
    assert "0 replies" in other and "0 appreciations" in other


def test_index_filters_by_tag(many_reflections, client):
    index, pages = many_reflections
    html = client.get(index.url, {"tag": "mentoring"}).content.decode()
    assert listed_titles(html) == [f"Reflection number {n:02d}" for n in (12, 9, 6, 3, 0)]
    html = client.get(index.url, {"tag": "no-such-tag"}).content.decode()
    assert listed_titles(html) == []
    assert "No reflections with this tag yet." in html


def test_index_leaves_out_drafts(open_community, member, client):
    index = reflection_index(open_community)
    reflection(index=index, author=member, title="Reflection number 01")
    reflection(index=index, author=member, title="Reflection number 02", publish=False)
    assert listed_titles(client.get(index.url).content.decode()) == ["Reflection number 01"]


# --------------------------------------------------------------------------- #
# A person's page
# --------------------------------------------------------------------------- #


def test_a_persons_page_lists_reflections_only_where_the_viewer_may_see(
    open_community, private_community, member, outsider, login, client
):
    reflection(index=reflection_index(open_community), author=member, title="Open thoughts")
    reflection(index=reflection_index(private_community), author=member, title="Private doubts")
    url = reverse("person_detail", args=[member.profile.handle])

    def titles(html: str) -> list[str]:
        section = html[html.index('id="reflections-heading"') : html.index('id="activity-heading"')]
        return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", section)

    assert titles(client.get(url).content.decode()) == ["Open thoughts"]
    assert titles(login(outsider).get(url).content.decode()) == ["Open thoughts"]
    assert sorted(titles(login(member).get(url).content.decode())) == [
        "Open thoughts",
        "Private doubts",
    ]


# --------------------------------------------------------------------------- #
# Where each page type may live
# --------------------------------------------------------------------------- #


class TestPageTree(WagtailPageTestCase):
    def test_reflection_index_only_under_a_community(self):
        self.assertAllowedParentPageTypes(ReflectionIndexPage, {CommunityPage})
        self.assertAllowedSubpageTypes(ReflectionIndexPage, {ReflectionPage})
        self.assertCanCreateAt(CommunityPage, ReflectionIndexPage)
        for parent in (
            HomePage,
            CommunityIndexPage,
            StandardPage,
            ReflectionIndexPage,
            ReflectionPage,
            Page,
        ):
            self.assertCanNotCreateAt(parent, ReflectionIndexPage)

    def test_reflection_only_under_a_reflection_index(self):
        self.assertAllowedParentPageTypes(ReflectionPage, {ReflectionIndexPage})
        self.assertAllowedSubpageTypes(ReflectionPage, set())
        self.assertCanCreateAt(ReflectionIndexPage, ReflectionPage)
        for parent in (HomePage, CommunityIndexPage, CommunityPage, StandardPage, ReflectionPage):
            self.assertCanNotCreateAt(parent, ReflectionPage)

    def test_one_reflections_section_per_community(self):
        facilitator = factories.teacher(display_name="Tree Facilitator")
        community = factories.community(facilitator=facilitator, title="Tree test")
        index = ReflectionIndexPage.objects.child_of(community).get()
        self.assertFalse(ReflectionIndexPage.can_create_at(community))
        self.assertTrue(ReflectionPage.can_create_at(index))

    def test_a_reflection_can_be_created_in_the_editor(self):
        facilitator = factories.teacher(display_name="Editor Facilitator")
        community = factories.community(facilitator=facilitator, title="Editor test")
        index = ReflectionIndexPage.objects.child_of(community).get()
        self.client.force_login(facilitator)
        # Wagtail's assertCanCreate expects its own redirect to the explorer;
        # a facilitator who publishes goes back to the page on the site.
        data = nested_form_data(
            {
                "title": "Wait time",
                "slug": "wait-time",
                "summary": "Three seconds changed the room.",
                "date": "2025-02-01",
                "tags": "questioning",
                "body": streamfield(
                    [("quotation", {"quote": "Wait.", "source": "Mary Budd Rowe"})]
                ),
            }
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk]), data
        )
        page = ReflectionPage.objects.child_of(index).get(slug="wait-time")
        self.assertTrue(page.live)
        self.assertRedirects(response, page.url, fetch_redirect_response=False)
        self.assertEqual([t.name for t in page.tags.all()], ["questioning"])
        self.assertEqual(page.body[0].value["source"], "Mary Budd Rowe")


# --------------------------------------------------------------------------- #
# The data migration
# --------------------------------------------------------------------------- #


def test_the_data_migration_gives_an_existing_community_its_section(
    open_community, private_community, client
):
    migration = importlib.import_module(
        "blog.migrations.0002_reflection_sections_for_existing_communities"
    )
    # A community from before reflections: no section (and another page under it).
    ReflectionIndexPage.objects.child_of(open_community).get().delete()
    other = StandardPage(title="Meeting notes", slug="reflections")
    open_community.add_child(instance=other)
    other.save_revision().publish()
    untouched = ReflectionIndexPage.objects.child_of(private_community).get()
    open_community.refresh_from_db()
    assert not ReflectionIndexPage.objects.child_of(open_community).exists()

    migration.add_sections(django_apps, None)

    section = ReflectionIndexPage.objects.child_of(open_community).get()
    assert section.live
    assert section.slug == "reflections-2"  # "reflections" was taken
    assert section.url_path == f"{open_community.url_path}reflections-2/"
    assert ReflectionIndexPage.objects.child_of(private_community).get() == untouched
    assert Page.find_problems() == ([], [], [], [], [])
    open_community.refresh_from_db()
    assert open_community.numchild == open_community.get_children().count()

    # Run twice, nothing more.
    migration.add_sections(django_apps, None)
    assert ReflectionIndexPage.objects.child_of(open_community).count() == 1
    assert Page.find_problems() == ([], [], [], [], [])

    # The new section serves, and takes reflections through the normal route.
    assert client.get(section.url).status_code == 200
    page = reflection(index=section, author=open_community.owner, title="After the migration")
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get(page.url).status_code == 200
