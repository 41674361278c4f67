"""Simulated office staff for the load test: run by `benchmarks/load/run.py`, not on its own.

Each simulated user logs in once as one of the sample offices' staff (o1_head … o3_mediator) and
then, with a pause of a few seconds between actions, registers intake matters, opens mediation
cases and moves its own cases through their steps (受理 → 调解记录 → 协议), opens lists,
the home page and statistics, and downloads documents (.docx and .pdf). A user only ever
writes to the records it created, so no write meets a conflict.

Every write the server acknowledges (a redirect to the new record, then the page showing
"已保存。" or the record itself) is appended to the journal named by `LOAD_JOURNAL`, one JSON
object a line; `run.py` then looks for each of them in the database and the audit trail.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

PASSWORD = "Demo@2026"
ACCOUNTS = [
    f"o{office}_{role}" for office in (1, 2, 3) for role in ("head", "assistant", "mediator")
]
SUPERVISORS = ["county1", "county2", "county3", "city"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SELECT_MEDIATORS = re.compile(r'<select name="mediators".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
ALERT = re.compile(r'<li class="alert alert-(\w+)">([^<]*)</li>')
NEW_CASE = re.compile(r"/mediation/(\d+)/$")
NEW_MATTER = re.compile(r"/intake/(\d+)/receipt/$")

_journal_lock = threading.Lock()
_journal = open(os.environ.get("LOAD_JOURNAL", os.devnull), "a", encoding="utf-8")  # noqa: SIM115
_serial = itertools.count(1)
_accounts = itertools.cycle(ACCOUNTS)  # the 45 staff spread evenly over the nine accounts
_run = os.environ.get("LOAD_RUN", "run")


def acknowledge(**write) -> None:
    """Record one write the server confirmed."""
    with _journal_lock:
        _journal.write(json.dumps(write, ensure_ascii=False) + "\n")
        _journal.flush()


@events.quitting.add_listener
def _close_journal(environment, **_kwargs) -> None:
    _journal.close()


def read(user: HttpUser, url: str, name: str):
    """GET a page; landing on the login page (a lost session) counts as a failure."""
    with user.client.get(url, name=name, catch_response=True) as response:
        if "/login/" in (response.url or ""):
            response.failure("sent back to the login page")
    return response


def _alerts(html: str) -> list[tuple[str, str]]:
    return ALERT.findall(html)


class OfficeStaff(HttpUser):
    """One member of a sample office's staff at work."""

    wait_time = between(2, 6)
    weight = 9

    def on_start(self) -> None:
        self.username = next(_accounts)
        self.login(self.username)
        self.cases: dict[int, dict] = {}  # pk -> {"stage": …, "version": …}
        self.matters: list[int] = []

    def login(self, username: str) -> None:
        page = self.client.get("/login/", name="login")
        response = self.client.post(
            "/login/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": username,
                "password": PASSWORD,
            },
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not log in ({response.status_code})")

    # Writes -------------------------------------------------------------------------------

    @task(3)
    def register_matter(self) -> None:
        n = next(_serial)
        name = f"压测申请人{_run}-{n}"
        page = read(self, "/intake/register/", name="intake register form")
        with self.client.post(
            "/intake/register/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "submission_token": TOKEN.search(page.text).group(1),
                "channel": "window",
                "matter_type": "consultation",
                "narrative": f"负载测试：咨询宅基地使用权问题（{_run}-{n}）",
                "r1_kind": "person",
                "r1_name": name,
                "r1_phone": f"139{n % 100000000:08d}",
                "confirm_new": "on",
            },
            name="intake register",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            found = NEW_MATTER.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not found:
                response.failure(f"not registered: {response.status_code} {_alerts(response.text)}")
                return
        pk = int(found.group(1))
        self.matters.append(pk)
        acknowledge(kind="matter", pk=pk, requester=name, user=self.username)

    @task(2)
    def open_case(self) -> None:
        n = next(_serial)
        page = read(self, "/mediation/new/", name="mediation new form")
        select = SELECT_MEDIATORS.search(page.text)
        mediators = OPTION.findall(select.group(0)) if select else []
        if not mediators:
            raise RuntimeError("the case form offers no mediator")
        with self.client.post(
            "/mediation/new/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "submission_token": TOKEN.search(page.text).group(1),
                "dispute_type": "neighbour",
                "summary": f"负载测试：相邻通行纠纷（{_run}-{n}）",
                "amount": "0",
                "committee_kind": "village",
                "committee_name": "压测村人民调解委员会",
                "mediators": mediators[0],
                "service_mode": "clinic",
                "a1_kind": "person",
                "a1_name": f"压测甲{_run}-{n}",
                "b1_kind": "person",
                "b1_name": f"压测乙{_run}-{n}",
            },
            name="mediation open case",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            found = NEW_CASE.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not found:
                response.failure(f"not opened: {response.status_code} {_alerts(response.text)}")
                return
        pk = int(found.group(1))
        self.cases[pk] = {"stage": "application", "version": 1}
        acknowledge(kind="case_open", pk=pk, user=self.username)

    @task(4)
    def advance_case(self) -> None:
        """The next step of one of this user's cases: 受理, a 调解记录, or the 协议."""
        open_cases = [pk for pk, c in self.cases.items() if c["stage"] != "agreement"]
        if not open_cases:
            return self.open_case()
        pk = random.choice(open_cases)
        case = self.cases[pk]
        with self.client.get(
            f"/mediation/{pk}/", name="mediation case", catch_response=True
        ) as page:
            version = int(VERSION.search(page.text).group(1))
            if version != case["version"]:
                page.failure(f"case {pk}: version {version}, expected {case['version']}")
                return
        today = dt.date.today().isoformat()
        step, path, data, next_stage = {
            "application": ("advance", "advance", {}, "investigation"),
            "investigation": (
                "session",
                "session",
                {
                    "held_on": today,
                    "place": "村委会调解室",
                    "attendees": "双方当事人、调解员",
                    "record": "双方陈述事实，调解员释法说理。",
                },
                "mediating",
            ),
            "mediating": (
                "agreement",
                "agreement",
                {"agreed_on": today, "terms": "一、被申请人让出通道。\n二、双方不再争执。"},
                "agreement",
            ),
        }[case["stage"]]
        self.client.post(
            f"/mediation/{pk}/{path}/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "version": version,
                **data,
            },
            name=f"mediation {step}",
            allow_redirects=False,
        )
        with self.client.get(
            f"/mediation/{pk}/", name="mediation case (after a step)", catch_response=True
        ) as after:
            alerts = _alerts(after.text)
            if ("success", "已保存。") not in alerts:
                after.failure(f"case {pk} {step}: {alerts}")
                return
        case["stage"], case["version"] = next_stage, version + 1
        acknowledge(kind="case_step", pk=pk, step=step, stage=next_stage, version=version + 1)

    # Reads --------------------------------------------------------------------------------

    @task(4)
    def open_lists(self) -> None:
        read(self, "/", name="home (我的待办)")
        read(self, "/mediation/", name="mediation list")
        read(self, "/intake/", name="intake queue")
        read(
            self,
            "/mediation/?stage=mediating&dispute_type=neighbour",
            name="mediation list filtered",
        )

    @task(1)
    def statistics(self) -> None:
        read(
            self, f"/mediation/statistics/?year={dt.date.today().year}", name="mediation statistics"
        )

    @task(2)
    def download(self) -> None:
        agreed = [pk for pk, c in self.cases.items() if c["stage"] == "agreement"]
        choice = random.random()
        if agreed and choice < 0.4:
            pk = random.choice(agreed)
            fmt = random.choice(("docx", "pdf"))
            self._download(f"/mediation/{pk}/agreement.{fmt}", f"agreement .{fmt}")
        elif self.cases and choice < 0.6:
            self._download(
                f"/mediation/{random.choice(list(self.cases))}/case-file.pdf", "case file .pdf"
            )
        elif self.matters:
            fmt = random.choice(("docx", "pdf"))
            self._download(
                f"/intake/{random.choice(self.matters)}/sheet.{fmt}", f"intake sheet .{fmt}"
            )

    def _download(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if "attachment" not in response.headers.get("Content-Disposition", ""):
                response.failure("no document")


class Supervisor(HttpUser):
    """A county or city supervisor: reads the roll-ups, writes nothing."""

    wait_time = between(3, 8)
    weight = 1

    def on_start(self) -> None:
        OfficeStaff.login(self, random.choice(SUPERVISORS))

    @task(2)
    def statistics(self) -> None:
        read(
            self,
            f"/mediation/statistics/?year={dt.date.today().year}",
            name="mediation statistics (county/city)",
        )

    @task(1)
    def lists(self) -> None:
        read(self, "/", name="home (supervisor)")
        read(self, "/mediation/?stage=mediating", name="mediation list (county/city)")
