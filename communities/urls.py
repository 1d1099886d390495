from django.urls import path

from . import views

urlpatterns = [
    path("community/<int:community_id>/join/", views.community_join, name="community_join"),
    path("community/<int:community_id>/leave/", views.community_leave, name="community_leave"),
    path(
        "community/<int:community_id>/co-facilitate/",
        views.facilitation_answer,
        name="facilitation_answer",
    ),
    path(
        "community/<int:community_id>/leave/confirm/",
        views.community_leave_confirm,
        name="community_leave_confirm",
    ),
    path(
        "community/<int:community_id>/members/", views.community_members, name="community_members"
    ),
    path(
        "membership/<int:membership_id>/<slug:action>/",
        views.membership_action,
        name="membership_action",
    ),
    path(
        "membership/<int:membership_id>/<slug:action>/confirm/",
        views.membership_action_confirm,
        name="membership_action_confirm",
    ),
    path("people/<slug:handle>/", views.person_detail, name="person_detail"),
    path("account/profile/", views.profile_edit, name="profile_edit"),
    path("my/record/", views.my_record, name="my_record"),
    path("my/record.csv", views.my_record_csv, name="my_record_csv"),
    path("recognition/", views.recognition_explained, name="recognition"),
    path("editor/no-access/", views.no_editor_access, name="no_editor_access"),
]
