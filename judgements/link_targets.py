"""What evidence can link to: the council's Annex A versions, case audits, cohorts and the
measures of its latest data pack. Registered from ``JudgementsConfig.ready()``.

Case audits are named by number and inspection, not by child: the picker is shown to people who
may not see every child. The other apps are imported only when the picker is used, so starting
Django never waits on (or breaks with) the data pack's measures.
"""

from django.urls import reverse

from .links import Part, register_link_target


def _versions():
    from annex_a.queries import versions_for_council

    return versions_for_council()


def _case_audits():
    from casework.models import CaseAudit
    from inspection_readiness.councils import current_council

    return (
        CaseAudit.objects.filter(inspection__council=current_council())
        .select_related("inspection")
        .order_by("-assigned_at", "-pk")
    )


def _cohorts():
    from casework.models import CohortSelection
    from inspection_readiness.councils import current_council

    return (
        CohortSelection.objects.filter(inspection__council=current_council())
        .select_related("inspection")
        .order_by("-selected_at", "-pk")
    )


def _latest_pack():
    """Only the latest pack: its measures are the ones the council would cite."""
    from datapack.queries import packs_for_council

    return packs_for_council().filter(
        pk__in=packs_for_council().order_by("-built_at", "-pk").values("pk")[:1]
    )


def _measures_of(pack) -> list[Part]:
    from datapack.measures import MEASURES

    made = f"data pack of {pack.built_at:%d %B %Y}, Annex A version {pack.version.number}"
    return [
        Part(
            key=measure.key,
            label=f"{measure.name} ({made})",
            address=reverse("datapack:area", args=[pack.pk, measure.area])
            + f"#measure-{measure.key}",
        )
        for measure in MEASURES
    ]


def register() -> None:
    register_link_target("annex_a_version", records=_versions)
    register_link_target(
        "case_audit",
        records=_case_audits,
        label=lambda audit: (
            f"Case audit {audit.pk}: {audit.inspection} ({audit.get_status_display().lower()})"
        ),
    )
    register_link_target(
        "cohort",
        records=_cohorts,
        label=lambda selection: (
            f"Cohorts for {selection.inspection}, chosen {selection.selected_at:%d %B %Y}"
        ),
    )
    register_link_target("data_pack_measure", records=_latest_pack, parts=_measures_of)
