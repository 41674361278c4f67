"""The `sifasuo` command: demo, serve, worker, audit verify, deadline, contracts…, manage."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DEMO_PASSWORD = "Demo@2026"


class _Parser(argparse.ArgumentParser):
    """Wrong arguments: one line on stderr and exit 2, no usage dump, no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _setup_django(data_dir: str | None = None) -> None:
    if data_dir:
        os.environ["SIFASUO_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    from sifasuo.core.data_folder import PRIVATE_UMASK, make_private

    os.umask(PRIVATE_UMASK)  # keys, database, its WAL and uploads: readable by this account only
    django.setup()
    from django.conf import settings

    if Path(settings.DATA_DIR).is_dir():
        make_private(Path(settings.DATA_DIR))


def _ensure_data_dir() -> Path:
    from django.conf import settings

    from sifasuo.core.data_folder import make_private

    return make_private(Path(settings.DATA_DIR))


def _warn_if_key_is_backed_up() -> None:
    """The data key must not travel with the data: say so when it lives in the data folder."""
    from django.conf import settings

    from sifasuo.core.data_folder import key_inside

    if settings.SIFASUO_DATA_KEY:
        return
    folder = key_inside(Path(settings.SIFASUO_DATA_KEY_FILE), [Path(settings.DATA_DIR)])
    if folder is not None:
        print(
            f"警告：数据密钥 {settings.SIFASUO_DATA_KEY_FILE} 位于数据目录 {folder} 中，"
            "复制该目录的备份会把密钥和加密数据放在一起。"
            "请把密钥移到数据目录以外（SIFASUO_DATA_KEY_FILE）或改用 SIFASUO_DATA_KEY，见 README。",
            file=sys.stderr,
            flush=True,
        )


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _start_worker_thread():
    """Run the background worker inside this process (a thread), for a one-machine install: an
    uploaded contract batch is reviewed without a second command. Batches a stopped worker left
    are queued again first."""
    import threading

    from django.conf import settings

    if "immediate" in settings.TASKS["default"]["BACKEND"].lower():
        return None  # tasks already run inline
    from django_tasks_db.management.commands.db_worker import Worker

    from sifasuo.contract_review.services import batch_recover_stalled

    batch_recover_stalled()
    worker = Worker(
        queue_names=["default"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"in-process-{os.getpid()}",
        excluded_queue_names=[],
    )
    threading.Thread(target=worker.run, name="sifasuo-worker", daemon=True).start()
    print("后台任务在本进程内运行（合同清理批次上传后即开始审查）。", flush=True)
    return worker


def _warn_without_chinese_font() -> None:
    from sifasuo.core.documents import chinese_font_available

    if not chinese_font_available():
        print(
            "警告：未找到中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），"
            "PDF 文书将无法生成；Word 文书不受影响。",
            file=sys.stderr,
            flush=True,
        )


def _serve(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from sifasuo.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="sifasuo")


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal, counting a Chinese character as two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def cmd_demo(args: argparse.Namespace) -> int:
    from sifasuo.core.data_folder import make_private

    data_dir = make_private(Path(args.data_dir).resolve())
    # The secret key is generated into the data folder; it must exist before settings load.
    os.environ["SIFASUO_DATA_DIR"] = str(data_dir)
    _setup_django()
    _migrate()
    from sifasuo.core.demo import load_demo

    summary = load_demo(scale=args.scale, password=DEMO_PASSWORD)
    _warn_without_chinese_font()
    url = f"http://127.0.0.1:{args.port}/"
    print(f"司法所工作平台 演示数据：{data_dir}")
    print(summary.describe())
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role, unit in summary.accounts:
        print(f"  {_pad(username, 16)} {_pad(role, 18)} {unit}")
    if args.no_serve:
        print(f"\n启动服务：sifasuo demo --data-dir {data_dir} --port {args.port}，然后访问 {url}")
        return 0
    _start_worker_thread()
    print(f"\n打开浏览器访问 {url}  （Ctrl+C 停止）", flush=True)
    _serve("127.0.0.1", args.port, threads=8)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _ensure_data_dir()
    if not args.no_migrate:
        _migrate()
    from sifasuo.core.sealed import check_key

    check_key()
    _warn_if_key_is_backed_up()
    _recompute_deadlines()
    _warn_without_chinese_font()
    if args.with_worker:
        _start_worker_thread()
    print(f"sifasuo serving on http://{args.host}:{args.port}/", flush=True)
    _serve(args.host, args.port, args.threads)
    return 0


def _recompute_deadlines() -> int:
    """Correct provisional due dates once the holiday data they lacked is there (see README)."""
    from sifasuo.core.deadline_service import recompute_provisional

    changed = recompute_provisional()
    total = sum(changed.values())
    if total:
        print(f"已按节假日数据重算 {total} 个暂定期限。", flush=True)
    return total


def cmd_recompute_deadlines(args: argparse.Namespace) -> int:
    _setup_django()
    from sifasuo.core.deadline_service import calendar

    if not _recompute_deadlines():
        print("没有需要重算的暂定期限。")
    years = calendar().known_years()
    print(f"节假日数据覆盖年份：{years[0]}–{years[-1]}")
    return 0


def cmd_rotate_data_key(args: argparse.Namespace) -> int:
    """Re-encrypt the sealed personal data under a new key (run with the server stopped)."""
    _setup_django()
    from django.conf import settings

    from sifasuo.core.actors import MAINTENANCE
    from sifasuo.core.audit import audit_record
    from sifasuo.core.sealed import check_key, reseal_all

    from_env = bool(os.environ.get("SIFASUO_DATA_KEY", "").strip())
    if from_env and not args.new_key:
        print(
            "sifasuo: error: SIFASUO_DATA_KEY is set: pass the new key with --new-key",
            file=sys.stderr,
        )
        return 2
    check_key()  # the current key must open the data before anything is rewritten
    new_key = (args.new_key or os.urandom(32).hex()).strip().lower()
    counts = reseal_all(new_key)
    audit_record(actor=MAINTENANCE, action="data_key.rotate", changes={"rows": counts})
    total = sum(counts.values())
    print(f"已用新密钥重新加密 {total} 条记录。")
    if from_env:
        print("请立即把 SIFASUO_DATA_KEY 改为新密钥，再启动服务。")
        return 0
    key_file = Path(settings.SIFASUO_DATA_KEY_FILE)
    stamp = time.strftime("%Y%m%d%H%M%S")
    kept = key_file.with_name(f"{key_file.name}.replaced-{stamp}")
    kept.write_text(key_file.read_text())
    kept.chmod(0o600)
    draft = key_file.with_name(f".{key_file.name}.new")
    draft.write_text(new_key)
    draft.chmod(0o600)
    os.replace(draft, key_file)
    print(f"新密钥已写入 {key_file}；旧密钥保存在 {kept}，用它加密的旧备份仍需它才能读取。")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    _ensure_data_dir()
    from django.core.management import call_command

    from sifasuo.contract_review.services import batch_recover_stalled

    recovered = batch_recover_stalled()
    if recovered:
        print(f"已重新排队 {len(recovered)} 个中断的合同审查批次。", flush=True)
    options: dict = {"queue_name": args.queue}
    if args.batch:
        options["batch"] = True
    call_command("db_worker", **options)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    _setup_django()
    from sifasuo.core.audit import verify_chain

    checked, problems = verify_chain()
    if problems:
        print(f"审计链校验失败：检查 {checked} 条，发现 {len(problems)} 处问题。", file=sys.stderr)
        for problem in problems[:50]:
            where = f"{problem.chain} " if problem.chain else ""
            print(f"  {where}第 {problem.seq} 条：{problem.problem}", file=sys.stderr)
        return 1
    print(f"审计链完好：{checked} 条记录。")
    return 0


def _summary_scope(args: argparse.Namespace):
    """The unit (id or exact name) and first month the reports commands were given."""
    import datetime as dt

    from sifasuo.core.models import OrgUnit

    unit = since = None
    if args.unit:
        found = OrgUnit.objects.filter(
            pk=int(args.unit) if args.unit.isdigit() else None
        ) | OrgUnit.objects.filter(name=args.unit)
        if found.count() != 1:
            raise SystemExit(f"sifasuo: error: 找不到唯一的单位“{args.unit}”（写单位编号或全称）。")
        unit = found.get()
    if args.since:
        text = args.since if len(args.since) > 7 else f"{args.since}-01"
        try:
            since = dt.date.fromisoformat(text)
        except ValueError:
            raise SystemExit("sifasuo: error: --since 的写法应为 2026-03 或 2026-03-01。") from None
    return unit, since


def cmd_reports_verify(args: argparse.Namespace) -> int:
    _setup_django()
    from sifasuo.core import summaries

    unit, since = _summary_scope(args)
    differences = summaries.verify(unit=unit, since=since)
    if differences:
        print(f"每月汇总与业务记录不一致：{len(differences)} 处。", file=sys.stderr)
        print("单位\t月份\t指标\t汇总值\t重算值", file=sys.stderr)
        for d in differences:
            print(
                f"{d.unit_name}（{d.unit_id}）\t{d.month:%Y-%m}\t{d.code}\t{d.stored}\t{d.recomputed}",
                file=sys.stderr,
            )
        print("可运行 sifasuo reports rebuild 按业务记录重建。", file=sys.stderr)
        return 1
    built = summaries.built_codes()
    missing = sorted(
        line for line, codes in summaries.line_codes().items() if not set(codes) <= built
    )
    print("每月汇总与业务记录一致。")
    if missing:
        print(f"尚未完整建立汇总的业务条线（按业务记录实时计算）：{'、'.join(missing)}。")
    return 0


def cmd_reports_rebuild(args: argparse.Namespace) -> int:
    _setup_django()
    from sifasuo.core import summaries

    unit, since = _summary_scope(args)
    started = time.perf_counter()
    cells = summaries.rebuild(unit=unit, since=since)
    print(f"已重建每月汇总：{cells} 个单位月份，用时 {time.perf_counter() - started:.1f} 秒。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from sifasuo.core.backup import BackupError, backup

    folder = Path(args.to or f"sifasuo-backup-{time.strftime('%Y%m%d-%H%M%S')}").resolve()
    try:
        done = backup(folder)
    except BackupError as exc:
        print(f"sifasuo: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"备份完成：{done.folder}（{done.files} 个文件，{done.bytes / 1e6:.1f} MB，不含数据密钥）"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    _ensure_data_dir()
    from sifasuo.core.backup import BackupError, restore

    try:
        manifest = restore(Path(args.folder).resolve())
    except BackupError as exc:
        print(f"sifasuo: error: {exc}", file=sys.stderr)
        return 1
    print(f"已恢复 {manifest['created_at']} 的备份（{len(manifest['files'])} 个文件，校验一致）。")
    from sifasuo.core.sealed import check_key

    check_key()  # the data key kept apart must open the restored personal data
    return cmd_audit(args)


def cmd_deadline(argv: list[str]) -> int:
    from sifasuo.core.deadlines.cli import main as deadline_main

    return deadline_main(argv)


def cmd_contracts(argv: list[str]) -> int:
    from sifasuo.contract_review.cli import main as contracts_main

    return contracts_main(argv)


def cmd_manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sifasuo manage", *argv])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sifasuo", description="司法所工作平台 sifasuo")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    demo = sub.add_parser("demo", help="run the demo county on an embedded database")
    demo.add_argument("--data-dir", default="./sifasuo-data")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="load the data and exit")
    demo.add_argument("--scale", type=int, default=1, help="multiply the demo county's size")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run the production web server (waitress)")
    serve.add_argument("--host", default=os.environ.get("SIFASUO_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("SIFASUO_PORT", "8000")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("SIFASUO_THREADS", "8")))
    serve.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run the background worker in this process (small one-machine installs)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background task worker")
    worker.add_argument("--queue", default="default")
    worker.add_argument("--batch", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(func=cmd_worker)

    recompute = sub.add_parser(
        "recompute-deadlines",
        help="recount provisional due dates after loading a year's holiday notice",
    )
    recompute.set_defaults(func=cmd_recompute_deadlines)

    rotate = sub.add_parser(
        "rotate-data-key", help="re-encrypt the sealed personal data under a new key"
    )
    rotate.add_argument("--new-key", default="", help="64 hex digits (default: generate one)")
    rotate.set_defaults(func=cmd_rotate_data_key)

    audit = sub.add_parser("audit", help="audit trail tools")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=_Parser)
    audit_sub.required = True
    verify = audit_sub.add_parser("verify", help="check the hash chain; exit 1 on tampering")
    verify.set_defaults(func=cmd_audit)

    reports = sub.add_parser("reports", help="per-office monthly summaries behind the reports")
    reports_sub = reports.add_subparsers(
        dest="reports_command", metavar="ACTION", parser_class=_Parser
    )
    reports_sub.required = True
    for name, func, text in (
        (
            "verify",
            cmd_reports_verify,
            "recompute the summaries from the records; list differences, exit 1 on any",
        ),
        ("rebuild", cmd_reports_rebuild, "recompute and store the summaries from the records"),
    ):
        action = reports_sub.add_parser(name, help=text)
        action.add_argument("--unit", default="", help="a unit (id or full name) and its subtree")
        action.add_argument("--since", default="", help="from this month on (2026-03)")
        action.set_defaults(func=func)

    backup = sub.add_parser("backup", help="copy the database and uploaded files, with checksums")
    backup.add_argument("--to", default="", help="an empty folder (default: ./sifasuo-backup-TIME)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="restore a backup into an empty installation")
    restore.add_argument("folder")
    restore.set_defaults(func=cmd_restore)

    # These two pass the rest of the line to their own parsers.
    sub.add_parser(
        "deadline", help="compute a statutory due date (see `sifasuo deadline -h`)", add_help=False
    )
    sub.add_parser(
        "contracts",
        help="batch review of rural collective contracts (see `sifasuo contracts -h`)",
        add_help=False,
    )
    sub.add_parser("manage", help="Django management commands", add_help=False)
    return parser


PASS_THROUGH = {"deadline": cmd_deadline, "contracts": cmd_contracts, "manage": cmd_manage}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        return PASS_THROUGH[argv[0]](argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a configuration error is a user error: one line, no traceback
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            print(f"sifasuo: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
