"""Time to render the 办理单 PDF (intake handling sheet) against the length of its 事项简述.

    python benchmarks/pdf_length_bench.py            # 1,000 / 2,000 / 4,000 / 16,000 / 32,000
    python benchmarks/pdf_length_bench.py --smoke    # 1,000 and 4,000 only (CI)
    python benchmarks/pdf_length_bench.py --auto-layout 1000 2000 4000   # the old table layout

Renders the real template through WeasyPrint with a matter built in memory (no database), one
unbroken Chinese paragraph of the given length. `--auto-layout` strips the template's fixed table
layout to show the cost it removed. Times are CPU seconds of this process (wall seconds beside them
vary with the machine's load). Exits 1 if a render is not linear enough: more than 1 CPU second
per 1,000 characters on top of the first size's time.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from io import BytesIO
from types import SimpleNamespace

_TEXT = "邻居建房占用通道，多次协商未果，请求司法所组织调解。"


def _matter(length: int) -> SimpleNamespace:
    return SimpleNamespace(
        tracking_code="2606150ABCDE",
        unit=SimpleNamespace(name="秦楼司法所"),
        get_channel_display=lambda: "窗口来访",
        received_on=None,
        get_matter_type_display=lambda: "纠纷调解",
        counterpart_names="赵六",
        amount=None,
        narrative=(_TEXT * (length // len(_TEXT) + 1))[:length],
        handler=None,
        due_on=None,
        get_state_display=lambda: "已登记",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lengths", nargs="*", type=int)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--auto-layout", action="store_true")
    args = parser.parse_args()
    lengths = args.lengths or ([1000, 4000] if args.smoke else [1000, 2000, 4000, 16000, 32000])

    os.environ.setdefault("SIFASUO_DATA_DIR", tempfile.mkdtemp(prefix="sifasuo-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()
    from django.template import engines
    from pypdf import PdfReader

    from sifasuo.intake import documents

    if args.auto_layout:
        source = engines["django"].engine.get_template("intake/handling_sheet.html").source
        template = engines["django"].from_string(source.replace(" table-layout: fixed;", ""))
        documents.render_to_string = lambda name, context: template.render(context)

    print(
        f"CPython {platform.python_version()}, {platform.machine()}, layout: "
        f"{'automatic (old)' if args.auto_layout else 'fixed'}"
    )
    requesters = [SimpleNamespace(name="王建国")]
    documents.handling_sheet_pdf(_matter(10), requesters, [])  # fonts load once, outside timing
    print("| characters | CPU seconds | wall seconds | PDF pages |")
    print("|---:|---:|---:|---:|")
    timings = []
    for length in lengths:
        cpu, wall = time.process_time(), time.perf_counter()
        pdf = documents.handling_sheet_pdf(_matter(length), requesters, [])
        seconds = time.process_time() - cpu
        timings.append((length, seconds))
        pages = len(PdfReader(BytesIO(pdf)).pages)
        print(
            f"| {length:,} | {seconds:.2f} | {time.perf_counter() - wall:.2f} | {pages} |",
            flush=True,
        )
    first_length, first_time = timings[0]
    worst = max(
        (s - first_time) / max(n - first_length, 1) * 1000 for n, s in timings[1:] or timings
    )
    if not args.auto_layout and worst > 1:
        print(f"too slow: {worst:.2f} CPU s per 1,000 further characters", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
