from django.urls import path

from .views import (
    audit_templates,
    audits,
    children,
    cohorts,
    inspectors_children,
    practice_settings,
    summary,
)

app_name = "casework"

urlpatterns = [
    path("", children.index, name="index"),
    path("build-children/", children.refresh_children, name="refresh_children"),
    path("children/", children.child_list, name="child_list"),
    # A child's journey, by Child Unique ID. Other apps (the data pack's drill-downs) link here.
    path("children/<str:child_id>/", children.child_detail, name="child"),
    path("inspections/<int:pk>/cohorts/", cohorts.cohorts, name="cohorts"),
    path("inspections/<int:pk>/cohorts/select/", cohorts.select_cohorts, name="select_cohorts"),
    path("inspections/<int:pk>/cohorts/export/", cohorts.export_cohorts, name="export_cohorts"),
    path(
        "inspections/<int:pk>/cohorts/inspectors-choices/",
        cohorts.inspector_choices,
        name="inspector_choices",
    ),
    path("cohort-places/<int:pk>/swap/", cohorts.swap_member, name="swap_member"),
    path("inspections/<int:pk>/audits/assign/", audits.assign_audits, name="assign_audits"),
    path("inspections/<int:pk>/audits/summary/", summary.summary, name="summary"),
    path(
        "inspections/<int:pk>/audits/summary/export/",
        summary.export_summary,
        name="summary_export",
    ),
    path(
        "inspections/<int:pk>/audits/summary/pdf/",
        summary.build_summary_pdf,
        name="summary_pdf_build",
    ),
    path(
        "inspections/<int:pk>/audits/summary/pdf/download/",
        summary.download_summary_pdf,
        name="summary_pdf_download",
    ),
    path(
        "inspections/<int:pk>/inspectors-children/",
        inspectors_children.inspectors_children,
        name="inspectors_children",
    ),
    path(
        "inspections/<int:pk>/inspectors-children/<int:item_pk>/mark/",
        inspectors_children.mark,
        name="inspectors_child_mark",
    ),
    path(
        "inspections/<int:pk>/inspectors-children/<int:item_pk>/assign-audit/",
        inspectors_children.assign_audit,
        name="inspectors_child_assign",
    ),
    path("audits/", audits.audit_list, name="audit_list"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit"),
    path("audits/<int:pk>/autosave/", audits.audit_autosave, name="audit_autosave"),
    path("audits/<int:pk>/moderate/", audits.moderate, name="moderate"),
    path("audits/<int:pk>/cancel/", audits.cancel_audit, name="cancel_audit"),
    path("audits/<int:pk>/send-back/", audits.send_back, name="send_back_audit"),
    path("practice-settings/", practice_settings.practice_settings, name="practice_settings"),
    path("audit-templates/", audit_templates.template_list, name="template_list"),
    path("audit-templates/<int:pk>/", audit_templates.template_detail, name="template_detail"),
]
