"""The 人民调解 case list names the parties and the dispute, and finds a case by a party."""

from django.urls import reverse


def test_the_list_shows_parties_and_summary_and_finds_by_party(
    world, open_case, person, login, django_assert_max_num_queries
):
    open_case(
        world.mediator,
        applicants=[person("王建国", phone="13963300031"), person("王秀英", phone="13963300032")],
        respondents=[person("赵六", phone="13963300033")],
        summary="两家因排水沟堵塞发生争执，雨天积水淹了院子。",
    )
    for n in range(3):
        open_case(
            world.mediator,
            applicants=[person(f"孙{n}", phone=f"1396330010{n}")],
            respondents=[],
            summary=f"第{n}件邻里纠纷",
        )
    client = login(world.mediator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("mediation:case_list")).content.decode()
    assert "申请人：王建国、王秀英；被申请人：赵六" in page
    assert "两家因排水沟堵塞发生争执" in page
    found = client.get(reverse("mediation:case_list"), {"search": "王秀英"}).context["page"]
    assert [c.summary[:4] for c in found] == ["两家因排"]
    by_phone = client.get(reverse("mediation:case_list"), {"search": "139 6330 0033"})
    assert len(by_phone.context["page"].object_list) == 1
    # Another office's parties are not found.
    outsider = login(world.outsider)
    assert (
        not outsider.get(reverse("mediation:case_list"), {"search": "王秀英"})
        .context["page"]
        .object_list
    )
