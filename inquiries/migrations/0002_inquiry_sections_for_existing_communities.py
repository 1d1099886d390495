"""Every community that existed before inquiries gets its Inquiries section
(new communities create theirs when first published)."""

from django.db import migrations

from communities.sections import add_section_to_existing_communities


def add_sections(apps, schema_editor):
    add_section_to_existing_communities(
        apps, app_label="inquiries", model_name="InquiryIndexPage", title="Inquiries", slug="inquiries"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0001_initial"),
        ("communities", "0002_communitypage_hold_newcomer_replies_and_more"),
    ]

    operations = [migrations.RunPython(add_sections, migrations.RunPython.noop)]
