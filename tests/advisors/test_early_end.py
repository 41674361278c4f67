"""提前终止: an appointment ended before its planned end — refused when it cannot be, counted
as uncovered from the next day, shown on the coverage page, replaced by a new appointment."""

import datetime as dt

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifasuo.advisors import selectors, services
from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import AuditEntry

from .conftest import log


def _end(appointment, actor=factories.SETUP, **values):
    data = {"ended_on": dt.date(2026, 6, 10), "reason": "resigned", "note": "因工作调动辞任"}
    data.update(values)
    return services.appointment_end_early(actor=actor, appointment=appointment, **data)


def _day(day: dt.date) -> Period:
    return Period(day, day, f"{day}")


def test_an_early_end_uncovers_the_village_from_the_next_day(adv, world):
    office = world.office_a1
    assert value_for("advisors.villages_covered", office, _day(dt.date(2026, 6, 11))) == 1
    ended = _end(adv.appointment, actor=world.office_user)
    assert ended.ended_on == dt.date(2026, 6, 10) and ended.serves_until == dt.date(2026, 6, 10)
    assert ended.ends_on == dt.date(2026, 12, 31)  # the planned end is kept
    # Covered on the last day served, uncovered the day after.
    assert value_for("advisors.villages_covered", office, _day(dt.date(2026, 6, 10))) == 1
    assert value_for("advisors.villages_covered", office, _day(dt.date(2026, 6, 11))) == 0
    assert value_for("advisors.villages_covered", office, Period.month(2026, 5)) == 1
    assert value_for("advisors.villages_covered", office, Period.month(2026, 6)) == 0
    assert value_for("advisors.coverage_rate", office, Period.month(2026, 6)) == 0
    assert selectors.coverage(office, on=dt.date(2026, 6, 10))[0].covered
    assert not selectors.coverage(office, on=dt.date(2026, 6, 11))[0].covered
    entry = AuditEntry.objects.get(action="advisor.appointment_end")
    assert entry.actor_id == world.office_user.pk
    assert entry.changes["ended_on"][1] == "2026-06-10"
    assert entry.changes["end_reason"][1] == "resigned"


def test_no_log_after_the_end_and_the_period_keeps_the_end(adv, world):
    log(adv.appointment, served_on=dt.date(2026, 6, 3))
    _end(adv.appointment)
    with pytest.raises(ValidationError, match="服务日期不在聘期内（2026-01-01至2026-06-10）"):
        log(adv.appointment, served_on=dt.date(2026, 6, 12))
    with pytest.raises(ValidationError, match="聘期须包含终止日期"):
        services.appointment_update(
            actor=world.office_user, appointment=adv.appointment, ends_on=dt.date(2026, 6, 9)
        )


def test_a_new_appointment_covers_the_village_from_its_start(adv, world):
    _end(adv.appointment, reason="replaced", note="")
    services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=adv.village,
        lawyer_name="赵明",
        firm="海曲正衡律师事务所",
        license_no="13711202010222222",
        starts_on=dt.date(2026, 6, 13),
        ends_on=dt.date(2026, 12, 31),
    )
    gap = selectors.coverage(world.office_a1, on=dt.date(2026, 6, 12))[0]
    assert not gap.covered and gap.ended_early.lawyer_name == "王海涛"
    row = selectors.coverage(world.office_a1, on=dt.date(2026, 6, 13))[0]
    assert [a.lawyer_name for a in row.appointments] == ["赵明"]
    assert value_for("advisors.villages_covered", world.office_a1, _day(dt.date(2026, 6, 12))) == 0
    assert value_for("advisors.villages_covered", world.office_a1, _day(dt.date(2026, 6, 13))) == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ended_on": dt.date(2025, 12, 31)}, "终止日期不能早于聘期起始日（2026-01-01）。"),
        ({"ended_on": dt.date(2026, 6, 16)}, "终止日期不能晚于今天。"),
        ({"reason": "fired"}, "请选择终止原因。"),
        ({"reason": "other", "note": " "}, "终止原因为“其他”时，请在说明中写明原因。"),
    ],
)
def test_an_early_end_is_refused_with_the_reason(adv, values, message):
    with pytest.raises(ValidationError) as exc:
        _end(adv.appointment, **values)
    assert message in exc.value.messages
    adv.appointment.refresh_from_db()
    assert adv.appointment.ended_on is None


def test_an_end_after_the_planned_end_or_twice_or_before_logged_work_is_refused(adv, world):
    short = services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=adv.village2,
        lawyer_name="孙律师",
        firm="海曲明德律师事务所",
        license_no="13711202010333333",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 5, 31),
    )
    with pytest.raises(ValidationError, match=r"终止日期不能晚于聘期届满日（2026-05-31）。"):
        _end(short, ended_on=dt.date(2026, 6, 1))
    log(adv.appointment, served_on=dt.date(2026, 6, 12))
    with pytest.raises(
        ValidationError, match="终止日期之后还登记有 1 条工作日志（最近一条为2026-06-12）"
    ):
        _end(adv.appointment)
    _end(adv.appointment, ended_on=dt.date(2026, 6, 12))
    with pytest.raises(ValidationError, match="该聘任已于2026-06-12提前终止，不能重复终止。"):
        _end(adv.appointment, ended_on=dt.date(2026, 6, 13))


def test_only_the_office_ends_an_appointment(adv, world):
    for user in (world.advisor, world.supervisor, world.colleague, world.outsider):
        with pytest.raises(PermissionDenied):
            _end(adv.appointment, actor=user)
    assert not AuditEntry.objects.filter(action="advisor.appointment_end").exists()


def test_the_office_ends_it_on_the_page_and_the_coverage_page_shows_the_gap(adv, world, login):
    client = login(world.office_user)
    detail = reverse("advisors:appointment_detail", args=[adv.appointment.pk])
    url = reverse("advisors:appointment_end", args=[adv.appointment.pk])
    assert url in client.get(detail).content.decode()
    data = {"ended_on": "2026-06-10", "reason": "dismissed", "note": "考核不合格解聘"}
    page = client.post(url, data, follow=True).content.decode()
    assert "聘任已提前终止。" in page and "已于2026-06-10提前终止" in page
    assert "解聘" in page and "考核不合格解聘" in page and "2026-12-31" in page
    history = reverse("core:history", args=["advisors.appointment", adv.appointment.pk])
    assert "提前终止法律顾问聘任" in client.get(history).content.decode()
    assert url not in page  # the form is gone once ended
    # A double submit changes nothing and says why.
    page = client.post(url, data, follow=True).content.decode()
    assert "不能重复终止" in page
    assert AuditEntry.objects.filter(action="advisor.appointment_end").count() == 1
    coverage = client.get(reverse("advisors:coverage")).content.decode()
    assert "2 个未配备法律顾问" in coverage
    assert "顾问王海涛已于2026-06-10提前终止（解聘）" in coverage
    listing = client.get(reverse("advisors:appointment_list")).content.decode()
    assert "2026-06-10提前终止" in listing


def test_a_refused_end_keeps_what_was_typed(adv, world, login):
    client = login(world.office_user)
    url = reverse("advisors:appointment_end", args=[adv.appointment.pk])
    data = {"ended_on": "2026-06-20", "reason": "other", "note": "村委会换届后另行选聘"}
    page = client.post(url, data, follow=True).content.decode()
    assert "终止日期：终止日期不能晚于今天。" in page and "村委会换届后另行选聘" in page
    adv.appointment.refresh_from_db()
    assert adv.appointment.ended_on is None


def test_who_may_not_manage_is_not_offered_the_form_and_is_refused(adv, world, login):
    detail = reverse("advisors:appointment_detail", args=[adv.appointment.pk])
    url = reverse("advisors:appointment_end", args=[adv.appointment.pk])
    data = {"ended_on": "2026-06-10", "reason": "resigned"}
    for user in (world.advisor, world.supervisor):
        client = login(user)
        assert url not in client.get(detail).content.decode()
        assert client.post(url, data).status_code == 403
    assert login(world.outsider).post(url, data).status_code == 404
    adv.appointment.refresh_from_db()
    assert adv.appointment.ended_on is None


def test_an_ended_appointment_and_the_gap_render_for_every_role(adv, world, login):
    _end(adv.appointment, reason="replaced", note="")
    detail = reverse("advisors:appointment_detail", args=[adv.appointment.pk])
    coverage = reverse("advisors:coverage") + f"?unit={world.office_a1.pk}"
    sees = {
        "admin": True,
        "office_user": True,
        "office_head": True,
        "mediator": True,
        "advisor": True,
        "supervisor": True,
        "colleague": False,
        "outsider": False,
    }
    for role, visible in sees.items():
        client = login(getattr(world, role))
        response = client.get(detail)
        if not visible:
            assert response.status_code == 404, role
            continue
        page = response.content.decode()
        assert response.status_code == 200, role
        assert "已于2026-06-10提前终止" in page and "更换顾问" in page, role
        assert "2026-12-31" in page and "原定届满日" in page, role
        assert reverse("advisors:appointment_end", args=[adv.appointment.pk]) not in page, role
        page = client.get(coverage).content.decode()
        assert "顾问王海涛已于2026-06-10提前终止（更换顾问）" in page, role


def test_an_import_cannot_move_the_planned_end_before_the_early_end(adv, world):
    from io import BytesIO

    from openpyxl import Workbook

    from sifasuo.advisors import importing
    from sifasuo.core import table_import

    _end(adv.appointment)
    a = adv.appointment

    def preview_row(ends_on):
        book = Workbook()
        book.active.append(
            ["村/社区", "法律顾问姓名", "律师事务所", "执业证号", "聘期起始日", "聘期届满日"]
        )
        book.active.append(
            [a.village.name, a.lawyer_name, a.firm, a.license_no, "2026-01-01", ends_on]
        )
        buffer = BytesIO()
        book.save(buffer)
        context = importing.context_for(world.office_a1)
        importer = importing.AppointmentImporter()
        (row,) = table_import.parse(importer, buffer.getvalue(), **context).rows
        return row

    refused = preview_row("2026-06-01")
    assert refused.errors == ["该聘任已于2026-06-10提前终止，聘期届满日不能早于终止日期"]
    kept = preview_row("2026-11-30")
    assert not kept.errors and "聘期届满日" in kept.changed
