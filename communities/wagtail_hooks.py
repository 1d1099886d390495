from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CommunityPage, School
from .selectors import exclude_hidden_communities


@hooks.register("before_serve_page", order=-100)
def keep_members_only_communities_private(page, request, serve_args, serve_kwargs):
    """Runs before Wagtail's own check. Inside a members-only community, anyone
    who may not see it gets a plain 404 — not a sign-in prompt that would
    confirm the page exists. The community page itself answers with its public
    face (name, purpose, how to join), which CommunityPage renders itself.
    Restrictions an editor set on a page of their own (password, sign-in)
    are left to Wagtail, which shows its password form or sign-in prompt."""
    restrictions = page.get_view_restrictions().select_related("page")
    failing = [r for r in restrictions if not r.accept_request(request)]
    community_type = ContentType.objects.get_for_model(CommunityPage)
    if not any(r.page.content_type_id == community_type.pk for r in failing):
        return None
    if isinstance(page.specific, CommunityPage) and not (serve_args or serve_kwargs):
        # The page's own context leaves out everything inside for this viewer.
        return page.specific.serve(request)
    raise Http404


@hooks.register("before_serve_document", order=-100)
def keep_members_only_documents_private(document, request):
    restrictions = document.collection.get_view_restrictions()
    if not all(r.accept_request(request) for r in restrictions):
        raise Http404


@hooks.register("construct_page_chooser_queryset")
def hide_other_communities_in_chooser(pages, request):
    return exclude_hidden_communities(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def hide_other_communities_in_explorer(parent_page, pages, request):
    return exclude_hidden_communities(pages, request.user)


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "group"
    menu_label = "Schools"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "email_domain"]
    search_fields = ["name", "email_domain"]


register_snippet(SchoolViewSet)
