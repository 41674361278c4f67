"""Who may open which screen: every core endpoint against the standing personas.

A1 is the office under test; A2 sits in the same county, B1 in another. The police station sits
under A1 but sees only its own subtree.
"""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

# Text that appears only in A1's or only in A2's records.
A1 = "秦楼甲"
A2 = "河山乙"


@dataclass
class Records:
    unit: object
    staff: object
    party: object
    work: object
    account: object


def _records(office, marker, assignee):
    past = timezone.localdate() - dt.timedelta(days=3)
    return Records(
        unit=office,
        staff=factories.staff(office, name=f"{marker}员"),
        party=factories.party(office, name=f"{marker}当事人"),
        work=factories.work_item(
            office,
            title=f"{marker}复议答复",
            assignee=assignee,
            due_rule="",
            due_start=None,
            due_on=past,
        ),
        account=assignee,
    )


@pytest.fixture
def matrix(world):
    return {
        "A1": _records(world.office_a1, A1, world.office_user),
        "A2": _records(world.office_a2, A2, world.colleague),
    }


# ---------------------------------------------------------------------------------------------
# Record endpoints: (name, method, url(records), owner persona, supervisor's status)


def url_of(name, *args):
    return lambda r: reverse(name, args=[arg(r) if callable(arg) else arg for arg in args])


RECORD_ENDPOINTS = [
    ("work_detail", "get", url_of("core:work_detail", lambda r: r.work.pk), "office_user", 200),
    ("work_extend", "post", url_of("core:work_extend", lambda r: r.work.pk), "office_user", 403),
    ("work_close", "post", url_of("core:work_close", lambda r: r.work.pk), "office_user", 403),
    ("work_pause", "post", url_of("core:work_pause", lambda r: r.work.pk), "office_user", 403),
    ("work_resume", "post", url_of("core:work_resume", lambda r: r.work.pk), "office_user", 403),
    ("unit_detail", "get", url_of("core:unit_detail", lambda r: r.unit.pk), "office_user", 200),
    ("unit_edit", "get", url_of("core:unit_edit", lambda r: r.unit.pk), "supervisor", 200),
    ("premises_edit", "get", url_of("core:premises_edit", lambda r: r.unit.pk), "supervisor", 200),
    ("staff_detail", "get", url_of("core:staff_detail", lambda r: r.staff.pk), "office_user", 200),
    ("staff_edit", "get", url_of("core:staff_edit", lambda r: r.staff.pk), "office_head", 200),
    ("staff_delete", "get", url_of("core:staff_delete", lambda r: r.staff.pk), "office_head", 200),
    ("party_detail", "get", url_of("core:party_detail", lambda r: r.party.pk), "office_user", 200),
    ("party_edit", "get", url_of("core:party_edit", lambda r: r.party.pk), "office_user", 403),
    (
        "reveal_staff",
        "post",
        url_of("core:reveal", "core.staff", lambda r: r.staff.pk, "id_number"),
        "mediator",
        200,
    ),
    (
        "reveal_party",
        "post",
        url_of("core:reveal", "core.party", lambda r: r.party.pk, "phone"),
        "mediator",
        200,
    ),
    (
        "history_unit",
        "get",
        url_of("core:history", "core.unit", lambda r: r.unit.pk),
        "office_user",
        200,
    ),
    (
        "history_staff",
        "get",
        url_of("core:history", "core.staff", lambda r: r.staff.pk),
        "office_user",
        200,
    ),
    (
        "history_party",
        "get",
        url_of("core:history", "core.party", lambda r: r.party.pk),
        "office_user",
        200,
    ),
    (
        "history_work",
        "get",
        url_of("core:history", "core.work", lambda r: r.work.pk),
        "office_user",
        200,
    ),
    (
        "history_user",
        "get",
        url_of("core:history", "core.user", lambda r: r.account.pk),
        "office_head",
        404,
    ),
    ("user_detail", "get", url_of("core:user_detail", lambda r: r.account.pk), "office_head", 403),
    ("user_edit", "get", url_of("core:user_edit", lambda r: r.account.pk), "office_head", 403),
    (
        "user_password",
        "get",
        url_of("core:user_password", lambda r: r.account.pk),
        "office_head",
        403,
    ),
]
RECORD_IDS = [endpoint[0] for endpoint in RECORD_ENDPOINTS]
OWNER_STATUS = {"get": 200, "post": (200, 302)}


def _call(client, method, url):
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize(
    ("name", "method", "url", "owner", "supervisor"), RECORD_ENDPOINTS, ids=RECORD_IDS
)
def test_record_endpoint(world, matrix, client, name, method, url, owner, supervisor):
    a1_url, a2_url = url(matrix["A1"]), url(matrix["A2"])

    response = _call(client, method, a1_url)
    assert response.status_code == 302, "anonymous"
    assert response["Location"].startswith("/login/")

    client.force_login(getattr(world, owner))
    expected = (200, 302) if method == "post" else (200,)
    assert _call(client, method, a1_url).status_code in expected, owner

    for persona in ("outsider", "colleague", "partner"):
        client.force_login(getattr(world, persona))
        assert _call(client, method, a1_url).status_code == 404, persona

    client.force_login(world.supervisor)
    assert _call(client, method, a1_url).status_code == supervisor, "supervisor on A1"
    assert _call(client, method, a2_url).status_code == supervisor, "supervisor on A2"


def test_outsider_reveal_writes_no_audit_row(world, matrix, client):
    from sifasuo.core.models import AuditEntry

    client.force_login(world.outsider)
    client.post(reverse("core:reveal", args=["core.staff", matrix["A1"].staff.pk, "id_number"]))
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()


# ---------------------------------------------------------------------------------------------
# Lists and exports: (name, url, owner, whether the supervisor may open it)

LIST_ENDPOINTS = [
    ("home", "core:home", "office_user", False),
    ("work_list", "core:work_list", "office_user", True),
    ("work_overdue_export", "core:work_overdue_export", "office_user", True),
    ("unit_list", "core:unit_list", "office_user", True),
    ("staff_list", "core:staff_list", "office_user", True),
    ("staff_export", "core:staff_export", "office_user", True),
    ("party_list", "core:party_list", "office_user", True),
    ("user_list", "core:user_list", "office_head", False),
    ("audit_list", "core:audit_list", "office_head", True),
]
# A marker of A1 per list: the org tree lists the office itself, accounts list its usernames.
LIST_MARKERS = {
    "unit_list": ("秦楼司法所", "河山司法所"),
    "user_list": ("a1_assistant", "a2_assistant"),
}
LIST_IDS = [endpoint[0] for endpoint in LIST_ENDPOINTS]


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(BytesIO(response.content))
        return " ".join(
            str(cell)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "url_name", "owner", "supervisor_may"), LIST_ENDPOINTS, ids=LIST_IDS
)
def test_list_endpoint(world, matrix, client, name, url_name, owner, supervisor_may):
    url = reverse(url_name)
    a1_marker, a2_marker = LIST_MARKERS.get(name, (A1, A2))

    response = client.get(url)
    assert response.status_code == 302, "anonymous"
    assert response["Location"].startswith("/login/")

    client.force_login(getattr(world, owner))
    response = client.get(url)
    assert response.status_code == 200, owner
    assert a1_marker in _text(response), owner

    for persona in ("outsider", "colleague", "partner"):
        client.force_login(getattr(world, persona))
        response = client.get(url)
        # Roles without the list's capability get 403; either way nothing of A1 shows.
        assert response.status_code in (200, 403), persona
        if response.status_code == 200:
            assert a1_marker not in _text(response), persona

    client.force_login(world.supervisor)
    response = client.get(url)
    if supervisor_may:
        assert response.status_code == 200
        assert a1_marker in _text(response), "supervisor sees A1"
        assert a2_marker in _text(response), "supervisor sees A2"
    else:
        # 我的待办 shows a supervisor only unassigned items; 账号管理 is the office head's.
        assert response.status_code in (200, 403)


# ---------------------------------------------------------------------------------------------
# Creation screens: only roles with the capability, and only inside their own subtree

CREATE_ENDPOINTS = [
    ("core:work_create", "office_user", "supervisor"),
    ("core:unit_create", "supervisor", "office_head"),
    ("core:staff_create", "office_head", "office_user"),
    ("core:party_create", "office_user", "advisor"),
    ("core:user_create", "office_head", "office_user"),
]


@pytest.mark.parametrize(("url_name", "allowed", "refused"), CREATE_ENDPOINTS)
def test_create_screens_follow_capabilities(world, client, url_name, allowed, refused):
    client.force_login(getattr(world, allowed))
    assert client.get(reverse(url_name)).status_code == 200
    client.force_login(getattr(world, refused))
    assert client.get(reverse(url_name)).status_code == 403
    client.logout()
    assert client.get(reverse(url_name))["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "url_name", ["core:work_create", "core:staff_create", "core:party_create", "core:user_create"]
)
def test_create_forms_offer_only_units_in_scope(world, client, url_name):
    client.force_login(world.admin if url_name == "core:user_create" else world.office_head)
    if url_name == "core:work_create":
        client.force_login(world.office_user)
    body = client.get(reverse(url_name)).content.decode()
    if url_name == "core:user_create":
        assert "洪凝司法所" in body  # the administrator sees every unit
        client.force_login(world.office_head)
        body = client.get(reverse(url_name)).content.decode()
    assert "秦楼司法所" in body
    assert "河山司法所" not in body
    assert "洪凝司法所" not in body


@pytest.mark.parametrize(
    "url_name", ["core:password_change", "core:work_due_preview", "core:work_create"]
)
def test_other_screens_need_login(db, client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
