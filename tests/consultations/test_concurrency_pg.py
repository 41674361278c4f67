"""Two consultants answering one question at the same moment on PostgreSQL: the row lock lets
one answer in, the other is told who answered, and the question keeps the first answer."""

from __future__ import annotations

import datetime as dt
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from sifasuo.consultations import services
from sifasuo.consultations.models import Question

from .support import ask

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between connections need PostgreSQL: set DATABASE_URL=postgres://…",
    ),
]


def _wait_for_lock_waiters(count: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} answers never queued for the lock")


def test_two_consultants_answering_at_once_one_wins(world, people, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    question = ask(world)
    writers = [(people["a1"].user, "甲的解答"), (people["a2"].user, "乙的解答")]
    results: list = [None, None]

    def answer(index: int) -> None:
        user, text = writers[index]
        try:
            results[index] = services.question_answer(
                actor=user, question=Question.objects.get(pk=question.pk), answer=text
            )
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    with transaction.atomic():
        Question.objects.select_for_update().get(pk=question.pk)
        threads = [threading.Thread(target=answer, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        _wait_for_lock_waiters(2)
    for thread in threads:
        thread.join(timeout=60)
    refused = [r for r in results if isinstance(r, ValidationError)]
    answered = [r for r in results if isinstance(r, Question)]
    assert len(refused) == 1 and len(answered) == 1
    question.refresh_from_db()
    assert question.answer == answered[0].answer
    assert f"已由{question.answered_by.public_name}解答" in refused[0].messages[0]
