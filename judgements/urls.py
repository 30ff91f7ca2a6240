from django.urls import path

from .views import actions, annual, areas, evidence, reports, review, self_evaluations

app_name = "judgements"

urlpatterns = [
    path("", self_evaluations.index, name="index"),
    path("start/", self_evaluations.start, name="start"),
    path("<int:pk>/", self_evaluations.detail, name="detail"),
    path("<int:pk>/history/", self_evaluations.history, name="history"),
    path("<int:pk>/delete/", self_evaluations.delete, name="delete"),
    path("<int:pk>/revise/", self_evaluations.revise, name="revise"),
    path("<int:pk>/changes/", self_evaluations.changes, name="changes"),
    path("<int:pk>/submit/", review.submit, name="submit"),
    path("<int:pk>/return/", review.return_for_changes, name="return"),
    path("<int:pk>/approve/", review.approve, name="approve"),
    path("<int:pk>/report/", reports.build, name="report_build"),
    path("<int:pk>/report/status/", reports.status, name="report_status"),
    path("<int:pk>/report/download/", reports.download, name="report_download"),
    path("<int:pk>/evidence/", evidence.evidence_list, name="evidence_list"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/download/",
        evidence.download,
        name="evidence_download",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", evidence.delete, name="evidence_delete"),
    path("<int:pk>/actions/", actions.action_list, name="action_list"),
    path("<int:pk>/actions/<int:action_pk>/", actions.change, name="action_change"),
    path("<int:pk>/actions/<int:action_pk>/delete/", actions.delete, name="action_delete"),
    path("<int:pk>/areas/<str:code>/", areas.area, name="area"),
    path("<int:pk>/areas/<str:code>/evidence/<str:kind>/", evidence.add, name="evidence_add"),
    path("<int:pk>/areas/<str:code>/actions/add/", actions.add, name="action_add"),
    path("annual/", annual.index, name="annual_index"),
    path("annual/start/", annual.start, name="annual_start"),
    path("annual/<int:pk>/", annual.detail, name="annual_detail"),
    path("annual/<int:pk>/evidence/add/", annual.evidence_add, name="annual_evidence_add"),
    path(
        "annual/<int:pk>/evidence/<int:evidence_pk>/remove/",
        annual.evidence_remove,
        name="annual_evidence_remove",
    ),
    path("annual/<int:pk>/submit/", annual.submit, name="annual_submit"),
    path("annual/<int:pk>/return/", annual.return_for_changes, name="annual_return"),
    path("annual/<int:pk>/approve/", annual.approve, name="annual_approve"),
    path("annual/<int:pk>/report/", annual.report_build, name="annual_report_build"),
    path("annual/<int:pk>/report/status/", annual.report_status, name="annual_report_status"),
    path("annual/<int:pk>/report/download/", annual.report_download, name="annual_report_download"),
    path("annual/meetings/add/", annual.meeting_add, name="meeting_add"),
    path("annual/meetings/<int:pk>/", annual.meeting_change, name="meeting_change"),
    path("annual/meetings/<int:pk>/delete/", annual.meeting_delete, name="meeting_delete"),
]
