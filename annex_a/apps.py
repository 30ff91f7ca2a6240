from django.apps import AppConfig

# Rows and findings are written in bulk by an import; the import and the version they belong to
# are audited instead (who uploaded, checked and imported what, and when).
BULK_MODELS = {"AnnexARow", "Finding"}


class AnnexAConfig(AppConfig):
    name = "annex_a"
    verbose_name = "Annex A"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import job_kinds  # noqa: F401  registers the import and export jobs

        for model in self.get_models():
            if model.__name__ not in BULK_MODELS:
                auditlog.register(model)
