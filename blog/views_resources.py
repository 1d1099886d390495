"""Thin views for shared practice resources: "I tried it", sharing an
adapted version, and the curators' work. Each reads who may do what from
`ResourceRights` and writes through the services; a resource the person may
not see is not found, whatever they ask of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from communities.selectors import can_view_page, community_for_page

from . import services
from .forms import ArchiveForm, CollectionAddForm, CollectionForm, ResourceTryForm
from .models import CuratedCollection, CuratedItem, ResourceLibraryPage, ResourcePage, ResourceTry
from .selectors import pages_a_try_can_feed


def _resource(
    request: HttpRequest, resource_id: int
) -> tuple[ResourcePage, services.ResourceRights]:
    resource = get_object_or_404(ResourcePage.objects.live(), pk=resource_id)
    community = community_for_page(resource)
    rights = services.resource_rights(user=request.user, community=community, resource=resource)
    if not rights.can_view:
        raise Http404
    return resource, rights


def _library(
    request: HttpRequest, library_id: int
) -> tuple[ResourceLibraryPage, services.ResourceRights]:
    library = get_object_or_404(ResourceLibraryPage.objects.live(), pk=library_id)
    community = library.community
    if not can_view_page(request.user, library, community):
        raise Http404
    return library, services.resource_rights(user=request.user, community=community)


def _collection(request: HttpRequest, collection_id: int) -> CuratedCollection:
    collection = get_object_or_404(
        CuratedCollection.objects.select_related("library"), pk=collection_id
    )
    _, rights = _library(request, collection.library_id)
    if not rights.can_curate:
        raise PermissionDenied
    return collection


# --------------------------------------------------------------------------- #
# "I tried it"
# --------------------------------------------------------------------------- #


@login_required
def resource_try(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Report trying a resource, or change one's report."""
    resource, rights = _resource(request, resource_id)
    if not rights.can_report_try:
        raise PermissionDenied
    mine = ResourceTry.objects.filter(resource=resource, author=request.user).first()
    pages = pages_a_try_can_feed(user=request.user)
    initial = {}
    if mine is not None:
        initial = {
            "recommend": mine.recommend,
            "what_happened": mine.what_happened,
            "what_adapted": mine.what_adapted,
            "phase": mine.phase,
            "subject": mine.subject,
            "class_size": mine.class_size,
            "fed_into": mine.fed_into_id,
        }
    else:
        profile = getattr(request.user, "profile", None)
        if profile is not None:
            initial = {"phase": profile.phase, "subject": profile.subject}
    form = ResourceTryForm(request.POST or None, initial=initial, pages=pages)
    if request.method == "POST" and form.is_valid():
        try:
            _, created = services.resource_try_save(
                user=request.user, resource=resource, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "Thank you — your report is on the resource, and its author has been told."
                if created
                else "Your report is updated.",
            )
            return redirect(resource.url + "#tries")
    return render(
        request,
        "blog/resource_try_form.html",
        {"resource": resource, "form": form, "editing": mine is not None},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def resource_adapt(request: HttpRequest, resource_id: int) -> HttpResponse:
    """ "I changed it — share my version": a draft prefilled with the lineage,
    opened in the editor."""
    resource, rights = _resource(request, resource_id)
    if not rights.can_adapt:
        raise PermissionDenied
    draft = services.resource_adapt(user=request.user, resource=resource)
    messages.success(
        request,
        f"Your version of “{resource.title}” is a draft: say what you changed, "
        "add your file or link, and share it.",
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[draft.pk]))


# --------------------------------------------------------------------------- #
# Curation
# --------------------------------------------------------------------------- #


@require_POST
@login_required
def resource_feature(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource, rights = _resource(request, resource_id)
    if not rights.can_feature:
        raise PermissionDenied
    featured = request.POST.get("featured") == "1"
    services.resource_feature(user=request.user, resource=resource, featured=featured)
    messages.success(
        request,
        "Featured at the top of the library." if featured else "No longer featured.",
    )
    return redirect(resource.url)


@login_required
def resource_archive(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource, rights = _resource(request, resource_id)
    if not rights.can_archive:
        raise PermissionDenied
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resource_archive(
            user=request.user, resource=resource, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            "Archived: it is gone from the library but still here by its link. "
            "Its author has been told.",
        )
        return redirect(resource.url)
    return render(request, "blog/resource_archive.html", {"resource": resource, "form": form})


@require_POST
@login_required
def resource_restore(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource, rights = _resource(request, resource_id)
    if not rights.can_restore:
        raise PermissionDenied
    services.resource_restore(user=request.user, resource=resource)
    messages.success(request, "Restored to the library. Its author has been told.")
    return redirect(resource.url)


@login_required
def collection_create(request: HttpRequest, library_id: int) -> HttpResponse:
    library, rights = _library(request, library_id)
    if not rights.can_curate:
        raise PermissionDenied
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.collection_create(user=request.user, library=library, **form.cleaned_data)
        messages.success(
            request,
            "The collection is at the top of the library. Add resources to it from their pages.",
        )
        return redirect(library.url)
    return render(
        request,
        "blog/resource_collection_form.html",
        {"library": library, "form": form, "collection": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def collection_edit(request: HttpRequest, collection_id: int) -> HttpResponse:
    collection = _collection(request, collection_id)
    form = CollectionForm(
        request.POST or None, initial={"title": collection.title, "note": collection.note}
    )
    if request.method == "POST" and form.is_valid():
        services.collection_edit(user=request.user, collection=collection, **form.cleaned_data)
        messages.success(request, "Collection saved.")
        return redirect(collection.library.url)
    return render(
        request,
        "blog/resource_collection_form.html",
        {"library": collection.library, "form": form, "collection": collection},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def collection_delete(request: HttpRequest, collection_id: int) -> HttpResponse:
    collection = _collection(request, collection_id)
    library = collection.library
    services.collection_delete(user=request.user, collection=collection)
    messages.success(request, "Collection removed (its resources stay in the library).")
    return redirect(library.url)


@require_POST
@login_required
def collection_add(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource, rights = _resource(request, resource_id)
    if not rights.can_collect:
        raise PermissionDenied
    form = CollectionAddForm(
        request.POST,
        collections=CuratedCollection.objects.filter(library_id=resource.get_parent().pk),
    )
    if not form.is_valid():
        messages.error(request, "Choose one of the library's collections.")
        return redirect(resource.url)
    collection = form.cleaned_data["collection"]
    services.collection_add(user=request.user, collection=collection, resource=resource)
    messages.success(request, f"Added to “{collection.title}”.")
    return redirect(resource.url)


@require_POST
@login_required
def collection_item(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    item = get_object_or_404(CuratedItem.objects.select_related("collection__library"), pk=item_id)
    _collection(request, item.collection_id)
    if action == "remove":
        services.collection_remove(user=request.user, item=item)
    elif action in ("up", "down"):
        services.collection_move(user=request.user, item=item, up=action == "up")
    else:
        raise Http404
    return redirect(item.collection.library.url + f"#collection-{item.collection_id}")
