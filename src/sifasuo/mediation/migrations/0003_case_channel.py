from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_channels(apps, schema_editor):
    Case = apps.get_model("mediation", "Case")
    Matter = apps.get_model("intake", "Matter")
    channel = Matter.objects.filter(pk=OuterRef("intake_matter_id")).values("channel")[:1]
    Case.objects.filter(intake_matter__isnull=False).update(channel=Subquery(channel))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_list_indexes"),
        ("mediation", "0002_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="channel",
            field=models.CharField(
                blank=True, editable=False, max_length=20, verbose_name="来源渠道"
            ),
        ),
        migrations.RunPython(copy_channels, migrations.RunPython.noop),
    ]
