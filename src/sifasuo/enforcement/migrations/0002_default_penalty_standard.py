"""The platform's default 行政处罚案卷评查标准, published (see enforcement/default_standard.py)."""

from django.db import migrations


def load_default(apps, schema_editor):
    from sifasuo.enforcement import default_standard

    default_standard.load(
        apps.get_model("enforcement", "ScoringStandard"),
        apps.get_model("enforcement", "ScoringItem"),
        on=default_standard.PUBLISHED_ON,
    )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_enforcers_cases_evaluations_discretion")]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
