from django.apps import AppConfig


class JudgementsConfig(AppConfig):
    name = "judgements"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from annex_a.queries import versions_for_council

        from . import job_kinds  # noqa: F401  registers the PDF report job kind
        from .links import register_link_target

        # Evidence can point at an Annex A version of the council's own.
        register_link_target("annex_a_version", records=versions_for_council)

        # Every model in the app is audited, so a model added later cannot be missed.
        for model in self.get_models():
            auditlog.register(model)
