"""Reading an upload's lists as another template: the data admin's choice on the import's page.

The kept file is checked again, read as the chosen template (or left to each list's headers);
once the file is a version, the check makes a new version and the first stays as it was.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from inspection_readiness.audit import record_event
from inspection_readiness.models import Job
from inspection_readiness.roles import check_role

from .models import AnnexAImport
from .services import IMPORTERS, recheck_import
from .spec import TEMPLATE_CHOICES


def read_as_template(
    *, annex_a_import: AnnexAImport, spec_version: str, requested_by: AbstractBaseUser
) -> Job:
    """Check the kept file again read as ``spec_version`` (one of ``TEMPLATE_CHOICES``),
    recorded in the audit trail. Raises ``PermissionDenied`` or ``ValidationError``."""
    check_role(requested_by, IMPORTERS, to="change the template an Annex A file is read as")
    names = dict(TEMPLATE_CHOICES)
    if spec_version not in names:
        raise ValidationError("Select one of the templates.")
    with transaction.atomic():
        # The job starts once this transaction commits, so it reads the template set here.
        job = recheck_import(
            annex_a_import=annex_a_import, requested_by=requested_by, as_new_version=True
        )
        checked = AnnexAImport.objects.select_for_update().get(pk=job.subject.pk)
        if checked.spec_version != spec_version:
            checked.spec_version = spec_version
            checked.save(update_fields=["spec_version"])
        record_event(
            actor=requested_by,
            obj=checked,
            description=f"Asked for the lists to be read as “{names[spec_version]}”",
            details={"template": spec_version, "from_import": annex_a_import.pk},
        )
    return job
