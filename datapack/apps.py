from django.apps import AppConfig

# Written in bulk: by an upload of Ofsted's outcomes, which is audited itself, or as reference
# data by load_dfe_comparators.
BULK_MODELS = {"PublishedJudgement", "PublishedAuthority", "PublishedFigure"}


class DataPackConfig(AppConfig):
    name = "datapack"
    verbose_name = "Day 1 data pack"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from annex_a.signals import version_imported

        from . import job_kinds  # noqa: F401  registers the build job
        from .services import start_build_after_import

        for model in self.get_models():
            if model.__name__ in BULK_MODELS:
                continue
            # A pack's results and charts are large and never edited: the audit records that
            # it was built, not its contents.
            exclude = ["results", "charts"] if model.__name__ == "DataPack" else []
            auditlog.register(model, exclude_fields=exclude)
        version_imported.connect(start_build_after_import, dispatch_uid="datapack_build")
