from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import pagecache
from .models import CommunityPage, School
from .selectors import community_for_page, exclude_hidden_communities


@hooks.register("before_serve_page", order=-100)
def keep_members_only_communities_private(page, request, serve_args, serve_kwargs):
    """Runs before Wagtail's own check. Inside a members-only community, anyone
    who may not see it gets a plain 404 — not a sign-in prompt that would
    confirm the page exists. The community page itself answers with its public
    face (name, purpose, how to join), which CommunityPage renders itself.
    Restrictions an editor set on a page of their own (password, sign-in)
    are left to Wagtail, which shows its password form or sign-in prompt."""
    restrictions = list(page.get_view_restrictions().select_related("page"))
    if not restrictions:
        # Open to everyone: as a visitor who is not signed in sees it, the
        # page may be kept in the anonymous page cache until its community
        # (or the site) changes.
        if pagecache.handles(request):
            community = community_for_page(page)
            pagecache.mark_public(request, community_id=community.pk if community else None)
        return None
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


# --------------------------------------------------------------------------- #
# The editor, as a teacher meets it
# --------------------------------------------------------------------------- #


def _community_of_content(page, *, new: bool = False) -> CommunityPage | None:
    """The community a page teachers write belongs to — not the community
    page itself, nor one of its section pages (which the site makes). With
    `new`, `page` is the parent a page is being added under."""
    if page is None:
        return None
    community = community_for_page(page)
    depth = page.depth + (1 if new else 0)
    if community is None or depth <= community.depth + 1:
        return None
    return community


class SubmitForReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to <workflow name>", said the way a teacher would."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        context["label"] = (
            "Send back to the facilitators"
            if state is not None and state.status == state.STATUS_NEEDS_CHANGES
            else "Submit for review by the facilitators"
        )
        return context


@hooks.register("construct_page_action_menu")
def put_the_next_step_first(menu_items, request, context):
    """The primary button is the step to take next: "Approve and Publish" for
    a facilitator reviewing a page, Publish for whoever may publish, else
    "Submit for review by the facilitators"."""
    page = context.get("page")
    if page is not None and page.pk:
        community = _community_of_content(page)
    else:
        community = _community_of_content(context.get("parent_page"), new=True)
    if community is None:
        return
    names = [item.name for item in menu_items]
    if "approve" in names:
        # A facilitator reviewing a page: approving it is the step to take.
        menu_items.insert(0, menu_items.pop(names.index("approve")))
        return
    for i, item in enumerate(menu_items):
        if item.name == "action-submit":
            menu_items[i] = SubmitForReviewMenuItem(order=item.order)
    for name in ("action-publish", "action-submit"):
        if name in names:
            index = names.index(name)
            menu_items.insert(0, menu_items.pop(index))
            return


def _drop_wagtail_messages(request) -> None:
    """Wagtail's own "Page '…' created" message (with its admin buttons) is
    not what a teacher back on the site needs; ours says what happens next."""
    storage = messages.get_messages(request)
    for _ in storage:
        pass
    storage.used = True


def _wants_json(request) -> bool:
    return not request.accepts("text/html")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def back_to_the_site(request, page):
    """After saving, submitting or publishing a page in a community, the
    writer returns to the site with a message saying what happens next —
    not to the editor's explorer."""
    community = _community_of_content(page)
    if community is None or _wants_json(request) or request.user.is_superuser:
        # (Site administrators work in the editor and keep its own flow.)
        return None
    page = Page.objects.get(pk=page.pk).specific
    _drop_wagtail_messages(request)
    state = page.current_workflow_state
    reviewing = bool(request.POST.get("action-workflow-action"))
    if reviewing:
        if page.live and not page.has_unpublished_changes:
            messages.success(request, f"Published “{page.title}”. Its writer has been told.")
        else:
            messages.success(
                request, f"Sent “{page.draft_title}” back to its writer with your comment."
            )
        return redirect("moderation", community_id=community.pk)
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        messages.success(
            request,
            f"Sent to the facilitators of {community.title}. You'll hear — here and by "
            "e-mail — when they publish it or ask for changes.",
        )
        return redirect("my_work")
    if page.live and not page.has_unpublished_changes:
        messages.success(request, f"Published. “{page.title}” is in {community.title} now.")
        return redirect(page.url)
    messages.success(
        request,
        f"Saved “{page.draft_title}” as a draft. Nobody but you (and, once you submit it, "
        "the facilitators) can see it. Carry on from here whenever you like.",
    )
    return redirect("my_work")
