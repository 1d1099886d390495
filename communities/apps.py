from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: signals and receivers need the app registry ready.
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            task_approved,
            task_rejected,
            task_submitted,
        )

        from . import memo, receivers

        # One read of the sites' root paths per request, whatever the cache.
        memo.remember_site_root_paths()

        # A community sets itself up (sections, groups, privacy, workflow) each
        # time it is published, wherever the publish comes from.
        page_published.connect(receivers.community_published, dispatch_uid="community_published")
        # Publishing, unpublishing or moving any page changes what visitors
        # see (listings, menus, the page itself): the anonymous page cache
        # starts again.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(receivers.pages_changed, dispatch_uid=f"pagecache_{signal}")
        # Its facilitators hear of pages sent for review, and writers of the
        # answer — in the site and by e-mail as each chose. They replace
        # Wagtail's own workflow e-mails (which ignore those choices and carry
        # no unsubscribe link): Wagtail's admin app connected those in its
        # ready(), which ran before this one.
        receivers.stop_wagtail_workflow_emails()
        task_submitted.connect(receivers.page_submitted, dispatch_uid="staffroom_page_submitted")
        task_approved.connect(receivers.page_approved, dispatch_uid="staffroom_page_approved")
        task_rejected.connect(receivers.page_sent_back, dispatch_uid="staffroom_page_sent_back")
