"""The ``oit`` command: a thin layer over the crawler, the checklist and the results database.

Exit codes: 0 all items current, 1 some item not current, 2 usage or configuration error, 3 scan failed or
incomplete (or another scan holds the database).
"""

from __future__ import annotations

import sys
import tomllib
import unicodedata
from pathlib import Path

import click

from crawler import __version__
from results.labels import RUN_STATUS_TH
from results.labels import STATUS_TH as ITEM_STATUS_TH

EXIT_OK, EXIT_NOT_CURRENT, EXIT_USAGE, EXIT_SCAN_FAILED = 0, 1, 2, 3


class UsageProblem(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


class ScanStopped(Exception):
    """The scan could not run (another scan holds the database): one line, exit code 3."""


def _fail_usage(message: str):
    raise UsageProblem(message)


# -- output -----------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowels and tone marks above/below take none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def print_summary(run: dict, db_path: Path) -> None:
    status = run["status"]
    click.echo(f"ผลการสแกน: {RUN_STATUS_TH.get(status, status)} ({status})"
               + (f" — {run['status_reason']}" if run.get("status_reason") else ""))
    click.echo(f"หน้าเว็บ {run['pages']} · เอกสาร {run['documents']} · ลิงก์เสีย {run['dead_links']} · "
               f"ข้าม {run['skipped']}  (pages {run['pages']}, documents {run['documents']}, "
               f"dead links {run['dead_links']}, skipped {run['skipped']})")
    click.echo(f"ฐานข้อมูล (database): {db_path.resolve()}  run {run['id']}")


def print_verdicts(verdicts, fiscal_year: int, checklist_id: str) -> None:
    click.echo(f"\nผลการประเมินรายข้อ {checklist_id} ปีงบประมาณ {fiscal_year} (items, fiscal year {fiscal_year})")
    width = max(display_width(f"{ITEM_STATUS_TH[s]} ({s})") for s in ITEM_STATUS_TH)
    for v in verdicts:
        click.echo(f"  {v.item.code:<4} {pad(f'{ITEM_STATUS_TH[v.status]} ({v.status})', width)}  {v.reason}")
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in ITEM_STATUS_TH}
    click.echo("  รวม: " + " · ".join(f"{ITEM_STATUS_TH[s]} {n}" for s, n in counts.items())
               + "  (" + ", ".join(f"{s} {n}" for s, n in counts.items()) + ")")


def exit_code_for(run: dict, statuses: list[str] | None = None) -> int:
    """3 for a failed or incomplete scan (it wins: a partial scan must not raise a "missing" alarm),
    1 when some item is not current, else 0."""
    if run["status"] != "complete":
        return EXIT_SCAN_FAILED
    if statuses and any(s != "current" for s in statuses):
        return EXIT_NOT_CURRENT
    return EXIT_OK


# -- input ------------------------------------------------------------------------------------------


def _fiscal_year(value: int | None) -> int | None:
    if value is None:
        return None
    if 1900 <= value <= 2200:
        _fail_usage(f"--fiscal-year is a Buddhist Era year: did you mean {value + 543}? (พ.ศ. = ค.ศ. + 543)")
    if not 2500 <= value <= 2700:
        _fail_usage(f"--fiscal-year {value}: expected a Buddhist Era year such as 2568")
    return value


def _validate_url(url: str | None) -> str:
    from crawler.spiders.site import validate_start_url

    if not url:
        _fail_usage("no site to scan: give its URL (oit scan https://www.example.go.th/) or `url` in --config")
    try:
        return validate_start_url(url)
    except ValueError as exc:
        _fail_usage(str(exc))


def _checklist(checklist_id: str | None):
    from checklist.checklists import DEFAULT_CHECKLIST, ChecklistError, load

    try:
        return load(checklist_id or DEFAULT_CHECKLIST)
    except ChecklistError as exc:
        _fail_usage(str(exc))


def _open_existing(db_path: str):
    from results.db import DatabaseError, open_db

    if not Path(db_path).exists():
        _fail_usage(f"--db {db_path}: no such database (run `oit scan` first)")
    try:
        return open_db(db_path)
    except DatabaseError as exc:
        _fail_usage(str(exc))


def _run_id(db, run: int | None) -> int:
    if run is None:
        row = db.execute("SELECT max(id) FROM runs").fetchone()
        if row[0] is None:
            _fail_usage("the database holds no runs yet (run `oit scan` first)")
        return row[0]
    if not db.execute("SELECT 1 FROM runs WHERE id = ?", [run]).fetchone():
        _fail_usage(f"--run {run}: no such run (see `oit runs`)")
    return run


def _load_config(ctx: click.Context, param, value):
    """--config FILE: option defaults from a TOML file ([scan] table or top level), for cron jobs."""
    if not value:
        return value
    try:
        data = tomllib.loads(Path(value).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise click.BadParameter(f"cannot read {value}: {exc}") from None
    section = data.get(ctx.command.name, data)
    # keys are the options' long names ("db", "max-pages" or "max_pages", "set"), or "url"
    names = {}
    for p in ctx.command.params:
        for opt in [p.name, *getattr(p, "opts", [])]:
            names[opt.lstrip("-").replace("-", "_")] = p.name
    values, unknown = {}, []
    for key, setting in section.items():
        if isinstance(setting, dict):
            continue  # another command's table
        name = names.get(key.replace("-", "_"))
        if name is None:
            unknown.append(key)
        else:
            values[name] = setting
    if unknown:
        raise click.BadParameter(f"{value}: unknown keys {', '.join(sorted(unknown))}")
    ctx.default_map = {**(ctx.default_map or {}), **values}
    return value


def _scrapy_overrides(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            _fail_usage(f"-s expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


# -- commands ---------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="oit-crawler")
def cli():
    """oit — ตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) บนเว็บไซต์หน่วยงานภาครัฐ

    Checks a Thai government website for the ITA/OIT transparency disclosures.
    """


def db_option(func):
    return click.option("--db", "db_path", default="oit.db", show_default=True, type=click.Path(dir_okay=False),
                        help="SQLite database file that keeps every run.")(func)


def scan_options(func):
    options = [
        click.option("--config", type=click.Path(dir_okay=False), callback=_load_config, is_eager=True,
                     expose_value=False, help="TOML file with defaults for these options (keys as below)."),
        db_option,
        click.option("--fiscal-year", type=int,
                     help="Thai fiscal year to assess, Buddhist Era (default: the checklist's year)."),
        click.option("--checklist", metavar="ID",
                     help="Checklist to judge by: ITA-2568 (default) or ITA-2569 (see `oit checklist`)."),
        click.option("--max-pages", type=click.IntRange(min=1),
                     help="Stop after this many HTML pages (the run is then incomplete). Default 5000."),
        click.option("--depth-limit", type=click.IntRange(min=0), help="Maximum link depth (0 = no limit)."),
        click.option("--allow-host", multiple=True, metavar="HOST",
                     help="Another host name that belongs to the agency (repeatable)."),
        click.option("--concurrency", type=click.IntRange(1, 16), help="Parallel requests to the site. Default 4."),
        click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests. Default 0.25."),
        click.option("--timeout", type=click.FloatRange(min=1), help="Seconds to wait for a response. Default 30."),
        click.option("--max-document-mb", type=click.FloatRange(min=0.1),
                     help="Skip (and record) documents larger than this. Default 50."),
        click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (only for your own agency's site)."),
        click.option("--full", is_flag=True,
                     help="A cold scan: no HTTP cache revalidation, every document read again."),
        click.option("--resume", is_flag=True,
                     help="Carry on from the site's last run if it was cut short (killed, interrupted)."),
        click.option("--report-dir", type=click.Path(file_okay=False),
                     help="Where to write the HTML report of each run. Default: reports/ beside the database."),
        click.option("--notify", multiple=True, metavar="URL",
                     help="Alert target (apprise URL: mailto://, line://, tgram://, json:// …); may name an "
                          "environment variable, e.g. '$OIT_LINE_URL'. Repeatable."),
        click.option("--notify-always", is_flag=True, help="Send a summary after every scan, not only when worse."),
        click.option("-s", "--set", "scrapy_settings", multiple=True, metavar="NAME=VALUE",
                     help="Any Scrapy or OIT_* setting, e.g. -s OIT_MAX_CALENDAR_PAGES=12."),
        click.option("-q", "--quiet", is_flag=True, help="No progress lines."),
        click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug)."),
        click.option("--log-file", type=click.Path(dir_okay=False), help="Write the crawl log to this file."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _overrides(opts: dict) -> dict:
    o = _scrapy_overrides(tuple(opts["scrapy_settings"]))
    for option, setting in (("max_pages", "OIT_MAX_PAGES"), ("depth_limit", "OIT_DEPTH_LIMIT"),
                            ("delay", "DOWNLOAD_DELAY"), ("timeout", "DOWNLOAD_TIMEOUT")):
        if opts[option] is not None:
            o[setting] = opts[option]
    if opts["allow_host"]:
        o["OIT_ALLOW_HOSTS"] = list(opts["allow_host"])
    if opts["concurrency"]:
        o["CONCURRENT_REQUESTS_PER_DOMAIN"] = opts["concurrency"]
        o["CONCURRENT_REQUESTS"] = max(opts["concurrency"], 8)
    if opts["max_document_mb"]:
        o["DOWNLOAD_MAXSIZE"] = int(opts["max_document_mb"] * 1024 * 1024)
    if opts["ignore_robots"]:
        o["ROBOTSTXT_OBEY"] = False
    if opts["full"]:
        o["HTTPCACHE_ENABLED"] = False
        o["OIT_REUSE_TEXT"] = False
    if not opts["quiet"]:
        o.setdefault("OIT_PROGRESS_INTERVAL", 5)
    return o


def _scan(url: str, opts: dict, extra: dict | None = None) -> int:
    """Crawl, judge every item, write the report, alert; print it all; return the exit code."""
    from crawler.runner import ScanError, database_lock, judge_and_report, run_crawl
    from results.db import DatabaseError, check_path

    db_path = Path(opts["db_path"])
    try:
        check_path(db_path)
    except DatabaseError as exc:
        _fail_usage(str(exc))
    checklist = _checklist(opts["checklist"])
    fiscal_year = _fiscal_year(opts["fiscal_year"]) or checklist.fiscal_year
    report_dir = Path(opts["report_dir"]) if opts["report_dir"] else db_path.resolve().parent / "reports"
    overrides = {**(extra or {}), **_overrides(opts)}
    log_level = {0: "WARNING", 1: "INFO"}.get(opts["verbose"], "DEBUG")
    try:
        with database_lock(db_path):
            run = run_crawl(url, db_path, overrides, fiscal_year=fiscal_year, checklist=checklist.id,
                            log_level=log_level, log_file=opts["log_file"], resume=opts["resume"])
            print_summary(run, db_path)
            outcome = judge_and_report(db_path, run, checklist_id=checklist.id, fiscal_year=fiscal_year,
                                       report_dir=report_dir, notify=list(opts["notify"]),
                                       notify_always=opts["notify_always"])
    except ScanError as exc:
        if "another scan" in str(exc):
            raise ScanStopped(str(exc)) from None
        _fail_usage(str(exc))
    if run["status"] != "failed":
        print_verdicts(outcome.verdicts, outcome.fiscal_year, outcome.checklist_id)
    if outcome.report_path:
        click.echo(f"รายงาน (report): {outcome.report_path.resolve()}")
    if outcome.alert is not None:
        click.echo(f"แจ้งเตือน (alert) ส่งแล้ว: {outcome.alert.title}")
    return exit_code_for(run, [v.status for v in outcome.verdicts])


@cli.command()
@click.argument("url", required=False)
@scan_options
def scan(url, **opts):
    """Crawl a site, judge every OIT item, write the report and alert when something got worse.

    URL is the agency's home page, e.g. https://www.yasothon.go.th/
    """
    sys.exit(_scan(_validate_url(url), opts))


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8568, show_default=True,
              help="Port for the sample site on 127.0.0.1 (0 = any free port).")
@scan_options
def demo(port, **opts):
    """Serve the bundled sample provincial site on 127.0.0.1 and scan it (no internet needed)."""
    from crawler.sample_site import start_sample_site

    if opts["db_path"] == "oit.db":
        opts["db_path"] = "oit-demo.db"  # keep demo runs out of the real history
    try:
        site = start_sample_site(port=port)
    except OSError:
        site = start_sample_site(port=0)  # the usual port is taken; any port will do
    click.echo(f"เว็บไซต์ตัวอย่าง (sample site): {site.url}")
    # A local server needs no politeness delays; everything else runs as in a real scan.
    fast = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
    try:
        code = _scan(site.url, opts, extra=fast)
    finally:
        site.stop()
    sys.exit(code)


@cli.command("checklist")
@click.option("--checklist", "checklist_id", metavar="ID", help="ITA-2568 (default) or ITA-2569.")
def checklist_cmd(checklist_id):
    """Print the items of a checklist: code, sub-indicator, time rule, title."""
    from checklist.checklists import TIME_RULE_TH, available

    cl = _checklist(checklist_id)
    click.echo(f"{cl.id}: {cl.title}")
    click.echo(f"ปีงบประมาณ (fiscal year) {cl.fiscal_year} · {len(cl.items)} ข้อ · มีให้เลือก: {', '.join(available())}")
    group = None
    for item in cl.items:
        if item.group != group:
            group = item.group
            click.echo(f"\n{item.group_key} {item.group}")
        click.echo(f"  {item.code:<4} {pad(item.time_rule, 8)} {item.title}")
    click.echo("\nเกณฑ์เวลา (time rules): " + "; ".join(f"{k} = {v}" for k, v in TIME_RULE_TH.items()))


@cli.command()
@db_option
@click.option("--run", "run_id", type=int, help="Run id (default: the latest run).")
@click.option("--checklist", "checklist_id", metavar="ID", help="Judge by another checklist (ITA-2569 ...).")
@click.option("--fiscal-year", type=int, help="Fiscal year to judge, Buddhist Era.")
def assess(db_path, run_id, checklist_id, fiscal_year):
    """Judge a stored crawl again, without crawling (e.g. after pin/reject, or with another checklist)."""
    from checklist.assess import assess_run

    db = _open_existing(db_path)
    run = db["runs"].get(_run_id(db, run_id))
    if checklist_id:
        _checklist(checklist_id)
    checklist, fy, verdicts = assess_run(db, run["id"], checklist_id, _fiscal_year(fiscal_year))
    db.conn.close()
    print_verdicts(verdicts, fy, checklist.id)
    sys.exit(exit_code_for(run, [v.status for v in verdicts]))


REPORT_FORMATS = ("html", "md", "csv", "json", "itas")


@cli.command()
@db_option
@click.option("--run", "run_id", type=int, help="Run id (default: the latest run).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="html", show_default=True,
              help="html for staff, md for e-mail/chat, csv for Excel, json (schema oit-report/1), "
                   "itas: what to copy into the ITAS form (CSV, or XLSX when -o ends in .xlsx).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--history", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Runs shown in the HTML report's history strips.")
def report(db_path, run_id, fmt, output, history):
    """The disclosure report of a run."""
    import json

    from checklist.assess import assess_run
    from results.render import render_report
    from results.report_json import build_report

    db = _open_existing(db_path)
    run_id = _run_id(db, run_id)
    if not db.execute("SELECT 1 FROM item_results WHERE run_id = ?", [run_id]).fetchone():
        assess_run(db, run_id)  # a run recorded before it was ever judged
    if fmt == "json":
        data = (json.dumps(build_report(db, run_id), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = render_report(db, run_id, fmt, history=history, output_name=output)
    db.conn.close()
    if output:
        Path(output).write_bytes(data)
        click.echo(f"รายงาน (report): {Path(output).resolve()}")
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@db_option
@click.argument("query")
@click.option("--run", "run_id", type=int, help="Search this run (default: the latest run of each site).")
@click.option("--pages", is_flag=True, help="Search the web pages' text too.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def search(db_path, query, run_id, pages, limit):
    """Full-text search over the documents' text (Thai works: any 3 or more characters)."""
    from crawler.urls import display_url
    from results.search import SearchError
    from results.search import search as run_search

    db = _open_existing(db_path)
    if run_id is not None:
        _run_id(db, run_id)
    try:
        hits = run_search(db, query, run_id=run_id, pages=pages, limit=limit)
    except SearchError as exc:
        _fail_usage(str(exc))
    db.conn.close()
    click.echo(f"พบ {len(hits)} รายการ (matches) สำหรับ “{query}”")
    for hit in hits:
        title = f" — {hit['title']}" if hit["title"] else ""
        click.echo(f"\n[{hit['kind']}] {display_url(hit['url'])}{title}")
        click.echo("  " + " ".join((hit["snippet"] or "").split()))


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
def runs(db_path, limit):
    """The run history: id, site, start, duration, status, counts."""
    from results.history import duration_seconds, list_runs

    db = _open_existing(db_path)
    rows = list_runs(db, limit)
    db.conn.close()
    click.echo(f"{'run':>4}  {'site':<28} {'started (UTC)':<20} {'time':>6}  {pad('status', 10)} "
               f"{'pages':>6} {'docs':>5} {'dead':>5} {'current':>8}")
    for r in rows:
        secs = duration_seconds(r)
        took = f"{secs / 60:.1f}m" if secs is not None else "-"
        current = f"{r['items_current']}/{r['items_total']}" if r["items_total"] else "-"
        click.echo(f"{r['id']:>4}  {r['site'][:28]:<28} {r['started_at'][:19].replace('T', ' '):<20} {took:>6}  "
                   f"{pad(r['status'], 10)} {r['pages']:>6} {r['documents']:>5} {r['dead_links']:>5} {current:>8}")


@cli.command()
@db_option
@click.argument("run_a", type=int, required=False)
@click.argument("run_b", type=int, required=False)
def diff(db_path, run_a, run_b):
    """What changed between two runs, per item (default: the last two complete runs of the same site)."""
    from crawler.urls import display_url
    from results.history import diff_runs, last_two_complete_runs

    db = _open_existing(db_path)
    if run_a is None or run_b is None:
        pair = last_two_complete_runs(db)
        if pair is None:
            _fail_usage("need two complete runs of the same site to compare (or give RUN_A RUN_B)")
        run_a, run_b = pair[0]["id"], pair[1]["id"]
    else:
        _run_id(db, run_a), _run_id(db, run_b)
    changes = [c for c in diff_runs(db, run_a, run_b) if c.changed]
    db.conn.close()
    click.echo(f"เปรียบเทียบ run {run_a} → run {run_b} (changes): {len(changes)} ข้อเปลี่ยน")
    for c in changes:
        status = (f"{ITEM_STATUS_TH.get(c.status_a, '-')} → {ITEM_STATUS_TH.get(c.status_b, '-')}"
                  if c.status_a != c.status_b else ITEM_STATUS_TH.get(c.status_b, "-"))
        mark = " ⚠ แย่ลง (worse)" if c.worse else ""
        click.echo(f"  {c.code:<4} {status}{mark}")
        if c.url_a != c.url_b:
            click.echo(f"       หลักฐาน (best URL): {display_url(c.url_a or '-')} → {display_url(c.url_b or '-')}")
        if c.year_a != c.year_b:
            click.echo(f"       ปี (year): {c.year_a or '-'} → {c.year_b or '-'}")
        for url in c.documents_added:
            click.echo(f"       + {display_url(url)}")
        for url in c.documents_removed:
            click.echo(f"       - {display_url(url)}")


def _decision_command(action: str, undo: bool):
    verb = {("pin", False): "pin", ("pin", True): "unpin", ("reject", False): "reject",
            ("reject", True): "unreject"}[(action, undo)]
    help_text = {
        "pin": "Make URL the evidence of ITEM for this site: always checked, ranked first, judged on it.",
        "unpin": "Remove a pin.",
        "reject": "Never use URL as evidence of ITEM for this site.",
        "unreject": "Remove a rejection.",
    }[verb]

    @cli.command(verb, help=help_text + " Applies to the next `oit scan` and to `oit assess` now.")
    @db_option
    @click.option("--site", help="Site the decision is for (default: the site of the latest run).")
    @click.option("--note", help="Why (shown in the report).")
    @click.argument("item")
    @click.argument("url")
    def command(db_path, site, note, item, url):
        from results.decisions import remove_decision, set_decision
        from results.runs import site_key

        code = item.strip().upper()
        if not code.startswith("O") or not code[1:].isdigit():
            _fail_usage(f"{item!r}: expected an item code such as O12")
        if not url.lower().startswith(("http://", "https://")):
            _fail_usage(f"{url!r}: expected an http(s) URL")
        db = _open_existing(db_path)
        site = site_key(site) if site else db["runs"].get(_run_id(db, None))["site"]
        if undo:
            if not remove_decision(db, site, code, url, action):
                _fail_usage(f"no {action} of {url} for {code} on {site}")
            click.echo(f"ยกเลิกแล้ว (removed): {action} {code} {url} [{site}]")
        else:
            stored = set_decision(db, site, code, url, action, note)
            click.echo(f"บันทึกแล้ว (saved): {action} {code} {stored} [{site}] — run `oit assess` to apply now")
        db.conn.close()

    return command


for _action in ("pin", "reject"):
    for _undo in (False, True):
        _decision_command(_action, _undo)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="oit", standalone_mode=False)
    except UsageProblem as exc:
        click.echo(f"oit: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except ScanStopped as exc:
        click.echo(f"oit: {exc}", err=True)
        sys.exit(EXIT_SCAN_FAILED)
    except click.exceptions.UsageError as exc:
        hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
        click.echo(f"oit: error: {exc.format_message()}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("oit: aborted", err=True)
        sys.exit(EXIT_SCAN_FAILED)
    except click.exceptions.ClickException as exc:
        click.echo(f"oit: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except Exception:  # noqa: BLE001 - a bug: keep the traceback, but never exit 1 ("items not current")
        import traceback

        traceback.print_exc()
        click.echo("oit: internal error (see the traceback above); nothing was judged", err=True)
        sys.exit(EXIT_SCAN_FAILED)


if __name__ == "__main__":
    main()
