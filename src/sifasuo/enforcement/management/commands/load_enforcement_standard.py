"""`sifasuo manage load_enforcement_standard`: (re)load the platform's default 行政处罚案卷评查标准
when it is missing (its data migration loads it on a new database; this brings it back after a
flush). An existing standard is left as it is."""

from django.core.management.base import BaseCommand

from sifasuo.enforcement import default_standard
from sifasuo.enforcement.models import ScoringItem, ScoringStandard


class Command(BaseCommand):
    help = "载入平台默认的行政处罚案卷评查标准（已存在则不重复载入）"

    def handle(self, *args, **options):
        made = default_standard.load(ScoringStandard, ScoringItem, on=default_standard.PUBLISHED_ON)
        self.stdout.write("已载入默认评查标准。" if made else "默认评查标准已存在，未重复载入。")
