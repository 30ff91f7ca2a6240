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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
