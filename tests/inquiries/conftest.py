"""Inquiry fixtures: people in every role around an inquiry (its owner, a
co-inquirer, another member, the head teacher of their school and of another
school), inquiries in the public and the members-only community, evidence
files, and helpers that act the way a person does in the browser."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from communities import factories
from inquiries import factories as inquiry_factories
from inquiries.models import InquiryPage


@pytest.fixture
def co_inquirer(make_teacher, open_community, private_community):
    """A member of both communities who inquires with `member`."""
    user = make_teacher("Cleo Coinquirer")
    factories.membership(user=user, community=open_community)
    factories.membership(user=user, community=private_community)
    return user


@pytest.fixture
def bystander(make_teacher, open_community, private_community):
    """A member of both communities (same school) who is not an inquirer."""
    user = make_teacher("Bea Bystander")
    factories.membership(user=user, community=open_community)
    factories.membership(user=user, community=private_community)
    return user


@pytest.fixture
def head(make_teacher, school):
    """The head teacher of `school` (where `member` and `co_inquirer` teach).
    Not a member of any community."""
    user = make_teacher("Hana Head")
    school.head_teachers.add(user)
    return user


@pytest.fixture
def other_head(make_teacher, other_school):
    """The head teacher of another school."""
    user = make_teacher("Omar Otherhead", school=other_school)
    other_school.head_teachers.add(user)
    return user


@pytest.fixture
def make_inquiry():
    """make_inquiry(community, author, **kwargs) -> a published InquiryPage."""

    def make(community, author, **kwargs):
        return inquiry_factories.inquiry(
            index=inquiry_factories.inquiry_index(community), author=author, **kwargs
        )

    return make


@pytest.fixture
def public_inquiry(make_inquiry, open_community, member, co_inquirer) -> InquiryPage:
    """In the public community, by `member` with `co_inquirer`; not shared."""
    return make_inquiry(
        open_community,
        member,
        title="Hinge questions in Year 9",
        co_inquirers=[co_inquirer],
        tags=["questioning"],
    )


@pytest.fixture
def private_inquiry(make_inquiry, private_community, member, co_inquirer) -> InquiryPage:
    """In the members-only community, by `member` with `co_inquirer`; not shared."""
    return make_inquiry(
        private_community,
        member,
        title="Cold calling with new Year 7s",
        question="Does no-hands-up questioning draw in the quiet half of the class?",
        subject="English",
        co_inquirers=[co_inquirer],
    )


def png_bytes(colour: str = "red") -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(community, title: str = "Year 7 exit ticket"):
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(io.BytesIO(png_bytes()), name=f"{title.lower().replace(' ', '-')}.png"),
        collection=community.collection,
    )


def make_document(community, title: str = "Tally of answers"):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"week,correct\n1,11\n2,24\n", name="tally.csv"),
        collection=community.collection,
    )


def work_samples(image=None, document=None) -> list[tuple]:
    """The evidence StreamField value: one work sample per file given."""
    blocks = []
    if image is not None:
        blocks.append(
            ("work_sample", {"image": image, "document": None, "caption": "An exit ticket"})
        )
    if document is not None:
        blocks.append(
            ("work_sample", {"image": None, "document": document, "caption": "The tally"})
        )
    return blocks


def publish(page, user) -> InquiryPage:
    """Publish the page as it stands (a new revision), as the editor would."""
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return InquiryPage.objects.get(pk=page.pk)


@pytest.fixture
def as_():
    """as_(user) -> a fresh test client signed in as that user (None: signed
    out). Each person gets their own client, as each has their own browser."""
    from django.test import Client

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
