"""Accuracy, throughput and memory of the rural collective contract review (合同清理规范).

    python benchmarks/contract_review_bench.py [--accuracy N] [--throughput N] [--rss N]
                                               [--workers N] [--seed N] [--keep DIR] [--smoke]

Accuracy: N generated contracts (default 5,000) per corpus mix, reviewed in-process through the
.txt reader against the generator's labels: precision and recall per rule and for "problem
contract". Three mixes: the stress mix (every contract draws each problem with its own
probability, so most have one), a clean-heavy mix (85% drafted clean, near the 10% problem rate
reported by one city's clean-up) and a noisy mix (every contract degraded like text copied from a
PDF or recognised from a scan: hard line wraps, stray spaces, look-alike characters).

Throughput: N contracts (default 13,348) written as .txt files (20% in GBK), then reviewed by the
real command, ``sifasuo contracts review DIR --prices … --out … --jsonl … --workers 1``, in a
child process; wall time, contracts per second and the child's peak RSS. ``--rss N`` repeats the
command run on N contracts (e.g. 100,000) to show memory stays flat.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sifasuo.contract_review.engine import ReviewSettings, read_bytes, review_document
from sifasuo.contract_review.engine.samples import (
    AS_OF,
    RULE_CODES,
    generate,
    reference_prices,
    write_corpus,
    write_reference_prices,
)


def accuracy(count: int, seed: int, clean_share: float, noise_share: float = 0.0) -> None:
    settings = ReviewSettings(prices=reference_prices(), as_of=AS_OF)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors = 0
    started = time.perf_counter()
    for sample in generate(count, seed, clean_share=clean_share, noise_share=noise_share):
        # the same path as a .txt file on disk: decoding and line reflow included
        (document,) = read_bytes(sample.text.encode("utf-8"), sample.name)
        result = review_document(document, settings)
        errors += result.status != "ok"
        found = {f.rule for f in result.findings}
        for code in (*RULE_CODES, "problem"):
            got = bool(found) if code == "problem" else code in found
            want = sample.problem if code == "problem" else code in sample.labels
            tp[code] += got and want
            fp[code] += got and not want
            fn[code] += want and not got
    elapsed = time.perf_counter() - started
    problems = tp["problem"] + fn["problem"]
    print(
        f"\n### Accuracy: {count:,} contracts, seed {seed}, clean share {clean_share:.0%}, "
        f"noise share {noise_share:.0%} "
        f"({problems:,} problem contracts, {problems / count:.1%}; {errors} read errors; "
        f"{count / elapsed:,.0f} contracts/s in-process)\n"
    )
    print("| Rule | Labelled | Precision | Recall |")
    print("|---|---:|---:|---:|")
    for code in (*RULE_CODES, "problem"):
        labelled = tp[code] + fn[code]
        flagged = tp[code] + fp[code]
        precision = tp[code] / flagged if flagged else float("nan")
        recall = tp[code] / labelled if labelled else float("nan")
        name = "**problem contract**" if code == "problem" else f"`{code}`"
        print(f"| {name} | {labelled:,} | {precision:.1%} | {recall:.1%} |")


def run_command(count: int, seed: int, workers: int, keep: Path | None) -> None:
    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="contract-bench-"))
    corpus = base / f"corpus-{count}"
    try:
        if not corpus.exists():
            started = time.perf_counter()
            write_corpus(corpus, count, seed)
            print(f"\n(wrote {count:,} contracts in {time.perf_counter() - started:.1f} s)")
        prices = write_reference_prices(base / "prices.csv")
        command = [
            sys.executable, "-m", "sifasuo.contract_review.cli", "review", str(corpus),
            "--prices", str(prices), "--out", str(base / "report.xlsx"),
            "--jsonl", str(base / "results.jsonl"), "--workers", str(workers),
            "--as-of", AS_OF.isoformat(), "--quiet",
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if completed.returncode != 0:
            sys.exit(f"command failed ({completed.returncode}): {completed.stderr}")
        lines = sum(1 for _ in (base / "results.jsonl").open(encoding="utf-8"))
        report_mb = (base / "report.xlsx").stat().st_size / 1e6
        print(f"\n### Command run: {count:,} .txt contracts, --workers {workers}\n")
        print(f"    {' '.join(c if ' ' not in c else repr(c) for c in command[1:])}\n")
        print(f"- wall time {elapsed:.1f} s, **{count / elapsed:,.0f} contracts/s**")
        rss = f"{peak / 1024:.0f} MB" if peak > before else f"≤ {peak / 1024:.0f} MB"
        print(f"- peak RSS of the command (largest child so far): {rss}")
        print(f"- {lines:,} JSON lines, report.xlsx {report_mb:.1f} MB")
        print(f"- {completed.stdout.splitlines()[0]}")
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accuracy", type=int, default=5000, help="contracts per mix (0: skip)")
    parser.add_argument("--throughput", type=int, default=13348, help="contracts (0: skip)")
    parser.add_argument("--rss", type=int, default=0, help="also run on this many (e.g. 100000)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", type=Path, help="keep the generated corpus in this folder")
    parser.add_argument("--smoke", action="store_true", help="a small run for CI: it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.accuracy, args.throughput, args.rss = 100, 100, 0
    print(
        f"Machine: {platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} CPUs, CPython {platform.python_version()}"
    )
    if args.accuracy:
        accuracy(args.accuracy, args.seed, clean_share=0.0)
        accuracy(args.accuracy, args.seed + 1, clean_share=0.85)
        accuracy(args.accuracy, args.seed + 2, clean_share=0.0, noise_share=1.0)
    if args.throughput:
        run_command(args.throughput, args.seed, args.workers, args.keep)
    if args.rss:
        run_command(args.rss, args.seed, args.workers, args.keep)


if __name__ == "__main__":
    main()
