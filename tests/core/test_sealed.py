"""Personal data sealed at rest: the database holds ciphertext, the platform works as before."""

import importlib
import os
import stat

import factories
import pytest
from django.apps import apps as global_apps
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from sifasuo.core import sealed
from sifasuo.core.models import Party, Staff

ADDRESS = "日照市东港区秦楼街道海滨二路88号"


def _raw(table: str, pk: int, *columns: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_database_holds_no_clear_personal_data(world):
    party = factories.party(world.office_a1, phone="13963300002", address=ADDRESS)
    person = factories.staff(world.office_a1, phone="13853300001")
    stored = _raw("core_party", party.pk, "id_number", "phone", "address", "name")
    assert all(value.startswith(sealed.PREFIX) for value in stored[:3])
    assert party.id_number not in "".join(stored[:3]) and "13963300002" not in stored[1]
    assert "海滨" not in stored[2]
    assert stored[3] == "李秀英"  # names stay searchable
    staff_stored = _raw("core_staff", person.pk, "id_number", "phone")
    assert all(value.startswith(sealed.PREFIX) for value in staff_stored)

    again = Party.objects.get(pk=party.pk)
    assert (again.id_number, again.phone, again.address) == (
        party.id_number,
        "13963300002",
        ADDRESS,
    )
    assert Staff.objects.get(pk=person.pk).phone == "13853300001"


def test_equal_values_seal_differently_but_share_a_digest(world):
    number = factories.make_id_number()
    first = factories.party(world.office_a1, id_number=number)
    second = factories.party(world.office_a2, id_number=number)
    raw_first = _raw("core_party", first.pk, "id_number", "id_number_digest")
    raw_second = _raw("core_party", second.pk, "id_number", "id_number_digest")
    assert raw_first[0] != raw_second[0]
    assert raw_first[1] == raw_second[1] == sealed.blind_index(number)
    assert len(raw_first[1]) == 64


def test_searching_a_sealed_column_by_value_is_refused(world):
    factories.party(world.office_a1)
    with pytest.raises(FieldError, match="blind index"):
        list(Party.objects.filter(phone="13963300002"))
    with pytest.raises(FieldError, match="blind index"):
        list(Party.objects.filter(address__contains="海滨"))
    assert Party.objects.exclude(id_number="").count() == 1
    found = Party.objects.filter(phone_digest=sealed.blind_index("13963300002"))
    assert found.count() == 1


def test_editing_keeps_the_digest_in_step(world):
    from sifasuo.core import services

    party = factories.party(world.office_a1, phone="13963300002")
    services.party_update(actor=world.office_user, party=party, phone="13963300009")
    digest = _raw("core_party", party.pk, "phone_digest")[0]
    assert digest == sealed.blind_index("13963300009")


def test_a_wrong_key_is_a_clear_error(world, settings):
    party = factories.party(world.office_a1)
    settings.SIFASUO_DATA_KEY = "ab" * 32
    with pytest.raises(sealed.DataKeyMismatch, match="数据密钥"):
        Party.objects.get(pk=party.pk)
    settings.SIFASUO_DATA_KEY = "not hex"
    with pytest.raises(ImproperlyConfigured, match="64 hexadecimal"):
        sealed.seal("x")


def test_values_stored_before_sealing_are_read_and_then_sealed(world):
    party = factories.party(world.office_a1, phone="13963300002", address=ADDRESS)
    with connection.cursor() as cursor:  # as an older version stored them
        cursor.execute(
            "UPDATE core_party SET phone = %s, address = %s, phone_digest = '' WHERE id = %s",
            ["13963300002", ADDRESS, party.pk],
        )
    assert Party.objects.get(pk=party.pk).phone == "13963300002"  # clear text still reads

    migration = importlib.import_module("sifasuo.core.migrations.0004_seal_personal_data")
    migration.seal_existing(global_apps, None)
    migration.seal_existing(global_apps, None)  # twice is harmless
    phone, address, digest = _raw("core_party", party.pk, "phone", "address", "phone_digest")
    assert phone.startswith(sealed.PREFIX) and address.startswith(sealed.PREFIX)
    assert digest == sealed.blind_index("13963300002")
    again = Party.objects.get(pk=party.pk)
    assert (again.phone, again.address) == ("13963300002", ADDRESS)


def test_the_key_file_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "data" / "data.key"
    key = sealed._key_from_file.__wrapped__(str(path))
    assert len(key) == 64 and int(key, 16) >= 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sealed._key_from_file.__wrapped__(str(path)) == key
    assert [p.name for p in path.parent.iterdir()] == ["data.key"]  # no draft left behind


def test_a_server_with_the_wrong_key_refuses_to_start(world, settings, monkeypatch, capsys):
    from sifasuo import cli

    factories.party(world.office_a1)
    sealed.check_key()  # the right key opens it
    monkeypatch.setattr(cli, "_serve", lambda *a, **k: pytest.fail("served with a wrong key"))
    monkeypatch.setattr(cli, "_recompute_deadlines", lambda: 0)
    settings.SIFASUO_DATA_KEY = "cd" * 32
    assert cli.main(["serve", "--no-migrate"]) == 2
    assert "数据密钥" in capsys.readouterr().err


def test_parties_are_found_by_a_whole_id_number_or_phone(world, login):
    number = factories.make_id_number()
    factories.party(world.office_a1, name="王建国", id_number=number, phone="13963300088")
    factories.party(world.office_a1, name="李秀英")
    factories.party(world.office_b1, name="赵六", id_number=number)  # another county's register
    client = login(world.office_user)

    def found(query):
        page = client.get("/parties/", {"q": query}).context["page"]
        return [party.name for party in page]

    assert found(number) == ["王建国"]
    assert found(number.lower() if number.endswith("X") else f" {number} ") == ["王建国"]
    assert found("139 6330 0088") == ["王建国"]
    assert found(number[:10]) == []  # part of a sealed number finds nothing
    assert found("李") == ["李秀英"]
    assert login(world.outsider).get("/parties/", {"q": number}).context["page"][0].name == "赵六"


@pytest.fixture
def key_file(settings, tmp_path, monkeypatch):
    """A data folder of this test's own, its key in data.key."""
    monkeypatch.delenv("SIFASUO_DATA_KEY", raising=False)
    path = tmp_path / "data.key"
    path.write_text("11" * 32)
    settings.SIFASUO_DATA_KEY = ""
    settings.SIFASUO_DATA_KEY_FILE = path
    return path


def test_rotating_the_key_reseals_everything(world, key_file, settings, capsys):
    from sifasuo import cli
    from sifasuo.core.models import AuditEntry

    party = factories.party(world.office_a1, phone="13963300002", address=ADDRESS)
    person = factories.staff(world.office_a1, phone="13853300001")
    before = _raw("core_party", party.pk, "phone", "phone_digest")

    assert cli.main(["rotate-data-key"]) == 0
    out = capsys.readouterr().out
    new_key = key_file.read_text()
    assert new_key != "11" * 32 and len(new_key) == 64
    kept = [p for p in key_file.parent.iterdir() if p.name.startswith("data.key.replaced-")]
    assert [p.read_text() for p in kept] == ["11" * 32] and str(kept[0]) in out

    after = _raw("core_party", party.pk, "phone", "phone_digest")
    assert after[0] != before[0] and after[1] != before[1]
    settings.SIFASUO_DATA_KEY = new_key
    again = Party.objects.get(pk=party.pk)
    assert (again.phone, again.address) == ("13963300002", ADDRESS)
    assert Staff.objects.get(pk=person.pk).phone == "13853300001"
    assert after[1] == sealed.blind_index("13963300002")  # exact search keeps working
    settings.SIFASUO_DATA_KEY = "11" * 32
    with pytest.raises(sealed.DataKeyMismatch):
        Party.objects.get(pk=party.pk)
    assert AuditEntry.objects.filter(action="data_key.rotate").count() == 1


def test_a_failed_rotation_changes_nothing(world, key_file, settings, monkeypatch):
    party = factories.party(world.office_a1, phone="13963300002")
    before = _raw("core_party", party.pk, "phone", "phone_digest")
    real = sealed._reseal_model
    calls = []

    def fails_on_the_second_model(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(sealed, "_reseal_model", fails_on_the_second_model)
    with pytest.raises(RuntimeError):
        sealed.reseal_all("22" * 32)
    assert _raw("core_party", party.pk, "phone", "phone_digest") == before
    assert Party.objects.get(pk=party.pk).phone == "13963300002"  # the old key still opens it


def test_rotation_with_the_key_in_the_environment_needs_the_new_key(
    world, key_file, monkeypatch, capsys
):
    from sifasuo import cli

    monkeypatch.setenv("SIFASUO_DATA_KEY", "11" * 32)
    assert cli.main(["rotate-data-key"]) == 2
    assert "--new-key" in capsys.readouterr().err
    assert cli.main(["rotate-data-key", "--new-key", "not-a-key"]) == 2
