from django.urls import path

from . import views

app_name = "datapack"

urlpatterns = [
    path("", views.index, name="index"),
]
