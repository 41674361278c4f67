"""网上法律咨询: a citizen asks, the county's consultants on duty get it, the first answer wins,
the citizen reads it with code and phone and rates it once, staff turn it into a matter and
compile the FAQ; other counties see nothing."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import factories
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifasuo.consultations import forms, services
from sifasuo.consultations.models import DutySlot, FaqEntry, Question, QuestionState, Specialty
from sifasuo.core import text_limits
from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import AuditEntry
from sifasuo.intake.models import Channel, MatterType
from sifasuo.portal.abuse import captcha_required

from .support import ask, profile

ZONE = ZoneInfo("Asia/Shanghai")
ASK = "/public/consult/"
ANSWER = "/public/consult/answer/"


def _form(world, **changes):
    data = {
        "township": world.office_a1.pk,
        "specialty": Specialty.FAMILY,
        "text": "父母年纪大了，兄弟几个都不愿意出赡养费，怎么办？",
        "asker_name": "李大娘",
        "phone": "13853311234",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# -- asking -----------------------------------------------------------------------------------


def test_a_citizen_asks_and_gets_a_tracking_code(client, world, people, working_hours):
    page = client.get(ASK).content.decode()
    assert "个人信息保护法》第十四条、第十七条" in page and "保存期限" in page
    response = client.post(ASK, _form(world), follow=True)
    question = Question.objects.get()
    assert question.tracking_code in response.content.decode()
    assert question.unit == world.office_a1 and question.phone == "13853311234"
    assert question.consented_at is not None
    entry = AuditEntry.objects.get(action="consult.question_ask")
    assert entry.actor_name == str(services.CITIZEN)
    assert "13853311234" not in str(entry.changes)


def test_without_consent_nothing_is_sent_and_nothing_typed_is_lost(client, world, people):
    response = client.post(ASK, _form(world, consent=None))
    body = response.content.decode()
    assert "请阅读并同意个人信息处理说明后再提交" in body
    assert "兄弟几个都不愿意出赡养费" in body and "13853311234" in body
    assert not Question.objects.exists()


def test_a_bad_phone_and_an_overlong_question_are_refused_in_chinese(client, world, people):
    body = client.post(ASK, _form(world, phone="12345")).content.decode()
    assert "电话号码格式不正确" in body
    body = client.post(ASK, _form(world, text="字" * (text_limits.NARRATIVE_MAX + 1))).content
    assert "2000" in body.decode()
    assert not Question.objects.exists()


def test_repeated_submissions_are_limited_per_phone(client, world, people, settings):
    settings.SIFASUO_PUBLIC_CAPTCHA_AFTER = 100
    settings.SIFASUO_PUBLIC_SUBMISSIONS_PER_PHONE = 1
    client.post(ASK, _form(world))
    body = client.post(ASK, _form(world, text="又一个问题")).content.decode()
    assert "提交过于频繁" in body and "又一个问题" in body
    assert Question.objects.count() == 1


def test_repeated_submissions_from_one_address_ask_for_the_captcha(
    client, rf, world, people, settings
):
    settings.SIFASUO_PUBLIC_CAPTCHA_AFTER = 1
    request = rf.get(ASK, REMOTE_ADDR="127.0.0.1")
    assert not captcha_required(request, form="consult_ask")
    client.post(ASK, _form(world), REMOTE_ADDR="127.0.0.1")
    assert captcha_required(request, form="consult_ask")
    form = forms.AskForm(offices=world.office_a1.__class__.objects.none(), captcha=True)
    assert "captcha" in form.fields


# -- routing ----------------------------------------------------------------------------------


def test_without_anyone_on_duty_every_consultant_of_the_specialty_in_the_county_gets_it(
    world, people, working_hours
):
    question = ask(world)
    assert set(question.offered_to.all()) == {people["a1"], people["a2"]}


def test_the_consultants_on_duty_now_get_it(world, people, working_hours):
    services.duty_slot_add(
        actor=world.office_head,
        consultant=people["a1"],
        day=working_hours,
        starts=dt.time(8, 30),
        ends=dt.time(17, 30),
    )
    question = ask(world)
    assert list(question.offered_to.all()) == [people["a1"]]
    assert AuditEntry.objects.filter(action="consult.duty_add").exists()


def test_a_question_of_a_specialty_nobody_has_goes_to_the_whole_county(world, people):
    question = ask(world, specialty=Specialty.TRAFFIC)
    assert set(question.offered_to.all()) == {people["a1"], people["a2"], people["lawyer"]}


# -- answering --------------------------------------------------------------------------------


def test_the_first_answer_wins_and_the_others_see_who_answered(world, people, login, working_hours):
    question = ask(world)
    services.question_answer(actor=world.advisor, question=question, answer="可以申请调解。")
    with pytest.raises(ValidationError, match="已由王律师解答"):
        services.question_answer(actor=people["a2"].user, question=question, answer="也可以起诉。")
    page = login(people["a2"].user).get(
        reverse("consultations:question_detail", args=[question.pk])
    )
    body = page.content.decode()
    assert "已由王律师解答" in body and "发送解答" not in body
    question.refresh_from_db()
    assert question.answer == "可以申请调解。" and question.answered_by == people["a1"]


def test_a_claim_holds_the_question_for_its_consultant(world, people, login, working_hours):
    question = ask(world)
    services.question_claim(actor=people["a2"].user, question=question)
    with pytest.raises(ValidationError, match="已由孙律师认领"):
        services.question_answer(actor=world.advisor, question=question, answer="答复")
    body = (
        login(world.advisor)
        .get(reverse("consultations:question_detail", args=[question.pk]))
        .content.decode()
    )
    assert "已由孙律师认领" in body and "发送解答" not in body
    services.question_answer(actor=people["a2"].user, question=question, answer="答复")


def test_a_consultant_answers_through_the_page(world, people, login, working_hours):
    question = ask(world)
    client = login(world.advisor)
    url = reverse("consultations:question_answer", args=[question.pk])
    client.post(url, {"answer": "老人可以要求子女支付赡养费。"})
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED
    assert AuditEntry.objects.filter(action="consult.question_answer").exists()


def test_a_consultant_of_another_county_cannot_see_or_answer(world, people, login):
    question = ask(world)
    outsider = people["b1"].user
    client = login(outsider)
    for name in ("question_detail", "question_claim", "question_answer", "question_to_matter"):
        url = reverse(f"consultations:{name}", args=[question.pk])
        response = (
            client.post(url, {"answer": "x"}) if name != "question_detail" else client.get(url)
        )
        assert response.status_code == 404, name
    with pytest.raises(Exception, match="未推送"):
        services.question_answer(actor=outsider, question=question, answer="x")
    assert (
        question.tracking_code
        not in client.get(reverse("consultations:question_list") + "?which=all").content.decode()
    )


def test_an_outsider_gets_404_on_every_record_page(world, people, login):
    question = ask(world)
    slot = services.duty_slot_add(
        actor=world.office_head,
        consultant=people["a1"],
        day=dt.date(2026, 3, 4),
        starts=dt.time(9, 0),
        ends=dt.time(12, 0),
    )
    entry = services.faq_save(
        actor=world.office_head,
        unit=world.office_a1,
        specialty=Specialty.FAMILY,
        question="子女不赡养老人怎么办？",
        answer="可以申请调解或起诉。",
    )
    client = login(world.outsider)
    gets = [
        reverse("consultations:question_detail", args=[question.pk]),
        reverse("consultations:consultant_edit", args=[people["a1"].pk]),
        reverse("consultations:faq_edit", args=[entry.pk]),
    ]
    posts = [
        reverse("consultations:question_claim", args=[question.pk]),
        reverse("consultations:question_answer", args=[question.pk]),
        reverse("consultations:question_to_matter", args=[question.pk]),
        reverse("consultations:rota_remove", args=[slot.pk]),
        reverse("consultations:faq_publish", args=[entry.pk]),
        reverse("consultations:consultant_edit", args=[people["a1"].pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"publish": "1"}).status_code == 404, url
    assert DutySlot.objects.filter(pk=slot.pk).exists()
    assert not FaqEntry.objects.get(pk=entry.pk).published


# -- response targets -------------------------------------------------------------------------


def test_only_working_time_counts_toward_the_target(world, people, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 6, 17, 25, tzinfo=ZONE), tick=False)
    question = ask(world)
    assert question.target_minutes == 10
    time_machine.move_to(dt.datetime(2026, 3, 9, 8, 35, tzinfo=ZONE), tick=False)
    question = services.question_answer(actor=world.advisor, question=question, answer="答复")
    assert question.response_minutes == 10 and question.within_target


def test_statutory_holidays_do_not_count(world, people, time_machine):
    # 2025 国庆节、中秋节: 1–8 October off; a question asked on 30 September at 17:25.
    time_machine.move_to(dt.datetime(2025, 9, 30, 17, 25, tzinfo=ZONE), tick=False)
    question = ask(world)
    time_machine.move_to(dt.datetime(2025, 10, 9, 8, 40, tzinfo=ZONE), tick=False)
    question = services.question_answer(actor=world.advisor, question=question, answer="答复")
    assert question.response_minutes == 15 and not question.within_target


def test_staff_set_the_target_per_specialty(world, people, login, working_hours):
    client = login(world.office_head)
    data = {f"t_{value}": 10 for value in Specialty.values}
    data.update({"office": world.office_a1.pk, "t_administrative": 30})
    client.post(reverse("consultations:targets"), data)
    assert ask(world, specialty=Specialty.ADMINISTRATIVE).target_minutes == 30
    assert ask(world, specialty=Specialty.FAMILY, phone="13853311235").target_minutes == 10
    assert AuditEntry.objects.filter(action="consult.target_set").count() == 1
    # An advisor may read the targets but not change them.
    response = login(world.advisor).post(reverse("consultations:targets"), data)
    assert response.status_code == 403


def test_indicators_and_the_share_met_per_consultant(world, people, login, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 4, 9, 0, tzinfo=ZONE), tick=False)
    quick, slow = ask(world), ask(world, phone="13853311235", text="另一个问题")
    waiting = ask(world, phone="13853311236", text="第三个问题")
    time_machine.move_to(dt.datetime(2026, 3, 4, 9, 5, tzinfo=ZONE), tick=False)
    services.question_answer(actor=world.advisor, question=quick, answer="答复")
    time_machine.move_to(dt.datetime(2026, 3, 4, 9, 45, tzinfo=ZONE), tick=False)
    services.question_answer(actor=world.advisor, question=slow, answer="答复")
    services.question_rate(actor=services.CITIZEN, question=quick, rating=5)
    march = Period.month(2026, 3)
    assert value_for("consultations.received", world.office_a1, march) == 3
    assert value_for("consultations.answered", world.county_a, march) == 2
    assert value_for("consultations.answered_in_target", world.office_a1, march) == 1
    assert value_for("consultations.target_rate", world.office_a1, march) == 50
    assert value_for("consultations.response_minutes", world.office_a1, march) == 50
    assert value_for("consultations.ratings", world.office_a1, march) == 1
    assert value_for("consultations.answered", world.office_b1, march) == 0
    assert waiting.state == QuestionState.WAITING
    body = (
        login(world.office_head)
        .get(reverse("consultations:statistics") + "?year=2026")
        .content.decode()
    )
    assert "王律师" in body and "2/1/50.0%" in body and "25.0" in body


def test_the_consultant_sees_waiting_and_overdue_questions_in_my_todos(
    world, people, home, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 4, 9, 0, tzinfo=ZONE), tick=False)
    ask(world)
    time_machine.move_to(dt.datetime(2026, 3, 4, 9, 30, tzinfo=ZONE), tick=False)
    ask(world, phone="13853311235", text="刚提交的问题")
    page = home(world.advisor)
    assert "网上法律咨询（待解答）" in page
    assert "已超过响应时限" in page and "刚提交的问题" in page
    assert "网上法律咨询（待解答）" not in home(people["b1"].user)


# -- the citizen reads and rates -------------------------------------------------------------


def test_the_citizen_reads_the_answer_with_code_and_phone_and_rates_once(
    client, world, people, working_hours
):
    question = ask(world)
    services.question_answer(actor=world.advisor, question=question, answer="可以申请人民调解。")
    wrong = client.post(ANSWER, {"tracking_code": question.tracking_code, "phone": "13900000000"})
    assert "可以申请人民调解" not in wrong.content.decode()
    assert "查询码或联系电话不正确" in wrong.content.decode()
    page = client.post(
        ANSWER,
        {"tracking_code": question.tracking_code.lower(), "phone": "13853311234"},
        follow=True,
    ).content.decode()
    assert "可以申请人民调解" in page and "王律师" in page
    assert "李大娘" not in page and "13853311234" not in page
    client.post("/public/consult/answer/rate/", {"rating": "4", "rating_comment": "很清楚"})
    question.refresh_from_db()
    assert question.rating == 4 and question.rating_comment == "很清楚"
    page = client.get(ANSWER).content.decode()
    assert "4分" in page and "提交评价" not in page
    with pytest.raises(ValidationError, match="已评价"):
        services.question_rate(actor=services.CITIZEN, question=question, rating=1)


def test_a_question_not_yet_answered_cannot_be_rated(client, world, people):
    question = ask(world)
    client.post(ANSWER, {"tracking_code": question.tracking_code, "phone": "13853311234"})
    client.post("/public/consult/answer/rate/", {"rating": "1"})
    question.refresh_from_db()
    assert question.rating is None


# -- into intake, the FAQ and the directory ----------------------------------------------------


def test_a_question_becomes_an_intake_matter_without_retyping(world, people, login, working_hours):
    question = ask(world)
    services.question_answer(actor=world.advisor, question=question, answer="建议申请调解。")
    # A legal advisor may not register matters.
    url = reverse("consultations:question_to_matter", args=[question.pk])
    assert login(world.advisor).post(url).status_code == 403
    response = login(world.office_user).post(url)
    question.refresh_from_db()
    matter = question.matter
    assert response.url == reverse("intake:detail", args=[matter.pk])
    assert matter.channel == Channel.ONLINE and matter.matter_type == MatterType.CONSULTATION
    assert question.text in matter.narrative and "建议申请调解" in matter.narrative
    requester = matter.requesters.get()
    assert requester.name == "李大娘" and requester.phone == "13853311234"
    assert matter.consultation == question
    assert AuditEntry.objects.filter(action="consult.question_to_matter").exists()
    with pytest.raises(ValidationError, match="已转为受理事项"):
        services.question_to_matter(actor=world.office_user, question=question)


def test_staff_compile_and_publish_the_faq_grouped_by_specialty(
    client, world, people, login, working_hours
):
    question = ask(world)
    services.question_answer(actor=world.advisor, question=question, answer="原解答")
    staff = login(world.office_head)
    form = staff.get(reverse("consultations:faq_create") + f"?from={question.pk}").content
    assert "儿子不赡养老人怎么办" in form.decode()
    staff.post(
        reverse("consultations:faq_create"),
        {
            "specialty": Specialty.FAMILY,
            "question": "子女不履行赡养义务怎么办？",
            "answer": "可以申请人民调解，也可以向人民法院起诉。",
            "office": world.office_a1.pk,
            "source": question.pk,
        },
    )
    entry = FaqEntry.objects.get()
    assert list(entry.sources.all()) == [question]
    assert "子女不履行赡养义务" not in client.get("/public/consult/faq/").content.decode()
    staff.post(reverse("consultations:faq_publish", args=[entry.pk]), {"publish": "1"})
    page = client.get("/public/consult/faq/").content.decode()
    assert "婚姻家庭" in page and "子女不履行赡养义务" in page
    assert AuditEntry.objects.filter(action="consult.faq_publish").exists()
    # A legal advisor may read but not compile.
    assert login(world.advisor).get(reverse("consultations:faq_create")).status_code == 403


def test_the_directory_shows_public_information_only(client, world, people):
    hidden = profile(factories.user("a1_hidden", world.office_a2, "legal_advisor"), name="周律师")
    services.consultant_save(
        actor=factories.SETUP,
        user=hidden.user,
        public_name="周律师",
        organization="某所",
        specialties=[Specialty.FAMILY],
        listed=False,
    )
    page = client.get("/public/consult/lawyers/").content.decode()
    assert "王律师" in page and "山东海曲律师事务所" in page and "婚姻家庭" in page
    assert "周律师" not in page
    assert "a1_advisor" not in page
    page = client.get(
        f"/public/consult/lawyers/?county={world.county_b.pk}&specialty=family"
    ).content.decode()
    assert "钱律师" in page and "王律师" not in page


def test_only_office_staff_manage_profiles_and_the_rota(world, people, login):
    new_user = factories.user("a1_advisor2", world.office_a1, "legal_advisor")
    data = {
        "user": new_user.pk,
        "public_name": "吴律师",
        "organization": "山东海曲律师事务所",
        "specialties": ["labour", "contract"],
        "listed": "on",
        "is_active": "on",
    }
    assert (
        login(world.advisor).post(reverse("consultations:consultant_create"), data).status_code
        == 403
    )
    login(world.office_user).post(reverse("consultations:consultant_create"), data)
    consultant = new_user.consultant
    assert consultant.specialties == ["labour", "contract"]
    saved = AuditEntry.objects.get(action="consult.consultant_save", object_id=str(consultant.pk))
    assert saved.actor_name == "a1_assistant"
    response = login(world.office_user).post(
        reverse("consultations:rota"),
        {"consultant": consultant.pk, "day": "2026-03-04", "starts": "09:00", "ends": "08:00"},
    )
    assert "结束时间应晚于开始时间" in response.content.decode()
    # Only lawyers and legal advisors can have a profile.
    with pytest.raises(ValidationError, match="只有法律顾问或公职律师"):
        profile(world.mediator)


def test_list_pages_keep_their_query_count(world, people, login, django_assert_max_num_queries):
    for n in range(6):
        ask(world, phone=f"1385331{n:04d}", text=f"问题{n}")
    client = login(world.office_head)
    with django_assert_max_num_queries(25):
        body = client.get(reverse("consultations:question_list") + "?which=all").content.decode()
    assert len(re.findall(r"/consultations/questions/\d+/", body)) == 6


def test_names_and_phones_past_the_keeping_period_are_erased(world, people, time_machine):
    time_machine.move_to(dt.datetime(2023, 3, 1, 10, 0, tzinfo=ZONE), tick=False)
    old = ask(world)
    time_machine.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZONE), tick=False)
    recent = ask(world, phone="13853311235")
    from django.core.management import call_command

    call_command("consult_erase_expired", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.phone == "" and old.asker_name == "" and old.text
    assert recent.phone == "13853311235"
    assert services.question_lookup(tracking_code=old.tracking_code, phone="13853311234") is None
    assert AuditEntry.objects.filter(action="consult.question_erase").count() == 1


def test_staff_see_the_askers_contact_masked_and_advisors_not_at_all(world, people, login):
    question = ask(world)
    url = reverse("consultations:question_detail", args=[question.pk])
    head = login(world.office_head).get(url).content.decode()
    assert "138****1234" in head and "13853311234" not in head and "李大娘" not in head
    advisor = login(world.advisor).get(url).content.decode()
    assert "138****1234" not in advisor and "李大娘" not in advisor
    assert "儿子不赡养老人怎么办" in advisor
    revealed = login(world.office_head).post(
        reverse("core:reveal", args=["consultations.question", question.pk, "phone"])
    )
    assert "13853311234" in revealed.content.decode()
    assert AuditEntry.objects.filter(object_id=str(question.pk), action__contains="reveal").exists()


def test_a_malformed_office_on_the_targets_page_is_ignored(world, people, login):
    response = login(world.office_head).get(reverse("consultations:targets") + "?office=x")
    assert response.status_code == 200 and world.office_a1.name in response.content.decode()
