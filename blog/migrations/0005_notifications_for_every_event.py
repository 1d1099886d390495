"""Notifications for every event a person would want to hear of, not only
replies: a kind (was "reason", same values for replies), the community, an
optional reply and detail, when it was e-mailed; and a weekly digest choice."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import communities.clock

KINDS = [
    ("page", "replied to your page"),
    ("reply", "answered your reply"),
    ("follow", "replied on a page you follow"),
    ("join_approved", "welcomed you into the community"),
    ("join_declined", "declined your request to join"),
    ("page_approved", "approved and published your page"),
    ("page_changes", "asked for changes to your page"),
    ("reply_approved", "approved your reply"),
    ("reply_hidden", "hid your reply"),
    ("join_requested", "asked to join"),
    ("page_submitted", "sent a page for your review"),
    ("reply_held", "wrote a first reply that waits for your review"),
    ("concern", "raised a concern"),
]


def fill_communities(apps, schema_editor):
    """Each existing notification is about a reply on a page inside a
    community; it was e-mailed when it was made."""
    Notification = apps.get_model("blog", "Notification")
    CommunityPage = apps.get_model("communities", "CommunityPage")
    communities = list(CommunityPage.objects.values_list("pk", "path"))
    for notification in Notification.objects.select_related("page"):
        community = next((pk for pk, path in communities if notification.page.path.startswith(path)), None)
        if community is None:
            notification.delete()
            continue
        notification.community_id = community
        notification.emailed_at = notification.created_at
        notification.save(update_fields=["community", "emailed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_clock"),
        ("communities", "0004_clock_and_verbs_in_use"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="notification", old_name="reason", new_name="kind"),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=16),
        ),
        migrations.AlterField(
            model_name="notification",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="reply",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="blog.reply",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="community",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="communities.communitypage",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="detail",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_communities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="communities.communitypage",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "emailed_at"], name="blog_notifi_recipie_8c8b41_idx"),
        ),
        migrations.AddField(
            model_name="notificationpreference",
            name="delivery",
            field=models.CharField(
                choices=[("now", "As it happens"), ("weekly", "In one weekly digest")],
                default="now",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="created_at",
            field=models.DateTimeField(default=communities.clock.now),
        ),
    ]
