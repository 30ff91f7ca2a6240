"""The Celery app as deployed, plus the job kinds that exist only in tests (imported by the
worker once Django is set up). Started by the worker tests with ``-A``."""

from inspection_readiness.celery import app

app.conf.imports = ("inspection_readiness.tests.job_kinds_for_tests",)

__all__ = ("app",)
