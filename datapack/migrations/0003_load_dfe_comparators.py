"""Load the DfE's published figures bundled in datapack/data/, so a fresh install compares the
council with England, its region and its neighbours without any upload."""

from django.db import migrations


def load(apps, schema_editor):
    from datapack.published import BUNDLED, read_authorities, read_extract
    from datapack.services import store_published_figures

    store_published_figures(
        figures=read_extract(BUNDLED),
        authorities=read_authorities(BUNDLED),
        figure_model=apps.get_model("datapack", "PublishedFigure"),
        authority_model=apps.get_model("datapack", "PublishedAuthority"),
    )


def unload(apps, schema_editor):
    apps.get_model("datapack", "PublishedFigure").objects.all().delete()
    apps.get_model("datapack", "PublishedAuthority").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("datapack", "0002_published_figures_and_authorities")]

    operations = [migrations.RunPython(load, unload)]
