"""Uploaded file names: shown to people as they gave them, kept on disk under a short name.

A person's file name can be as long as their system allows (browsers send up to 255
characters), while a database column has a length and a file system limits one name to 255
bytes. Both shortenings keep the extension, which says what the file is.
"""

from __future__ import annotations

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

# A name on disk this long, in any script, stays far below a file system's 255-byte limit
# with a prefix in front of it (four bytes a character at most in UTF-8).
STORED_NAME_LENGTH = 50
# Longer than this, the part after the last dot is not an extension but part of the name.
_LONGEST_EXTENSION = 10


def shortened_file_name(name: str, limit: int) -> str:
    """``name`` in at most ``limit`` characters, keeping its extension: the middle gives way
    to an ellipsis, so a shortened name says that it was shortened."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _LONGEST_EXTENSION:
        return name[: limit - 1] + "…"
    return f"{stem[: limit - len(extension) - 2]}….{extension}"


def stored_file_name(name: str) -> str:
    """A short name, safe on any file system and in a URL, to keep an upload under."""
    try:
        return get_valid_filename(shortened_file_name(name, STORED_NAME_LENGTH).replace("…", "-"))
    except SuspiciousFileOperation:  # nothing usable left, such as "..." or "?"
        return "upload"
