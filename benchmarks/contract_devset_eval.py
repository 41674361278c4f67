"""Findings and fields of the contract review, measured against labelled contracts.

    python benchmarks/contract_devset_eval.py [DEVSET] [--generator N] [--seed N] [--errors]

DEVSET is a folder laid out as ``prices.csv``, ``contracts/`` and ``labels.jsonl`` (one JSON
object per file: ``fields`` as a reviewer reads them and the ``problems`` a county reviewer would
raise). Every file goes through the real readers (.txt in UTF-8 or GBK, .docx, .pdf), is reviewed
with the set's price table as of the label's ``as_of`` date, and compared with its labels:
precision and recall per rule and for "problem contract", and the share of contracts whose each
field the engine read as the label says. ``--generator N`` also reviews N contracts of the seeded
generator, its labels mapped to the same fields, and prints both side by side; neither set stands
in for the other. ``--errors`` lists each disagreement (file, what was expected, what was read).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sifasuo.contract_review.engine import (
    ContractResult,
    ReviewSettings,
    Source,
    load_prices,
    read_bytes,
    read_source,
    review_document,
)
from sifasuo.contract_review.engine.rules import (
    Thresholds,
    consent_status,
    effective_price,
    signed_status,
)
from sifasuo.contract_review.engine.samples import (
    AS_OF,
    RULE_CODES,
    generate,
    reference_prices,
)

FIELDS = (
    "kind",
    "lessor",
    "lessee",
    "lessee_kind",
    "asset_type",
    "area",
    "start",
    "end",
    "price_per_unit_year",
    "payment",
    "prepaid_years",
    "consent",
    "signed",
)
_KIND = {"lease": "出租", "transfer": "流转", "contracting": "发包", "grant": "出让"}
_ASSET = {"集体建设用地": "建设用地", "设施": "其他"}


@dataclass
class Case:
    """One labelled contract: where it is, what the engine should read and find."""

    name: str
    fields: dict[str, Any]
    problems: set[str]
    as_of: date
    path: Path | None = None
    text: str | None = None


@dataclass
class Tally:
    """Counts for one labelled set."""

    contracts: int = 0
    unreadable: list[str] = field(default_factory=list)
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    asked: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def rule(self, code: str) -> tuple[int, float, float]:
        labelled = self.tp[code] + self.fn[code]
        flagged = self.tp[code] + self.fp[code]
        precision = self.tp[code] / flagged if flagged else math.nan
        recall = self.tp[code] / labelled if labelled else math.nan
        return labelled, precision, recall

    def accuracy(self, name: str) -> tuple[int, float]:
        asked = self.asked[name]
        return asked, (self.right[name] / asked if asked else math.nan)


# --- reading the labelled sets -------------------------------------------------------------------


def devset_cases(folder: Path) -> Iterator[Case]:
    for number, line in enumerate((folder / "labels.jsonl").read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            sys.exit(f"labels.jsonl line {number}: not JSON ({exc})")
        yield Case(
            name=row["file"],
            fields=row.get("fields") or {},
            problems=set(row.get("problems") or ()),
            as_of=date.fromisoformat(row.get("as_of") or AS_OF.isoformat()),
            path=folder / row["file"],
        )


def generator_cases(count: int, seed: int) -> Iterator[Case]:
    """The generator's contracts with its truth mapped to the devset's label fields."""
    for sample in generate(count, seed, clean_share=0.5):
        facts = sample.facts
        kind = facts["kind"]
        collective = facts["collective"]
        years = facts["years"]
        prepaid = facts.get("prepaid_years") or 1.0
        gone = set(facts.get("clauses_missing") or ())
        if facts["lessee_kind"] == "member" or kind == "transfer" or not collective:
            consent = "stated" if facts.get("consent_recorded") else "not_required"
        else:
            building = facts["asset"] in {"厂房", "设施"}
            ok = facts["consent_ok_asset"] if building else facts["consent_ok_land"]
            consent = "stated" if ok else "absent"
        if prepaid <= 1.0:
            payment, prepaid_years = "annual", None
        elif prepaid >= years - 0.05:
            payment, prepaid_years = "lump_sum", prepaid
        else:
            payment, prepaid_years = "installments", prepaid
        fields = {
            "kind": _KIND[kind],
            "lessee_kind": facts["lessee_kind"],
            "asset_type": _ASSET.get(facts["asset"], facts["asset"]),
            "area": None if {"area"} <= gone else facts["area"],
            "area_unit": facts["unit"],
            "start": facts["start"].isoformat() if "term" not in gone else None,
            "end": facts["end"].isoformat() if facts["end"] and "term" not in gone else None,
            "price_per_unit_year": None if "rent" in gone else facts["price"],
            "payment": None if "payment" in gone else payment,
            "prepaid_years": prepaid_years,
            "consent": consent,
            "signed": not facts["unsigned"],
        }
        yield Case(sample.name, fields, set(sample.labels), AS_OF, text=sample.text)


# --- comparing ----------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return "".join(str(text or "").split()).replace("(", "（").replace(")", "）")


def _close(got: float | None, want: float | None, tolerance: float) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= max(tolerance * abs(want), 0.01)


def engine_fields(result: ContractResult, thresholds: Thresholds) -> dict[str, Any]:
    """The engine's reading of a contract, in the label schema's terms."""
    x = result.fields
    assert x is not None

    def value(name: str) -> Any:
        found = getattr(x, name)
        return found.value if found is not None else None

    asset = value("asset_type")
    price, _, _ = effective_price(x, thresholds)
    return {
        "kind": _KIND.get(value("kind") or ""),
        "lessor": value("lessor"),
        "lessee": value("lessee"),
        "lessee_kind": value("lessee_kind"),
        "asset_type": _ASSET.get(asset, asset),
        "area": value("area"),
        "area_unit": x.area_unit,
        "start": value("start").isoformat() if value("start") else None,
        "end": value("end").isoformat() if value("end") else None,
        "price_per_unit_year": price,
        "payment": value("payment_schedule"),
        "prepaid_years": value("prepaid_years"),
        "consent": consent_status(x, thresholds),
        "signed": signed_status(x),
    }


def field_right(name: str, got: dict[str, Any], want: dict[str, Any]) -> bool:
    g, w = got.get(name), want.get(name)
    if name in {"lessor", "lessee"}:
        return _norm(g) == _norm(w)
    if name == "asset_type":
        return g == w
    if name == "area":
        return _close(g, w, 0.01) and (w is None or got.get("area_unit") == want.get("area_unit"))
    if name == "price_per_unit_year":
        return _close(g, w, 0.01)
    if name == "prepaid_years":
        return _close(g, w, 0.02)
    if name == "payment":
        return (g or "none") == (w or "none")
    return g == w


def evaluate(cases: Iterable[Case], prices, *, thresholds: Thresholds | None = None) -> Tally:
    thresholds = thresholds or Thresholds()
    tally = Tally()
    for case in cases:
        settings = ReviewSettings(thresholds=thresholds, prices=prices, as_of=case.as_of)
        if case.path is not None:
            source = Source(case.name, str(case.path))
            documents = read_source(source)
        else:
            assert case.text is not None
            documents = read_bytes(case.text.encode("utf-8"), case.name)
        result = review_document(documents[0], settings)
        tally.contracts += 1
        if result.status != "ok":
            tally.unreadable.append(f"{case.name}: {result.error}")
            found: set[str] = set()
        else:
            found = {f.rule for f in result.findings}
        for code in (*RULE_CODES, "problem"):
            got = bool(found) if code == "problem" else code in found
            want = bool(case.problems) if code == "problem" else code in case.problems
            tally.tp[code] += got and want
            tally.fp[code] += got and not want
            tally.fn[code] += want and not got
        if found != case.problems:
            tally.errors.append(
                f"{case.name}: expected {sorted(case.problems)}, found {sorted(found)}"
            )
        if result.status != "ok":
            continue
        got_fields = engine_fields(result, thresholds)
        for name in FIELDS:
            if name not in case.fields:
                continue
            tally.asked[name] += 1
            if field_right(name, got_fields, case.fields):
                tally.right[name] += 1
            else:
                tally.errors.append(
                    f"{case.name}: {name} expected {case.fields.get(name)!r}, "
                    f"read {got_fields.get(name)!r}"
                )
    return tally


# --- report -------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.0%}"


def report(tallies: dict[str, Tally]) -> str:
    names = list(tallies)
    lines = []
    for name, tally in tallies.items():
        problems = tally.tp["problem"] + tally.fn["problem"]
        lines.append(
            f"- {name}: {tally.contracts:,} contracts, {problems:,} labelled problem contracts, "
            f"{len(tally.unreadable)} unreadable"
        )
    head = " | ".join(f"{n} labelled | {n} precision | {n} recall" for n in names)
    lines += ["", f"| Rule | {head} |", "|---|" + "---:|" * (3 * len(names))]
    for code in (*RULE_CODES, "problem"):
        label = "**problem contract**" if code == "problem" else f"`{code}`"
        cells = []
        for tally in tallies.values():
            labelled, precision, recall = tally.rule(code)
            cells += [f"{labelled:,}", _pct(precision), _pct(recall)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    head = " | ".join(f"{n} (n) | {n} accuracy" for n in names)
    lines += ["", f"| Field | {head} |", "|---|" + "---:|" * (2 * len(names))]
    for name in FIELDS:
        cells = []
        for tally in tallies.values():
            asked, accuracy = tally.accuracy(name)
            cells += [f"{asked:,}" if asked else "—", _pct(accuracy)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("devset", nargs="?", type=Path, help="labelled folder (labels.jsonl …)")
    parser.add_argument("--generator", type=int, default=0, help="also N generated contracts")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--smoke", action="store_true", help="CI: the hand-drafted set and 50 generated contracts"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.devset = args.devset or Path(__file__).resolve().parent / "contract_devset"
        args.generator = args.generator or 50
    if args.devset is None and not args.generator:
        parser.error("give a labelled folder, --generator N, or both")
    tallies: dict[str, Tally] = {}
    if args.generator:
        tallies["generator"] = evaluate(
            generator_cases(args.generator, args.seed), reference_prices()
        )
    if args.devset is not None:
        prices_path = args.devset / "prices.csv"
        prices = load_prices(prices_path) if prices_path.exists() else None
        tallies["devset"] = evaluate(devset_cases(args.devset), prices)
    print(report(tallies))
    for name, tally in tallies.items():
        for line in tally.unreadable:
            print(f"unreadable ({name}): {line}")
        if args.errors:
            for line in tally.errors:
                print(f"[{name}] {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
