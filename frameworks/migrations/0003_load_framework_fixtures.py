"""Load all seven frameworks from ``frameworks/fixtures/`` so a fresh install has them.

Safe to run again: ``frameworks.loading`` matches every row on its natural key.
"""

from django.db import migrations


def load(apps, schema_editor):
    from frameworks.loading import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_framework_data_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
