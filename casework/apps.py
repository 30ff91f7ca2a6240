from django.apps import AppConfig

# Journey events are written in bulk from an Annex A version (tens of thousands at a time); the
# build that wrote them is audited instead (what was built, from which version, by whom).
BULK_MODELS = {"JourneyEvent"}


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from annex_a.signals import version_imported

        from . import job_kinds  # noqa: F401  registers the build-children job
        from .receivers import refresh_children_from_new_version

        version_imported.connect(
            refresh_children_from_new_version, dispatch_uid="casework_refresh_children"
        )
        for model in self.get_models():
            if model.__name__ not in BULK_MODELS:
                auditlog.register(model)
