from django.urls import path

from . import views

app_name = "judgements"

urlpatterns = [
    path("", views.index, name="index"),
]
