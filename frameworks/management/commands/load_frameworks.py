from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from frameworks.loading import load_all


class Command(BaseCommand):
    help = "Load (or reload) every framework from frameworks/fixtures/. Safe to run twice."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = load_all(apps)
        self.stdout.write(
            f"Loaded {summary.frameworks} frameworks, {summary.judgement_areas} judgement areas "
            f"and {summary.rules} rules."
        )
