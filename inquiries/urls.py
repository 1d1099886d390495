from django.urls import path

from . import views
from .cycle import views as cycle

urlpatterns = [
    # The TLC cycle: meetings, action plans, the calendar, buddies.
    path(
        "communities/<int:community_id>/meetings/",
        cycle.community_meetings,
        name="community_meetings",
    ),
    path("meetings/<int:meeting_id>/", cycle.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/notes/", cycle.meeting_note, name="meeting_note"),
    path("meetings/<int:meeting_id>/change/", cycle.meeting_change, name="meeting_change"),
    path("meetings/<int:meeting_id>/cancel/", cycle.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/rsvp/", cycle.meeting_rsvp, name="meeting_rsvp"),
    path(
        "meetings/<int:meeting_id>/attendance/", cycle.meeting_attendance, name="meeting_attendance"
    ),
    path("communities/<int:community_id>/action-plan/", cycle.action_plan, name="action_plan"),
    path("action-plans/<int:plan_id>/close/", cycle.action_plan_close, name="action_plan_close"),
    path(
        "action-plans/<int:plan_id>/reflection/",
        cycle.action_plan_reflection,
        name="action_plan_reflection",
    ),
    path(
        "action-plans/<int:plan_id>/inquiry/", cycle.action_plan_inquiry, name="action_plan_inquiry"
    ),
    path("communities/<int:community_id>/calendar/", cycle.calendar_page, name="meeting_calendar"),
    path(
        "communities/<int:community_id>/meetings.ics",
        cycle.calendar_public,
        name="meeting_calendar_public",
    ),
    path("calendar/<str:secret>.ics", cycle.calendar_secret, name="meeting_calendar_secret"),
    path("communities/<int:community_id>/buddies/", cycle.buddies, name="buddies"),
    path("communities/<int:community_id>/buddies/pair/", cycle.buddy_pair, name="buddy_pair"),
    path("buddies/<int:pair_id>/accept/", cycle.buddy_accept, name="buddy_accept"),
    path("buddies/<int:pair_id>/end/", cycle.buddy_end, name="buddy_end"),
    path("buddies/<int:pair_id>/visits/", cycle.observation_schedule, name="observation_schedule"),
    path("visits/<int:observation_id>/notes/", cycle.observation_notes, name="observation_notes"),
    path(
        "visits/<int:observation_id>/to-inquiry/",
        cycle.observation_to_inquiry,
        name="observation_to_inquiry",
    ),
    path("inquiries/<int:inquiry_id>/advance/", views.advance, name="inquiry_advance"),
    path("inquiries/<int:inquiry_id>/revert/", views.revert, name="inquiry_revert"),
    path("inquiries/<int:inquiry_id>/complete/", views.complete, name="inquiry_complete"),
    path("inquiries/<int:inquiry_id>/sharing/", views.sharing, name="inquiry_sharing"),
    path(
        "inquiries/<int:inquiry_id>/sharing/confirm/",
        views.sharing_confirm,
        name="inquiry_sharing_confirm",
    ),
    path("review/", views.review_overview_view, name="review"),
    path("review/export.csv", views.review_export, name="review_export"),
    path("review/inquiries/<int:inquiry_id>/", views.review_inquiry, name="review_inquiry"),
    path(
        "review/inquiries/<int:inquiry_id>/<slug:kind>/<int:file_id>/",
        views.review_file,
        name="review_file",
    ),
]
