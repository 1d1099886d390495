"""What may be uploaded: an allow-list of extensions, each checked against
the file's first bytes, so a program or a web page renamed to `.pdf` is
refused; and a safe file name. Every document upload in the site (the
editor's chooser, the documents area, the multiple uploader) goes through
`SafeDocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE).

A few magic numbers cover everything allowed, so no sniffing library is
needed: PDF, the zip container of OOXML/OpenDocument/Keynote, the OLE
container of older Office files, RTF, PNG, JPEG, GIF, WebP and text that
is neither markup nor binary."""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from wagtail.documents.forms import BaseDocumentForm

SNIFF_BYTES = 2048

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# What a person is told the site takes, by the extensions that mean it.
KINDS = {
    "PDF": ("pdf",),
    "office documents": (
        *("doc", "docx", "xls", "xlsx", "ppt", "pptx"),
        *("odt", "ods", "odp", "key", "rtf"),
    ),
    "images": ("png", "jpg", "jpeg", "gif", "webp"),
    "plain text": ("txt", "csv"),
}

# Text that a browser would treat as a page or a picture with scripts.
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<head", b"<body")


def allowed_extensions() -> list[str]:
    return [e.lower() for e in settings.WAGTAILDOCS_EXTENSIONS]


def allowed_text() -> str:
    """ "PDF (.pdf), office documents (.doc, .docx, …), …" — only what the
    setting allows."""
    allowed = set(allowed_extensions())
    parts = []
    for name, extensions in KINDS.items():
        shown = [f".{e}" for e in extensions if e in allowed]
        if shown:
            parts.append(f"{name} ({', '.join(shown)})")
    return "; ".join(parts)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not start.startswith(_MARKUP_STARTS)


def _zip_names(upload) -> set[str]:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        upload.seek(0)


def content_matches(extension: str, head: bytes, upload) -> bool:
    """Do the file's first bytes say what its extension says?"""
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("docx", "xlsx", "pptx"):
        return head.startswith(_ZIP) and "[Content_Types].xml" in _zip_names(upload)
    if extension in ("odt", "ods", "odp"):
        return head.startswith(_ZIP) and "mimetype" in _zip_names(upload)
    if extension == "key":
        return head.startswith(_ZIP)
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(_OLE)
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in ("txt", "csv"):
        return _is_text(head)
    return False


def safe_name(name: str, extension: str) -> str:
    """A name safe anywhere: letters, digits and hyphens, and the extension
    in lower case — never a path, a hidden file or a double extension."""
    stem = os.path.basename(name.replace("\\", "/")).rsplit(".", 1)[0]
    stem = slugify(stem)[:80].strip("-") or "document"
    return f"{stem}.{extension}"


def check_upload(upload) -> str:
    """Refuse what the site does not take, saying what it does; return the
    safe name to store the file under."""
    allowed = allowed_extensions()
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        shown = f"“.{extension}” files" if extension else "Files without an extension"
        raise ValidationError(
            f"{shown} can't be shared here. You can upload {allowed_text()}.",
            code="extension",
        )
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if limit is not None and upload.size > limit:
        raise ValidationError(
            f"This file is too big ({filesizeformat(upload.size)}): "
            f"the largest you can upload is {filesizeformat(limit)}.",
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not content_matches(extension, head, upload):
        raise ValidationError(
            f"This file's content is not a “.{extension}” file, though it is named like one. "
            f"You can upload {allowed_text()}.",
            code="content",
        )
    return safe_name(name, extension)


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, with every upload checked by `check_upload`."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            upload.name = check_upload(upload)
        return upload
