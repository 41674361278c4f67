"""The business-line declarations and the system checks that refuse a broken one."""

from __future__ import annotations

import dataclasses

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils.translation import gettext_lazy as _
from factories import SETUP

from sifasuo.core import checks, lines
from sifasuo.core.lines import BusinessLine, NavEntry, RecordType


@pytest.fixture
def patched_line():
    """Swap one app's declaration for the test, restoring it (and the caches) afterwards."""
    config = apps.get_app_config("mediation")
    original = config.line

    def patch(**changes) -> BusinessLine:
        config.line = dataclasses.replace(original, **changes)
        lines.clear_caches()
        return config.line

    yield patch
    config.line = original
    lines.clear_caches()


def _ids(errors) -> set[str]:
    return {e.id for e in errors}


def test_the_platform_as_shipped_passes_every_check():
    call_command("check")  # raises SystemCheckError on any error
    assert checks.check_declarations() == []
    assert checks.check_navigation() == []


def test_every_line_is_declared_and_namespaced():
    labels = [line.label for line in lines.lines()]
    assert labels[0] == "core"
    assert {"intake", "mediation", "reviews", "contracts", "contract_review"} <= set(labels)
    for key in lines.record_types():
        assert "." in key
    assert lines.record_types()["mediation.case"].model_class()._meta.label == "mediation.Case"


def test_a_navigation_entry_that_does_not_reverse_stops_check(patched_line):
    patched_line(navigation=(NavEntry(_("不存在"), "mediation:no_such_view"),))
    assert "sifasuo.E001" in _ids(checks.check_navigation())
    with pytest.raises(SystemCheckError, match="no_such_view"):
        call_command("check")


def test_a_navigation_rule_that_does_not_import_stops_check(patched_line):
    entry = NavEntry(_("调解案件"), "mediation:case_list", shown_if="sifasuo.mediation.nothing")
    patched_line(navigation=(entry,))
    assert "sifasuo.E008" in _ids(checks.check_declarations())


def test_a_record_selector_that_does_not_import_stops_check(patched_line):
    record = RecordType("mediation.case", "mediation.Case", selector="sifasuo.mediation.nothing")
    patched_line(records=(record,))
    assert "sifasuo.E008" in _ids(checks.check_declarations())


def test_a_duplicate_record_key_or_action_stops_check(patched_line):
    patched_line(
        records=(
            RecordType("mediation.case", "mediation.Case"),
            RecordType("mediation.case", "mediation.Case"),
        ),
        actions={"matter.register": "重复"},  # intake's code, declared again here
    )
    errors = checks.check_declarations()
    texts = " ".join(e.msg for e in errors)
    assert "Duplicate record key 'mediation.case'" in texts
    assert "Duplicate audit action 'matter.register'" in texts


def test_a_record_key_outside_its_line_or_a_missing_model_stops_check(patched_line):
    patched_line(
        records=(
            RecordType("case", "mediation.Case"),
            RecordType("mediation.ghost", "mediation.Ghost"),
        )
    )
    assert {"sifasuo.E005", "sifasuo.E006"} <= _ids(checks.check_declarations())


def test_an_action_used_by_a_service_without_a_label_stops_check(patched_line):
    actions = dict(apps.get_app_config("mediation").line.actions)
    del actions["mediation.advance"]
    patched_line(actions=actions)
    errors = [e for e in checks.check_declarations() if e.id == "sifasuo.E010"]
    assert len(errors) == 1
    assert "'mediation.advance'" in errors[0].msg and "mediation/services.py" in errors[0].msg


def test_the_source_scan_finds_the_actions_services_write():
    used = checks.actions_used_in_source()
    # The three that had no label before the declarations were checked.
    assert {"work.pause", "work.resume", "contract_review.batch_recovered"} <= set(used)
    labels = lines.action_labels()
    assert all(action in labels for action in used)


def test_a_dotted_path_that_does_not_import_stops_check(patched_line):
    patched_line(todos="sifasuo.mediation.todos.no_such_function")
    assert "sifasuo.E008" in _ids(checks.check_declarations())


def test_capabilities_declared_by_a_line_are_granted_to_its_roles(patched_line, world):
    from sifasuo.core.roles import Role, has_capability

    assert not has_capability(world.mediator, "approve_fee_waiver")
    patched_line(
        capabilities=(
            lines.CapabilityGrant("approve_fee_waiver", _("批准减免"), frozenset({Role.MEDIATOR})),
        )
    )
    assert has_capability(world.mediator, "approve_fee_waiver")
    assert not has_capability(world.office_user, "approve_fee_waiver")  # an assistant


def test_the_django_admin_only_shows_records(world, client):
    """A superuser may look at records in the admin but not change them: writes go through the
    audited services."""
    from django.contrib import admin as django_admin

    from sifasuo.core.admin import ReadOnlyModelAdmin

    world.admin.is_superuser = True
    request = type("R", (), {"user": world.admin})()
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_config.name.startswith("sifasuo."):
            assert isinstance(model_admin, ReadOnlyModelAdmin), model
        # The task queue's own admin (django-tasks-db) is read-only as well.
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert not model_admin.has_add_permission(request), model


def test_roles_and_unit_kinds_a_line_declares_are_valid_choices(patched_line, world):
    from sifasuo.core import services
    from sifasuo.core.lines import UnitKindSpec
    from sifasuo.core.models import UnitKind

    patched_line(
        roles=(("legal_aid_officer", _("法律援助工作人员")),),
        unit_kinds=(
            UnitKindSpec("legal_aid_centre", _("法律援助中心"), frozenset({UnitKind.BUREAU})),
        ),
    )
    centre = services.unit_create(
        actor=SETUP, name="东港区法律援助中心", kind="legal_aid_centre", parent=world.county_a
    )
    assert centre.get_kind_display() == "法律援助中心"
    account = services.user_create(
        actor=SETUP,
        username="aid1",
        password="x",
        unit=centre,
        role="legal_aid_officer",
        check_password=False,
    )
    assert account.get_role_display() == "法律援助工作人员"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.unit_create(
            actor=SETUP, name="错挂中心", kind="legal_aid_centre", parent=world.office_a1
        )


def test_a_record_detail_url_that_does_not_reverse_stops_check(patched_line):
    patched_line(records=(RecordType("mediation.case", "mediation.Case", detail_url="nope:x"),))
    assert "sifasuo.E011" in _ids(checks.check_navigation())
