""" "I tried it": who may report, one report per person (editable by its
author), the summary a resource shows, the author told, the ledger row
recognition reads (the author credited by the reporter), and the page a
report fed shown only to those who may see it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import factories as blog_factories
from blog.models import Notification, ResourceTry
from communities import factories
from communities.models import ActivityEvent, NotificationKind, Verb
from communities.recognition import TRIED_RESOURCE, Row, Rules, read_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource(open_community, facilitator):
    return blog_factories.resource(
        library=blog_factories.resource_library(open_community), author=facilitator
    )


def tried(recommend="yes", what_happened="Misconceptions surfaced at once.", **extra) -> dict:
    return {"recommend": recommend, "what_happened": what_happened, **extra}


def try_url(resource) -> str:
    return reverse("resource_try", args=[resource.pk])


def summary_on(client, resource) -> str:
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    return soup.find(id="try-summary").get_text(strip=True)


def has_try_button(client, resource) -> bool:
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    return soup.find("a", href=try_url(resource)) is not None


def test_a_member_reports_trying_it_and_the_author_hears(resource, member, facilitator, client):
    client.force_login(member)
    assert summary_on(client, resource) == "Nobody has reported trying it yet."
    assert has_try_button(client, resource)
    assert client.get(try_url(resource)).status_code == 200
    response = client.post(
        try_url(resource),
        tried("with_changes", what_adapted="Fewer questions.", class_size="28", phase="secondary"),
    )
    assert response.status_code == 302 and response["Location"] == resource.url + "#tries"
    report = ResourceTry.objects.get()
    assert (report.author, report.recommend, report.class_size) == (member, "with_changes", 28)
    assert summary_on(client, resource) == (
        "Tried by 1 colleague in 1 school; 1 would recommend, 1 with changes."
    )
    # The ledger credits the author (recipient) from the reporter (actor).
    event = ActivityEvent.objects.get(verb=Verb.TRIED_RESOURCE)
    assert (event.actor, event.recipient, event.page_id) == (member, facilitator, resource.pk)
    assert event.data == {"recommend": "with_changes"}
    assert Notification.objects.filter(
        recipient=facilitator, actor=member, kind=NotificationKind.RESOURCE_TRIED, page=resource
    ).exists()


def test_one_report_per_person_changed_by_its_author(resource, member, facilitator, client):
    client.force_login(member)
    client.post(try_url(resource), tried("no"))
    # The form opens on their report, and saving changes it.
    response = client.get(try_url(resource))
    assert "Change your report" in response.content.decode()
    assert response.context["form"].initial["recommend"] == "no"
    client.post(try_url(resource), tried("yes", what_happened="Second go was better."))
    report = ResourceTry.objects.get()
    assert report.recommend == "yes" and report.what_happened == "Second go was better."
    # Told once; two ledger rows, of which recognition reads the latest only.
    assert Notification.objects.filter(kind=NotificationKind.RESOURCE_TRIED).count() == 1
    events = ActivityEvent.objects.filter(verb=Verb.TRIED_RESOURCE).order_by("pk")
    assert events.count() == 2
    rows = [
        Row(pk=e.pk, actor=e.actor_id, verb=e.verb, at=e.created_at, recipient=e.recipient_id,
            page=e.page_id, target=e.target, data=e.data)
        for e in events
    ]  # fmt: skip
    edges, _ = read_ledger(rows, Rules.from_settings())
    assert [(e.kind, e.recommend) for e in edges] == [(TRIED_RESOURCE, "yes")]
    # Saving the same report again changes nothing and writes nothing.
    client.post(try_url(resource), tried("yes", what_happened="Second go was better."))
    assert ActivityEvent.objects.filter(verb=Verb.TRIED_RESOURCE).count() == 2


def test_the_summary_counts_colleagues_schools_and_recommendations(
    resource, open_community, make_teacher, other_school, client
):
    answers = ["yes", "yes", "with_changes", "no", "yes"]
    for n, answer in enumerate(answers):
        school = other_school if n % 2 else None
        teacher = make_teacher(f"Teacher {n}", **({"school": school} if school else {}))
        factories.membership(user=teacher, community=open_community)
        client.force_login(teacher)
        client.post(try_url(resource), tried(answer))
    assert summary_on(client, resource) == (
        "Tried by 5 colleagues in 2 schools; 4 would recommend, 1 with changes."
    )
    library = blog_factories.resource_library(open_community)
    assert "Tried by 5 colleagues in 2 schools" in client.get(library.url).content.decode()


def test_who_may_not_report(resource, facilitator, make_teacher, client):
    # Its author: no button, and the endpoint refuses.
    client.force_login(facilitator)
    assert not has_try_button(client, resource)
    assert client.post(try_url(resource), tried()).status_code == 403
    # A signed-in non-member of the public community reads it but can't report.
    passer_by = make_teacher("Pat Passer-by")
    client.force_login(passer_by)
    assert client.get(resource.url).status_code == 200
    assert not has_try_button(client, resource)
    assert client.post(try_url(resource), tried()).status_code == 403
    # Anonymous: sent to sign in.
    client.logout()
    response = client.post(try_url(resource), tried())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ResourceTry.objects.exists()
    assert not ActivityEvent.objects.filter(verb=Verb.TRIED_RESOURCE).exists()


def test_an_outsider_can_not_report_on_a_members_only_resource(
    private_community, facilitator, outsider, client
):
    resource = blog_factories.resource(
        library=blog_factories.resource_library(private_community), author=facilitator
    )
    client.force_login(outsider)
    assert client.get(try_url(resource)).status_code == 404
    assert client.post(try_url(resource), tried()).status_code == 404
    assert not ResourceTry.objects.exists()


def test_an_incomplete_report_is_shown_again_and_changes_nothing(resource, member, client):
    client.force_login(member)
    response = client.post(try_url(resource), {"recommend": "maybe", "what_happened": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ResourceTry.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.RESOURCE_TRIED).exists()


def test_a_report_links_the_reflection_it_fed_shown_to_who_may_see_it(
    resource, open_community, private_community, member, outsider, client
):
    own = blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=member,
        title="What happened with hinge questions",
    )
    someone_elses = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=resource.owner,
        title="Not mine",
    )
    client.force_login(member)
    response = client.post(try_url(resource), tried(fed_into=str(someone_elses.pk)))
    assert response.status_code == 400 and not ResourceTry.objects.exists()
    client.post(try_url(resource), tried(fed_into=str(own.pk)))
    assert ResourceTry.objects.get().fed_into_id == own.pk
    assert own.title in client.get(resource.url).content.decode()
    # The reflection is in a members-only community: an outsider sees the
    # report, not the link.
    client.force_login(outsider)
    text = client.get(resource.url).content.decode()
    assert "Misconceptions surfaced" in text and own.title not in text
