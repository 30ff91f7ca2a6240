"""Demo data for the Day 1 data pack: a clearly labelled demo population, the published figures
and Ofsted's outcomes the service ships (if a flush emptied them), and a complete pack built from
the latest demo Annex A version (synchronously, so a fresh clone shows it)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from annex_a.queries import latest_version

from .models import PublishedFigure
from .queries import comparison_group, current_population, latest_pack, shipped_outcomes
from .services import (
    build_data_pack,
    choose_own_authority,
    load_published_figures,
    load_shipped_outcomes,
    record_population,
)

# A plausible size for a mid-sized English council; not any real council's figure.
DEMO_CHILDREN = 52_400
DEMO_SOURCE = "Demo value for the demonstration council, not real data"
# The demo compares itself with a real council of about that size, so a fresh clone shows the
# DfE's published figures for it, its region and its neighbours without any upload.
DEMO_AUTHORITY = "Plymouth"


def load_demo_pack() -> None:
    version = latest_version()
    admin = get_user_model().objects.filter(username="admin").first() or (
        version.created_by if version else None
    )
    # The services check roles, so the demo enters its figures as the demo data admin.
    if current_population() is None and admin is not None:
        record_population(
            children=DEMO_CHILDREN,
            source=DEMO_SOURCE,
            year=timezone.localdate().year - 1,
            entered_by=admin,
            is_demo=True,
        )
    if not PublishedFigure.objects.exists():  # emptied by a flush since the migration
        load_published_figures()
    if shipped_outcomes() is None:  # likewise
        load_shipped_outcomes()
    if comparison_group() is None and admin is not None:
        choose_own_authority(authority=DEMO_AUTHORITY, chosen_by=admin)
    if version is None or latest_pack(version) is not None:
        return
    build_data_pack(version=version, built_by=admin)
