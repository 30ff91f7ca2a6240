"""Evidence files: which types are accepted, how big they may be, and how each is checked.

A file is accepted only when its extension is on the list *and* its first bytes look like that
type, so a renamed executable is refused. Messages follow the GOV.UK file upload pattern.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

DEFAULT_MAX_MEGABYTES = 20


def max_upload_bytes() -> int:
    """The size limit for one evidence file (setting EVIDENCE_UPLOAD_MAX_MEGABYTES)."""
    return int(getattr(settings, "EVIDENCE_UPLOAD_MAX_MEGABYTES", DEFAULT_MAX_MEGABYTES)) * 1024**2


class EvidenceFileRejected(ValueError):
    """The file cannot be kept as evidence; the message says why and what to do."""


def _starts_with(*signatures: bytes) -> Callable[[bytes, BinaryIO], bool]:
    return lambda head, _file: any(head.startswith(signature) for signature in signatures)


def _zip_containing(member: str) -> Callable[[bytes, BinaryIO], bool]:
    """Office Open XML and OpenDocument files are zip archives with a known first member."""

    def check(head: bytes, file: BinaryIO) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        finally:
            file.seek(0)
        return any(name == member or name.startswith(member) for name in names)

    return check


def _plain_text(head: bytes, _file: BinaryIO) -> bool:
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
    return True


@dataclass(frozen=True)
class FileType:
    label: str
    extensions: tuple[str, ...]
    looks_right: Callable[[bytes, BinaryIO], bool]


FILE_TYPES = (
    FileType("PDF", (".pdf",), _starts_with(b"%PDF-")),
    FileType("Word document", (".docx",), _zip_containing("word/")),
    FileType("Excel spreadsheet", (".xlsx",), _zip_containing("xl/")),
    FileType("PowerPoint presentation", (".pptx",), _zip_containing("ppt/")),
    FileType("OpenDocument text", (".odt",), _zip_containing("mimetype")),
    FileType("OpenDocument spreadsheet", (".ods",), _zip_containing("mimetype")),
    FileType("CSV file", (".csv",), _plain_text),
    FileType("Text file", (".txt",), _plain_text),
    FileType("PNG image", (".png",), _starts_with(b"\x89PNG\r\n\x1a\n")),
    FileType("JPEG image", (".jpg", ".jpeg"), _starts_with(b"\xff\xd8\xff")),
)

ACCEPTED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG"
ACCEPT_ATTRIBUTE = ",".join(ext for file_type in FILE_TYPES for ext in file_type.extensions)


def describe_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024**2:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024**2:.1f} MB"


def check_evidence_file(*, name: str, size: int, file: BinaryIO, max_bytes: int) -> FileType:
    """The file's type if it may be kept as evidence; raises ``EvidenceFileRejected`` if not."""
    if size == 0:
        raise EvidenceFileRejected(
            f"The selected file ({name}) is empty. Choose a file with content"
        )
    if size > max_bytes:
        raise EvidenceFileRejected(
            f"The selected file must be smaller than {describe_size(max_bytes)}: {name} is "
            f"{describe_size(size)}"
        )
    extension = Path(name).suffix.lower()
    matching = [file_type for file_type in FILE_TYPES if extension in file_type.extensions]
    if not matching:
        raise EvidenceFileRejected(
            f"The selected file must be a {ACCEPTED_DESCRIPTION} file: {name} is not"
        )
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    file_type = matching[0]
    if not file_type.looks_right(head, file):
        raise EvidenceFileRejected(
            f"The selected file ({name}) is not a real {file_type.label}: its contents do not "
            f"match its name. Save it again as a {file_type.label} and upload it"
        )
    return file_type


def is_safe_link_address(address: str) -> bool:
    """An address inside this service (a path) or a secure web address, nothing else."""
    if address.startswith("/"):
        return not address.startswith("//")
    return address.startswith("https://")
