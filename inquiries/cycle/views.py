"""Pages of the TLC cycle: a community's meetings, one meeting with its
agenda (notes, who comes, the "how's it going?" report-back, the next plans),
a member's action plan, the calendar link, and buddies.

A community the viewer may not look inside does not exist for them (404);
an action they may not take is refused (403) — and never offered."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from communities.models import CommunityPage
from communities.selectors import can_view_inside

from . import selectors, services
from .calendar import community_calendar
from .forms import (
    ActionPlanForm,
    AttendanceForm,
    CancelForm,
    InquiryChoiceForm,
    MeetingChangeForm,
    NoteForm,
    NotesForm,
    ObservationForm,
    PairForm,
    ProposeForm,
    ReportForm,
    RsvpForm,
    ScheduleForm,
)
from .models import ActionPlan, BuddyPair, CalendarLink, Meeting

# --------------------------------------------------------------------------- #
# Lookups: what the viewer may not see is not there
# --------------------------------------------------------------------------- #


def _community(request: HttpRequest, community_id: int) -> CommunityPage:
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    if not can_view_inside(request.user, community):
        raise Http404
    return community


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("community"), pk=meeting_id, community__live=True
    )
    if not can_view_inside(request.user, meeting.community):
        raise Http404
    return meeting


def _own_plan(request: HttpRequest, plan_id: int) -> ActionPlan:
    plan = get_object_or_404(
        ActionPlan.objects.select_related("community"), pk=plan_id, community__live=True
    )
    if plan.author_id != request.user.pk:
        # Someone else's plan: members of the community are refused, anyone
        # else never learns it exists.
        if services.community_rights(user=request.user, community=plan.community).is_member:
            raise PermissionDenied
        raise Http404
    return plan


def _error(request: HttpRequest, exc: services.CycleError) -> None:
    messages.error(request, exc.message)


# --------------------------------------------------------------------------- #
# Meetings
# --------------------------------------------------------------------------- #


def community_meetings(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's meetings; facilitators schedule them here."""
    community = _community(request, community_id)
    rights = services.community_rights(user=request.user, community=community)
    form = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated or not rights.can_schedule:
            raise PermissionDenied
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                created = services.meeting_schedule(
                    user=request.user, community=community, **form.cleaned_data
                )
            except services.CycleError as exc:
                form.add_error(None, exc.message)
            else:
                rule = services.describe_rule(timezone.localdate(created[0].starts_at))
                what = f"{len(created)} meetings, on {rule}" if len(created) > 1 else "The meeting"
                messages.success(request, f"{what} — scheduled.")
                return redirect("community_meetings", community.pk)
        status = 400
    elif rights.can_schedule:
        form = ScheduleForm()
    meetings = selectors.meetings_visible_to(request.user, community)
    return render(
        request,
        "inquiries/cycle/meetings.html",
        {
            "community": community,
            "rights": rights,
            "form": form,
            "upcoming": list(meetings.upcoming()[:12]),
            "past": selectors.community_meetings(
                user=request.user, community=community, past=24
            ).past,
            "public_feed": not community.is_members_only,
        },
        status=status,
    )


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    user = request.user
    community = meeting.community
    rights = services.meeting_rights(user=user, meeting=meeting)
    notes = selectors.meeting_notes(meeting)
    attendance = selectors.attendance_of(meeting)
    context = {
        "meeting": meeting,
        "community": community,
        "rights": rights,
        "agenda": [
            {
                "part": part,
                "body": body,
                "form": NoteForm(initial={"part": part.value, "body": body})
                if rights.can_edit_notes
                else None,
            }
            for part, body in notes
        ],
        "coming": sum(1 for a in attendance.values() if a.rsvp == "yes"),
        "my_rsvp": attendance[user.pk].rsvp
        if user.is_authenticated and user.pk in attendance
        else "",
    }
    if rights.can_change:
        context["change_form"] = forms.get("change_form") or MeetingChangeForm.for_meeting(meeting)
        context["cancel_form"] = forms.get("cancel_form") or CancelForm()
    # A cancelled meeting has no report-back or planning of its own.
    if rights.can_see_plans and not rights.is_cancelled:
        attending = selectors.attending_user_ids(meeting, attendance)
        prefill = selectors.open_plans_of(
            community=community, user_ids=attending, brought_to=meeting
        )
        for plan in prefill:
            plan.is_mine = plan.author_id == user.pk
        context["prefill"] = prefill
        context["reports"] = selectors.reports_at(meeting)
        mine = selectors.open_plan_for(user, community)
        context["my_plan"] = mine
        context["report_form"] = forms.get("report_form") or ReportForm()
        if mine is None and rights.can_write_plan:
            context["plan_form"] = forms.get("plan_form") or ActionPlanForm()
    if rights.can_record_attendance:
        members = selectors.active_members(community)
        context["attendance_form"] = AttendanceForm(
            members=members,
            initial={"present": sorted(selectors.attending_user_ids(meeting, attendance))},
        )
    return context


def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return render(request, "inquiries/cycle/meeting.html", _meeting_context(request, meeting))


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


@require_POST
@login_required
def meeting_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not services.meeting_rights(user=request.user, meeting=meeting).can_edit_notes:
        raise PermissionDenied
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Those notes could not be saved: choose a part of the agenda.")
        return _back(meeting)
    services.meeting_note_set(user=request.user, meeting=meeting, **form.cleaned_data)
    messages.success(request, "Notes saved.")
    return _back(meeting, f"part-{form.cleaned_data['part']}")


def _unchangeable(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """Refuse a change to this meeting: 403 to anyone but its facilitators;
    to them, when it is past or cancelled, the reason, back on its page."""
    rights = services.meeting_rights(user=request.user, meeting=meeting)
    if not rights.can_facilitate:
        raise PermissionDenied
    if not rights.can_change:
        messages.error(request, services.change_refusal(rights))
        return _back(meeting)
    return None


@require_POST
@login_required
def meeting_change(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A facilitator moves an upcoming meeting or changes where it is."""
    meeting = _meeting(request, meeting_id)
    refused = _unchangeable(request, meeting)
    if refused:
        return refused
    form = MeetingChangeForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_change(user=request.user, meeting=meeting, **form.cleaned_data)
        except services.CycleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The meeting is changed; the members are told.")
            return _back(meeting)
    context = _meeting_context(request, meeting, change_form=form)
    return render(request, "inquiries/cycle/meeting.html", context, status=400)


@require_POST
@login_required
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A facilitator cancels an upcoming meeting, with a reason if they like."""
    meeting = _meeting(request, meeting_id)
    refused = _unchangeable(request, meeting)
    if refused:
        return refused
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                user=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except services.CycleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The meeting is cancelled; the members are told.")
            return _back(meeting)
    context = _meeting_context(request, meeting, cancel_form=form)
    return render(request, "inquiries/cycle/meeting.html", context, status=400)


@require_POST
@login_required
def meeting_rsvp(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not services.meeting_rights(user=request.user, meeting=meeting).can_rsvp:
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if form.is_valid():
        services.meeting_rsvp(user=request.user, meeting=meeting, rsvp=form.cleaned_data["rsvp"])
        messages.success(request, "Thanks — the facilitators know.")
    return _back(meeting, "rsvp")


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not services.meeting_rights(user=request.user, meeting=meeting).can_record_attendance:
        raise PermissionDenied
    form = AttendanceForm(request.POST, members=selectors.active_members(meeting.community))
    if not form.is_valid():
        messages.error(request, "Choose from the community's members.")
        return _back(meeting, "attendance")
    present = services.attendance_record(
        user=request.user, meeting=meeting, present=set(form.cleaned_data["present"])
    )
    messages.success(request, f"Attendance recorded: {len(present)} came.")
    return _back(meeting, "attendance")


# --------------------------------------------------------------------------- #
# Action plans
# --------------------------------------------------------------------------- #


def _plan_meeting(request: HttpRequest, community: CommunityPage) -> Meeting | None:
    """The meeting a plan form was sent from (a hidden field), if any."""
    try:
        meeting_id = int(request.POST.get("meeting", ""))
    except ValueError:
        return None
    return Meeting.objects.scheduled().filter(pk=meeting_id, community=community).first()


def action_plan(request: HttpRequest, community_id: int) -> HttpResponse:
    """A member's action plan in a community: the open one (to close with a
    report) or a form for the next, and the thread of earlier ones."""
    community = _community(request, community_id)
    rights = services.community_rights(user=request.user, community=community)
    if not rights.is_member:
        if request.method == "POST":
            raise PermissionDenied
        raise Http404
    plan_form = ActionPlanForm()
    status = 200
    if request.method == "POST":
        plan_form = ActionPlanForm(request.POST)
        meeting = _plan_meeting(request, community)
        if plan_form.is_valid():
            try:
                services.action_plan_write(
                    user=request.user,
                    community=community,
                    meeting=meeting,
                    **plan_form.cleaned_data,
                )
            except services.CycleError as exc:
                plan_form.add_error(None, exc.message)
                _error(request, exc)
            else:
                messages.success(request, "Your action plan is written. Good luck with it!")
                if meeting is not None:
                    return _back(meeting, "action-planning")
                return redirect("action_plan", community.pk)
        if meeting is not None:
            context = _meeting_context(request, meeting, plan_form=plan_form)
            return render(request, "inquiries/cycle/meeting.html", context, status=400)
        status = 400
    my_plan = selectors.open_plan_for(request.user, community)
    return render(
        request,
        "inquiries/cycle/plan.html",
        {
            "community": community,
            "my_plan": my_plan,
            "plan_form": plan_form if my_plan is None else None,
            "report_form": ReportForm(),
            "history": [
                p
                for p in selectors.plans_of(person=request.user, viewer=request.user)
                if p.community_id == community.pk and not p.is_open
            ],
            "inquiries": services.inquiries_for_updates(request.user, community),
        },
        status=status,
    )


@require_POST
@login_required
def action_plan_close(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _own_plan(request, plan_id)
    meeting = _plan_meeting(request, plan.community)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.action_plan_close(
                user=request.user, plan=plan, meeting=meeting, **form.cleaned_data
            )
        except services.CycleError as exc:
            _error(request, exc)
        else:
            messages.success(request, "Thanks for reporting back. Now plan your next step.")
            if meeting is not None:
                return _back(meeting, "action-planning")
            return redirect("action_plan", plan.community_id)
    if meeting is not None:
        context = _meeting_context(request, meeting, report_form=form)
        return render(request, "inquiries/cycle/meeting.html", context, status=400)
    messages.error(request, "Say what happened, and what you will keep or change.")
    return redirect("action_plan", plan.community_id)


@require_POST
@login_required
def action_plan_reflection(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _own_plan(request, plan_id)
    try:
        page = services.action_plan_to_reflection(user=request.user, plan=plan)
    except services.CycleError as exc:
        _error(request, exc)
        return redirect("action_plan", plan.community_id)
    messages.success(request, "Your report is a draft reflection: finish it and publish it.")
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
@login_required
def action_plan_inquiry(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _own_plan(request, plan_id)
    form = InquiryChoiceForm(
        request.POST, inquiries=services.inquiries_for_updates(request.user, plan.community)
    )
    if not form.is_valid():
        messages.error(request, "Choose one of your inquiries in this community.")
        return redirect("action_plan", plan.community_id)
    try:
        update = services.action_plan_to_inquiry(
            user=request.user, plan=plan, inquiry_id=form.cleaned_data["inquiry"]
        )
    except services.CycleError as exc:
        _error(request, exc)
        return redirect("action_plan", plan.community_id)
    messages.success(request, "Your report is in your inquiry's log.")
    return redirect(update.inquiry.url + "#progress")


# --------------------------------------------------------------------------- #
# The calendar: a feed to subscribe to
# --------------------------------------------------------------------------- #


def _ics(community: CommunityPage, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        community_calendar(community, base=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{community.slug}.ics"'
    response["Cache-Control"] = "private, no-store" if community.is_members_only else "max-age=900"
    return response


def calendar_page(request: HttpRequest, community_id: int) -> HttpResponse:
    """How to subscribe: the public feed, or — for members — a personal
    secret link, which they may reset."""
    community = _community(request, community_id)
    rights = services.community_rights(user=request.user, community=community)
    if request.method == "POST":
        if not rights.is_member:
            raise PermissionDenied
        services.calendar_link_reset(user=request.user, community=community)
        messages.success(request, "Your calendar link is new; the old one no longer works.")
        return redirect("meeting_calendar", community.pk)
    link = None
    if rights.is_member:
        link = services.calendar_link_for(user=request.user, community=community)
    elif community.is_members_only:
        raise Http404
    response = render(
        request,
        "inquiries/cycle/calendar.html",
        {
            "community": community,
            "rights": rights,
            "personal_url": request.build_absolute_uri(
                reverse("meeting_calendar_secret", args=[link.secret])
            )
            if link
            else "",
            "public_url": ""
            if community.is_members_only
            else request.build_absolute_uri(
                reverse("meeting_calendar_public", args=[community.pk])
            ),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_public(request: HttpRequest, community_id: int) -> HttpResponse:
    """A public community's meetings, for anyone's calendar."""
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    if community.is_members_only:
        raise Http404
    return _ics(community, request)


def calendar_secret(request: HttpRequest, secret: str) -> HttpResponse:
    """A member's personal feed: the secret stands for them, for as long as
    they are a member and have not reset it."""
    link = CalendarLink.objects.select_related("user", "community").filter(secret=secret).first()
    if link is None or not link.user.is_active:
        raise Http404
    if not services.community_rights(user=link.user, community=link.community).is_member:
        raise Http404
    return _ics(link.community, request)


# --------------------------------------------------------------------------- #
# Buddies
# --------------------------------------------------------------------------- #


def buddies(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    rights = services.community_rights(user=request.user, community=community)
    if not rights.is_member:
        raise Http404
    user = request.user
    members = selectors.active_members(community)
    others = [m for m in members if m.user_id != user.pk]
    pairs = selectors.pairs_of(user, community)
    for pair in pairs:
        pair.buddy = pair.second if pair.first_id == user.pk else pair.first
        pair.waiting_for_me = not pair.is_active and pair.proposed_by_id != user.pk
        pair.visits = selectors.observations_for(user, pair)
        for visit in pair.visits:
            visit.notes_form = NotesForm(
                initial={"notes": visit.notes, "completed": visit.is_completed}
            )
            visit.can_move = (
                visit.observed_id == user.pk and visit.notes and not visit.moved_to_inquiry_id
            )
        pair.observation_form = ObservationForm() if pair.is_active else None
        pair.can_end = services.can_end_pair(user, pair)
    return render(
        request,
        "inquiries/cycle/buddies.html",
        {
            "community": community,
            "rights": rights,
            "pairs": pairs,
            "propose_form": ProposeForm(members=others) if others else None,
            "pair_form": PairForm(members=members) if rights.can_facilitate else None,
            "all_pairs": _endable(user, selectors.active_pairs(community))
            if rights.can_facilitate
            else None,
            "inquiries": services.inquiries_for_updates(user, community),
        },
    )


def _endable(user, pairs: list[BuddyPair]) -> list[BuddyPair]:
    for pair in pairs:
        pair.can_end = services.can_end_pair(user, pair)
    return pairs


@require_POST
@login_required
def buddy_pair(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    rights = services.community_rights(user=request.user, community=community)
    if not rights.is_member:
        raise PermissionDenied
    members = selectors.active_members(community)
    if "colleague" in request.POST:
        form = ProposeForm(request.POST, members=members)
        ids = (request.user.pk, form.cleaned_data["colleague"]) if form.is_valid() else None
    else:
        if not rights.can_facilitate:
            raise PermissionDenied
        form = PairForm(request.POST, members=members)
        ids = (form.cleaned_data["first"], form.cleaned_data["second"]) if form.is_valid() else None
    if ids is None:
        messages.error(request, "Choose members of the community.")
        return redirect("buddies", community.pk)
    try:
        pair = services.buddy_pair(
            user=request.user, community=community, first_id=ids[0], second_id=ids[1]
        )
    except services.CycleError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            "You are buddies." if pair.is_active else "Proposed — your colleague will agree here.",
        )
    return redirect("buddies", community.pk)


def _my_pair(request: HttpRequest, pair_id: int) -> BuddyPair:
    pair = get_object_or_404(BuddyPair.objects.select_related("community"), pk=pair_id)
    if not pair.includes(request.user.pk) or not pair.community.live:
        raise Http404
    return pair


@require_POST
@login_required
def buddy_accept(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _my_pair(request, pair_id)
    try:
        services.buddy_accept(user=request.user, pair=pair)
    except services.CycleError as exc:
        _error(request, exc)
    else:
        messages.success(request, "You are buddies.")
    return redirect("buddies", pair.community_id)


@require_POST
@login_required
def buddy_end(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Either buddy, or a facilitator of the community, ends a pairing."""
    pair = get_object_or_404(
        BuddyPair.objects.select_related("community"), pk=pair_id, community__live=True
    )
    rights = services.community_rights(user=request.user, community=pair.community)
    if not pair.includes(request.user.pk) and not rights.can_facilitate:
        # Members may know pairs exist (facilitators list them); anyone
        # else never learns of one.
        if rights.is_member:
            raise PermissionDenied
        raise Http404
    try:
        services.buddy_end(user=request.user, pair=pair)
    except services.CycleError as exc:
        _error(request, exc)
    else:
        messages.success(request, "The pairing has ended; the visits written stay.")
    return redirect("buddies", pair.community_id)


@require_POST
@login_required
def observation_schedule(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _my_pair(request, pair_id)
    form = ObservationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the visit a date and a time.")
        return redirect("buddies", pair.community_id)
    data = form.cleaned_data
    observed = request.user.pk if data["observed"] == "me" else pair.other(request.user.pk)
    visit_at = datetime.datetime.combine(
        data["day"], data["time"], tzinfo=timezone.get_current_timezone()
    )
    try:
        services.observation_schedule(
            user=request.user,
            pair=pair,
            observed_id=observed,
            focus=data["focus"],
            visit_at=visit_at,
        )
    except services.CycleError as exc:
        _error(request, exc)
    else:
        messages.success(request, "The visit is in both your diaries.")
    return redirect("buddies", pair.community_id)


def _my_observation(request: HttpRequest, observation_id: int):
    observation = selectors.observation_for(request.user, observation_id)
    if observation is None:
        raise Http404
    return observation


@require_POST
@login_required
def observation_notes(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _my_observation(request, observation_id)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.observation_notes(user=request.user, observation=observation, **form.cleaned_data)
        messages.success(request, "Notes saved — for the two of you only.")
    return redirect(
        reverse("buddies", args=[observation.pair.community_id]) + f"#visit-{observation.pk}"
    )


@require_POST
@login_required
def observation_to_inquiry(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _my_observation(request, observation_id)
    if observation.observed_id != request.user.pk:
        raise PermissionDenied
    community = observation.pair.community
    form = InquiryChoiceForm(
        request.POST, inquiries=services.inquiries_for_updates(request.user, community)
    )
    if not form.is_valid():
        messages.error(request, "Choose one of your inquiries in this community.")
        return redirect("buddies", community.pk)
    try:
        inquiry = services.observation_to_inquiry(
            user=request.user, observation=observation, inquiry_id=form.cleaned_data["inquiry"]
        )
    except services.CycleError as exc:
        _error(request, exc)
        return redirect("buddies", community.pk)
    messages.success(
        request, "The notes are in your inquiry's draft as evidence: check and publish it."
    )
    return redirect("wagtailadmin_pages:edit", inquiry.pk)
