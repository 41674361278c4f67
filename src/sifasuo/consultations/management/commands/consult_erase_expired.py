"""`sifasuo manage consult_erase_expired`: erase the name and phone of online questions asked more
than SIFASUO_CONSULT_KEEP_YEARS years ago (the period the portal's privacy notice states). Run it
from the scheduler, e.g. nightly; running it twice erases nothing more."""

from django.core.management.base import BaseCommand

from sifasuo.consultations import services
from sifasuo.core.actors import MAINTENANCE


class Command(BaseCommand):
    help = "删除保存期满的网上法律咨询人姓名和电话"

    def handle(self, *args, **options):
        count = services.questions_erase_expired(actor=MAINTENANCE)
        self.stdout.write(f"已删除{count}件咨询的咨询人信息。")
