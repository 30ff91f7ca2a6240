from django.apps import AppConfig

# Many-to-many fields whose changes the audit trail records, by model name.
AUDITED_M2M_FIELDS = {"LimitingRule": {"subjects", "others"}}


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "Frameworks and inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Every model in the app is audited, so a model added later cannot be missed.
        for model in self.get_models():
            auditlog.register(model, m2m_fields=AUDITED_M2M_FIELDS.get(model.__name__, set()))
