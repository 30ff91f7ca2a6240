from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspection week"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import job_kinds  # noqa: F401  registers the Director's summary job

        # Every model in the app is audited, so a model added later cannot be missed.
        for model in self.get_models():
            auditlog.register(model)
