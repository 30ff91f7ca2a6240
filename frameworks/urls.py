from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("rehearsals/start/", views.start_rehearsal, name="start_rehearsal"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/visit/", views.visit_details, name="visit_details"),
    path("inspections/<int:pk>/delete/", views.delete_inspection, name="delete_inspection"),
    path("<str:short_name>/", views.framework_detail, name="framework_detail"),
]
