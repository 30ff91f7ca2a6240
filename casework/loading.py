"""Load the case-audit templates from ``casework/fixtures/audit_templates.yaml``.

Called by migration 0002 with the migration's ``apps``, and by tests after a flush. Rows are
matched on their natural keys, so loading twice changes nothing.
"""

from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "audit_templates.yaml"


def load_audit_templates(apps) -> int:
    """Create or update every template whose framework exists; return how many were loaded."""
    Framework = apps.get_model("frameworks", "Framework")
    AuditTemplate = apps.get_model("casework", "AuditTemplate")
    AuditSection = apps.get_model("casework", "AuditSection")
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    loaded = 0
    for spec in data["templates"]:
        framework = Framework.objects.filter(short_name=spec["framework"]).first()
        if framework is None:
            continue
        template, _ = AuditTemplate.objects.update_or_create(
            code=spec["code"],
            defaults={
                "framework": framework,
                "name": spec["name"],
                "description": spec.get("description", ""),
                "source": spec.get("source", ""),
            },
        )
        for order, section in enumerate(spec["sections"], start=1):
            AuditSection.objects.update_or_create(
                template=template,
                code=section["code"],
                defaults={
                    "title": section["title"],
                    "order": order,
                    "prompts": section.get("prompts", ""),
                    "themes": section.get("themes", []),
                },
            )
        loaded += 1
    return loaded
