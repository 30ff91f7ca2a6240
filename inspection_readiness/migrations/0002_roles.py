"""Create the three roles as groups, with the model permissions each role needs in the admin.

Role-by-role access to the service's own pages is checked in code (``roles.require_role``);
these permissions only govern the Django admin, where data admins edit reference data.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_GROUPS = ("Preparation staff", "Manager", "Data admin")

DATA_ADMIN_PERMISSIONS = (
    ("auth", "view_user"),
    ("auditlog", "view_logentry"),
    ("inspection_readiness", "view_council"),
    ("inspection_readiness", "change_council"),
)


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after migrations run; create them now so they can be given.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    data_admin = Group.objects.get(name="Data admin")
    for app_label, codename in DATA_ADMIN_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission:
            data_admin.permissions.add(permission)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspection_readiness", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("auditlog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
