from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = "Inquiries"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: signals and receivers need the app registry ready.
        from wagtail.signals import page_published

        from . import receivers

        # First publication: progress starts at Scanning and the ledger counts it.
        page_published.connect(receivers.inquiry_published, dispatch_uid="inquiry_published")

        # The meeting cycle's notices lead to the page where the reader acts.
        from django.urls import reverse

        from blog.models import link_notices
        from communities.models import NotificationKind

        def action_plan(notice):
            return reverse("action_plan", args=[notice.community_id])

        def buddies(notice):
            return reverse("buddies", args=[notice.community_id])

        link_notices(NotificationKind.CYCLE_UPDATE_PLAN, action_plan)
        link_notices(NotificationKind.CYCLE_NEXT_PLAN, action_plan)

        def meeting(notice):
            # target is "inquiries.meeting:<pk>" (see services._tell_members).
            kind, _, pk = notice.target.partition(":")
            if kind == "inquiries.meeting" and pk.isdigit():
                return reverse("meeting_detail", args=[int(pk)])
            return reverse("community_meetings", args=[notice.community_id])

        link_notices(NotificationKind.CYCLE_BUDDY_VISIT, buddies)
        link_notices(NotificationKind.BUDDY_PAIR_ENDED, buddies)
        link_notices(NotificationKind.MEETING_CHANGED, meeting)
        link_notices(NotificationKind.MEETING_CANCELLED, meeting)
