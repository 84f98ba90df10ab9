from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_stream_numbers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditrecord",
            name="seq",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(fields=("stream", "seq"), name="audit_stream_seq"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("stream", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("updated", models.DateTimeField()),
            ],
            options={
                "verbose_name": "audit checkpoint",
                "verbose_name_plural": "audit checkpoints",
                "ordering": ["stream"],
            },
        ),
    ]
