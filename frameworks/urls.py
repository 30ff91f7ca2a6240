from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<str:short_name>/", views.framework_detail, name="framework_detail"),
]
