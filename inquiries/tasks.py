from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from communities.mail import header_text, send_each
from communities.selectors import can_view_page

from .models import ReviewFeedback


@task()
def send_review_feedback(feedback_id: int) -> int:
    """E-mail a head teacher's review feedback to the inquirers who can
    still see their inquiry."""
    feedback = (
        ReviewFeedback.objects.select_related("inquiry", "author__profile", "school")
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        return 0
    inquiry = feedback.inquiry
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    messages = []
    for person in inquiry.inquirers():
        if not person.email or not can_view_page(person, inquiry):
            continue
        context = {
            "feedback": feedback,
            "inquiry": inquiry,
            "author": getattr(feedback.author, "profile", feedback.author),
            "url": base + inquiry.url + "#review-feedback",
            "settings_url": base + reverse("profile_edit"),
        }
        subject = f"Feedback from {feedback.school.name} on “{inquiry.title}”"
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + header_text(subject),
            body=render_to_string("inquiries/email/review_feedback.txt", context),
            to=[person.email],
        )
        messages.append((f"review feedback {feedback.pk} for user {person.pk}", message))
    # One inquirer's failure never stops the others' (each is logged to resend).
    return len(messages) - len(send_each(messages))
