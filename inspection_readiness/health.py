"""Checks that the database and the Celery broker answer, for /healthz."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return {"ok": self.ok, "detail": self.detail}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001  any failure means unavailable
        return Check(False, f"unavailable ({type(error).__name__})")
    return Check(True, connection.vendor)


def check_broker() -> Check:
    if not settings.CELERY_BROKER_URL:
        return Check(True, "not configured: background jobs run in-process")
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1)
    except Exception as error:  # noqa: BLE001
        return Check(False, f"unavailable ({type(error).__name__})")
    return Check(True, "connected")
