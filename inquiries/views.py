"""Inquirers' actions on an inquiry, and the head teacher's review area."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_POST
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from communities.confirm import Confirmation, confirm_page, success_with_undo
from communities.exports import csv_safe
from communities.selectors import can_view_page, community_for_page

from . import services
from .charts import stage_chart
from .forms import AdvanceForm, ReviewFeedbackForm, ReviewFilterForm
from .models import InquiryPage, Stage
from .selectors import (
    can_review,
    communities_of,
    evidence_count,
    evidence_file_ids,
    is_head_teacher,
    review_feedback_for,
    review_filter_choices,
    review_overview,
    review_stage_weeks,
    school_totals,
)


def _inquiry_for_inquirer(request: HttpRequest, inquiry_id: int) -> InquiryPage:
    inquiry = get_object_or_404(InquiryPage.objects.live(), pk=inquiry_id)
    if not can_view_page(request.user, inquiry):
        raise Http404
    return inquiry


def _inquirer_action(request, inquiry_id, action, success):
    inquiry = _inquiry_for_inquirer(request, inquiry_id)
    try:
        action(inquiry)
    except services.InquiryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(inquiry.url + "#progress")


@require_POST
@login_required
def advance(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry_for_inquirer(request, inquiry_id)
    form = AdvanceForm(request.POST)
    from_stage = form.cleaned_data["from_stage"] if form.is_valid() else None
    try:
        services.inquiry_advance(
            user=request.user,
            inquiry=inquiry,
            note=request.POST.get("note", ""),
            from_stage=from_stage,
        )
    except services.InquiryError as exc:
        if exc.code == "note":
            # Shown at the note, with the cursor there — not at the top of the page.
            context = inquiry.get_context(request)
            context["advance_error"] = exc.message
            context["advance_note"] = request.POST.get("note", "")
            return render(request, inquiry.get_template(request), context, status=400)
        messages.error(request, exc.message)
    else:
        messages.success(request, "Moved on to the next stage. Your note is in the log.")
    return redirect(inquiry.url + "#progress")


@require_POST
@login_required
def revert(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    return _inquirer_action(
        request,
        inquiry_id,
        lambda i: services.inquiry_revert(
            user=request.user, inquiry=i, note=request.POST.get("note", "")
        ),
        "Went back a stage. That's logged too — inquiry is a spiral.",
    )


@require_POST
@login_required
def complete(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    return _inquirer_action(
        request,
        inquiry_id,
        lambda i: services.inquiry_complete(user=request.user, inquiry=i),
        "Inquiry completed. Well done — now share what you found.",
    )


@require_POST
@login_required
def sharing(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    shared = request.POST.get("shared") == "on"
    inquiry = _inquiry_for_inquirer(request, inquiry_id)
    try:
        services.inquiry_set_sharing(user=request.user, inquiry=inquiry, shared=shared)
    except services.InquiryError as exc:
        messages.error(request, exc.message)
    else:
        if shared:
            messages.success(request, "Shared with your school's leadership.")
        else:
            success_with_undo(
                request,
                "No longer shared with your school's leadership. They can't open it any more.",
                action=reverse("inquiry_sharing", args=[inquiry.pk]),
                fields={"shared": "on"},
                label="Undo — share it again",
            )
    return redirect(inquiry.url + "#progress")


@require_GET
@login_required
def sharing_confirm(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    """Stopping sharing takes the inquiry away from the head teachers at once;
    it is asked first."""
    inquiry = _inquiry_for_inquirer(request, inquiry_id)
    if not services.inquirer_rights(user=request.user, inquiry=inquiry).can_share:
        raise PermissionDenied
    return confirm_page(
        request,
        Confirmation(
            title="Stop sharing with your school's leadership?",
            action=reverse("inquiry_sharing", args=[inquiry.pk]),
            cancel=inquiry.url + "#progress",
            button="Stop sharing",
            explanation=[
                "Your head teachers will no longer be able to open this inquiry, its "
                "evidence or its log — from now on. Their feedback so far stays with you.",
                "You can share it again at any time.",
            ],
            danger=False,
        ),
    )


# --------------------------------------------------------------------------- #
# Review area — head teachers only
# --------------------------------------------------------------------------- #


def _head_teacher_only(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not is_head_teacher(request.user):
        raise PermissionDenied


def _private(response: HttpResponse) -> HttpResponse:
    # What a head teacher sees depends on consent that can be withdrawn at
    # any moment: nothing of it may be cached.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@require_GET
@login_required
def review_overview_view(request: HttpRequest) -> HttpResponse:
    _head_teacher_only(request)
    form = ReviewFilterForm(request.GET)
    page_obj = Paginator(review_overview(request.user, **form.filters()), 25).get_page(
        form.value("page")
    )
    _with_card_data(list(page_obj))
    return _private(
        render(
            request,
            "inquiries/review/overview.html",
            {
                "inquiries": page_obj,
                "filters": form.filters(),
                "extra_query": form.query_string(),
                "stages": Stage.choices,
                "choices": review_filter_choices(request.user),
                "totals": school_totals(request.user),
                "chart": stage_chart(review_stage_weeks(request.user)),
            },
        )
    )


def _with_card_data(inquiries: list[InquiryPage]) -> None:
    """Each row's community and evidence count, for the overview and the export."""
    communities = communities_of(inquiries)
    for inquiry in inquiries:
        inquiry.community = communities[inquiry.pk]
        inquiry.evidence_total = evidence_count(inquiry)


@require_GET
@login_required
def review_export(request: HttpRequest) -> HttpResponse:
    _head_teacher_only(request)
    inquiries = list(review_overview(request.user, **ReviewFilterForm(request.GET).filters()))
    _with_card_data(inquiries)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staffroom-inquiries.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Inquiry",
            "Question",
            "Stage",
            "Inquirers",
            "Community",
            "Subject",
            "Last update",
            "Evidence",
            "Replies",
            "Shared with leadership",
            "URL",
        ]
    )
    for inquiry in inquiries:
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    inquiry.title,
                    inquiry.question,
                    inquiry.progress.get_stage_display(),
                    "; ".join(str(getattr(p, "profile", p)) for p in inquiry.inquirers()),
                    inquiry.community.title if inquiry.community else "",
                    inquiry.subject,
                    inquiry.last_update.date().isoformat() if inquiry.last_update else "",
                    inquiry.evidence_total,
                    inquiry.reply_count,
                    "yes" if inquiry.progress.shared_with_leadership else "public community",
                    request.build_absolute_uri(f"/review/inquiries/{inquiry.pk}/"),
                )
            ]
        )
    return _private(response)


def _reviewable(request: HttpRequest, inquiry_id: int) -> InquiryPage:
    _head_teacher_only(request)
    inquiry = InquiryPage.objects.live().filter(pk=inquiry_id).first()
    # Not shared (or consent withdrawn) looks exactly like not there.
    if inquiry is None or not can_review(request.user, inquiry):
        raise Http404
    return inquiry


@login_required
def review_inquiry(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _reviewable(request, inquiry_id)
    form = ReviewFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_feedback_post(
                    user=request.user, inquiry=inquiry, body=form.cleaned_data["body"]
                )
            except services.InquiryError as exc:
                form.add_error("body", exc.message)
            else:
                messages.success(request, "Your feedback is sent to the inquirers.")
                return redirect("review_inquiry", inquiry_id=inquiry.pk)
        status = 400
    context = inquiry.detail_context(request.user)
    context.update(
        {
            "inquiry": inquiry,
            "form": form,
            "feedback": review_feedback_for(request.user, inquiry),
        }
    )
    return _private(render(request, "inquiries/review/inquiry.html", context, status=status))


@require_GET
@login_required
def review_file(request: HttpRequest, inquiry_id: int, kind: str, file_id: int) -> HttpResponse:
    """An evidence file of a shared inquiry, for its head teachers: reached
    through the same consent check, and only if the inquiry's evidence uses it."""
    inquiry = _reviewable(request, inquiry_id)
    if kind not in ("image", "document") or file_id not in evidence_file_ids(inquiry)[kind]:
        raise Http404
    model = get_image_model() if kind == "image" else get_document_model()
    item = get_object_or_404(model.objects.select_related("collection"), pk=file_id)
    # The inquirers' consent covers their own community's files. A file from
    # another members-only community (its id can be put in evidence by hand)
    # is not theirs to share.
    community = community_for_page(inquiry)
    if item.collection.get_view_restrictions() and (
        community is None or item.collection_id != community.collection_id
    ):
        raise Http404
    if kind == "image":
        rendition = item.get_rendition("max-1200x1200")
        rendition.file.open("rb")
        response = FileResponse(rendition.file)
    else:
        item.file.open("rb")
        response = FileResponse(item.file, as_attachment=True, filename=item.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return _private(response)
