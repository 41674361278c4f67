"""The demo data set (演示数据): a fictional city of three counties with their 司法所, villages,
partner bodies, staff, accounts, parties and open work items, written through the core services.
Each business line adds its own records for the sample offices through a loader it names in its
declaration (`BusinessLine.demo_loader`), called with a `DemoOffice`; core imports no business app.

Names are fictional. The division codes are real Shandong county codes, because ID numbers take
their region code from the county and ID validation checks that the code exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import deadline_service, lines, services, summaries
from .actors import DEMO
from .demo_names import (
    BUSINESS_DEPARTMENTS,
    COMMUNITY_NAMES,
    COMPANY_TRADES,
    COOPERATIVE_TRADES,
    DIRECTIONS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MOBILE_PREFIXES,
    PLACE_FIRST,
    PLACE_SECOND,
    STREETS,
    SURNAMES,
    VILLAGE_FAMILY_SUFFIX,
    VILLAGE_PREFIX,
)
from .models import (
    DepartmentType,
    Education,
    Employment,
    Gender,
    OrgUnit,
    PartnerType,
    Party,
    PartyKind,
    Post,
    Staff,
    StandardizationStatus,
    TownshipKind,
    UnitKind,
    User,
    WorkItem,
)
from .personal_data import uscc_check_digit
from .roles import Role

SEED = 20260401
CITY_NAME = "海曲市司法局"
CITY_SHORT = "海曲市"
CITY_DIVISION_CODE = "371300"
AREA_CODE = "0637"
OFFICES_PER_COUNTY = 18
# Per 54 offices, as the brief's city reports: 38 (70.4%) with five or more people, 51 (94.4%)
# at the provincial standard.
OFFICES_PER_CHUNK = 3 * OFFICES_PER_COUNTY
LARGE_OFFICES_PER_CHUNK = 38
STANDARD_OFFICES_PER_CHUNK = 51
SAMPLE_OFFICE_MIN_SIZE = 8

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class _County:
    name: str
    division_code: str
    seat: str  # the first office's township, which is the county's sample office
    seat_kind: str
    kinds: tuple[tuple[str, int], ...]  # township kinds of 18 offices


# fmt: off
_DISTRICT_KINDS = (
    (TownshipKind.SUBDISTRICT, 8), (TownshipKind.TOWN, 9), (TownshipKind.DEVELOPMENT_ZONE, 1),
)
_COUNTY_KINDS = (
    (TownshipKind.SUBDISTRICT, 3), (TownshipKind.TOWN, 12), (TownshipKind.TOWNSHIP, 2),
    (TownshipKind.DEVELOPMENT_ZONE, 1),
)
COUNTIES = (
    _County("港城区", "371302", "海滨", TownshipKind.SUBDISTRICT, _DISTRICT_KINDS),
    _County("青峪县", "371327", "城关", TownshipKind.TOWN, _COUNTY_KINDS),
    _County("五岭县", "371329", "五岭", TownshipKind.SUBDISTRICT, _COUNTY_KINDS),
)
# fmt: on

TOWNSHIP_SUFFIX = {
    TownshipKind.TOWNSHIP: "乡",
    TownshipKind.TOWN: "镇",
    TownshipKind.SUBDISTRICT: "街道",
    TownshipKind.DEVELOPMENT_ZONE: "经济开发区",
}
GOVERNMENT_SUFFIX = {
    TownshipKind.TOWNSHIP: "人民政府",
    TownshipKind.TOWN: "人民政府",
    TownshipKind.SUBDISTRICT: "办事处",
    TownshipKind.DEVELOPMENT_ZONE: "管理委员会",
}

SAMPLE_ROLES = (
    ("head", Role.OFFICE_HEAD),
    ("assistant", Role.JUDICIAL_ASSISTANT),
    ("mediator", Role.MEDIATOR),
    ("advisor", Role.LEGAL_ADVISOR),
    ("clerk", Role.DEPARTMENT_CLERK),
    ("police", Role.PARTNER_LIAISON),
    ("legalaid", "legal_aid_staff"),  # the county 法律援助中心 (sifasuo.legal_aid)
)
# The first county's sample office also has a 公职律师 (a lawyer on the township's staff), whose
# opinion a 重大行政决策's legality review may take (重大行政决策程序暂行条例 第二十八条).
PUBLIC_LAWYER_USERNAME = "o1_lawyer"
ACCOUNT_USERNAMES = (
    ["admin", "city"]
    + [f"county{n}" for n in range(1, len(COUNTIES) + 1)]
    + [f"o{n}_{key}" for n in range(1, len(COUNTIES) + 1) for key, _ in SAMPLE_ROLES]
    + [PUBLIC_LAWYER_USERNAME]
)


@dataclass
class DemoSummary:
    """What the demo holds: unit, people and record counts and the accounts to log in with."""

    cities: int = 0
    bureaus: int = 0
    offices: int = 0
    villages: int = 0
    partners: int = 0
    departments: int = 0
    staff: int = 0
    office_staff: int = 0
    parties: int = 0
    work_items: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    created: bool = False

    @property
    def account_count(self) -> int:
        return len(self.accounts)

    def describe(self) -> str:
        state = "已建立" if self.created else "已存在，本次未重复建立"
        return (
            f"演示数据{state}：{self.cities} 个市司法局、{self.bureaus} 个区县司法局、"
            f"{self.offices} 个司法所、{self.villages} 个村/社区、{self.partners} 个协作单位、"
            f"{self.departments} 个乡镇科室；\n"
            f"工作人员 {self.staff} 名（其中司法所 {self.office_staff} 名），"
            f"账号 {self.account_count} 个，当事人 {self.parties} 名，待办事项 {self.work_items} 件。"
        )


@dataclass
class DemoOffice:
    """One sample office as a business app's demo loader sees it.

    A line names its loader in its declaration (`demo_loader="sifasuo.intake.demo.load"`); once the
    city is built, every loader is called once per sample office, in INSTALLED_APPS order, and
    writes through its app's services. `records` carries what one loader leaves for a later one
    (intake's dispute matters, which mediation opens as cases).
    """

    number: int  # 1 for county1's office, whose accounts are o1_head, o1_mediator …
    unit: OrgUnit  # the 司法所
    county: OrgUnit  # its 区县司法局
    villages: list[OrgUnit]
    government: OrgUnit  # the township government (人民政府 / 办事处 / 管理委员会)
    business: list[OrgUnit]  # business departments; the first is o{n}_clerk's
    finance: OrgUnit
    engineering: OrgUnit
    police: OrgUnit  # the partner 派出所, o{n}_police's unit
    women: OrgUnit  # 妇联
    court: OrgUnit | None  # 人民法庭, where one serves the township
    accounts: dict[str, User]  # "head", "assistant", "mediator", "advisor", "clerk", "police"
    names: dict[str, str]  # the core parties and places the work items name: p0…p7, v0…v2 …
    today: dt.date
    # Content (names, amounts, wording) draws from `rng`, dates relative to `today` from `dates`,
    # so the same people and texts come back whatever day the demo is loaded.
    rng: random.Random
    dates: random.Random
    people: _People
    records: dict[str, Any] = field(default_factory=dict)

    @property
    def core(self) -> str:
        """The township's short name ("海滨"), as offices and police stations are named."""
        return self.unit.name.removesuffix("司法所")

    @property
    def court_name(self) -> str:
        """The 人民法庭 serving the township, else the county's 人民法院."""
        if self.court is not None:
            return self.court.name
        return f"{self.county.name.removesuffix('司法局')}人民法院"

    @property
    def place(self) -> str:
        """The township's full address prefix: city, county, township."""
        return f"{CITY_SHORT}{self.county.name.removesuffix('司法局')}{self.unit.township_name}"

    def person(self, *, gender: str | None = None, born: tuple[int, int] = (1950, 2000)) -> dict:
        """A new fictional villager of the township, as party values for the services."""
        gender = gender or self.people.gender(0.45)
        birth_year = self.rng.randint(*born)
        village = self.rng.choice(self.villages).name
        return {
            "kind": PartyKind.PERSON,
            "name": self.people.name(gender),
            "gender": gender,
            "id_number": self.people.id_number(self.county.division_code, birth_year, gender),
            "phone": self.people.mobile(),
            "address": f"{self.place}{village}{self.rng.randint(1, 200)}号",
        }

    def village(self, key: str = "v") -> dict[str, str]:
        """A village of the township drawn at random, as words for a text: its name (`key`), its
        people (`key`p: 村民 or 居民) and its committee (`key`c: 村委会 or 居委会)."""
        name = self.rng.choice(self.villages).name
        community = name.endswith("社区")
        return {
            key: name,
            f"{key}p": "居民" if community else "村民",
            f"{key}c": "居委会" if community else "村委会",
        }

    def company(self, trade: str) -> dict:
        """A new fictional company of the township, as party values for the services."""
        return {
            "kind": PartyKind.ORGANIZATION,
            "name": f"{CITY_SHORT}{self.core}{trade}有限公司",
            "credit_code": self.people.credit_code("91", self.county.division_code),
            "phone": f"{AREA_CODE}-{self.rng.randint(2000000, 8999999)}",
            "address": f"{self.place}{self.rng.choice(STREETS)}{self.rng.randint(1, 300)}号",
        }

    def department(self, *prefer: str) -> tuple[OrgUnit, User]:
        """The business department named like one of `prefer` ("农业农村办"…), else o{n}_clerk's,
        with who acts for it: its clerk, or the office head on behalf of another department."""
        found = [u for name in prefer for u in self.business if u.name.endswith(name)]
        unit = (found or self.business)[0]
        clerk = self.accounts["clerk"]
        return unit, clerk if clerk.unit_id == unit.pk else self.accounts["head"]

    @property
    def span(self) -> int:
        """Days back over which the records spread: the year so far (case numbers carry the year
        they are opened in), or the last eleven months early in a year."""
        so_far = (self.today - dt.date(self.today.year, 1, 1)).days
        return so_far if so_far >= 150 else 330

    def day(self, back: int | float) -> dt.date:
        """A day before today: `back` days (an int), or that share of `span` (a float: 0.5 is
        half-way back through the records' months)."""
        days = back if isinstance(back, int) else round(back * self.span)
        return self.today - dt.timedelta(days=max(days, 0))

    def moment(self, day: dt.date) -> dt.datetime:
        """A time in office hours on `day`, never later than now."""
        at = dt.datetime.combine(day, dt.time(self.dates.randint(8, 16), self.dates.randint(0, 59)))
        return min(timezone.make_aware(at), timezone.now())

    def attempt(self, build: Callable[..., T], *args: Any) -> T | None:
        """`build(*args)`: write one record (with everything its story needs) in a savepoint. A
        record the services refuse, e.g. for a period ending past the holiday data, is left out;
        the demo still loads."""
        try:
            with transaction.atomic():
                return build(*args)
        except ValidationError as exc:
            logger.warning("演示记录未建立（%s）：%s", self.unit.name, " ".join(exc.messages))
            return None


def demo_loaders() -> list[Callable[[DemoOffice], None]]:
    """The business lines' demo loaders (`BusinessLine.demo_loader`), in INSTALLED_APPS order."""
    return lines.demo_loaders()


def load_demo(*, scale: int = 1, password: str, today: dt.date | None = None) -> DemoSummary:
    """Load the demo city unless it is already there; `scale` multiplies the offices per county
    (and with them villages, partners, departments and staff). Same input, same data."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    today = today or timezone.localdate()
    with transaction.atomic():
        city = OrgUnit.objects.filter(kind=UnitKind.CITY, name=CITY_NAME).first()
        created = city is None
        if created:
            city = _Builder(scale=scale, password=password, today=today).build()
            # Lines' loaders may write in bulk, past the signals that keep summaries current:
            # every cell is counted again here (a month of offices per query), so the first
            # pages read current summaries.
            summaries.rebuild()
    return demo_summary(city, created=created)


def demo_summary(city: OrgUnit, *, created: bool = False) -> DemoSummary:
    """Count what lies under the demo city (read from the database, so a rerun reports the same)."""
    below = {"unit__path__startswith": city.path}
    kinds = dict(
        OrgUnit.objects.filter(path__startswith=city.path)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    users = {
        user.username: user
        for user in User.objects.filter(username__in=ACCOUNT_USERNAMES).select_related("unit")
    }
    accounts = [
        (
            name,
            lines.role_label(users[name].role),
            users[name].unit.name if users[name].unit else "",
        )
        for name in ACCOUNT_USERNAMES
        if name in users
    ]
    return DemoSummary(
        cities=kinds.get(UnitKind.CITY, 0),
        bureaus=kinds.get(UnitKind.BUREAU, 0),
        offices=kinds.get(UnitKind.OFFICE, 0),
        villages=kinds.get(UnitKind.VILLAGE, 0),
        partners=kinds.get(UnitKind.PARTNER, 0),
        departments=kinds.get(UnitKind.DEPARTMENT, 0),
        staff=Staff.objects.filter(**below).count(),
        office_staff=Staff.objects.filter(**below, unit__kind=UnitKind.OFFICE).count(),
        parties=Party.objects.filter(**below).count(),
        work_items=WorkItem.objects.filter(**below).count(),
        accounts=accounts,
        created=created,
    )


# ---------------------------------------------------------------------------------------------
# People: names, ID numbers and phone numbers


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_number(region: str, birth: dt.date, seq: int) -> str:
    """An 18-digit resident ID number with its GB 11643 check digit; odd `seq` is male."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


class _People:
    """Draws fictional people from one random stream, never repeating an ID or phone number."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames = [name for name, _ in SURNAMES]
        self._surname_weights = [weight for _, weight in SURNAMES]
        self._id_numbers: set[str] = set()
        self._phones: set[str] = set()

    def sibling(self, rng: random.Random) -> _People:
        """People drawn from another stream that never repeat this one's numbers."""
        other = _People(rng)
        other._id_numbers = self._id_numbers
        other._phones = self._phones
        return other

    def gender(self, female_share: float = 0.45) -> str:
        return Gender.FEMALE if self.rng.random() < female_share else Gender.MALE

    def name(self, gender: str) -> str:
        surname = self.rng.choices(self._surnames, self._surname_weights)[0]
        pool = GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE
        length = 2 if self.rng.random() < 0.7 else 1
        return surname + "".join(self.rng.choice(pool) for _ in range(length))

    def id_number(self, region: str, birth_year: int, gender: str) -> str:
        while True:
            birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
            seq = self.rng.randrange(500) * 2 + (1 if gender == Gender.MALE else 0)
            number = id_number(region, birth, seq)
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def credit_code(self, authority: str, region: str) -> str:
        """统一社会信用代码: authority and kind (91 company, 93 cooperative), region, org code."""
        serial = "MA" + "".join(self.rng.choice(_USCC_ALPHABET) for _ in range(7))
        first17 = f"{authority}{region}{serial}"
        return first17 + uscc_check_digit(first17)


# Office staff: every office has a head and a judicial assistant on 政法专项编制 (the assistant a
# law graduate); larger offices add a mediator, an advisor, a deputy and a weighted mix.
_EXTRA_POSTS = (
    ((Post.ASSISTANT, Employment.POLITICAL_LEGAL), 4),
    ((Post.ASSISTANT, Employment.OTHER_ESTABLISHMENT), 2),
    ((Post.MEDIATOR, Employment.PURCHASED), 3),
    ((Post.SOCIAL_WORKER, Employment.PURCHASED), 3),
    ((Post.CORRECTION_OFFICER, Employment.SECONDED), 2),
    ((Post.LAWYER, Employment.SECONDED), 1),
    ((Post.CLERK, Employment.OTHER), 1),
)
# post: (born from, born to, share of law majors, share of women)
_POST_PROFILE = {
    Post.HEAD: (1968, 1988, 0.6, 0.3),
    Post.DEPUTY_HEAD: (1970, 1990, 0.5, 0.4),
    Post.ASSISTANT: (1970, 2000, 0.6, 0.5),
    Post.MEDIATOR: (1965, 1990, 0.3, 0.35),
    Post.LAWYER: (1975, 1996, 1.0, 0.45),
    Post.SOCIAL_WORKER: (1988, 2000, 0.2, 0.65),
    Post.CORRECTION_OFFICER: (1970, 1992, 0.4, 0.2),
    Post.CLERK: (1980, 2000, 0.1, 0.6),
    Post.BUREAU_STAFF: (1968, 1996, 0.6, 0.45),
}
_EDUCATION_BY_POST = {
    Post.MEDIATOR: ((Education.BACHELOR, 25), (Education.COLLEGE, 50), (Education.HIGH_SCHOOL, 25)),
    Post.LAWYER: ((Education.POSTGRADUATE, 25), (Education.BACHELOR, 75)),
    Post.SOCIAL_WORKER: ((Education.BACHELOR, 60), (Education.COLLEGE, 40)),
    Post.CORRECTION_OFFICER: ((Education.BACHELOR, 70), (Education.COLLEGE, 30)),
    Post.CLERK: ((Education.BACHELOR, 20), (Education.COLLEGE, 60), (Education.HIGH_SCHOOL, 20)),
}
_EDUCATION_DEFAULT = (
    (Education.POSTGRADUATE, 15),
    (Education.BACHELOR, 75),
    (Education.COLLEGE, 10),
)
_DEGREES = (Education.BACHELOR, Education.POSTGRADUATE)


def _office_posts(size: int, rng: random.Random) -> list[tuple[str, str]]:
    posts = [(Post.HEAD, Employment.POLITICAL_LEGAL), (Post.ASSISTANT, Employment.POLITICAL_LEGAL)]
    if size >= 3:
        posts.append((Post.MEDIATOR, Employment.PURCHASED))
    if size >= 4:
        posts.append((Post.LAWYER, Employment.PURCHASED))
    if size >= 7:
        posts.append((Post.DEPUTY_HEAD, Employment.POLITICAL_LEGAL))
    choices = [post for post, _ in _EXTRA_POSTS]
    weights = [weight for _, weight in _EXTRA_POSTS]
    while len(posts) < size:
        posts.append(rng.choices(choices, weights)[0])
    return posts


def _plan_chunk(rng: random.Random, values: list, good, keep: list[int]) -> list:
    """Shuffle one chunk's values, then swap good values into the positions in `keep`."""
    rng.shuffle(values)
    for position in keep:
        if good(values[position]):
            continue
        swap = next(i for i, value in enumerate(values) if i not in keep and good(value))
        values[position], values[swap] = values[swap], values[position]
    return values


def _township_cores(rng: random.Random, count: int, reserved: list[str]) -> list[str]:
    """`count` distinct two-character township names (three characters once those run out)."""
    pairs = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(pairs)
    names = [name for name in pairs if name not in reserved]
    if len(names) < count:
        triples = [
            a + b + c for a in PLACE_FIRST for b in PLACE_FIRST for c in PLACE_SECOND if a != b
        ]
        rng.shuffle(triples)
        names += triples
    return names[:count]


# ---------------------------------------------------------------------------------------------
# Work items: statutory deadlines spread so that 我的待办 shows overdue, due-soon and open rows.

# (account, rule, category, title, state today)
# fmt: off
_WORK_PLAN = (
    ("head", "reconsideration.reply", "行政复议应诉",
     "行政复议答复：{p0}不服{gov}政府信息公开答复", "overdue"),
    # petition.handle: a 第三十一条第六项 matter (no other procedure applies), 信访处理意见书 due.
    ("head", "petition.handle", "信访", "信访事项办理：{v0}村民反映村内排水沟长期堵塞", "open"),
    ("assistant", "reconsideration.reply", "行政复议应诉",
     "行政复议答复：{p1}不服{township}综合执法队责令限期拆除决定", "due_soon"),
    ("assistant", "litigation.answer", "行政复议应诉",
     "行政诉讼答辩：{p2}诉{gov}不履行法定职责", "overdue"),
    ("assistant", "legal_aid.decide", "法律援助", "法律援助申请审查：{p3}追索劳动报酬", "open"),
    ("mediator", "mediation.judicial_confirmation", "人民调解",
     "调解协议司法确认申请：{p4}与{p5}相邻通行纠纷", "due_soon"),
    ("mediator", "mediation.judicial_confirmation", "人民调解",
     "调解协议司法确认申请：{p6}与{company}劳务费纠纷", "overdue"),
    ("mediator", "mediation.judicial_confirmation", "人民调解",
     "调解协议司法确认申请：{v1}{p7}家庭赡养纠纷", "open"),
    ("advisor", "penalty.hearing_request", "行政执法监督",
     "听证申请期限届满前出具法律意见：{company}违法占地案", "overdue"),
    ("advisor", "litigation.answer", "行政复议应诉",
     "答辩状法律意见：{cooperative}诉{township}综合执法队行政处罚", "due_soon"),
    ("advisor", "info_disclosure.reply", "政府信息公开",
     "政府信息公开答复法律意见：{p1}申请公开{v2}征地补偿方案", "open"),
    ("clerk", "info_disclosure.reply", "政府信息公开",
     "政府信息公开申请答复：{p1}申请公开{v2}征地补偿方案", "due_soon"),
    ("police", "petition.notify", "信访",
     "信访事项转送并告知去向：{p5}反映{v0}邻里纠纷存在治安隐患", "open"),
)
# fmt: on
_CLOSED_ITEM = (
    "assistant",
    "legal_aid.decide",
    "法律援助",
    "法律援助申请审查：{p0}工伤赔偿",
    "已作出给予法律援助的决定，指派律师承办。",
)


def _start_for(rule: str, state: str, today: dt.date, rng: random.Random) -> dt.date | None:
    """A start date on or before `today` whose statutory due date is in `state` today."""
    found: list[dt.date] = []
    for back in range(0, 240):
        start = today - dt.timedelta(days=back)
        try:
            due = deadline_service.compute(rule, start).due
        except ValidationError:  # no holiday data for that year
            continue
        if deadline_service.state_of(due, on=today) == state:
            found.append(start)
            if len(found) == 8:
                break
        elif found:
            break
    return rng.choice(found) if found else None


# ---------------------------------------------------------------------------------------------
# The builder


@dataclass
class _Office:
    unit: OrgUnit
    core: str
    villages: list[OrgUnit]
    business: list[OrgUnit]
    police: OrgUnit
    staff: list[Staff]


class _Builder:
    def __init__(self, *, scale: int, password: str, today: dt.date) -> None:
        self.scale = scale
        self.password = password
        # One hash for every demo account: they share the printed password.
        self.password_hash = make_password(password)
        self.today = today
        self.rng = random.Random(SEED)
        self.people = _People(self.rng)
        # Dates that depend on `today` draw from their own stream (and `spread` draws one number
        # whatever the range), so the names and numbers are the same on any day.
        self.dates_rng = random.Random(SEED + 1)
        self.samples: list[DemoOffice] = []

    def build(self) -> OrgUnit:
        city = self.unit(
            CITY_NAME,
            UnitKind.CITY,
            None,
            division_code=CITY_DIVISION_CODE,
            address=f"{CITY_SHORT}{self.rng.choice(STREETS)}18号",
            phone=self.landline(),
        )
        self.unit(
            f"{CITY_SHORT}12345政务服务便民热线",
            UnitKind.PARTNER,
            city,
            partner_type=PartnerType.HOTLINE,
            phone="12345",
        )
        city_staff = [self.bureau_person(city) for _ in range(3)]
        self.account("admin", city, Role.SYSTEM_ADMIN, display_name="系统管理员")
        self.account("city", city, Role.SUPERVISOR, staff=city_staff[0])

        sizes, standards = self.plan_offices()
        for number, county in enumerate(COUNTIES, start=1):
            bureau = self.unit(
                f"{county.name}司法局",
                UnitKind.BUREAU,
                city,
                division_code=county.division_code,
                address=f"{CITY_SHORT}{county.name}{self.rng.choice(STREETS)}"
                f"{self.rng.randint(1, 300)}号",
                phone=self.landline(),
            )
            self.unit(
                f"{county.name}人民检察院驻城区检察室",
                UnitKind.PARTNER,
                bureau,
                partner_type=PartnerType.PROCURATORATE,
                phone=self.landline(),
            )
            bureau_staff = [self.bureau_person(bureau) for _ in range(4)]
            self.account(f"county{number}", bureau, Role.SUPERVISOR, staff=bureau_staff[0])
            offices = self.offices(county, bureau, sizes[number - 1], standards[number - 1])
            self.sample_office(number, county, bureau, offices[0])
        # The business apps' records come last, from their own random streams, so the core data
        # is the same with or without them.
        loaders = demo_loaders()
        for office in self.samples:
            for loader in loaders:
                loader(office)
        return city

    # -- plans -----------------------------------------------------------------------------

    def plan_offices(self) -> tuple[list[list[int]], list[list[str]]]:
        """Office sizes and standardization, chunk by chunk of 54 so every chunk matches the
        brief's figures; the sample offices (first of each county) are large and at standard."""
        per_county = OFFICES_PER_COUNTY * self.scale
        sizes: list[list[int]] = [[0] * per_county for _ in COUNTIES]
        standards: list[list[str]] = [[""] * per_county for _ in COUNTIES]
        for chunk in range(self.scale):
            keep = [c * OFFICES_PER_COUNTY for c in range(len(COUNTIES))] if chunk == 0 else []
            large = self.rng.choices(
                range(5, 15), [10, 9, 7, 5, 3, 2, 2, 1, 1, 1], k=LARGE_OFFICES_PER_CHUNK
            )
            small = self.rng.choices(
                range(2, 5), [2, 3, 4], k=OFFICES_PER_CHUNK - LARGE_OFFICES_PER_CHUNK
            )
            size_plan = _plan_chunk(self.rng, large + small, lambda n: n >= 5, keep)
            status_plan = _plan_chunk(
                self.rng,
                [StandardizationStatus.PROVINCIAL] * STANDARD_OFFICES_PER_CHUNK
                + [StandardizationStatus.APPLYING] * 2
                + [StandardizationStatus.NONE],
                lambda s: s == StandardizationStatus.PROVINCIAL,
                keep,
            )
            for position in range(OFFICES_PER_CHUNK):
                county, index = divmod(position, OFFICES_PER_COUNTY)
                index += chunk * OFFICES_PER_COUNTY
                sizes[county][index] = size_plan[position]
                standards[county][index] = status_plan[position]
        for county in range(len(COUNTIES)):
            sizes[county][0] = max(sizes[county][0], SAMPLE_OFFICE_MIN_SIZE)
        return sizes, standards

    # -- units -----------------------------------------------------------------------------

    def unit(self, name: str, kind: str, parent: OrgUnit | None, **fields) -> OrgUnit:
        return services.unit_create(actor=DEMO, name=name, kind=kind, parent=parent, **fields)

    def spread(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive, drawing exactly one number from the stream."""
        return low + int(self.rng.random() * (high - low + 1))

    def landline(self) -> str:
        return f"{AREA_CODE}-{self.rng.randint(2000000, 8999999)}"

    def offices(
        self, county: _County, bureau: OrgUnit, sizes: list[int], standards: list[str]
    ) -> list[_Office]:
        count = OFFICES_PER_COUNTY * self.scale
        kinds = [kind for kind, n in county.kinds for _ in range(n * self.scale)]
        kinds.remove(county.seat_kind)
        self.rng.shuffle(kinds)
        kinds.insert(0, county.seat_kind)
        cores = [county.seat] + _township_cores(self.rng, count - 1, [county.seat])
        return [
            self.office(
                county, bureau, index, cores[index], kinds[index], sizes[index], standards[index]
            )
            for index in range(count)
        ]

    def office(
        self,
        county: _County,
        bureau: OrgUnit,
        index: int,
        core: str,
        kind: str,
        size: int,
        standard: str,
    ) -> _Office:
        rng = self.rng
        township = core + TOWNSHIP_SUFFIX[kind]
        code = f"{county.division_code}{index + 1:03d}" if index < 999 else ""
        place = f"{CITY_SHORT}{county.name}{township}"
        unit = self.unit(
            f"{core}司法所",
            UnitKind.OFFICE,
            bureau,
            township_name=township,
            township_kind=kind,
            division_code=code,
            phone=self.landline(),
            address=f"{place}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        )
        provincial = standard == StandardizationStatus.PROVINCIAL
        low, high = (1200, 4000) if provincial else (800, 1500)
        services.premises_set(
            actor=DEMO,
            unit=unit,
            area_m2=Decimal(rng.randint(low, high)) / 10,
            street_front=rng.random() < (0.92 if provincial else 0.4),
            standardization=standard,
            standardized_year=self.spread(2012, min(2025, self.today.year)) if provincial else None,
        )
        staff = [
            self.office_person(unit, county, post, employment, law_graduate=(position == 1))
            for position, (post, employment) in enumerate(_office_posts(size, rng))
        ]
        villages = self.villages(unit, code, kind, place)
        partners = [
            (f"{core}派出所", PartnerType.POLICE),
            (f"{township}妇联", PartnerType.WOMEN),
            (f"{township}信访办", PartnerType.PETITION),
        ]
        if index % 3 == 0:  # a 人民法庭 serves about three townships
            partners.append((f"{core}人民法庭", PartnerType.COURT))
        police, *_ = [
            self.unit(
                name, UnitKind.PARTNER, unit, partner_type=partner_type, phone=self.landline()
            )
            for name, partner_type in partners
        ]
        business_names = [township + name for name in rng.sample(BUSINESS_DEPARTMENTS, 3)]
        departments = [
            (township + GOVERNMENT_SUFFIX[kind], DepartmentType.GOVERNMENT),
            *[(name, DepartmentType.BUSINESS) for name in business_names],
            (f"{township}财务科", DepartmentType.FINANCE),
            (f"{township}工程办", DepartmentType.ENGINEERING),
        ]
        _government, *business, _finance, _engineering = [
            self.unit(
                name,
                UnitKind.DEPARTMENT,
                unit,
                department_type=department_type,
                phone=self.landline(),
            )
            for name, department_type in departments
        ]
        return _Office(unit, core, villages, business, police, staff)

    def villages(self, office: OrgUnit, code: str, kind: str, place: str) -> list[OrgUnit]:
        rng = self.rng
        count = rng.randint(8, 14)
        communities = {
            TownshipKind.SUBDISTRICT: count,
            TownshipKind.DEVELOPMENT_ZONE: count // 2,
            TownshipKind.TOWN: 1,
            TownshipKind.TOWNSHIP: 0,
        }[kind]
        names = [f"{name}社区" for name in rng.sample(COMMUNITY_NAMES, communities)]
        while len(names) < count:
            prefix = rng.choice(VILLAGE_PREFIX)
            if rng.random() < 0.5:
                surname = self.people.name(Gender.MALE)[0]
                name = prefix + surname + rng.choice(VILLAGE_FAMILY_SUFFIX)
            else:
                first = rng.choice(PLACE_FIRST)
                name = ("" if first in DIRECTIONS else prefix) + first + rng.choice(PLACE_SECOND)
            name += "村"
            if name not in names:
                names.append(name)
        units = []
        for position, name in enumerate(names):
            serial = position + 1 if position < communities else 200 + position - communities + 1
            units.append(
                self.unit(
                    name,
                    UnitKind.VILLAGE,
                    office,
                    division_code=f"{code}{serial:03d}" if code else "",
                    address=f"{place}{name}",
                )
            )
        return units

    # -- people ----------------------------------------------------------------------------

    def person_values(self, region: str, post: str, *, law_graduate: bool = False) -> dict:
        rng = self.rng
        born_from, born_to, law_share, female_share = _POST_PROFILE[post]
        gender = self.people.gender(female_share)
        birth_year = rng.randint(born_from, born_to)
        levels = _EDUCATION_BY_POST.get(post, _EDUCATION_DEFAULT)
        education = rng.choices([e for e, _ in levels], [w for _, w in levels])[0]
        law_major = rng.random() < law_share
        if law_graduate:
            law_major = True
            if education not in _DEGREES:
                education = Education.BACHELOR
        qualified = post == Post.LAWYER or (
            law_major and education in _DEGREES and rng.random() < 0.35
        )
        first_year = min(birth_year + 21, self.today.year)
        joined_year = self.spread(first_year, min(first_year + 20, self.today.year))
        joined_on = min(dt.date(joined_year, rng.randint(1, 12), 1), self.today)
        return {
            "name": self.people.name(gender),
            "gender": gender,
            "birth_year": birth_year,
            "post": post,
            "education": education,
            "law_major": law_major,
            "legal_qualification": qualified,
            "id_number": self.people.id_number(region, birth_year, gender),
            "phone": self.people.mobile(),
            "joined_on": joined_on,
        }

    def office_person(
        self, unit: OrgUnit, county: _County, post: str, employment: str, *, law_graduate: bool
    ) -> Staff:
        values = self.person_values(county.division_code, post, law_graduate=law_graduate)
        return services.staff_create(actor=DEMO, unit=unit, employment=employment, **values)

    def bureau_person(self, unit: OrgUnit) -> Staff:
        values = self.person_values(unit.division_code, Post.BUREAU_STAFF)
        employment = (
            Employment.POLITICAL_LEGAL
            if self.rng.random() < 0.3
            else Employment.OTHER_ESTABLISHMENT
        )
        return services.staff_create(actor=DEMO, unit=unit, employment=employment, **values)

    def account(
        self,
        username: str,
        unit: OrgUnit,
        role: str,
        *,
        staff: Staff | None = None,
        display_name: str = "",
    ) -> User:
        if not display_name:
            display_name = staff.name if staff else self.people.name(self.people.gender())
        return services.user_create(
            actor=DEMO,
            username=username,
            password=self.password,
            unit=unit,
            role=role,
            display_name=display_name,
            staff=staff,
            check_password=False,
            password_hash=self.password_hash,
        )

    # -- the sample office: accounts, parties, work ----------------------------------------

    def sample_office(self, number: int, county: _County, bureau: OrgUnit, office: _Office) -> None:
        first = {}
        for person in office.staff:
            first.setdefault(person.post, person)
        units = {
            "clerk": office.business[0],
            "police": office.police,
            "legalaid": self.unit(f"{county.name}法律援助中心", "legal_aid_centre", bureau),
        }
        staff = {
            "head": first[Post.HEAD],
            "assistant": first[Post.ASSISTANT],
            "mediator": first[Post.MEDIATOR],
            "advisor": first[Post.LAWYER],
        }
        users = {
            key: self.account(
                f"o{number}_{key}", units.get(key, office.unit), role, staff=staff.get(key)
            )
            for key, role in SAMPLE_ROLES
        }
        if number == 1:
            # Named from a stream of its own, so no other record's people change.
            lawyer = self.people.sibling(random.Random(f"{SEED}-public-lawyer"))
            users["lawyer"] = self.account(
                PUBLIC_LAWYER_USERNAME,
                office.unit,
                Role.PUBLIC_LAWYER,
                display_name=lawyer.name(lawyer.gender()),
            )
        names = self.parties(county, office, users["assistant"])
        self.work(office, users, names)
        self.samples.append(self.demo_office(number, bureau, office, users, names))

    def demo_office(
        self,
        number: int,
        bureau: OrgUnit,
        office: _Office,
        users: dict[str, User],
        names: dict[str, str],
    ) -> DemoOffice:
        children = {
            (unit.kind, unit.department_type or unit.partner_type): unit
            for unit in office.unit.children.exclude(kind=UnitKind.VILLAGE)
        }
        rng = random.Random(f"{SEED}-office-{number}")
        return DemoOffice(
            number=number,
            unit=office.unit,
            county=bureau,
            villages=office.villages,
            government=children[(UnitKind.DEPARTMENT, DepartmentType.GOVERNMENT)],
            business=office.business,
            finance=children[(UnitKind.DEPARTMENT, DepartmentType.FINANCE)],
            engineering=children[(UnitKind.DEPARTMENT, DepartmentType.ENGINEERING)],
            police=office.police,
            women=children[(UnitKind.PARTNER, PartnerType.WOMEN)],
            court=children.get((UnitKind.PARTNER, PartnerType.COURT)),
            accounts=users,
            names=names,
            today=self.today,
            rng=rng,
            dates=random.Random(f"{SEED}-office-{number}-dates"),
            people=self.people.sibling(rng),
        )

    def parties(self, county: _County, office: _Office, actor: User) -> dict[str, str]:
        rng = self.rng
        township = office.unit.township_name
        names: dict[str, str] = {}
        for position in range(8):
            gender = self.people.gender(0.45)
            birth_year = rng.randint(1950, 2000)
            village = rng.choice(office.villages).name
            party = services.party_create(
                actor=actor,
                unit=office.unit,
                kind=PartyKind.PERSON,
                name=self.people.name(gender),
                gender=gender,
                id_number=self.people.id_number(county.division_code, birth_year, gender),
                phone=self.people.mobile(),
                address=f"{CITY_SHORT}{county.name}{township}{village}{rng.randint(1, 200)}号",
            )
            names[f"p{position}"] = party.name
        company = services.party_create(
            actor=actor,
            unit=office.unit,
            kind=PartyKind.ORGANIZATION,
            name=f"{CITY_SHORT}{office.core}{rng.choice(COMPANY_TRADES)}有限公司",
            credit_code=self.people.credit_code("91", county.division_code),
            phone=self.landline(),
            address=f"{CITY_SHORT}{county.name}{township}{rng.choice(STREETS)}"
            f"{rng.randint(1, 300)}号",
        )
        village = rng.choice(office.villages).name
        cooperative = services.party_create(
            actor=actor,
            unit=office.unit,
            kind=PartyKind.ORGANIZATION,
            name=f"{county.name}{village.removesuffix('村').removesuffix('社区')}"
            f"{rng.choice(COOPERATIVE_TRADES)}专业合作社",
            credit_code=self.people.credit_code("93", county.division_code),
            phone=self.people.mobile(),
            address=f"{CITY_SHORT}{county.name}{township}{village}",
        )
        names["company"] = company.name
        names["cooperative"] = cooperative.name
        for position, village_unit in enumerate(rng.sample(office.villages, 3)):
            names[f"v{position}"] = village_unit.name
        names["township"] = township
        government = office.unit.children.get(department_type=DepartmentType.GOVERNMENT)
        names["gov"] = government.name
        return names

    def work(self, office: _Office, users: dict[str, User], names: dict[str, str]) -> None:
        head = users["head"]
        for key, rule, category, title, state in _WORK_PLAN:
            start = _start_for(rule, state, self.today, self.dates_rng)
            if start is None:
                continue
            assignee = users[key]
            services.work_item_create(
                actor=head,
                unit=assignee.unit,
                title=title.format(**names),
                category=category,
                assignee=assignee,
                due_rule=rule,
                due_start=start,
            )
        key, rule, category, title, result = _CLOSED_ITEM
        start = _start_for(rule, "overdue", self.today, self.dates_rng)
        if start is not None:
            item = services.work_item_create(
                actor=head,
                unit=office.unit,
                title=title.format(**names),
                category=category,
                assignee=users[key],
                due_rule=rule,
                due_start=start,
            )
            services.work_item_close(actor=users[key], item=item, result=result)
