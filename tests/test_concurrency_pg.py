"""Concurrent writers on PostgreSQL, each on its own thread and database connection.

Two staff members sending the same mediation case's form at the same moment: one is saved, the
other is told the case changed, and nothing is lost. Two workers started on one contract batch:
every contract is reviewed and stored exactly once. Audited writes in two counties do not wait
for each other's chain. A double-clicked case form racing itself opens one case.

The main thread holds the contested row lock until every writer is queued behind it, so the
writes really meet in the database, not one after the other.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import factories
import pytest
from contract_review.web_fixtures import make_batch
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from mediation.conftest import _open_case

from sifasuo.contract_review import services as review_services
from sifasuo.contract_review.models import ContractFile, Finding, ReviewBatch
from sifasuo.core.audit import audit_record, verify_chain
from sifasuo.core.models import AuditEntry, AuditHead
from sifasuo.core.workflow import CONFLICT
from sifasuo.mediation.models import Case, Stage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between connections need PostgreSQL: set DATABASE_URL=postgres://…",
    ),
]


def _run_in_threads(calls: list) -> tuple[list[threading.Thread], list]:
    """Start each call on its own thread (own connection); the results list fills with what
    each returns or raises."""
    results: list = [None] * len(calls)

    def worker(index: int, call) -> None:
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    return threads, results


def _wait_for_lock_waiters(count: int, seconds: float = 20) -> None:
    """Until `count` other connections wait for a lock (or fail after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # Inside a transaction the activity view is a snapshot taken at first use.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} writers never queued for the lock")


def _contended(lock_row, calls: list, waiters: int | None = None) -> list:
    """Hold `lock_row()`'s row lock while the calls start, release it once they all wait."""
    with transaction.atomic():
        lock_row()
        threads, results = _run_in_threads(calls)
        _wait_for_lock_waiters(waiters or len(calls))
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    return results


def _alerts(response) -> list[str]:
    # From the page itself: the test client's captured context is shared between threads.
    return re.findall(r'<li class="alert alert-\w+">([^<]*)</li>', response.content.decode())


@pytest.fixture
def case(world):
    return _open_case(world.mediator, mediators=[world.mediator])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("second_url", "second_form", "second_outcome"),
    [
        ("mediation:case_advance", {}, (Stage.INVESTIGATION, "mediation.advance")),
        (
            "mediation:case_terminate",
            {"reason": "other", "text": "当事人撤回申请"},
            (Stage.TERMINATED, "mediation.terminate"),
        ),
    ],
    ids=["both-advance", "advance-and-terminate"],
)
def test_two_users_sending_the_same_case_form_one_saved_one_told(
    world, case, second_url, second_form, second_outcome
):
    version = case.version
    head, mediator = _client(world.office_head), _client(world.mediator)

    def post(client, url, form):
        def call():
            response = client.post(
                reverse(url, args=[case.pk]), {"version": version, **form}, follow=True
            )
            return _alerts(response)

        return call

    results = _contended(
        lambda: Case.objects.select_for_update().get(pk=case.pk),
        [
            post(head, "mediation:case_advance", {}),
            post(mediator, second_url, second_form),
        ],
    )

    assert sorted(results, key=str) == sorted([["已保存。"], [CONFLICT]], key=str), results
    winner = 0 if results[0] == ["已保存。"] else 1
    case.refresh_from_db()
    assert case.version == version + 1
    # The winner's change is the one kept, made once, and the loser's is not merged in.
    stage, action = (Stage.INVESTIGATION, "mediation.advance") if winner == 0 else second_outcome
    assert case.stage == stage
    actions = list(
        AuditEntry.objects.filter(object_type="mediation.case", object_id=str(case.pk))
        .exclude(action="mediation.open")
        .values_list("action", "actor_name")
    )
    winner_name = (world.office_head if winner == 0 else world.mediator).username
    assert actions == [(action, winner_name)]
    assert verify_chain()[1] == []


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_two_workers_on_one_batch_store_every_result_exactly_once(world, _media, monkeypatch):
    batch, chosen = make_batch(world.office_user, world.office_a1, count=12, run=False)
    reviewed: Counter[str] = Counter()
    real = review_services.review_document
    lock = threading.Lock()

    def slow_review(document, settings):
        with lock:
            reviewed[document.name] += 1
        time.sleep(0.05)  # long enough for the second worker to arrive mid-run
        return real(document, settings)

    monkeypatch.setattr(review_services, "review_document", slow_review)

    results = _contended(
        lambda: ReviewBatch.objects.select_for_update().get(pk=batch.pk),
        [lambda: review_services.batch_run(batch_id=batch.pk)] * 2,
        waiters=1,  # at least the first worker waits on the row
    )

    assert not [r for r in results if isinstance(r, BaseException)], results
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.DONE
    assert batch.files_done == batch.files_total
    contracts = ContractFile.objects.filter(batch=batch)
    assert sorted(contracts.values_list("path", flat=True)) == sorted(
        f"合同.zip/{s.name}" for s in chosen
    )
    assert contracts.values("sha256").distinct().count() == len(chosen)
    # Each contract reviewed once, by one of the two workers, with one set of findings.
    assert sorted(reviewed.values()) == [1] * len(chosen), reviewed
    for contract in contracts:
        rules = list(Finding.objects.filter(contract=contract).values_list("rule", flat=True))
        assert len(rules) == len(set(rules)), (contract.path, rules)
    done = AuditEntry.objects.filter(action="contract_review.batch_done", object_id=str(batch.pk))
    assert done.count() == 1
    assert verify_chain()[1] == []


def test_audited_writes_in_different_counties_do_not_wait_for_each_other(world):
    factories.staff(world.office_a1, name="王建国")  # opens county A's chain
    factories.staff(world.office_b1, name="李四")  # and county B's

    def write(unit):
        def call():
            with transaction.atomic():
                return audit_record(actor=factories.SETUP, action="test.write", unit=unit).chain

        return call

    with transaction.atomic():
        AuditHead.objects.select_for_update().get(chain=world.county_a.path)
        threads, results = _run_in_threads([write(world.office_b1), write(world.office_a1)])
        threads[0].join(timeout=20)
        assert results[0] == world.county_b.path  # done while county A's head is held
        _wait_for_lock_waiters(1)  # the writer in county A waits for it
        assert results[1] is None
    threads[1].join(timeout=20)
    assert results[1] == world.county_a.path
    assert verify_chain()[1] == []


def test_a_double_clicked_case_form_racing_itself_opens_one_case(world):
    """Both submits of one opening form (same token) meet in the database: one case."""
    from sifasuo.core.models import OrgUnit

    client = _client(world.mediator)
    form = client.get(reverse("mediation:case_create")).context["form"]
    data = {
        "submission_token": str(form["submission_token"].value()),
        "dispute_type": "debt",
        "summary": "借款两万元到期未还。",
        "committee_kind": "township",
        "committee_name": "秦楼街道人民调解委员会",
        "mediators": [world.mediator.pk],
        "service_mode": "clinic",
        "a1_kind": "person",
        "a1_name": "王建国",
        "b1_kind": "person",
        "b1_name": "赵六",
    }

    def submit():
        response = _client(world.mediator).post(reverse("mediation:case_create"), data)
        return response.status_code, response.get("Location")

    results = _contended(
        lambda: OrgUnit.objects.select_for_update().get(pk=world.office_a1.pk),
        [submit, submit],
    )
    case = Case.objects.get()
    where = reverse("mediation:case_detail", args=[case.pk])
    assert results == [(302, where), (302, where)], results
    assert verify_chain()[1] == []
