"""What every bench script does first: Django on DATABASE_URL (created and migrated if need
be), uploads in a throwaway folder, jobs in-process; and the process's peak memory."""

import os
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection_readiness.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("CELERY_BROKER_URL", "")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
    import django

    django.setup()


def ensure_database() -> None:
    """Create the PostgreSQL database named by DATABASE_URL if it is missing, then migrate."""
    from django.core.management import call_command
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        admin = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if exists.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0, skip_checks=True)


def stored_upload(path: str, *, as_at: str):
    """An Annex A upload of the file at ``path``, stored as the upload page stores one, ready for
    ``annex_a.services.run_import``. Other apps' reactions to a new version (children, packs) are
    switched off: their own benches time them."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.utils import timezone

    from annex_a.models import AnnexAImport
    from annex_a.signals import version_imported
    from inspection_readiness.councils import current_council

    version_imported.receivers.clear()
    user, _ = get_user_model().objects.get_or_create(username="bench")
    with open(path, "rb") as handle:
        upload = AnnexAImport(
            council=current_council(),
            source_name=Path(path).name,
            source_sha256="bench",
            source_size=os.path.getsize(path),
            as_at=date.fromisoformat(as_at),
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        upload.source.save(Path(path).name, File(handle), save=False)
        upload.save()
    return upload


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
