from django.urls import path

from . import spelling_views, submission_views, template_views, views

app_name = "annex_a"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/findings.csv", views.findings_csv, name="findings_csv"),
    path("imports/<int:pk>/highlighted/", views.highlighted_copy, name="highlighted_copy"),
    path("imports/<int:pk>/check-again/", views.recheck, name="recheck"),
    path("imports/<int:pk>/template/", template_views.change_template, name="change_template"),
    path("imports/<int:pk>/map/", views.map_spelling, name="map_spelling"),
    path("imports/<int:pk>/spellings/", spelling_views.map_spellings, name="map_spellings"),
    path("spellings/", spelling_views.synonyms, name="synonyms"),
    path("spellings/mappings.csv", spelling_views.synonyms_csv, name="synonyms_csv"),
    path("spellings/import/", spelling_views.synonyms_import, name="synonyms_import"),
    path("spellings/<int:pk>/delete/", views.synonym_delete, name="synonym_delete"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/submitted/", submission_views.version_submit, name="version_submit"),
    path("versions/<int:pk>/export/", views.version_export, name="version_export"),
    path("versions/<int:pk>/compare/", views.version_compare, name="version_compare"),
]
