"""One word for following a page's conversation: "follow" (was "watch")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def reasons_forward(apps, schema_editor):
    Notification = apps.get_model("blog", "Notification")
    Notification.objects.filter(reason="watch").update(reason="follow")


def reasons_backward(apps, schema_editor):
    Notification = apps.get_model("blog", "Notification")
    Notification.objects.filter(reason="follow").update(reason="watch")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_reflection_sections_for_existing_communities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="watch", name="watch_once"),
        migrations.RenameModel(old_name="Watch", new_name="Follow"),
        migrations.AlterField(
            model_name="follow",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follows",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="follow",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="followers",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="follow",
            constraint=models.UniqueConstraint(fields=("user", "page"), name="follow_once"),
        ),
        migrations.RunPython(reasons_forward, reasons_backward),
        migrations.AlterField(
            model_name="notification",
            name="reason",
            field=models.CharField(
                choices=[
                    ("page", "replied to your page"),
                    ("reply", "answered your reply"),
                    ("follow", "replied on a page you follow"),
                ],
                max_length=16,
            ),
        ),
    ]
