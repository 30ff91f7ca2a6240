from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention and disposal"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import job_kinds  # noqa: F401  registers the disposal job
        from .models import LegalHold

        # A Disposal is itself written to the audit trail by its service, with its counts.
        auditlog.register(LegalHold)
