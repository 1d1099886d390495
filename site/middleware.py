"""Request bodies the site never asked for are refused before they cost
anything.

Only the editor (Wagtail's admin, under /admin/) takes files: images and
documents. Everywhere else a multipart body with a file part is refused as
soon as its first file part begins — the file is never read or stored (a
20 MB file posted to the reply endpoint used to be read in full and thrown
away). Other fields stay limited by DATA_UPLOAD_MAX_MEMORY_SIZE, and files in
the editor by the upload size settings (base.py; the proxy's body limit in
the README matches them)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse


class _RefuseFiles(FileUploadHandler):
    """Stops reading the body at the first file part and says so."""

    saw_file = False

    def new_file(self, *args, **kwargs) -> None:
        self.saw_file = True
        raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover (never reached)
        return None

    def file_complete(self, file_size):  # pragma: no cover
        return None


class RefuseUnexpectedFilesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and not request.path.startswith(tuple(settings.STAFFROOM_FILE_UPLOAD_PATHS))
        ):
            refuse = _RefuseFiles(request)
            request.upload_handlers = [refuse]
            request.POST  # noqa: B018 (parse now, with the refusing handler)
            if refuse.saw_file:
                return HttpResponse(
                    "This address takes no files. Remove the attachment and send it again.",
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
