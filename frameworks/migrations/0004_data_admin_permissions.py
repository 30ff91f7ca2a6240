"""Let data admins edit framework data in the Django admin (issue 4: "Data admins edit framework
data in the Django admin"). The app's own pages check roles in code; these permissions govern
only the admin, and every change there is recorded by django-auditlog."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ADMIN = "Data admin"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("frameworks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=DATA_ADMIN)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="frameworks"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=DATA_ADMIN):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="frameworks"))


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0003_load_framework_fixtures"),
        ("inspection_readiness", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
