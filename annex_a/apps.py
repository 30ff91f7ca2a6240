from django.apps import AppConfig


class AnnexAConfig(AppConfig):
    name = "annex_a"
    verbose_name = "Annex A"
