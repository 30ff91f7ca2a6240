"""Load the case-audit templates (casework/fixtures/audit_templates.yaml) and let data admins
edit them in the Django admin, where django-auditlog records every change."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ADMIN = "Data admin"
EDITABLE_MODELS = ("audittemplate", "auditsection")


def load(apps, schema_editor):
    from casework.loading import load_audit_templates

    load_audit_templates(apps)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("casework")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=DATA_ADMIN)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="casework", content_type__model__in=EDITABLE_MODELS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("frameworks", "0004_data_admin_permissions"),
        ("inspection_readiness", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
