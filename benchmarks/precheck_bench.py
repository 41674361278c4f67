"""Precision, recall and speed of the normative-document pre-check (规范性文件合法性预审).

    python benchmarks/precheck_bench.py [--repeat N] [--smoke]

Scores every clause of the labeled sample set shipped with the engine
(`src/sifasuo/reviews/precheck/samples.json`) per category and overall (micro-averaged over
clause × category decisions), lists every disagreement, then times `scan` on the whole set
repeated N times (default 2,000). Pure Python: no Django, no database.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from importlib import resources

from sifasuo.reviews.precheck import scan
from sifasuo.reviews.precheck.engine import scan_clause


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--smoke", action="store_true", help="a small run for CI: it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.repeat = 20
    samples = json.loads(
        resources.files("sifasuo.reviews.precheck").joinpath("samples.json").read_text("utf-8")
    )
    tp, fp, fn = Counter(), Counter(), Counter()
    misses = []
    for sample in samples:
        got, expected = set(scan_clause(sample["clause"])), set(sample["labels"])
        for category in got & expected:
            tp[category] += 1
        for category in got - expected:
            fp[category] += 1
        for category in expected - got:
            fn[category] += 1
        if got != expected:
            misses.append((sample["clause"], sorted(expected), sorted(got)))
    positives = sum(1 for s in samples if s["labels"])
    print(f"samples: {len(samples)} clauses, {positives} with at least one label")
    print(f"{'category':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    for category in sorted(set(tp) | set(fp) | set(fn)):
        print(
            f"{category:<18}{tp[category]:>4}{fp[category]:>4}{fn[category]:>4}"
            f"{_ratio(tp[category], tp[category] + fp[category]):>11}"
            f"{_ratio(tp[category], tp[category] + fn[category]):>8}"
        )
    t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'overall':<18}{t:>4}{p:>4}{n:>4}{_ratio(t, t + p):>11}{_ratio(t, t + n):>8}")
    print("disagreements (clause | expected | found):")
    for clause, expected, got in misses:
        print(f"  {clause} | {expected} | {got}")
    text = "\n".join(s["clause"] for s in samples)
    start = time.perf_counter()
    for _ in range(args.repeat):
        scan(text)
    elapsed = time.perf_counter() - start
    clauses = len(samples) * args.repeat
    print(
        f"speed: {clauses} clauses in {elapsed:.2f} s "
        f"({elapsed / clauses * 1e6:.1f} µs per clause) on CPython {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
