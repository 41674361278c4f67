"""The demo county's village lines: each sample office's villages have their advisors, logs,
法律明白人, trainings, early reports (in intake), 示范村 and 村规民约, and the indicators read
them."""

import pytest
from demo_support import TODAY

from sifasuo.advisors.models import Appointment, LogAttachment, MonthClose, ServiceLog
from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.intake.models import Channel, Matter
from sifasuo.villages.models import EarlyReport, Training, Understander, VillageRules


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_sample_office_has_its_village_records(demo, number):
    office = User.objects.get(username=f"o{number}_head").unit
    villages = OrgUnit.objects.filter(parent=office, kind=UnitKind.VILLAGE).count()
    covered = Appointment.objects.filter(unit=office).values("village").distinct().count()
    assert covered == (villages - 1 if number == 1 else villages)
    assert ServiceLog.objects.filter(unit=office).count() > villages * 6
    assert LogAttachment.objects.filter(log__unit=office).exists()
    assert MonthClose.objects.filter(unit=office).exists()
    assert Matter.objects.filter(channel=Channel.ADVISOR, narrative__contains="宅基地").exists()
    assert Understander.objects.filter(unit=office).count() >= 2 * villages
    assert Training.objects.filter(unit=office).exists()
    reports = EarlyReport.objects.filter(unit=office)
    assert reports.count() == 5 and reports.exclude(reply="").exists()
    assert all(r.matter.channel == Channel.GRASSROOTS for r in reports)
    rules = VillageRules.objects.filter(unit=office).count()
    assert rules == (villages if number == 1 else villages - 2)
    year = Period.year(TODAY.year)
    if number == 1:
        assert value_for("villages.rules_rate", office, year) == 100
    assert value_for("advisors.visits", office, year) > 0
    assert value_for("villages.training_attendance", office, year) > 0
