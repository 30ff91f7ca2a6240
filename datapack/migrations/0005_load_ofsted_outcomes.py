"""Load Ofsted's published outcomes shipped in frameworks/data/ofsted_outcomes/ (with the
inspections from April 2026), so "How we compare" works on a fresh install without any upload."""

from django.db import migrations


def load(apps, schema_editor):
    from datapack.services import load_shipped_outcomes

    load_shipped_outcomes(
        upload_model=apps.get_model("datapack", "OutcomesUpload"),
        judgement_model=apps.get_model("datapack", "PublishedJudgement"),
    )


def unload(apps, schema_editor):
    apps.get_model("datapack", "OutcomesUpload").objects.filter(is_shipped=True).delete()


class Migration(migrations.Migration):
    dependencies = [("datapack", "0004_outcomes_shipped_with_the_service")]

    operations = [migrations.RunPython(load, unload)]
