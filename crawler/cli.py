"""The ``oit`` command: a thin layer over the crawler, the checklist and the results database.

Exit codes: 0 all items current (until the checklist exists: a complete scan), 1 some item not current,
2 usage or configuration error, 3 scan failed or incomplete.
"""

from __future__ import annotations

import logging
import sys
import unicodedata
from pathlib import Path

import click

from crawler import __version__

EXIT_OK, EXIT_NOT_CURRENT, EXIT_USAGE, EXIT_SCAN_FAILED = 0, 1, 2, 3
DEFAULT_SITE = "https://www.yasothon.go.th/"

STATUS_TH = {"complete": "สมบูรณ์", "incomplete": "ไม่สมบูรณ์", "failed": "ล้มเหลว", "running": "ยังทำงานอยู่"}


class _NoTraceback(logging.Filter):
    """Scrapy logs a full traceback when robots.txt cannot be fetched from a site that is down; the run's
    status already says why, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class UsageProblem(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _fail_usage(message: str) -> None:
    raise UsageProblem(message)


def _scrapy_overrides(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            _fail_usage(f"-s expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def run_crawl(start_url: str, db_path: Path, overrides: dict, *, fiscal_year: int | None,
              checklist: str | None, log_level: str = "WARNING", log_file: str | None = None) -> dict:
    """Run one crawl in this process and return its run row. The run row is created before Scrapy
    starts, so even a crawl that cannot start leaves a `failed` run behind rather than nothing."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.spiders.site import SiteSpider
    from results.db import DatabaseError, open_db
    from results.runs import FAILED, RUNNING, create_run

    try:
        db = open_db(db_path)
    except DatabaseError as exc:
        _fail_usage(str(exc))
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    recorded = {k: v for k, v in overrides.items() if not k.startswith("LOG")}
    run_id = create_run(db, start_url=start_url, fiscal_year=fiscal_year, checklist=checklist,
                        settings=recorded, tool_version=__version__)
    db.conn.close()
    settings.set("OIT_DB", str(db_path), priority="cmdline")
    settings.set("OIT_RUN_ID", run_id, priority="cmdline")
    settings.set("OIT_FISCAL_YEAR", fiscal_year, priority="cmdline")
    settings.set("OIT_CHECKLIST", checklist, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    process = CrawlerProcess(settings)
    if log_level != "DEBUG":
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTraceback())
    process.crawl(SiteSpider, url=start_url)
    process.start()

    db = open_db(db_path)
    run = db["runs"].get(run_id)
    if run["status"] == RUNNING:
        # Scrapy stopped without our pipeline closing the run (a startup error, a forced second Ctrl-C).
        db["runs"].update(run_id, {"status": FAILED,
                                   "status_reason": "the crawl stopped before it could record its result"})
        db.conn.commit()
        run = db["runs"].get(run_id)
    db.conn.close()
    return run


def print_summary(run: dict, db_path: Path) -> None:
    status = run["status"]
    click.echo(
        f"ผลการสแกน: {STATUS_TH.get(status, status)} ({status})"
        + (f" — {run['status_reason']}" if run.get("status_reason") else "")
    )
    click.echo(
        f"หน้าเว็บ {run['pages']} · เอกสาร {run['documents']} · ลิงก์เสีย {run['dead_links']} · "
        f"ข้าม {run['skipped']}  (pages {run['pages']}, documents {run['documents']}, "
        f"dead links {run['dead_links']}, skipped {run['skipped']})"
    )
    click.echo(f"ฐานข้อมูล (database): {db_path.resolve()}  run {run['id']}")


def exit_code_for(run: dict, statuses: list[str] | None = None) -> int:
    """3 for a failed or incomplete scan (it wins: a partial scan must not raise a "missing" alarm),
    1 when some item is not current, else 0."""
    if run["status"] != "complete":
        return EXIT_SCAN_FAILED
    if statuses and any(s != "current" for s in statuses):
        return EXIT_NOT_CURRENT
    return EXIT_OK


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowels and tone marks above/below take none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def print_verdicts(verdicts, fiscal_year: int, checklist_id: str) -> None:
    from checklist.verdict import STATUS_TH

    click.echo(f"\nผลการประเมินรายข้อ {checklist_id} ปีงบประมาณ {fiscal_year} (items, fiscal year {fiscal_year})")
    width = max(display_width(f"{STATUS_TH[s]} ({s})") for s in STATUS_TH)
    for v in verdicts:
        status = pad(f"{STATUS_TH[v.status]} ({v.status})", width)
        click.echo(f"  {v.item.code:<4} {status}  {v.reason}")
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in STATUS_TH}
    click.echo("  รวม: " + " · ".join(f"{STATUS_TH[s]} {n}" for s, n in counts.items())
               + "  (" + ", ".join(f"{s} {n}" for s, n in counts.items()) + ")")


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
        _fail_usage(f"--run {run}: no such run (see the runs table)")
    return run


def assess_and_print(db_path: Path, run: dict, checklist_id: str | None = None,
                     fiscal_year: int | None = None, quiet_if_failed: bool = True) -> list[str]:
    from checklist.assess import assess_run
    from results.db import open_db

    db = open_db(db_path)
    try:
        checklist, fy, verdicts = assess_run(db, run["id"], checklist_id, fiscal_year)
    finally:
        db.conn.close()
    if not (quiet_if_failed and run["status"] == "failed"):
        print_verdicts(verdicts, fy, checklist.id)
    return [v.status for v in verdicts]


def _fiscal_year(value: int | None) -> int | None:
    if value is None:
        return None
    if 1900 <= value <= 2200:
        _fail_usage(f"--fiscal-year is a Buddhist Era year: did you mean {value + 543}? (พ.ศ. = ค.ศ. + 543)")
    if not 2500 <= value <= 2700:
        _fail_usage(f"--fiscal-year {value}: expected a Buddhist Era year such as 2568")
    return value


def _validate_url(url: str) -> str:
    from crawler.spiders.site import validate_start_url

    try:
        return validate_start_url(url)
    except ValueError as exc:
        _fail_usage(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="oit-crawler")
def cli():
    """oit — ตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) บนเว็บไซต์หน่วยงานภาครัฐ

    Checks a Thai government website for the ITA/OIT transparency disclosures.
    """


def crawl_options(func):
    options = [
        click.option("--db", "db_path", default="oit.db", show_default=True, type=click.Path(dir_okay=False),
                     help="SQLite database file that keeps every run."),
        click.option("--fiscal-year", type=int,
                     help="Thai fiscal year to assess, Buddhist Era (default: the checklist's year)."),
        click.option("--checklist", "checklist", metavar="ID",
                     help="Checklist to judge by: ITA-2568 (default) or ITA-2569 (see `oit checklist`)."),
        click.option("--max-pages", type=click.IntRange(min=1),
                     help="Stop after this many HTML pages (the run is then incomplete). Default 5000."),
        click.option("--depth-limit", type=click.IntRange(min=0), help="Maximum link depth (0 = no limit)."),
        click.option("--allow-host", multiple=True, metavar="HOST",
                     help="Another host name that belongs to the agency (repeatable)."),
        click.option("--concurrency", type=click.IntRange(1, 16),
                     help="Parallel requests to the site. Default 4."),
        click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests. Default 0.25."),
        click.option("--timeout", type=click.FloatRange(min=1), help="Seconds to wait for a response. Default 30."),
        click.option("--max-document-mb", type=click.FloatRange(min=0.1),
                     help="Skip (and record) documents larger than this. Default 50."),
        click.option("--ignore-robots", is_flag=True,
                     help="Do not obey robots.txt (only for your own agency's site)."),
        click.option("-s", "--set", "scrapy_settings", multiple=True, metavar="NAME=VALUE",
                     help="Any Scrapy or OIT_* setting, e.g. -s OIT_MAX_CALENDAR_PAGES=12."),
        click.option("-q", "--quiet", is_flag=True, help="No progress lines."),
        click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug)."),
        click.option("--log-file", type=click.Path(dir_okay=False), help="Write the crawl log to this file."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _overrides(opts: dict, *, progress: bool) -> dict:
    o = _scrapy_overrides(opts["scrapy_settings"])
    if opts["max_pages"]:
        o["OIT_MAX_PAGES"] = opts["max_pages"]
    if opts["depth_limit"] is not None:
        o["OIT_DEPTH_LIMIT"] = opts["depth_limit"]
    if opts["allow_host"]:
        o["OIT_ALLOW_HOSTS"] = list(opts["allow_host"])
    if opts["concurrency"]:
        o["CONCURRENT_REQUESTS_PER_DOMAIN"] = opts["concurrency"]
        o["CONCURRENT_REQUESTS"] = max(opts["concurrency"], 8)
    if opts["delay"] is not None:
        o["DOWNLOAD_DELAY"] = opts["delay"]
    if opts["timeout"]:
        o["DOWNLOAD_TIMEOUT"] = opts["timeout"]
    if opts["max_document_mb"]:
        o["DOWNLOAD_MAXSIZE"] = int(opts["max_document_mb"] * 1024 * 1024)
    if opts["ignore_robots"]:
        o["ROBOTSTXT_OBEY"] = False
    if progress and not opts["quiet"]:
        o.setdefault("OIT_PROGRESS_INTERVAL", 5)
    return o


def _log_level(verbose: int) -> str:
    return {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG")


def _scan(url: str, opts: dict, extra: dict | None = None) -> int:
    """Crawl, judge every item, print both; return the exit code."""
    db_path = Path(opts["db_path"])
    checklist = _checklist(opts["checklist"])
    fiscal_year = _fiscal_year(opts["fiscal_year"]) or checklist.fiscal_year
    overrides = {**(extra or {}), **_overrides(opts, progress=True)}
    run = run_crawl(url, db_path, overrides, fiscal_year=fiscal_year, checklist=checklist.id,
                    log_level=_log_level(opts["verbose"]), log_file=opts["log_file"])
    print_summary(run, db_path)
    statuses = assess_and_print(db_path, run, checklist.id, fiscal_year)
    return exit_code_for(run, statuses)


@cli.command()
@click.argument("url")
@crawl_options
def scan(url, **opts):
    """Crawl a site and record its pages, documents and dead links.

    URL is the agency's home page, e.g. https://www.yasothon.go.th/
    """
    start_url = _validate_url(url)
    sys.exit(_scan(start_url, opts))


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8568, show_default=True,
              help="Port for the sample site on 127.0.0.1 (0 = any free port).")
@crawl_options
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
@click.option("--db", "db_path", default="oit.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("--run", "run_id", type=int, help="Run id (default: the latest run).")
@click.option("--checklist", "checklist_id", metavar="ID", help="Judge by another checklist (ITA-2569 ...).")
@click.option("--fiscal-year", type=int, help="Fiscal year to judge, Buddhist Era.")
def assess(db_path, run_id, checklist_id, fiscal_year):
    """Judge a stored crawl again, without crawling (e.g. with another checklist or year)."""
    db = _open_existing(db_path)
    run = db["runs"].get(_run_id(db, run_id))
    db.conn.close()
    if checklist_id:
        _checklist(checklist_id)
    statuses = assess_and_print(Path(db_path), run, checklist_id, _fiscal_year(fiscal_year), quiet_if_failed=False)
    sys.exit(exit_code_for(run, statuses))


@cli.command()
@click.option("--db", "db_path", default="oit.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("--run", "run_id", type=int, help="Run id (default: the latest run).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file.")
def report(db_path, run_id, fmt, output):
    """The disclosure report of a run (JSON per the oit-report/1 schema)."""
    import json

    from checklist.assess import assess_run
    from results.report_json import build_report

    db = _open_existing(db_path)
    run_id = _run_id(db, run_id)
    if not db.execute("SELECT 1 FROM item_results WHERE run_id = ?", [run_id]).fetchone():
        assess_run(db, run_id)  # a run recorded before it was ever judged
    text = json.dumps(build_report(db, run_id), ensure_ascii=False, indent=2)
    db.conn.close()
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"รายงาน (report): {Path(output).resolve()}")
    else:
        click.echo(text)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="oit", standalone_mode=False)
    except UsageProblem as exc:
        click.echo(f"oit: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
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


if __name__ == "__main__":
    main()
