"""Thin views: read through selectors, write through services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.account.views import login as allauth_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.views.home import HomeView
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_document_serve
from wagtail.images.utils import verify_signature
from wagtail.images.views.serve import ServeView
from wagtail.models import Page

from . import pagecache, services
from .activity import collapse
from .confirm import Confirmation, confirm_page, success_with_undo
from .exports import csv_response
from .forms import JoinRequestForm, PageNumberForm, ProfileForm
from .models import CommunityPage, Membership, Profile, Strand
from .recognition import STRAND_MEANINGS
from .selectors import (
    activity_visible_to,
    can_facilitate,
    can_view_inside,
    community_people,
    exclude_hidden_communities,
    forget_memberships,
    membership_for,
    recognition_of,
)


def _community(pk: int) -> CommunityPage:
    return get_object_or_404(CommunityPage.objects.live(), pk=pk)


def _back(request: HttpRequest, community: CommunityPage) -> HttpResponse:
    return redirect(community.url)


@require_POST
@login_required
def community_join(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(community_id)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Your note to the facilitators is too long — please keep it under 500 characters.",
        )
        return _back(request, community)
    message = form.cleaned_data["message"]
    try:
        membership = services.membership_join(
            user=request.user, community=community, message=message
        )
    except services.MembershipError as error:
        messages.error(request, error.message)
    else:
        if membership.is_active:
            messages.success(request, f"Welcome to {community.title}.")
        else:
            messages.success(
                request,
                f"Your request to join {community.title} is with its facilitators. "
                "You'll be let in as soon as one of them approves it.",
            )
    return _back(request, community)


@require_POST
@login_required
def community_leave(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(community_id)
    membership = membership_for(request.user, community)
    try:
        services.membership_leave(user=request.user, community=community)
    except services.MembershipError as error:
        messages.error(request, error.message)
    else:
        if membership and membership.is_active and community.is_open:
            success_with_undo(
                request,
                f"You have left {community.title}.",
                action=reverse("community_join", args=[community.pk]),
                label="Undo — rejoin",
            )
        elif membership and membership.is_active:
            messages.success(
                request,
                f"You have left {community.title}. To come back, ask to join again and a "
                "facilitator will let you in.",
            )
        else:
            messages.success(request, "Your request to join has been withdrawn.")
    return _back(request, community)


@require_POST
@login_required
def facilitation_answer(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(community_id)
    accept = request.POST.get("answer") == "yes"
    try:
        services.membership_answer_invitation(user=request.user, community=community, accept=accept)
    except services.MembershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You facilitate {community.title} now. Thank you."
            if accept
            else "Thank you for letting them know. The invitation is closed.",
        )
    return _back(request, community)


@require_GET
@login_required
def community_leave_confirm(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(community_id)
    membership = membership_for(request.user, community)
    if membership is None or not membership.is_active:
        return redirect(community.url)
    explanation = [
        "You will no longer see its members' conversations"
        + (", reflections or inquiries." if community.is_members_only else " as a member.")
        + " What you wrote stays in the community.",
    ]
    if not community.is_open:
        explanation.append("To come back you will need to ask again.")
    return confirm_page(
        request,
        Confirmation(
            title=f"Leave {community.title}?",
            action=reverse("community_leave", args=[community.pk]),
            cancel=community.url,
            button="Leave the community",
            explanation=explanation,
        ),
    )


MEMBERSHIP_ACTIONS: dict[str, tuple[Callable, str]] = {
    "approve": (services.membership_approve, "{name} is now a member."),
    "decline": (services.membership_decline, "{name}'s request was declined."),
    "remove": (services.membership_remove, "{name} was removed from the community."),
    "make-facilitator": (
        services.membership_make_facilitator,
        "{name} now facilitates the community.",
    ),
    "step-down": (services.membership_step_down, "{name} is no longer a facilitator."),
    "invite-to-facilitate": (
        services.membership_invite_to_facilitate,
        "{name} is invited to co-facilitate; they'll find the invitation on the community's page.",
    ),
}


@require_POST
@login_required
def membership_action(request: HttpRequest, membership_id: int, action: str) -> HttpResponse:
    if action not in MEMBERSHIP_ACTIONS:
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("community", "user__profile"), pk=membership_id
    )
    community = membership.community
    if not can_view_inside(request.user, community) and not can_facilitate(request.user, community):
        raise Http404
    service, success = MEMBERSHIP_ACTIONS[action]
    name = str(getattr(membership.user, "profile", membership.user))
    try:
        service(actor=request.user, membership=membership)
    except services.MembershipError as error:
        messages.error(request, error.message)
    else:
        undo = UNDO.get(action)
        if undo and membership.user_id != request.user.pk:
            success_with_undo(
                request,
                success.format(name=name),
                action=reverse("membership_action", args=[membership.pk, undo]),
                fields={"next": request.POST.get("next", "")},
            )
        else:
            messages.success(request, success.format(name=name))
    forget_memberships(request.user)
    next_url = request.POST.get("next")
    if next_url == "members" and can_facilitate(request.user, community):
        return redirect("community_members", community_id=community.pk)
    return _back(request, community)


# Reversible membership actions, and the action that reverses each.
UNDO = {"make-facilitator": "step-down", "step-down": "make-facilitator"}

CONFIRMATIONS = {
    "remove": (
        "Remove {name} from {community}?",
        "Remove {name}",
        [
            "They will no longer see the community's members-only work or take part. "
            "What they wrote stays. They can ask to join again.",
        ],
    ),
    "make-facilitator": (
        "Make {name} a facilitator of {community}?",
        "Make {name} a facilitator",
        [
            "Facilitators approve new members and members' pages, moderate replies, "
            "and may publish and edit everything in the community.",
        ],
    ),
    "step-down": (
        "Stand {name} down as facilitator of {community}?",
        "Stand {name} down",
        ["They stay a member of the community."],
    ),
    "step-down-self": (
        "Step down as facilitator of {community}?",
        "Step down",
        ["You stay a member of the community."],
    ),
}


@require_GET
@login_required
def membership_action_confirm(
    request: HttpRequest, membership_id: int, action: str
) -> HttpResponse:
    """The confirmation page before removing a member, making someone a
    facilitator or stepping one down; it posts to membership_action."""
    if action not in UNDO and action != "remove":
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("community", "user__profile"), pk=membership_id
    )
    community = membership.community
    is_self = membership.user_id == request.user.pk
    allowed = can_facilitate(request.user, community) or (is_self and action == "step-down")
    if not allowed:
        if can_view_inside(request.user, community):
            raise PermissionDenied
        raise Http404
    title, button, explanation = CONFIRMATIONS[
        "step-down-self" if action == "step-down" and is_self else action
    ]
    words = {
        "name": str(getattr(membership.user, "profile", membership.user)),
        "community": community.title,
    }
    return confirm_page(
        request,
        Confirmation(
            title=title.format(**words),
            action=reverse("membership_action", args=[membership.pk, action]),
            cancel=reverse("community_members", args=[community.pk])
            if can_facilitate(request.user, community)
            else community.url,
            button=button.format(**words),
            explanation=[line.format(**words) for line in explanation],
            fields={"next": "members"},
            danger=action == "remove",
        ),
    )


@require_GET
@login_required
def community_members(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(community_id)
    if not can_facilitate(request.user, community):
        if can_view_inside(request.user, community):
            raise PermissionDenied
        raise Http404
    people = community_people(community)
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "page": community,
            "facilitators": people.facilitators,
            "members": people.members,
            "requests": people.requests,
        },
    )


@require_GET
def person_detail(request: HttpRequest, handle: str) -> HttpResponse:
    profile = get_object_or_404(Profile.objects.select_related("school", "user"), handle=handle)
    activity = activity_visible_to(request.user).filter(actor=profile.user)
    page = Paginator(activity, 30).get_page(PageNumberForm(request.GET).value("page"))
    return render(
        request,
        "communities/person_detail.html",
        {
            "person": profile,
            "activity": collapse(page.object_list),
            "activity_page": page,
            "recognition": recognition_of(person=profile.user, viewer=request.user),
            "is_self": request.user.is_authenticated and request.user.pk == profile.user_id,
        },
    )


RECORD_HEADER = ["Date", "Community", "What", "Page", "Link"]


def _record_rows(request: HttpRequest):
    """A teacher's own record: everything they did that stands, in the
    communities they can still see, oldest first."""
    events = (
        activity_visible_to(request.user).filter(actor=request.user).order_by("created_at", "pk")
    )
    for event in events:
        yield (
            event,
            [
                timezone.localtime(event.created_at).strftime("%Y-%m-%d"),
                event.community.title,
                event.verb_label,
                event.page.title if event.page_id and event.page.live else "",
                request.build_absolute_uri(event.page.url)
                if event.page_id and event.page.live
                else "",
            ],
        )


@require_GET
@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A teacher's professional learning record, to print (or save as PDF)
    for an annual professional review: what they published, tried, gave
    feedback on and were recognised for, with dates."""
    profile = get_object_or_404(Profile.objects.select_related("school"), user=request.user)
    rows = [row for _, row in _record_rows(request)]
    return render(
        request,
        "communities/record.html",
        {
            "person": profile,
            "rows": rows,
            "recognition": recognition_of(person=request.user, viewer=request.user),
            "printed": timezone.localdate(),
        },
    )


@require_GET
@login_required
def my_record_csv(request: HttpRequest) -> HttpResponse:
    recognition = recognition_of(person=request.user, viewer=request.user)
    rows = [row for _, row in _record_rows(request)]
    rows += [["", r.community.title, f"Trust level: {r.level.label}", "", ""] for r in recognition]
    rows += [
        ["", r.community.title, f"Strand: {s.strand.label} — {s.meaning}", "", ""]
        for r in recognition
        for s in r.held
    ]
    return csv_response("staffroom-professional-learning-record.csv", RECORD_HEADER, rows)


@require_GET
def recognition_explained(request: HttpRequest) -> HttpResponse:
    """How recognition works, with every threshold — for members to read."""
    rules = settings.STAFFROOM_RECOGNITION
    return render(
        request,
        "communities/recognition.html",
        {
            "rules": rules,
            "strands": [(s, STRAND_MEANINGS[s]) for s in Strand],
            "contributor": rules["trust"]["contributor"],
            "leader": rules["trust"]["leader"],
            "grace": rules["demotion_grace_days"],
            "months": round(rules["newcomer_days"] / 30),
        },
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = Profile.objects.filter(user=request.user).first()
    if profile is None:
        profile = services.profile_create(
            user=request.user, display_name=request.user.email.split("@")[0]
        )
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            pagecache.invalidate()  # a name shows on pages everywhere
            messages.success(request, "Your profile is saved.")
            return redirect("profile_edit")
        messages.error(request, "Please correct the errors below.")
    return render(request, "communities/profile_form.html", {"form": form, "profile": profile})


class PrivateImageServeView(ServeView):
    """Wagtail's image-serve view (wagtail.images.views.serve.ServeView),
    checking the image's collection first: a members-only community's
    pictures reach only its members — anyone else gets a plain 404 — and
    are never kept by a shared cache; a public one's are revalidated each time."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        if not verify_signature(signature.encode(), image_id, filter_spec, key=self.key):
            raise PermissionDenied
        image = get_object_or_404(self.model.objects.select_related("collection"), id=image_id)
        restrictions = image.collection.get_view_restrictions()
        if not all(restriction.accept_request(request) for restriction in restrictions):
            raise Http404
        response = super().get(request, signature, image_id, filter_spec, filename)
        response.headers.pop("Cache-Control", None)
        if restrictions:
            patch_cache_control(response, private=True, max_age=3600)
        else:
            # A public community can turn members-only at any moment: a
            # shared cache must ask again every time, so outsiders stop
            # getting its pictures at once.
            patch_cache_control(response, public=True, no_cache=True)
        return response


image_serve = PrivateImageServeView.as_view()


def hide_private_parent_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For Wagtail admin views that show the page named by `parent_page_id`
    (the explorer, the page chooser). They list only the children the viewer
    may see, but print the parent's own title and breadcrumbs whatever it is:
    a page inside a members-only community the viewer is not in answers 404
    instead, as it does on the site."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, parent_page_id: int, **kwargs) -> HttpResponse:
        pages = Page.objects.filter(pk=parent_page_id)
        if not exclude_hidden_communities(pages, request.user).exists():
            raise Http404
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return guarded


def document_serve(request: HttpRequest, document_id: int, document_filename: str) -> HttpResponse:
    """Wagtail's document view (which checks the collection's privacy through
    the before_serve_document hook), told never to let a shared cache keep a
    members-only community's file."""
    response = wagtail_document_serve(request, document_id, document_filename)
    document = (
        get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    )
    if document is not None and document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_cache=True)
    return response


def sign_in(request: HttpRequest) -> HttpResponse:
    """allauth's sign-in page — where the editor sends whoever it will not
    let in. Someone already signed in but without editor access (in no
    community yet) would be sent straight back to the editor, and round
    again; they get one clear page saying why instead."""
    next_url = request.GET.get("next", "")
    if (
        request.user.is_authenticated
        and next_url.startswith("/admin/")
        and not request.user.has_perm("wagtailadmin.access_admin")
    ):
        # The editor queued "You do not have permission…" on its way here:
        # read (and so drop) it; the page says it once.
        for _ in messages.get_messages(request):
            pass
        return redirect("no_editor_access")
    return allauth_login(request)


@require_GET
@login_required
def no_editor_access(request: HttpRequest) -> HttpResponse:
    return render(request, "communities/no_editor_access.html", status=403)


def editor_home(request: HttpRequest) -> HttpResponse:
    """The editor's dashboard for site administrators; everyone else who
    writes goes to their own work on the site."""
    if request.user.is_superuser:
        return HomeView.as_view()(request)
    return redirect("my_work")
