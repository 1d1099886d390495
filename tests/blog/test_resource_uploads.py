"""Uploading a resource's file the way a teacher does — through the editor's
document chooser — and every refusal: a type the site does not take (SVG
with a script, HTML, a program), a file whose content is not what its name
says, one too big; each refusal says what is allowed. What is accepted is
stored under a safe name in the community's collection."""

from __future__ import annotations

import html
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from blog.uploads import check_upload, safe_name

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, collection, name: str, content: bytes):
    """What the chooser's Upload tab posts (Wagtail's chooser upload view)."""
    return client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "My file",
            "document-chooser-upload-collection": str(collection.pk),
            "document-chooser-upload-file": SimpleUploadedFile(name, content),
        },
    )


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    payload = json.loads(response.content)
    assert payload["step"] == "reshow_creation_form", payload.get("step")
    return html.unescape(" ".join(str(v) for v in payload.values()))


@pytest.fixture
def uploader(client, member, open_community):
    client.force_login(member)
    return client


def test_a_member_uploads_a_pdf_into_the_communitys_collection(uploader, open_community):
    response = upload(uploader, open_community.collection, "Exit ticket (final!).PDF", PDF)
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["step"] == "chosen", payload
    document = get_document_model().objects.get()
    assert document.collection_id == open_community.collection_id
    name = document.file.name.rsplit("/", 1)[-1]
    assert name.startswith("exit-ticket-final") and name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.docx", None),  # filled with a real zip package below
        ("photo.png", PNG),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("notes.txt", "Plan for Tuesday: café, naïve — all fine.\n".encode()),
        ("scores.csv", b"name,score\nA,3\n"),
    ],
)
def test_allowed_files_are_accepted(uploader, open_community, name, content):
    content = docx_bytes() if content is None else content
    response = upload(uploader, open_community.collection, name, content)
    assert json.loads(response.content)["step"] == "chosen", name


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "diagram.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "“.svg” files can't be shared here",
        ),
        ("page.html", b"<html><body>hi</body></html>", "“.html” files can't be shared here"),
        ("setup.exe", b"MZ\x90\x00\x03", "“.exe” files can't be shared here"),
        ("script.js", b"alert(1)", "“.js” files can't be shared here"),
        ("README", b"plain", "Files without an extension can't be shared here"),
        # Disguised: the name says one thing, the content another.
        ("worksheet.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "not a “.pdf” file"),
        ("lesson.docx", b"PK\x03\x04 not really a document", "not a “.docx” file"),
        ("picture.png", b"\xff\xd8\xff\xe0 a jpeg", "not a “.png” file"),
        ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>", "not a “.txt” file"),
        ("notes.txt", b"<svg onload=alert(1)>", "not a “.txt” file"),
        ("data.csv", b"\x00\x01\x02binary", "not a “.csv” file"),
    ],
)
def test_refused_files_say_what_is_allowed(uploader, open_community, name, content, says):
    response = upload(uploader, open_community.collection, name, content)
    text = errors_of(response)
    assert says in text
    assert "PDF (.pdf)" in text and ".docx" in text and ".png" in text and ".txt" in text
    assert not get_document_model().objects.exists()


def test_a_file_too_big_is_refused(uploader, open_community, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    # The form field reads the setting when it is made.
    response = upload(uploader, open_community.collection, "big.pdf", PDF + b"0" * 2048)
    assert "too big" in errors_of(response)
    assert not get_document_model().objects.exists()


def test_the_refusal_is_the_same_in_the_documents_area(client, facilitator, open_community):
    client.force_login(facilitator)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Evil",
            "collection": str(open_community.collection.pk),
            "file": SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert "not a “.pdf” file" in html.unescape(response.content.decode())
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\Plan.DOCX", "plan.docx"),
        (".hidden.pdf", "hidden.pdf"),
        ("report.php.pdf", "reportphp.pdf"),
        ("日本語.pdf", "document.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_file_names_are_made_safe(given, safe):
    extension = given.rsplit(".", 1)[-1].lower()
    assert safe_name(given, extension) == safe


def test_check_upload_returns_the_safe_name():
    assert check_upload(SimpleUploadedFile("My Plan.pdf", PDF)) == "my-plan.pdf"
