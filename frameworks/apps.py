from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "Frameworks and inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Framework, Inspection

        auditlog.register(Framework)
        auditlog.register(Inspection)
