"""What the Django admin may do with the council's own work.

The admin is for reference data (frameworks, audit templates). Anything that holds the
council's work (inspections, case audits, Annex A imports and versions, self-evaluations,
evidence, jobs, the audit trail) is never deleted there: deleting goes through the service,
which asks first, checks the role and writes its audit row.
"""

from django.contrib import admin
from django.http import HttpRequest


class CouncilWorkAdmin(admin.ModelAdmin):
    """A ModelAdmin that never deletes: no delete page and no "Delete selected" action."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
