"""Row hashes are now the MD5 of the row as compact JSON with sorted keys (what the import
writes since it encodes rows with orjson). Re-hash rows stored before, so comparing an older
version with a newer one shows only real changes."""

import hashlib

import orjson
from django.db import migrations

BATCH = 5000


def rehash(apps, schema_editor):
    AnnexARow = apps.get_model("annex_a", "AnnexARow")
    batch = []
    for row in AnnexARow.objects.only("pk", "data", "row_hash").iterator(chunk_size=BATCH):
        encoded = orjson.dumps(row.data, option=orjson.OPT_SORT_KEYS)
        row.row_hash = hashlib.md5(encoded, usedforsecurity=False).hexdigest()
        batch.append(row)
        if len(batch) >= BATCH:
            AnnexARow.objects.bulk_update(batch, ["row_hash"])
            batch = []
    if batch:
        AnnexARow.objects.bulk_update(batch, ["row_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("annex_a", "0002_alter_annexarow_version"),
    ]

    operations = [
        migrations.RunPython(rehash, migrations.RunPython.noop, elidable=True),
    ]
