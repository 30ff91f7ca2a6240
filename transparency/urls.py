"""Included at the root: the names are ``privacy`` and ``accessibility``, with no namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
