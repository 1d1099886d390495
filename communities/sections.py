"""Giving existing communities a new section from a data migration.

New communities create their sections when first published
(services.community_create_sections). When a content app adds a section type
later, its data migration calls `add_section_to_existing_communities` so
communities made before it get the section too. It works on the migration's
historical models, which know nothing of treebeard; the tree paths come from
treebeard's own path helpers (Wagtail's pages use its default alphabet and
step length), so they are exactly what `add_child` would have written.
"""

from treebeard.mp_tree import MP_Node


def add_section_to_existing_communities(
    apps, *, app_label: str, model_name: str, title: str, slug: str
) -> int:
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    CommunityPage = apps.get_model("communities.CommunityPage")
    Section = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )

    added = 0
    for community in CommunityPage.objects.order_by("path"):
        children = Page.objects.filter(path__startswith=community.path, depth=community.depth + 1)
        if children.filter(content_type=content_type).exists():
            continue
        last = children.order_by("-path").values_list("path", flat=True).first()
        step = MP_Node._str2int(last[-MP_Node.steplen :]) + 1 if last else 1
        taken = set(children.values_list("slug", flat=True))
        unique_slug, n = slug, 1
        while unique_slug in taken:
            n += 1
            unique_slug = f"{slug}-{n}"
        Section.objects.create(
            title=title,
            draft_title=title,
            slug=unique_slug,
            content_type=content_type,
            path=MP_Node._get_path(community.path, community.depth + 1, step),
            depth=community.depth + 1,
            numchild=0,
            url_path=f"{community.url_path}{unique_slug}/",
            locale_id=community.locale_id,
            live=community.live,
            owner_id=community.owner_id,
        )
        # Counted afresh after the insert.
        Page.objects.filter(pk=community.pk).update(numchild=children.count())
        added += 1
    return added
