from django.urls import path

from . import views

app_name = "annex_a"

urlpatterns = [
    path("", views.index, name="index"),
]
