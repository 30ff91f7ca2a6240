"""Demo data: one person per role, the council and a demo inspection. Safe to run twice.

The passwords below are for local demonstrations only and are printed by ``load_demo`` and
written in the README. ``load_demo`` refuses to run with DEBUG off unless forced.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .councils import current_council
from .roles import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: Role
    # Managers and data admins give a second factor: their authenticator app's secret, as
    # hex (django-otp's form); the README gives it in the form apps take.
    totp_key: str = ""


DEMO_USERS = (
    DemoUser("staff", "demo-staff-2026", "Sam", "Patel", Role.PREPARATION_STAFF),
    DemoUser(
        "manager",
        "demo-manager-2026",
        "Morgan",
        "Okafor",
        Role.MANAGER,
        totp_key=b"demo-manager-totp-26".hex(),
    ),
    DemoUser(
        "admin",
        "demo-admin-2026",
        "Alex",
        "Whitfield",
        Role.DATA_ADMIN,
        totp_key=b"demo-admin-totp-2026".hex(),
    ),
)


def _enrol_demo_authenticator(user, key: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        key=key,
        defaults={"name": "Demo authenticator app", "confirmed": True, "last_t": -1},
    )


@transaction.atomic
def load_demo() -> list[DemoUser]:
    from frameworks.models import Framework, Inspection

    council = current_council()
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name = demo.first_name
        user.last_name = demo.last_name
        user.email = f"{demo.username}@demo.invalid"
        user.is_active = True
        user.is_staff = demo.role == Role.DATA_ADMIN
        user.set_password(demo.password)
        user.save()
        user.groups.set([demo.role.group()])
        if demo.totp_key:
            _enrol_demo_authenticator(user, demo.totp_key)

    framework = Framework.objects.filter(short_name="ILACS").first()
    if framework is None:
        framework = Framework.objects.create(
            short_name="ILACS", name="Inspecting local authority children's services"
        )
    if not Inspection.objects.filter(council=council, notes__startswith="Demo").exists():
        Inspection.objects.create(
            council=council,
            framework=framework,
            notified_at=timezone.now() - timedelta(hours=2),
            is_rehearsal=True,
            lead_inspector="Demo lead inspector",
            notes="Demo rehearsal created by load_demo.",
        )
    from annex_a.demo import load_demo_annex_a

    load_demo_annex_a(data_admin=User.objects.get(username="admin"), council_name=council.name)
    from judgements.demo import load_demo_self_evaluation

    load_demo_self_evaluation()
    from casework.demo import load_demo_casework

    load_demo_casework()
    from datapack.demo import load_demo_pack

    load_demo_pack()
    return list(DEMO_USERS)
