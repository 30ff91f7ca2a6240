"""Load every framework fixture, including ILACS 2026 and the ILACS visit kinds, on fresh and
existing databases alike, and let data admins edit visit kinds in the Django admin (as 0004 does
for the other framework data).

Safe to run again: ``frameworks.loading`` matches every row on its natural key.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ADMIN = "Data admin"


def load(apps, schema_editor):
    from frameworks.loading import load_all

    load_all(apps)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("frameworks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=DATA_ADMIN)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="frameworks", content_type__model="visitkind"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0005_visit_kinds_and_framework_versions"),
        ("inspection_readiness", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
