from django.apps import AppConfig


class JudgementsConfig(AppConfig):
    name = "judgements"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            job_kinds,  # noqa: F401  registers the PDF report job kind
            link_targets,
        )

        link_targets.register()

        # Every model in the app is audited, so a model added later cannot be missed.
        for model in self.get_models():
            auditlog.register(model)
