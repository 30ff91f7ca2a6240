from django.apps import AppConfig


class InspectionReadinessConfig(AppConfig):
    """Cross-cutting pieces that every app uses: roles, the audit trail, background jobs."""

    name = "inspection_readiness"
    verbose_name = "Service"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from . import job_kinds  # noqa: F401  registers the job kinds this app owns
        from .models import Council

        auditlog.register(
            get_user_model(),
            m2m_fields={"groups"},
            exclude_fields=["password", "last_login"],
        )
        auditlog.register(Council)
