"""What evidence can link to: the council's Annex A versions, case audits, cohorts and the
measures of its latest data pack. Registered from ``JudgementsConfig.ready()``.

Case audits are named by number and inspection, not by child: the picker is shown to people who
may not see every child.
"""

from django.urls import reverse

from .links import Part, register_link_target


def register() -> None:
    from annex_a.queries import versions_for_council
    from casework.models import CaseAudit, CohortSelection
    from datapack.measures import MEASURES
    from datapack.queries import packs_for_council
    from inspection_readiness.councils import current_council

    register_link_target("annex_a_version", records=versions_for_council)
    register_link_target(
        "case_audit",
        records=lambda: (
            CaseAudit.objects.filter(inspection__council=current_council())
            .select_related("inspection")
            .order_by("-assigned_at", "-pk")
        ),
        label=lambda audit: (
            f"Case audit {audit.pk}: {audit.inspection} ({audit.get_status_display().lower()})"
        ),
    )
    register_link_target(
        "cohort",
        records=lambda: (
            CohortSelection.objects.filter(inspection__council=current_council())
            .select_related("inspection")
            .order_by("-selected_at", "-pk")
        ),
        label=lambda selection: (
            f"Cohorts for {selection.inspection}, chosen {selection.selected_at:%d %B %Y}"
        ),
    )

    def measures_of(pack) -> list[Part]:
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

    # Only the latest pack: its measures are the ones the council would cite.
    register_link_target(
        "data_pack_measure",
        records=lambda: packs_for_council().filter(
            pk__in=packs_for_council().order_by("-built_at", "-pk").values("pk")[:1]
        ),
        parts=measures_of,
    )
