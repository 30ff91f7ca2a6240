"""Load the case-audit template for ILACS from 1 April 2026, which frameworks migration 0005 adds:
without it, no case audit can be assigned in a rehearsal of the inspection in force today."""

from django.db import migrations


def load(apps, schema_editor):
    from casework.loading import load_audit_templates

    load_audit_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_audit_templates"),
        ("frameworks", "0006_reload_framework_fixtures"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
