"""The Celery application.

Configured from Django settings under the ``CELERY_`` namespace. When no broker is configured
(``CELERY_BROKER_URL`` empty), settings turn on ``task_always_eager`` so tasks run in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection_readiness.settings")

app = Celery("inspection_readiness")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
