"""Reminders timed to the cycle (frozen clock): a week before a meeting,
every member is asked to update their plan; the day after, those who came
and have no plan yet to write the next; mid-cycle, buddies without a visit
to arrange one. Each goes once — however often, and on however many
servers, the scheduler runs — and e-mail follows each member's choices,
with the one-click unsubscribe link."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.models import Notification, NotificationLevel
from blog.services import notification_preference_set
from communities import clock, factories
from communities.models import NotificationKind
from inquiries.cycle import services
from inquiries.cycle.models import ReminderKind, ReminderSent
from inquiries.cycle.reminders import due_reminders, send_cycle_reminders, send_reminder

from .cycle_helpers import NOW, at, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet(make_teacher, open_community):
    """A member who chose no e-mail from the community."""
    user = make_teacher("Quinn Quiet")
    factories.membership(user=user, community=open_community)
    notification_preference_set(user=user, community=open_community, level=NotificationLevel.NONE)
    return user


@pytest.fixture
def meetings(facilitator, open_community):
    # Tuesday 8 December and (monthly) Tuesday 12 January, 16:00.
    return schedule(facilitator, open_community, day=datetime.date(2026, 12, 8), count=2)


def run(when, django_capture_on_commit_callbacks) -> int:
    with clock.travel(when), django_capture_on_commit_callbacks(execute=True):
        return send_cycle_reminders()


def told(kind) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_a_week_before_every_member_is_asked_to_update_their_plan(
    meetings, facilitator, member, quiet, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    # The meeting is on 8 December at 16:00: the reminder is due at 16:00 on the 1st.
    assert run(at(hours=5), django_capture_on_commit_callbacks) == 0
    assert run(at(hours=7), django_capture_on_commit_callbacks) == 3
    assert told(NotificationKind.CYCLE_UPDATE_PLAN) == {facilitator.pk, member.pk, quiet.pk}
    # E-mail as each chose: the member who wants none has it in the site only.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([facilitator.email, member.email])
    mail = mailoutbox[0]
    assert "update your plan" in mail.subject
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in mail.extra_headers["List-Unsubscribe"]
    # The reminder leads to the plan it asks about, in the site and the e-mail.
    plan_page = reverse("action_plan", args=[meetings[0].community_id])
    notice = Notification.objects.filter(kind=NotificationKind.CYCLE_UPDATE_PLAN).first()
    assert notice.link == plan_page and plan_page in mail.body
    # Once: the next hourly run, and the one after, send nothing.
    assert run(at(hours=8), django_capture_on_commit_callbacks) == 0
    assert run(at(days=1), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(kind=NotificationKind.CYCLE_UPDATE_PLAN).count() == 3


def test_another_scheduler_got_there_first(
    meetings, mailoutbox, django_capture_on_commit_callbacks
):
    with clock.travel(at(hours=7)):
        (due,) = due_reminders()
        # A second server claimed it between our read and our send.
        ReminderSent.objects.create(meeting=due.meeting, kind=due.kind)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminder(due) == 0
    assert not Notification.objects.exists() and not mailoutbox


def test_the_day_after_those_who_came_without_a_plan_write_the_next(
    meetings,
    facilitator,
    member,
    quiet,
    make_teacher,
    open_community,
    django_capture_on_commit_callbacks,
):
    planned = make_teacher("Pat Planned")
    factories.membership(user=planned, community=open_community)
    services.action_plan_write(
        user=planned, community=open_community, technique="T", class_name="C", evidence="E"
    )
    with clock.travel(at(days=8)):
        services.attendance_record(
            user=facilitator, meeting=meetings[0], present={member.pk, planned.pk}
        )
    run(at(days=7, hours=23), django_capture_on_commit_callbacks)  # the morning after
    assert not told(NotificationKind.CYCLE_NEXT_PLAN)
    run(at(days=8, hours=7), django_capture_on_commit_callbacks)  # a day after it began
    assert told(NotificationKind.CYCLE_NEXT_PLAN) == {member.pk}
    notice = Notification.objects.get(kind=NotificationKind.CYCLE_NEXT_PLAN)
    assert notice.link == reverse("action_plan", args=[open_community.pk])
    run(at(days=8, hours=8), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=NotificationKind.CYCLE_NEXT_PLAN).count() == 1


def test_mid_cycle_buddies_without_a_visit_arrange_one(
    meetings,
    facilitator,
    member,
    quiet,
    make_teacher,
    open_community,
    django_capture_on_commit_callbacks,
):
    busy, idle = make_teacher("Bo Busy"), make_teacher("Ida Idle")
    for person in (busy, idle):
        factories.membership(user=person, community=open_community)
    visited = services.buddy_pair(
        user=facilitator, community=open_community, first_id=member.pk, second_id=busy.pk
    )
    services.buddy_pair(
        user=facilitator, community=open_community, first_id=quiet.pk, second_id=idle.pk
    )
    with clock.travel(at(days=10)):
        services.observation_schedule(
            user=member, pair=visited, observed_id=member.pk, focus="Hinge", visit_at=at(days=20)
        )
    # 8 December to 12 January: mid-cycle is 35/2 days after the first meeting.
    run(at(days=7 + 17), django_capture_on_commit_callbacks)
    assert not told(NotificationKind.CYCLE_BUDDY_VISIT)
    run(at(days=7 + 18), django_capture_on_commit_callbacks)
    assert told(NotificationKind.CYCLE_BUDDY_VISIT) == {quiet.pk, idle.pk}
    notice = Notification.objects.filter(kind=NotificationKind.CYCLE_BUDDY_VISIT).first()
    assert notice.link == reverse("buddies", args=[open_community.pk])


def test_reminders_run_from_cron(meetings, member, django_capture_on_commit_callbacks, capsys):
    with clock.travel(at(hours=7)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_cycle_reminders")
        call_command("send_cycle_reminders")
    out = capsys.readouterr().out
    assert "2 reminders sent." in out and "0 reminders sent." in out
    assert ReminderSent.objects.get().kind == ReminderKind.UPDATE_PLAN


def test_a_stale_reminder_is_not_sent(meetings, django_capture_on_commit_callbacks):
    assert meetings[0].starts_at > NOW
    # The scheduler was down all week: the meeting is tomorrow; no "week before".
    run(at(days=6, hours=20), django_capture_on_commit_callbacks)
    assert not Notification.objects.exists()
