from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_settings, name="settings"),
    path("<slug:kind>/", views.switch, name="switch"),
]
