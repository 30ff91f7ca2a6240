from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "Frameworks and inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import (
            Framework,
            Grade,
            GradeDescriptor,
            GradeScale,
            Inspection,
            JudgementArea,
            LimitingRule,
            SamplingRequirement,
            TimelineStep,
        )

        auditlog.register(Framework)
        auditlog.register(Inspection)
        auditlog.register(GradeScale)
        auditlog.register(Grade)
        auditlog.register(JudgementArea)
        auditlog.register(GradeDescriptor)
        auditlog.register(LimitingRule, m2m_fields={"subjects", "others"})
        auditlog.register(TimelineStep)
        auditlog.register(SamplingRequirement)
