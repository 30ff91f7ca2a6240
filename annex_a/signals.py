"""Signals other apps listen to, so Annex A never needs to know who uses its versions."""

from django.dispatch import Signal

# Sent once a new version has been committed, with ``version`` (an AnnexAVersion). Casework
# refreshes its children from it; the data pack may start building from it.
version_imported = Signal()
