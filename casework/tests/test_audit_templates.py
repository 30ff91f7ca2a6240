"""Every framework a council can rehearse today has a case-audit template, so a rehearsal of the
inspection in force can assign audits (casework/fixtures/audit_templates.yaml)."""

from datetime import date

import pytest

from casework.models import AuditTemplate
from frameworks.queries import framework_in_force


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "short_name"),
    [
        (date(2026, 3, 31), "ILACS"),  # the last day before the 2026 reform
        (date(2026, 4, 1), "ILACS 2026"),  # the first day of ILACS without an overall grade
    ],
)
def test_the_framework_in_force_has_an_active_audit_template(day, short_name):
    framework = framework_in_force(day)
    assert framework.short_name == short_name
    template = AuditTemplate.objects.filter(framework=framework, is_active=True).first()
    assert template is not None, f"no case-audit template for {short_name}"
    assert template.sections.count() == 7
