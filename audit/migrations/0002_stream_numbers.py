"""Every record gets a stream and a place in it. The records written before streams existed
form one chain in id order: they become stream 0, numbered 1, 2, 3, … in that order, with
their hashes untouched (the hash never covered the stream or the number)."""

from django.db import migrations, models


def number_existing_records(apps, schema_editor):  # type: ignore[no-untyped-def]
    table = apps.get_model("audit", "AuditRecord")._meta.db_table
    qn = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cur:
        # One statement, on SQLite (3.33+) and PostgreSQL alike; AuditRecord's manager refuses
        # updates, rightly, so this is the one place they are written by SQL.
        cur.execute(
            f"UPDATE {qn(table)} SET seq = n.rn FROM"
            f" (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM {qn(table)}) AS n"
            f" WHERE {qn(table)}.id = n.id"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="stream",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.RunPython(number_existing_records, migrations.RunPython.noop),
    ]
