"""Every community that existed before the resource library gets its
Resources section (new communities create theirs when first published)."""

from django.db import migrations

from communities.sections import add_section_to_existing_communities


def add_sections(apps, schema_editor):
    add_section_to_existing_communities(
        apps,
        app_label="blog",
        model_name="ResourceLibraryPage",
        title="Resources",
        slug="resources",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_resources"),
    ]

    operations = [migrations.RunPython(add_sections, migrations.RunPython.noop)]
