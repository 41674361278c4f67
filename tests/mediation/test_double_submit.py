"""Opening a case submitted twice in any way (double click, Back and resubmit, two tabs) creates
one case, and a token replayed from another office reveals nothing of that office's case."""

from django.urls import reverse

from sifasuo.mediation.models import Case


def _token(client) -> str:
    form = client.get(reverse("mediation:case_create")).context["form"]
    return str(form["submission_token"].value())


def _data(world, mediator, **extra):
    data = {
        "dispute_type": "debt",
        "summary": "借款两万元到期未还。",
        "amount": "20000",
        "committee_kind": "township",
        "committee_name": "秦楼街道人民调解委员会",
        "mediators": [mediator.pk],
        "service_mode": "clinic",
        "a1_kind": "person",
        "a1_name": "王建国",
        "b1_kind": "person",
        "b1_name": "赵六",
    }
    data.update(extra)
    return data


def test_two_tabs_and_back_and_resubmit_open_one_case(world, login):
    client = login(world.mediator)
    first_tab, second_tab = _token(client), _token(client)
    data = _data(world, world.mediator)
    first = client.post(reverse("mediation:case_create"), {**data, "submission_token": first_tab})
    # Back and resubmit: the same token again.
    again = client.post(
        reverse("mediation:case_create"), {**data, "submission_token": first_tab}, follow=True
    )
    # The other tab, with its own token and the same content.
    other = client.post(
        reverse("mediation:case_create"), {**data, "submission_token": second_tab}, follow=True
    )
    case = Case.objects.get()
    assert first.url == reverse("mediation:case_detail", args=[case.pk])
    for response in (again, other):
        assert response.redirect_chain[-1][0] == first.url
        assert f"该立案已提交过，未重复立案（案号 {case.number}）" in response.content.decode()


def test_a_different_case_from_another_tab_is_still_opened(world, login):
    client = login(world.mediator)
    data = _data(world, world.mediator)
    client.post(reverse("mediation:case_create"), {**data, "submission_token": _token(client)})
    client.post(
        reverse("mediation:case_create"),
        {**data, "a1_name": "李四", "submission_token": _token(client)},
    )
    assert Case.objects.count() == 2


def test_a_token_replayed_in_another_office_opens_nothing_and_shows_nothing(world, login):
    own = login(world.mediator)
    token = _token(own)
    own.post(
        reverse("mediation:case_create"),
        {**_data(world, world.mediator), "submission_token": token},
    )
    case = Case.objects.get()
    stranger = login(world.colleague)  # another office of the same county
    response = stranger.post(
        reverse("mediation:case_create"),
        {**_data(world, world.colleague, summary="别的纠纷"), "submission_token": token},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "该表单已提交过，请重新打开立案页面填写。" in page
    assert case.number not in page
    assert Case.objects.count() == 1
    # A fresh form in that office opens its own case.
    stranger.post(
        reverse("mediation:case_create"),
        {**_data(world, world.colleague, summary="别的纠纷"), "submission_token": _token(stranger)},
    )
    assert Case.objects.filter(unit=world.office_a2).count() == 1
