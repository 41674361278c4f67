"""A demo batch of the rural collective contract clean-up (农村集体经济合同清理) for each sample
office: three village leases reviewed at once (the run is synchronous, so no worker is needed)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.demo import DemoOffice
from sifasuo.core.documents import OfficialDocument

from . import rectifications, services
from .models import ContractFile, Finding, Rectification, ReviewBatch

# fmt: off
# A lease that breaks no rule: twenty years, a fair yearly rent, the village assembly's consent.
FAIR_LEASE = (
    "土地租赁合同\n"
    "甲方（出租方）：{township}{v1}{c1}\n负责人：{head1}\n"
    "乙方（承租方）：{cooperative}\n法定代表人：{tenant1}\n住所：{township}{v1}\n"
    "第一条 租赁的耕地坐落于{v1}东部，面积共计叁拾亩。\n"
    "第二条 租赁期限为二十年，自{start1}年3月1日起至{end1}年2月28日止。\n"
    "第三条 乙方租赁土地用于种植蓝莓。\n"
    "第四条 租金为每亩每年950元，乙方应于每年12月31日前交纳当年租金。\n"
    "第五条 甲方的权利和义务：按时交付土地。乙方的权利和义务：依法经营，爱护土地。\n"
    "第六条 合同期内如遇国家征收、征用，土地补偿费归甲方所有，地上附着物和青苗补偿费归乙方所有。\n"
    "第七条 合同期满，地上附着物无偿归甲方所有。\n"
    "第八条 任何一方违反本合同约定的，应当承担违约责任。\n"
    "第九条 本合同已经{v1}{m1}讨论，三分之二以上{r1}同意，并报{gov}批准。\n"
    "甲方（盖章）：{township}{v1}{c1}    乙方（签字）：{cooperative}\n"
    "签订日期：{start1}年2月20日\n"
)
# Fifty years, thirty years' rent taken at once, far below the local price, no assembly vote.
UNFAIR_LEASE = (
    "土地承包合同\n"
    "甲方（发包方）：{township}{v2}{c2}\n负责人：{head2}\n"
    "乙方（承包方）：{company}\n法定代表人：{tenant2}\n"
    "第一条 发包的耕地坐落于{v2}北部，面积共计捌拾亩。\n"
    "第二条 承包期限为五十年，自{start2}年1月1日起至{end2}年12月31日止。\n"
    "第三条 乙方承包土地用于种植苗木。\n"
    "第四条 承包费为每亩每年200元，乙方应于签订合同时一次性交纳三十年承包费。\n"
    "第五条 甲方的权利和义务：按时交付土地。乙方的权利和义务：依法经营，爱护土地。\n"
    "第六条 合同期内如遇国家征收、征用，补偿费用全部归乙方所有。\n"
    "第七条 任何一方违反本合同约定的，应当承担违约责任。\n"
    "甲方（盖章）：{township}{v2}{c2}    乙方（签字）：{company}\n"
    "签订日期：{start2}年12月10日\n"
)
# An orchard let for fifteen years at a low rent, without the assembly's consent.
ORCHARD_LEASE = (
    "果园租赁合同\n"
    "甲方（出租方）：{township}{v3}{c3}\n负责人：{head3}\n"
    "乙方（承租方）：{tenant3}\n住所：{township}{v3}\n"
    "第一条 租赁的园地坐落于{v3}西部山坡，面积共计贰拾亩。\n"
    "第二条 租赁期限为十五年，自{start3}年4月1日起至{end3}年3月31日止。\n"
    "第三条 乙方租赁园地用于种植苹果。\n"
    "第四条 租金为每亩每年300元，乙方应于每年3月31日前交纳当年租金。\n"
    "第五条 甲方的权利和义务：按时交付园地。乙方的权利和义务：依法经营，爱护园地。\n"
    "第六条 合同期满，地上附着物无偿归甲方所有。\n"
    "第七条 任何一方违反本合同约定的，应当承担违约责任。\n"
    "甲方（盖章）：{township}{v3}{c3}    乙方（签字）：{tenant3}\n"
    "签订日期：{start3}年3月20日\n"
)
PRICES = "乡镇,类型,参考价（元/亩/年）\n{township},耕地,900\n全县,耕地,800\n全县,园地,700\n全县,林地,200\n"
# fmt: on


def load(office: DemoOffice) -> None:
    villages = office.rng.sample(office.villages, 3)
    words = {
        "township": office.unit.township_name,
        "gov": office.government.name,
        "company": office.names["company"],
        "cooperative": office.names["cooperative"],
        **{f"v{n}": village.name for n, village in enumerate(villages, start=1)},
        # A community's collective signs as its 居民委员会, a village's as its 村民委员会.
        **{
            f"{key}{n}": (community if village.name.endswith("社区") else rural)
            for n, village in enumerate(villages, start=1)
            for key, community, rural in (
                ("c", "居民委员会", "村民委员会"),
                ("m", "集体经济组织成员代表大会", "村民代表会议"),
                ("r", "成员代表", "村民代表"),
            )
        },
        **{f"head{n}": office.person()["name"] for n in (1, 2, 3)},
        **{f"tenant{n}": office.person()["name"] for n in (1, 2, 3)},
    }
    year = office.today.year
    words.update(
        start1=year - 5, end1=year + 15, start2=year - 9, end2=year + 40, start3=year - 3,
        end3=year + 12,
    )  # fmt: skip
    office.attempt(_batch, office, words)


def _batch(office: DemoOffice, words: dict) -> ReviewBatch:
    assistant = office.accounts["assistant"]
    uploaded = office.day(0.2)
    files = [
        ("土地租赁合同（{v1}）.txt", FAIR_LEASE),
        ("土地承包合同（{v2}）.txt", UNFAIR_LEASE),
        ("果园租赁合同（{v3}）.txt", ORCHARD_LEASE),
    ]
    batch = services.batch_create(
        actor=assistant,
        unit=office.unit,
        name=f"{office.unit.township_name}村集体经济合同清理（第一批）",
        files=[
            SimpleUploadedFile(name.format(**words), text.format(**words).encode())
            for name, text in files
        ],
        price_table=SimpleUploadedFile("参考价格表.csv", PRICES.format(**words).encode()),
        as_of=uploaded,
    )
    # The review runs here rather than in the worker; the task queued when the demo commits finds
    # the batch done and returns at once.
    batch = services.batch_run(batch_id=batch.pk)
    started = office.moment(uploaded)
    ReviewBatch.objects.filter(pk=batch.pk).update(
        created_at=started, started_at=started, finished_at=started + dt.timedelta(seconds=20)
    )
    findings = list(
        Finding.objects.filter(contract__batch=batch).select_related("contract").order_by("id")
    )
    # The reviewer confirms what the 50-year contract breaks on price and prepayment (its term is
    # a matter for the parties when the land was contracted by 其他方式, 承包法 49), and the
    # orchard's rent far below the local price.
    confirmed = {"term_over_limit", "low_price", "lump_sum_prepayment"}
    for finding in findings:
        if (finding.rule in confirmed and "承包合同" in finding.contract.path) or (
            finding.rule == "low_price" and "果园" in finding.contract.path
        ):
            services.finding_decide(
                actor=assistant, finding=finding, decision=Finding.Decision.CONFIRMED
            )
        elif finding.rule == "no_democratic_procedure" and "果园" in finding.contract.path:
            services.finding_decide(
                actor=assistant,
                finding=finding,
                decision=Finding.Decision.DISMISSED,
                reason=f"经核实，该合同已经{words['v3']}{words['m3']}讨论通过，会议记录另行归档，"
                "合同文本未载明。",
            )
    # The confirmation came two days after the upload.
    confirmed_on = uploaded + dt.timedelta(days=2)
    Finding.objects.filter(contract__batch=batch, decided_at__isnull=False).update(
        decided_at=office.moment(confirmed_on)
    )
    for contract in batch.contracts.filter(
        findings__decision=Finding.Decision.CONFIRMED
    ).distinct():
        if "承包合同" in contract.path:
            _rectify_lease(office, words, contract, confirmed_on)
        elif "果园" in contract.path:
            _rectify_orchard(office, words, contract, confirmed_on)
    return batch


def _rectify_lease(office: DemoOffice, words: dict, contract: ContractFile, confirmed_on) -> None:
    """The 50-year lease put right by a supplementary agreement: the arrears paid in two
    instalments, the rent raised to the local price; done."""
    assistant = office.accounts["assistant"]
    today = office.today
    description = (
        f"经{words['v2']}{words['m2']}讨论通过，与{words['company']}签订补充协议：承包费自"
        f"{today.year}年起调整为每亩每年900元并按年交纳，已一次性预收部分按调整后价格补缴差额。"
    )
    rectification = rectifications.rectification_save(
        actor=assistant,
        contract=contract,
        version=None,
        measure=Rectification.Measure.SUPPLEMENT,
        description=description,
        due_on=confirmed_on + dt.timedelta(days=60),
        old_annual_income=rectifications.suggested_old_income(contract),
    )
    agreement = OfficialDocument("土地承包合同补充协议")
    agreement.paragraph(f"甲方：{office.unit.township_name}{words['v2']}{words['c2']}")
    agreement.paragraph(f"乙方：{words['company']}")
    agreement.paragraph(description)
    rectifications.rectification_add_document(
        actor=assistant,
        rectification=rectification,
        version=rectification.version,
        upload=SimpleUploadedFile("土地承包合同补充协议.docx", agreement.to_bytes()),
    )
    rectification.refresh_from_db()
    for days, amount, note in ((10, "120000.00", "补缴承包费差额（第一期）"), (20, "80000.00", "补缴承包费差额（第二期）")):  # fmt: skip
        rectifications.recovery_add(
            actor=assistant,
            rectification=rectification,
            version=rectification.version,
            amount=amount,
            received_on=min(confirmed_on + dt.timedelta(days=days), today),
            note=note,
        )
        rectification.refresh_from_db()
    rectifications.rectification_save(
        actor=assistant,
        contract=contract,
        version=rectification.version,
        measure=rectification.measure,
        description=rectification.description,
        due_on=rectification.due_on,
        old_annual_income=rectification.old_annual_income,
        new_annual_income="72000.00",
        done_on=min(confirmed_on + dt.timedelta(days=25), today),
    )


def _rectify_orchard(office: DemoOffice, words: dict, contract: ContractFile, confirmed_on) -> None:
    """The orchard's rent to be put to open bidding when the year's lease ends: still open, past
    its due date in every other office."""
    overdue = office.number % 2 == 1 and confirmed_on + dt.timedelta(days=14) < office.today
    due_on = confirmed_on + dt.timedelta(days=14) if overdue else office.today + dt.timedelta(30)
    rectifications.rectification_save(
        actor=office.accounts["assistant"],
        contract=contract,
        version=None,
        measure=Rectification.Measure.RETENDER,
        description=(
            f"已向{words['v3']}{words['c3']}提出整改意见：经{words['m3']}讨论后，园地承包经营权"
            "通过农村产权交易中心公开协商重新确定承包方和租金。"
        ),
        due_on=due_on,
        old_annual_income=rectifications.suggested_old_income(contract),
    )
    # An amount already recovered from the lessee for the years below the local price.
    if overdue:
        return
    rectification = Rectification.objects.get(contract=contract)
    rectifications.recovery_add(
        actor=office.accounts["assistant"],
        rectification=rectification,
        version=rectification.version,
        amount="6000.00",
        received_on=min(confirmed_on + dt.timedelta(days=7), office.today),
        note="承租方补缴当年租金差额",
    )
