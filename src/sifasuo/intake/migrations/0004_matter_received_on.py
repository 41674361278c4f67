from django.db import migrations, models
from django.utils import timezone


def received_on_registration_day(apps, schema_editor):
    """Matters registered before this field existed were received on their registration day."""
    Matter = apps.get_model("intake", "Matter")
    batch = []
    for matter in Matter.objects.filter(received_on__isnull=True).only("id", "created_at"):
        matter.received_on = timezone.localtime(matter.created_at).date()
        batch.append(matter)
        if len(batch) == 1000:
            Matter.objects.bulk_update(batch, ["received_on"])
            batch = []
    Matter.objects.bulk_update(batch, ["received_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_due_provisional"),
    ]

    operations = [
        migrations.AddField(
            model_name="matter",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="收到日期"),
        ),
        migrations.RunPython(received_on_registration_day, migrations.RunPython.noop),
    ]
