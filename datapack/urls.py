from django.urls import path

from . import views

app_name = "datapack"

urlpatterns = [
    path("", views.index, name="index"),
    path("versions/<int:version_pk>/build/", views.build, name="build"),
    path("packs/<int:pk>/", views.pack, name="pack"),
    path("packs/<int:pk>/children/", views.children, name="children"),
    path("packs/<int:pk>/how-we-compare/", views.how_we_compare, name="how_we_compare"),
    path("packs/<int:pk>/download/<str:kind>/", views.download, name="download"),
    path("packs/<int:pk>/<slug:area>/", views.area, name="area"),
    path("population/", views.population, name="population"),
    path("outcomes/", views.outcomes_upload, name="outcomes"),
    path("neighbours/", views.neighbours, name="neighbours"),
    path("council/", views.council, name="council"),
]
