from django.urls import path

from .views import checklist, director, feedback, notification, requests

app_name = "inspections"

urlpatterns = [
    path("", notification.index, name="index"),
    path("record/", notification.record, name="record"),
    path("checklist-template/", checklist.template_index, name="template_index"),
    path("checklist-template/<slug:kind>/", checklist.template_kind, name="template_kind"),
    path(
        "checklist-template/items/<int:item_pk>/",
        checklist.template_item_change,
        name="template_item_change",
    ),
    path(
        "checklist-template/items/<int:item_pk>/remove/",
        checklist.template_item_remove,
        name="template_item_remove",
    ),
    path("<int:pk>/", notification.detail, name="detail"),
    path("<int:pk>/change/", notification.change, name="change"),
    path("<int:pk>/stage/", notification.set_status, name="set_status"),
    path("<int:pk>/steps/<slug:code>/assign/", notification.assign_step, name="assign_step"),
    path("<int:pk>/steps/<slug:code>/done/", notification.mark_step, name="mark_step"),
    path("<int:pk>/checklist/", checklist.checklist, name="checklist"),
    path("<int:pk>/checklist/start/", checklist.start, name="checklist_start"),
    path("<int:pk>/checklist/<int:item_pk>/", checklist.assign, name="checklist_assign"),
    path("<int:pk>/checklist/<int:item_pk>/done/", checklist.mark, name="checklist_mark"),
    path("<int:pk>/requests/", requests.request_list, name="requests"),
    path("<int:pk>/requests/export/", requests.request_export, name="requests_export"),
    path("<int:pk>/requests/new/", requests.request_new, name="request_new"),
    path("<int:pk>/requests/<int:request_pk>/", requests.request_detail, name="request_detail"),
    path(
        "<int:pk>/requests/<int:request_pk>/answer/",
        requests.request_answer,
        name="request_answer",
    ),
    path(
        "<int:pk>/requests/<int:request_pk>/status/",
        requests.request_status,
        name="request_status",
    ),
    path(
        "<int:pk>/requests/<int:request_pk>/reassign/",
        requests.request_reassign,
        name="request_reassign",
    ),
    path("<int:pk>/requests/<int:request_pk>/file/", requests.request_file, name="request_file"),
    path("<int:pk>/feedback/", feedback.feedback, name="feedback"),
    path("<int:pk>/director/", director.summary, name="director"),
    path("<int:pk>/director/build/", director.build, name="director_build"),
    path("<int:pk>/director/pdf/", director.download, name="director_download"),
    path("<int:pk>/feedback/notes/", feedback.add_notes, name="feedback_notes"),
    path("<int:pk>/feedback/points/", feedback.add_point, name="feedback_points"),
]
