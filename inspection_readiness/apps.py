from django.apps import AppConfig


class InspectionReadinessConfig(AppConfig):
    """Cross-cutting pieces that every app uses: roles, the audit trail, background jobs."""

    name = "inspection_readiness"
    verbose_name = "Service"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        # Registers the job kinds this app owns; connects the sign-in receivers.
        # ...and the directory's system check of its settings.
        from . import directory, job_kinds, signals  # noqa: F401
        from .models import Council, DirectoryAccount

        auditlog.register(
            get_user_model(),
            m2m_fields={"groups"},
            exclude_fields=["password", "last_login"],
        )
        auditlog.register(Council)
        auditlog.register(DirectoryAccount)
