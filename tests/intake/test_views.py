from io import BytesIO

import factories
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from sifasuo.core.roles import Role
from sifasuo.intake import services
from sifasuo.intake.models import Matter, MatterState, ReasonType, RoutingRule

# (url name, method, owner persona, supervisor's status)
ENDPOINTS = [
    ("intake:detail", "get", "office_user", 200),
    ("intake:sheet", "get", "office_user", 200),
    ("intake:receipt", "get", "office_user", 200),
    ("intake:assign", "post", "office_head", 403),
    ("intake:start", "post", "office_user", 403),
    ("intake:close", "post", "office_user", 403),
    ("intake:refuse", "post", "office_user", 403),
    ("intake:transfer", "post", "office_user", 403),
]


@pytest.mark.parametrize(("name", "method", "owner", "supervisor_status"), ENDPOINTS)
def test_access(world, matters, client, name, method, owner, supervisor_status):
    args = [matters["A1"].pk, "docx"] if name == "intake:sheet" else [matters["A1"].pk]
    url = reverse(name, args=args)
    data = {
        "version": matters["A1"].version,
        "reason_type": "other",
        "reason_text": "x",
        "result": "x",
        "handler": world.mediator.pk,
        "to_unit": world.police_a1.pk,
    }
    cases = [
        ("outsider", 404),
        ("colleague", 404),
        ("supervisor", supervisor_status),
        ("partner", 404),
    ]
    for persona, expected in cases:
        client.force_login(getattr(world, persona))
        response = getattr(client, method)(url, data)
        assert response.status_code == expected, (persona, response.status_code)
    client.force_login(getattr(world, owner))
    response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)


def test_partner_sees_only_what_was_transferred_to_it(world, matters, login):
    services.matter_transfer(
        actor=world.office_user,
        matter=matters["A1"],
        to_unit=world.police_a1,
        reason_type=ReasonType.OTHER_BODY,
        reason_text="涉嫌治安案件",
    )
    client = login(world.partner)
    page = client.get(reverse("intake:detail", args=[matters["A1"].pk]))
    assert page.status_code == 200
    assert "签收" in page.content.decode()
    assert client.get(reverse("intake:detail", args=[matters["A2"].pk])).status_code == 404
    listing = client.get(reverse("intake:queue") + "?q=incoming").content.decode()
    assert matters["A1"].tracking_code in listing
    assert matters["A2"].tracking_code not in listing
    client.post(
        reverse("intake:transfer_refuse", args=[matters["A1"].pk]),
        {"reason_text": "不属于治安案件"},
    )
    assert client.get(reverse("intake:detail", args=[matters["A1"].pk])).status_code == 404
    matters["A1"].refresh_from_db()
    assert matters["A1"].state == MatterState.REGISTERED


def test_queue_lists_only_own_office_with_bounded_queries(
    world, register, login, django_assert_max_num_queries
):
    for _ in range(5):
        matter = register(world.office_user)
        services.matter_assign(actor=world.office_head, matter=matter, handler=world.mediator)
    register(world.colleague, narrative="A2")
    client = login(world.mediator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:queue") + "?q=mine")
    assert response.status_code == 200
    assert response.content.decode().count("/intake/") >= 5
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:queue") + "?q=all")
    assert len(response.context["page"].object_list) == 5


def test_overdue_badge_in_queue(world, register, login):
    matter = register(world.office_user)
    import datetime as dt

    Matter.objects.filter(pk=matter.pk).update(due_on=dt.date(2026, 11, 1))
    page = login(world.office_user).get(reverse("intake:queue") + "?q=unassigned")
    assert "已超期" in page.content.decode()


def test_batch_assign(world, register, login):
    first, second = register(world.office_user), register(world.office_user)
    client = login(world.office_head)
    page = client.get(reverse("intake:queue") + "?q=unassigned").content.decode()
    assert "批量分派" in page
    response = client.post(
        reverse("intake:assign_batch"),
        {"matter": [first.pk, second.pk], "handler": world.mediator.pk},
    )
    assert response.status_code == 302
    assert set(Matter.objects.filter(handler=world.mediator).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_batch_assign_ignores_other_offices_matters(world, matters, login):
    response = login(world.office_head).post(
        reverse("intake:assign_batch"),
        {"matter": [matters["A2"].pk], "handler": world.mediator.pk},
    )
    assert response.status_code == 404
    matters["A2"].refresh_from_db()
    assert matters["A2"].handler is None


def _form(**overrides):
    data = {
        "channel": "window",
        "matter_type": "dispute",
        "narrative": "邻居建房占道",
        "counterpart_names": "赵六",
        "r1_kind": "person",
        "r1_name": "王建国",
        "r1_id_number": "",
        "r1_phone": "13963300011",
        "r2_kind": "person",
    }
    data.update(overrides)
    return data


def test_register_bad_id_redisplays_every_value(world, login):
    client = login(world.office_user)
    response = client.post(reverse("intake:register"), _form(r1_id_number="371102198001010000"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "邻居建房占道" in page and "王建国" in page and "371102198001010000" in page
    assert "身份证" in str(response.context["form"].errors)
    assert not Matter.objects.exists()


def test_register_then_receipt_and_duplicate_warning(world, login):
    client = login(world.office_user)
    response = client.post(reverse("intake:register"), _form(), follow=True)
    matter = Matter.objects.get()
    assert matter.tracking_code in response.content.decode()
    assert "受理回执" in response.content.decode()
    # Same requester, counterpart and type again: a warning, nothing created.
    response = client.post(reverse("intake:register"), _form())
    assert "可能是重复登记" in response.content.decode()
    assert Matter.objects.count() == 1
    # Linking creates nothing and lands on the original matter.
    response = client.post(reverse("intake:register"), _form(link_to=matter.pk))
    assert response.url == reverse("intake:detail", args=[matter.pk])
    assert Matter.objects.count() == 1
    # Confirming creates a second one.
    client.post(reverse("intake:register"), _form(confirm_new="1"))
    assert Matter.objects.count() == 2


def test_public_status_page_without_login(world, matters, client):
    matter = matters["A1"]
    url = reverse("intake:public_status")
    assert client.get(url).status_code == 200
    page = client.post(
        url, {"tracking_code": matter.tracking_code, "phone": "13963300011"}
    ).content.decode()
    assert "已登记" in page and "秦楼司法所" in page
    assert (
        "王建国" not in page
        and "秦楼甲" not in page
        and "13963300011" not in page.split("</form>")[-1]
    )
    wrong_phone = client.post(
        url, {"tracking_code": matter.tracking_code, "phone": "13900000000"}
    ).content.decode()
    wrong_code = client.post(url, {"tracking_code": "ZZZZZZ", "phone": "13963300011"})
    assert "未找到" in wrong_phone and "未找到" in wrong_code.content.decode()


def test_conflicting_edit_shows_message(world, matters, login):
    matter = matters["A1"]
    stale = matter.version
    services.matter_assign(actor=world.office_head, matter=matter, handler=world.mediator)
    response = login(world.office_user).post(
        reverse("intake:assign", args=[matter.pk]),
        {"handler": world.office_user.pk, "version": stale},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode()
    matter.refresh_from_db()
    assert matter.handler == world.mediator


def test_handling_sheet_lists_every_step(world, matters, login):
    matter = services.matter_assign(
        actor=world.office_head, matter=matters["A1"], handler=world.mediator
    )
    services.matter_close(actor=world.mediator, matter=matter, result="当场解答完毕")
    client = login(world.office_user)
    docx = client.get(reverse("intake:sheet", args=[matter.pk, "docx"]))
    document = Document(BytesIO(docx.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert matter.tracking_code in cells
    for text in ("登记", "分派", "办结", "当场解答完毕", "a1_head", "a1_mediator"):
        assert text in cells, text
    pdf = client.get(reverse("intake:sheet", args=[matter.pk, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "受理事项办理单" in text and "当场解答完毕" in text


def test_double_submit_registers_once(world, login):
    client = login(world.office_user)
    form = client.get(reverse("intake:register")).context["form"]
    token = str(form["submission_token"].value())
    first = client.post(reverse("intake:register"), _form(submission_token=token))
    second = client.post(reverse("intake:register"), _form(submission_token=token, confirm_new="1"))
    assert Matter.objects.count() == 1
    assert first.url == second.url


def test_routing_rules_page_for_county_only(world, login, register):
    url = reverse("intake:routing")
    assert login(world.office_head).get(url).status_code == 403
    client = login(world.supervisor)
    response = client.post(
        url,
        {
            "county": world.county_a.pk,
            "matter_type": "legal_aid",
            "target": world.office_a2.pk,
            "handler_role": "",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "河山司法所" in page and "法律援助申请" in page
    assert register(world.office_user, matter_type="legal_aid").unit == world.office_a2
    # Another county's supervisor neither sees nor may pick county A.

    other = factories.user("county_b", world.county_b, Role.SUPERVISOR)
    other_client = login(other)
    assert "河山司法所" not in other_client.get(url).content.decode().split("<h2>")[0]
    response = other_client.post(
        url, {"county": world.county_a.pk, "matter_type": "petition", "target": world.office_a2.pk}
    )
    assert response.status_code == 200 and "county" in response.context["form"].errors
    rule = RoutingRule.objects.get()
    assert other_client.post(reverse("intake:routing_delete", args=[rule.pk])).status_code == 404
    login(world.supervisor).post(reverse("intake:routing_delete", args=[rule.pk]))
    assert not RoutingRule.objects.exists()


def test_partner_refers_a_matter_in_and_follows_it(world, login):
    client = login(world.partner)
    assert "移送司法所" in client.get(reverse("intake:queue")).content.decode()
    response = client.post(
        reverse("intake:refer_in"),
        {
            "matter_type": "dispute",
            "narrative": "出警发现夫妻纠纷，需调解",
            "counterpart_names": "李四",
            "r1_kind": "person",
            "r1_name": "张三",
            "r1_phone": "13963300031",
            "r2_kind": "person",
        },
    )
    matter = Matter.objects.get()
    assert response.url == reverse("intake:detail", args=[matter.pk])
    assert matter.unit == world.office_a1 and matter.channel == "department"
    assert matter.created_by == world.partner
    assert client.get(response.url).status_code == 200
    office = login(world.office_head).get(reverse("intake:queue") + "?q=unassigned")
    assert matter.tracking_code in office.content.decode()
    assert login(world.outsider).get(reverse("intake:detail", args=[matter.pk])).status_code == 404
    assert login(world.office_user).get(reverse("intake:refer_in")).status_code == 403


def test_public_status_is_throttled_per_tracking_code(world, matters, settings):
    settings.SIFASUO_STATUS_LOOKUPS_PER_CODE = 3
    matter, url = matters["A1"], reverse("intake:public_status")
    # Guesses at one code's phone from many addresses: the code itself is throttled.
    for n in range(3):
        page = Client(REMOTE_ADDR=f"10.0.0.{n}").post(
            url, {"tracking_code": matter.tracking_code, "phone": f"1390000000{n}"}
        )
        assert "未找到" in page.content.decode()
    page = Client(REMOTE_ADDR="10.0.0.9").post(
        url, {"tracking_code": matter.tracking_code.lower(), "phone": "13963300011"}
    )
    body = page.content.decode()
    assert "查询过于频繁，请于" in body and "已登记" not in body
    # Another code is still answered.
    other = Client(REMOTE_ADDR="10.0.0.9").post(
        url, {"tracking_code": matters["A2"].tracking_code, "phone": "13900000000"}
    )
    assert "未找到" in other.content.decode()


def test_public_status_is_throttled_per_address(world, matters, client, settings):
    settings.SIFASUO_STATUS_LOOKUPS_PER_ADDRESS = 4
    url = reverse("intake:public_status")
    for n in range(4):
        client.post(url, {"tracking_code": f"ZZZZZ{n}", "phone": "13963300011"})
    page = client.post(url, {"tracking_code": matters["A1"].tracking_code, "phone": "13963300011"})
    assert "查询过于频繁" in page.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.9.9.9").post(
        url, {"tracking_code": matters["A1"].tracking_code, "phone": "13963300011"}
    )
    assert "已登记" in elsewhere.content.decode()


def test_a_narrative_longer_than_the_paper_form_is_refused(world, login):
    client = login(world.office_user)
    response = client.post(reverse("intake:register"), _form(narrative="邻" * 32000))
    assert response.status_code == 200
    assert "内容过长：最多 2000 字，现有 32000 字，请精简。" in response.content.decode()
    assert not Matter.objects.exists()
    assert 'maxlength="2000"' in client.get(reverse("intake:register")).content.decode()


def test_the_handling_sheet_of_a_very_long_narrative_renders_in_seconds(world, matters):
    """A table sized by its content measured every character (4,000 took 10 s, 32,000 over 10
    minutes); the fixed layout keeps it linear. Here 16,000 characters, eight times the limit."""
    import time

    from pypdf import PdfReader

    from sifasuo.intake import documents, selectors

    matter = matters["A1"]
    matter.narrative = ("邻居建房占用通道，多次协商未果。" * 1000)[:16000]
    started = time.perf_counter()
    pdf = documents.handling_sheet_pdf(
        matter, selectors.matter_requesters(matter), selectors.matter_steps(matter)
    )
    assert time.perf_counter() - started < 20
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert text.count("邻") == 1000  # every character of the narrative is printed


def test_queue_shows_requesters_and_summary_and_finds_by_name_phone_and_id(
    world, register, requester, login, django_assert_max_num_queries
):
    id_number = requester()["id_number"]
    found = register(
        world.office_user,
        narrative="李家与张家宅基地边界纠纷，需现场勘查。",
        requesters=[
            requester(name="李秀兰", phone="13800001111", id_number=id_number),
            requester(name="张德福", phone="13800002222"),
        ],
    )
    for _ in range(4):
        register(world.office_user, requesters=[requester(name="王建国")])
    client = login(world.office_user)
    url = reverse("intake:queue")
    with django_assert_max_num_queries(12):
        page = client.get(url + "?q=all").content.decode()
    assert "李秀兰、张德福" in page
    assert "李家与张家宅基地边界纠纷" in page
    for term in ("李秀兰", "13800002222", id_number):
        response = client.get(url, {"q": "all", "search": term})
        assert [m.pk for m in response.context["page"].object_list] == [found.pk], term
    # Only a whole number matches: a fragment of a phone finds nothing.
    response = client.get(url, {"q": "all", "search": "1380000"})
    assert list(response.context["page"].object_list) == []
    # The search stays within the tab and the office.
    other = register(world.colleague, requesters=[requester(name="李秀兰")])
    response = client.get(url, {"q": "all", "search": "李秀兰"})
    assert other.pk not in [m.pk for m in response.context["page"].object_list]


def test_the_heads_queue_opens_on_unassigned_matters_and_marks_the_open_tab(world, register, login):
    client = login(world.office_head)
    page = client.get(reverse("intake:queue"))
    assert page.context["which"] == "mine"  # nothing waits: his own list
    register(world.office_user)
    register(world.office_user)
    page = client.get(reverse("intake:queue"))
    assert page.context["which"] == "unassigned"
    body = page.content.decode()
    assert 'class="active" aria-current="page">待分派 <span class="count">(2)</span>' in body
    assert "批量分派" in body
    # Others still open on their own list; an explicit tab is kept.
    assert login(world.mediator).get(reverse("intake:queue")).context["which"] == "mine"
    page = client.get(reverse("intake:queue") + "?q=all")
    assert 'class="active" aria-current="page">全部事项' in page.content.decode()


def test_the_same_registration_from_two_tabs_or_after_a_reload_creates_one_matter(world, login):
    client = login(world.office_user)
    first_tab = str(
        client.get(reverse("intake:register")).context["form"]["submission_token"].value()
    )
    second_tab = str(
        client.get(reverse("intake:register")).context["form"]["submission_token"].value()
    )
    assert first_tab != second_tab
    data = _form(counterpart_names="", r1_name="周小梅")
    first = client.post(reverse("intake:register"), {**data, "submission_token": first_tab})
    second = client.post(
        reverse("intake:register"), {**data, "submission_token": second_tab}, follow=True
    )
    assert Matter.objects.count() == 1
    matter = Matter.objects.get()
    assert first.url == reverse("intake:receipt", args=[matter.pk])
    assert (
        "未重复登记" in second.content.decode() and matter.tracking_code in second.content.decode()
    )
    # A different registration of the same person is a new matter.
    client.post(reverse("intake:register"), {**data, "narrative": "另一件事：劳务费拖欠"})
    assert Matter.objects.count() == 2


def test_a_refused_submission_keeps_its_token_so_the_corrected_one_registers_once(world, login):
    client = login(world.office_user)
    token = str(client.get(reverse("intake:register")).context["form"]["submission_token"].value())
    bad = client.post(
        reverse("intake:register"),
        _form(r1_id_number="371102198001010000", submission_token=token),
    )
    assert bad.status_code == 200
    assert f'value="{token}"' in bad.content.decode()
    good = _form(submission_token=token)
    client.post(reverse("intake:register"), good)
    client.post(reverse("intake:register"), {**good, "confirm_new": "1"})  # Back, submit again
    assert Matter.objects.count() == 1


def test_a_printable_receipt_for_the_citizen(world, login, settings):
    from sifasuo.core.models import OrgUnit, Party

    OrgUnit.objects.filter(pk=world.office_a1.pk).update(
        address="日照市东港区秦楼街道泰安路1号", phone="0633-8220000"
    )
    settings.SIFASUO_PUBLIC_URL = "https://sfs.example.gov.cn/sifasuo"
    client = login(world.office_user)
    response = client.post(
        reverse("intake:register"),
        _form(r1_name="钱玉芬", r1_address="日照市东港区秦楼街道海滨五路6号"),
        follow=True,
    )
    matter = Matter.objects.get()
    assert Party.objects.get(name="钱玉芬").address == "日照市东港区秦楼街道海滨五路6号"
    body = response.content.decode()
    assert "受理回执" in body and "钱玉芬" in body and "纠纷调解" in body and "邻居建房占道" in body
    assert "日照市东港区秦楼街道泰安路1号" in body and "0633-8220000" in body
    assert "受理单位（盖章）" in body and matter.tracking_code in body
    assert "https://sfs.example.gov.cn/sifasuo/public/status/" in body
    assert "仅限内网" not in body
    settings.SIFASUO_PUBLIC_URL = ""
    body = client.get(reverse("intake:receipt", args=[matter.pk])).content.decode()
    assert "http://testserver/public/status/" in body and "仅限内网" in body
    assert login(world.outsider).get(reverse("intake:receipt", args=[matter.pk])).status_code == 404


def test_a_public_address_that_is_not_a_web_address_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from sifasuo.settings import env_url

    monkeypatch.setenv("SIFASUO_PUBLIC_URL", "sfs.example.gov.cn")
    with pytest.raises(ImproperlyConfigured, match="SIFASUO_PUBLIC_URL"):
        env_url("SIFASUO_PUBLIC_URL")
    monkeypatch.setenv("SIFASUO_PUBLIC_URL", "https://sfs.example.gov.cn/")
    assert env_url("SIFASUO_PUBLIC_URL") == "https://sfs.example.gov.cn"


def test_a_registration_token_replayed_in_another_office_shows_nothing_of_the_matter(world, login):
    own = login(world.office_user)
    token = str(own.get(reverse("intake:register")).context["form"]["submission_token"].value())
    own.post(reverse("intake:register"), _form(submission_token=token))
    matter = Matter.objects.get()
    stranger = login(world.colleague)
    response = stranger.post(reverse("intake:register"), _form(submission_token=token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "该表单已提交过，请重新打开登记页面填写。" in page
    assert matter.tracking_code not in page
    assert Matter.objects.count() == 1


def test_a_hand_over_is_offered_only_where_its_page_opens(world, register, login):
    """法律援助 applications are registered at an office: the administrator, who sees the matter
    from the city, is not offered a hand-over that would refuse them."""
    matter = register(world.office_user, matter_type="legal_aid", narrative="申请法律援助讨薪")
    detail = reverse("intake:detail", args=[matter.pk])
    hand_over = f"{reverse('legal_aid:create')}?matter={matter.pk}"
    client = login(world.office_user)
    assert hand_over in client.get(detail).content.decode()
    assert client.get(hand_over).status_code == 200
    client = login(world.admin)
    body = client.get(detail).content.decode()
    assert "申请法律援助讨薪" in body and hand_over not in body
    assert client.get(hand_over).status_code == 403
