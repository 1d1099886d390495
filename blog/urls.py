from django.urls import path

from . import views, views_resources

urlpatterns = [
    path("replies/page/<int:page_id>/", views.reply_create, name="reply_create"),
    path("replies/page/<int:page_id>/follow/", views.follow, name="page_follow"),
    path("replies/page/<int:page_id>/report/", views.report, name="report"),
    path("replies/<int:reply_id>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path(
        "replies/<int:reply_id>/delete/confirm/",
        views.reply_delete_confirm,
        name="reply_delete_confirm",
    ),
    path(
        "replies/<int:reply_id>/changed-my-practice/",
        views.reply_changed_practice,
        name="reply_changed_practice",
    ),
    path("replies/<int:reply_id>/<slug:action>/", views.reply_moderate, name="reply_moderate"),
    path("appreciate/", views.appreciate, name="appreciate"),
    path("community/<int:community_id>/moderation/", views.moderation, name="moderation"),
    path("reports/<int:report_id>/resolve/", views.report_resolve, name="report_resolve"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("people/<slug:handle>/feed/", views.person_feed, name="person_feed"),
    path(
        "people/<slug:handle>/subscribe/",
        views.person_feed_subscribe,
        name="person_feed_subscribe",
    ),
    path("resources/<int:resource_id>/tried/", views_resources.resource_try, name="resource_try"),
    path(
        "resources/<int:resource_id>/adapt/", views_resources.resource_adapt, name="resource_adapt"
    ),
    path(
        "resources/<int:resource_id>/feature/",
        views_resources.resource_feature,
        name="resource_feature",
    ),
    path(
        "resources/<int:resource_id>/archive/",
        views_resources.resource_archive,
        name="resource_archive",
    ),
    path(
        "resources/<int:resource_id>/restore/",
        views_resources.resource_restore,
        name="resource_restore",
    ),
    path(
        "resources/<int:resource_id>/collect/",
        views_resources.collection_add,
        name="resource_collect",
    ),
    path(
        "resources/library/<int:library_id>/collections/new/",
        views_resources.collection_create,
        name="collection_create",
    ),
    path(
        "resources/collections/<int:collection_id>/edit/",
        views_resources.collection_edit,
        name="collection_edit",
    ),
    path(
        "resources/collections/<int:collection_id>/delete/",
        views_resources.collection_delete,
        name="collection_delete",
    ),
    path(
        "resources/collections/items/<int:item_id>/<slug:action>/",
        views_resources.collection_item,
        name="collection_item",
    ),
]
