# The import writes rows in the transaction that creates their version, so the database no
# longer checks each row against the version (see AnnexARow); the composite indexes start with
# the version, so its own index goes too.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annex_a", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annexarow",
            name="version",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rows",
                to="annex_a.annexaversion",
            ),
        ),
    ]
