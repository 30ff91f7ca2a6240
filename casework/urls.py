from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.index, name="index"),
    path("build-children/", views.refresh_children, name="refresh_children"),
    path("children/", views.child_list, name="child_list"),
    # A child's journey, by Child Unique ID. Other apps (the data pack's drill-downs) link here.
    path("children/<str:child_id>/", views.child_detail, name="child"),
    path("inspections/<int:pk>/cohorts/", views.cohorts, name="cohorts"),
    path("inspections/<int:pk>/cohorts/select/", views.select_cohorts, name="select_cohorts"),
    path("inspections/<int:pk>/cohorts/export/", views.export_cohorts, name="export_cohorts"),
    path(
        "inspections/<int:pk>/cohorts/inspectors-choices/",
        views.inspector_choices,
        name="inspector_choices",
    ),
    path("cohort-places/<int:pk>/swap/", views.swap_member, name="swap_member"),
    path("inspections/<int:pk>/audits/assign/", views.assign_audits, name="assign_audits"),
    path("inspections/<int:pk>/audits/summary/", views.summary, name="summary"),
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/<int:pk>/", views.audit_detail, name="audit"),
    path("audits/<int:pk>/autosave/", views.audit_autosave, name="audit_autosave"),
    path("audits/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("audits/<int:pk>/cancel/", views.cancel_audit, name="cancel_audit"),
    path("practice-settings/", views.practice_settings, name="practice_settings"),
    path("audit-templates/", views.template_list, name="template_list"),
    path("audit-templates/<int:pk>/", views.template_detail, name="template_detail"),
]
