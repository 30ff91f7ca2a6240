from django.apps import AppConfig


class DataPackConfig(AppConfig):
    name = "datapack"
    verbose_name = "Day 1 data pack"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        for model in self.get_models():
            auditlog.register(model)
