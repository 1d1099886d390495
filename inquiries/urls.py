from django.urls import path

from . import views

urlpatterns = [
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
