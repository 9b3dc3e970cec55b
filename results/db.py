"""Opening, validating and migrating the results database.

One SQLite file holds every run of every site. Its schema version lives in ``PRAGMA user_version``; the
numbered files in ``results/migrations/`` bring an older file up to date in place, so nightly users keep
their history across upgrades.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """The database cannot be used; the message is meant for the person running the tool."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files("results.migrations").iterdir():
        m = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, m in enumerate(found, start=1):
        if m.version != expected:
            raise RuntimeError(f"migration numbers must be consecutive: missing {expected:04d}")
    return found


def latest_version() -> int:
    return migrations()[-1].version


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_path(path: str | os.PathLike) -> Path:
    """Fail early, with one clear line, on a path that cannot hold our database."""
    p = Path(path)
    if p.is_dir():
        raise DatabaseError(f"--db {p}: is a directory, not a database file")
    if p.exists():
        if p.stat().st_size > 0:
            with open(p, "rb") as fh:
                if fh.read(16) != SQLITE_HEADER:
                    raise DatabaseError(f"--db {p}: not an SQLite database (refusing to overwrite it)")
        if not os.access(p, os.W_OK):
            raise DatabaseError(f"--db {p}: file is not writable")
    else:
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.exists():
            raise DatabaseError(f"--db {p}: directory {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise DatabaseError(f"--db {p}: cannot create a file in {parent} (permission denied)")
    return p


def connect(path: str | os.PathLike, *, check_same_thread: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=check_same_thread)
    # WAL lets staff read reports while a scan writes; NORMAL sync is durable at each checkpoint and
    # survives a killed process (only a power loss can drop the last transactions).
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def migrate(conn: sqlite3.Connection, path: str | os.PathLike | None = None) -> int:
    """Bring the database to the latest schema. Returns the version it was at before."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    target = latest_version()
    if current > target:
        raise DatabaseError(
            f"database schema version {current} is newer than this oit-crawler understands ({target}); "
            "upgrade oit-crawler"
        )
    if current == target:
        return current
    if current > 0 and path is not None and Path(path).exists():
        _backup(conn, Path(path), current)
    for m in migrations():
        if m.version <= current:
            continue
        # executescript commits first; wrapping the script makes each migration all-or-nothing.
        try:
            conn.executescript(f"BEGIN;\n{m.sql}\nPRAGMA user_version = {m.version};\nCOMMIT;")
        except sqlite3.Error as exc:
            conn.rollback()
            raise DatabaseError(f"migration {m.version:04d}_{m.name} failed: {exc}") from exc
    return current


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    backup_path = path.with_name(f"{path.name}.v{version}.bak")
    if backup_path.exists():
        return
    dest = sqlite3.connect(str(backup_path))
    try:
        conn.backup(dest)
    finally:
        dest.close()


def open_db(path: str | os.PathLike, *, check_same_thread: bool = True) -> sqlite_utils.Database:
    """Validate, connect, migrate and recover runs left behind by a crashed scan."""
    p = check_path(path)
    try:
        conn = connect(p, check_same_thread=check_same_thread)
        migrate(conn, p)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"--db {p}: {exc}") from exc
    db = sqlite_utils.Database(conn)
    recover_stale_runs(db)
    return db


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_stale_runs(db: sqlite_utils.Database) -> list[int]:
    """Mark runs whose process died without finishing (SIGKILL, power loss) as incomplete."""
    here = socket.gethostname()
    stale = []
    for row in db.query("SELECT id, pid, hostname FROM runs WHERE status = 'running'"):
        if row["hostname"] == here and row["pid"] and not _pid_alive(row["pid"]):
            stale.append(row["id"])
    with db.conn:
        for run_id in stale:
            # what it managed to record before it died, so the run history is honest about it
            counts = {t: db.conn.execute(f"SELECT count(*) FROM {t} WHERE run_id = ?", (run_id,)).fetchone()[0]
                      for t in ("pages", "documents", "links", "dead_links", "skipped")}
            db.conn.execute(
                "UPDATE runs SET status = 'incomplete', status_reason = ?, finished_at = COALESCE(finished_at, ?),"
                " pages = ?, documents = ?, links = ?, dead_links = ?, skipped = ? WHERE id = ?",
                ("interrupted: the scan process ended without finishing", utcnow(), counts["pages"],
                 counts["documents"], counts["links"], counts["dead_links"], counts["skipped"], run_id),
            )
    return stale
