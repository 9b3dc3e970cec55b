"""Offline sample of a Thai provincial website (Joomla 3, ยโสธร style) and the local server that serves it.

    from crawler.sample_site import serve_sample_site
    with serve_sample_site() as site:
        print(site.url)          # http://127.0.0.1:54321/
        ...
        site.hits["/ita"]        # requests seen per decoded path?query

``www/`` and ``routes.json`` are written by ``python -m crawler.sample_site.build``; ``expected.json`` holds the
ground truth (pages, documents, hazards, intended ITA-2568 verdicts). Route format: see ``server.py``.
"""

from __future__ import annotations

import collections
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .server import SampleSiteServer, load_routes, serve_in_thread

PACKAGE_DIR = Path(__file__).resolve().parent
SITE_DIR = PACKAGE_DIR / "www"
ROUTES_FILE = PACKAGE_DIR / "routes.json"
EXPECTED_FILE = PACKAGE_DIR / "expected.json"

__all__ = ["SITE_DIR", "ROUTES_FILE", "EXPECTED_FILE", "SampleSite", "serve_sample_site", "start_sample_site",
           "load_expected"]


@dataclass
class SampleSite:
    """A running sample-site server."""

    server: SampleSiteServer
    thread: threading.Thread
    url: str = ""
    base: str = ""
    port: int = 0
    _stopped: bool = field(default=False, repr=False)

    @property
    def hits(self) -> collections.Counter:
        return self.server.hits

    @property
    def errors(self) -> list[str]:
        """Unexpected handler exceptions (client hang-ups are not counted)."""
        return self.server.errors

    def url_for(self, path: str) -> str:
        """Absolute, percent-encoded URL for a decoded site path such as ``/2018/th/ติดต่อเรา.html``."""
        from .layout import href
        return self.base + href(path)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_sample_site(port: int = 0, routes_override: dict | None = None, *, site_dir: Path | str | None = None,
                      routes_file: Path | str | None = None) -> SampleSite:
    """Start the server in a daemon thread and return it; the caller must call ``.stop()``.

    ``routes_override`` entries replace (or, with the value None, delete) entries of routes.json.
    ``site_dir``/``routes_file`` serve another build (default: the packaged one).
    """
    routes = load_routes(routes_file or ROUTES_FILE, routes_override)
    server, thread = serve_in_thread(site_dir or SITE_DIR, routes, port)
    port = server.server_address[1]
    return SampleSite(server=server, thread=thread, url=f"{server.base}/", base=server.base, port=port)


@contextmanager
def serve_sample_site(port: int = 0, routes_override: dict | None = None, **kwargs):
    """Context manager around :func:`start_sample_site`."""
    site = start_sample_site(port, routes_override, **kwargs)
    try:
        yield site
    finally:
        site.stop()


def load_expected(path: Path | str | None = None) -> dict:
    return json.loads(Path(path or EXPECTED_FILE).read_text(encoding="utf-8"))
