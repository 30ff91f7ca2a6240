from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.index, name="index"),
    # A child's journey, by Child Unique ID. Other apps (the data pack's drill-downs) link here.
    path("children/<str:child_id>/", views.child_detail, name="child"),
]
