"""Accuracy, throughput and memory of the rural collective contract review (合同清理规范).

    python benchmarks/contract_review_bench.py [--accuracy N] [--throughput N] [--mixed N]
                                               [--chars N] [--rss N] [--workers N] [--seed N]
                                               [--keep DIR] [--smoke]

Accuracy: N generated contracts (default 5,000) per corpus mix, reviewed in-process through the
.txt reader against the generator's labels: precision and recall per rule and for "problem
contract". Three mixes: the stress mix (every contract draws each problem with its own
probability, so most have one), a clean-heavy mix (85% drafted clean, near the 10% problem rate
reported by one city's clean-up) and a noisy mix (every contract degraded like text copied from a
PDF or recognised from a scan: hard line wraps, stray spaces, look-alike characters).

Throughput: N contracts (default 2,000) lengthened with ordinary clauses to about ``--chars``
characters (default 1,800), written as .txt files (20% in GBK), then reviewed by the real
command, ``sifasuo contracts review DIR --prices … --out … --jsonl … --workers 1``, in a child
process: wall time, contracts per second, the time merely reading and decoding the same files
takes, and the child's peak RSS. ``--mixed N`` does the same for a city's mixed folder (55% .docx,
40% .txt, 5% .pdf with a text layer). ``--rss N`` repeats the .txt run on N contracts to show that
memory stays flat. Keep runs short on a shared machine and extrapolate; say so.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sifasuo.contract_review.engine import (
    ReviewSettings,
    iter_sources,
    read_bytes,
    review_document,
    samples,
)
from sifasuo.contract_review.engine.readers import decode_text
from sifasuo.contract_review.engine.samples import (
    AS_OF,
    RULE_CODES,
    generate,
    reference_prices,
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


# Clauses real contracts carry beyond the generator's (rights, safety, notices, land care …), used
# to lengthen the generated texts to the size of the contracts a city actually holds.
_EXTRA = (*samples._BOILERPLATE, *samples._RIGHTS, *samples._LAND_BOILERPLATE)


def lengthen(text: str, chars: int, rng: random.Random) -> str:
    """The contract with extra ordinary clauses before its signature block, to about ``chars``."""
    lines = text.rstrip("\n").split("\n")
    cut = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(r"\s*(?:甲|乙|出租|承租|发包|承包)方?[（(]", line)
        ),
        len(lines) - 2,
    )
    extra: list[str] = []
    while len(text) + sum(map(len, extra)) < chars:
        extra.append(rng.choice(_EXTRA))
    return "\n".join([*lines[:cut], *extra, *lines[cut:]]) + "\n"


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text: str) -> bytes:
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    page = (
        f"<html><body style='font-family: Noto Sans CJK SC; font-size: 11pt'>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def write_folder(folder: Path, count: int, seed: int, chars: int, mix: dict[str, float]) -> dict:
    """``count`` contracts of about ``chars`` characters, as .txt (20% GBK), .docx and .pdf in the
    shares of ``mix``. PDFs are slow to typeset, so at most 40 distinct ones are made and reused."""
    rng = random.Random(f"bench:{seed}")
    pdfs: list[bytes] = []
    counts: Counter[str] = Counter()
    total_chars = 0
    for index, sample in enumerate(generate(count, seed)):
        text = lengthen(sample.text, chars, rng)
        total_chars += len(text)
        kind = rng.choices(list(mix), list(mix.values()))[0]
        stem = folder / f"{index // 500:03d}" / f"{index:06d}"
        stem.parent.mkdir(parents=True, exist_ok=True)
        if kind == "docx":
            stem.with_suffix(".docx").write_bytes(_docx_bytes(text))
        elif kind == "pdf":
            if len(pdfs) < 40:
                pdfs.append(_pdf_bytes(text))
            stem.with_suffix(".pdf").write_bytes(pdfs[index % len(pdfs)])
        else:
            encoding = "gb18030" if rng.random() < 0.2 else "utf-8"
            stem.with_suffix(".txt").write_bytes(text.encode(encoding))
        counts[kind] += 1
    return {"counts": counts, "chars": total_chars / max(count, 1)}


def read_only(folder: Path) -> tuple[float, dict[str, tuple[int, float]]]:
    """CPU seconds to merely read every file and decode it (.txt bytes to text; .docx and .pdf
    to their text) — the floor under any review — and, per format, files and CPU seconds."""
    kinds: dict[str, list[float]] = {}
    started = time.process_time()
    for source in iter_sources([folder]):
        before = time.process_time()
        data = Path(source.path).read_bytes()
        if source.path.endswith(".txt"):
            decode_text(data)
        else:
            read_bytes(data, source.name)
        kind = kinds.setdefault(source.path.rsplit(".", 1)[-1], [0, 0.0])
        kind[0] += 1
        kind[1] += time.process_time() - before
    total = time.process_time() - started
    return total, {kind: (int(n), seconds) for kind, (n, seconds) in sorted(kinds.items())}


def run_command(
    label: str, count: int, seed: int, workers: int, keep: Path | None, chars: int,
    mix: dict[str, float],
) -> None:  # fmt: skip
    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="contract-bench-"))
    corpus = base / f"{label}-{count}"
    try:
        manifest = base / f"{label}-{count}.json"
        if keep and manifest.exists():  # written by an earlier run with --keep: measured again
            made = json.loads(manifest.read_text())
            made["counts"] = Counter(made["counts"])
            print(f"\n(reusing the {count:,} contracts in {corpus})")
        else:
            started = time.perf_counter()
            # Written in a separate process: typesetting PDFs grows this process by some 300 MB,
            # and a child forked from it would report that as its own peak RSS.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=spawn) as writer:
                made = writer.submit(write_folder, corpus, count, seed, chars, mix).result()
            print(f"\n(wrote {count:,} contracts in {time.perf_counter() - started:.1f} s)")
            if keep:
                manifest.write_text(json.dumps(made))
        prices = write_reference_prices(base / "prices.csv")
        command = [
            sys.executable, "-m", "sifasuo.contract_review.cli", "review", str(corpus),
            "--prices", str(prices), "--out", str(base / "report.xlsx"),
            "--jsonl", str(base / "results.jsonl"), "--workers", str(workers),
            "--as-of", AS_OF.isoformat(), "--quiet",
        ]  # fmt: skip
        read_seconds, read_kinds = read_only(corpus)
        # wait4 gives this child's own CPU time and peak RSS (not the largest child so far)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            child = subprocess.Popen(command, stdout=out, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(), err.read().decode()
        cpu = usage.ru_utime + usage.ru_stime
        if child.returncode != 0:
            sys.exit(f"command failed ({child.returncode}): {stderr}")
        lines = sum(1 for _ in (base / "results.jsonl").open(encoding="utf-8"))
        shares = ", ".join(f"{n:,} .{k}" for k, n in sorted(made["counts"].items()))
        print(f"\n### Command run ({label}): {count:,} contracts ({shares}), --workers {workers}\n")
        print(f"- {made['chars']:,.0f} characters per contract on average")
        print(
            f"- CPU time of the command {cpu:.1f} s: **{count / cpu:,.0f} contracts per CPU-second**"
            f" (one core); wall time {elapsed:.1f} s ({count / elapsed:,.0f}/s on this machine)"
        )
        print(
            f"- reading and decoding alone: {read_seconds:.2f} CPU s ({count / read_seconds:,.0f}/s);"
            f" the command takes {cpu / read_seconds:.0f} times as long"
        )
        if len(read_kinds) > 1:
            each = ", ".join(
                f".{kind} {seconds * 1000 / n:.2f} ms" for kind, (n, seconds) in read_kinds.items()
            )
            print(f"- reading one file, by format: {each}")
        print(f"- peak RSS of the command: {usage.ru_maxrss / 1024:.0f} MB")
        print(f"- {lines:,} JSON lines; {stdout.splitlines()[0]}")
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accuracy", type=int, default=5000, help="contracts per mix (0: skip)")
    parser.add_argument("--throughput", type=int, default=2000, help=".txt contracts (0: skip)")
    parser.add_argument("--mixed", type=int, default=2000, help="mixed folder (0: skip)")
    parser.add_argument("--chars", type=int, default=1800, help="characters per contract")
    parser.add_argument("--rss", type=int, default=0, help="also run .txt on this many")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--keep", type=Path, help="keep the generated corpus in this folder (and reuse it)"
    )
    parser.add_argument("--smoke", action="store_true", help="a small run for CI: it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.accuracy, args.throughput, args.mixed, args.rss = 100, 100, 50, 0
    print(
        f"Machine: {platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} CPUs, CPython {platform.python_version()}"
    )
    if args.accuracy:
        accuracy(args.accuracy, args.seed, clean_share=0.0)
        accuracy(args.accuracy, args.seed + 1, clean_share=0.85)
        accuracy(args.accuracy, args.seed + 2, clean_share=0.0, noise_share=1.0)
    text_only = {"txt": 1.0}
    city = {"docx": 0.55, "txt": 0.40, "pdf": 0.05}  # one city's folder, by format
    if args.throughput:
        run_command(
            "txt", args.throughput, args.seed, args.workers, args.keep, args.chars, text_only
        )
    if args.mixed:
        run_command("mixed", args.mixed, args.seed, args.workers, args.keep, args.chars, city)
    if args.rss:
        run_command("txt", args.rss, args.seed, args.workers, args.keep, args.chars, text_only)


if __name__ == "__main__":
    main()
