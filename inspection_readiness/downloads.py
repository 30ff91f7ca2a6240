"""Every file of children's data leaves the service through ``child_data_response``.

It records who took which file of what, and how (downloaded or exported), in the audit trail;
tells browsers and proxies never to keep a copy (``Cache-Control: no-store``); and gives the
file a name that is safe in a header, whatever a person called the file they uploaded.
"""

import mimetypes
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import BinaryIO

from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from .audit import Access, record_access
from .models import Job

# Long enough to read, short enough for the 255-byte limit most file systems put on a name.
MAX_FILENAME_LENGTH = 100
MAX_EXTENSION_LENGTH = 10


def safe_filename(name: str, *, fallback: str = "download") -> str:
    """``name`` without folders, control characters or surrounding dots and spaces, cut to
    ``MAX_FILENAME_LENGTH`` characters with its extension kept."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    # Newlines and other control characters would make the header invalid (Django refuses it).
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .")
    suffix = PurePosixPath(name).suffix
    if len(suffix) > MAX_EXTENSION_LENGTH or not suffix[1:].isalnum():
        suffix = ""
    stem = name[: len(name) - len(suffix)].strip(" .") or fallback
    return stem[: MAX_FILENAME_LENGTH - len(suffix)].rstrip(" .") + suffix


def child_data_response(
    request: HttpRequest,
    *,
    obj: models.Model,
    filename: str,
    what: str,
    access: Access = Access.DOWNLOADED,
    file: BinaryIO | None = None,
    content: bytes | Iterable[bytes | str] | None = None,
    content_type: str | None = None,
    details: dict | None = None,
) -> HttpResponseBase:
    """The response that hands over a file of children's data, recorded against ``obj``.

    Give ``file`` (an open file, streamed) or ``content`` (bytes, or an iterable of chunks
    streamed as they are made). ``what`` says what was taken: "Annex A findings downloaded".
    """
    if (file is None) == (content is None):
        raise ValueError("Give either file or content")
    name = safe_filename(filename)
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if file is not None:
        response = FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
    else:
        if isinstance(content, bytes):
            response = HttpResponse(content, content_type=content_type)
        else:
            response = StreamingHttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
    add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
    record_access(
        actor=request.user,
        obj=obj,
        access=access,
        description=what,
        file_name=name,
        details=details,
    )
    return response


def job_file_response(
    request: HttpRequest, job: Job, *, content_type: str | None = None
) -> HttpResponseBase:
    """A finished job's file, recorded as its kind ("Annex A workbook export downloaded")
    against what the job was about, or the job itself when it was about nothing in particular."""
    return child_data_response(
        request,
        obj=job.subject or job,
        file=job.result_file.open("rb"),
        filename=job.result_name,
        what=f"{job.kind_label} downloaded",
        content_type=content_type,
        details={"job": job.pk},
    )
