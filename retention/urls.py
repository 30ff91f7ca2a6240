from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("dispose/", views.start_disposal, name="dispose"),
    path("legal-holds/", views.holds, name="holds"),
    path("legal-holds/<int:pk>/lift/", views.lift_hold, name="lift_hold"),
]
