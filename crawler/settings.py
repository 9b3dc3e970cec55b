"""Scrapy settings for oit-crawler: polite to government servers, safe by default.

Every OIT_* setting can be overridden with ``-s NAME=value`` on ``scrapy crawl`` or through ``oit scan``'s
options.
"""

from crawler import __version__

BOT_NAME = "oit-crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest User-Agent: agencies can see in their logs who fetched what and why.
USER_AGENT = f"oit-crawler/{__version__} (ITA/OIT disclosure self-check; obeys robots.txt)"
ROBOTSTXT_OBEY = True

# Scrapy 2.19 enables an extension that executes Python sent to a local port; the telnet console is
# similar. Neither has any use in an unattended nightly scan.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Politeness: small provincial servers share hosting with other offices.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024  # documents above this are skipped and recorded as too_large
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024
RETRY_TIMES = 2  # a 5xx or a timeout is retried twice before the link counts as dead
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # a dead link is a finding recorded in dead_links, not a tool error
REDIRECT_MAX_TIMES = 10

# Breadth-first: ITA hub pages sit a click or two from the home page, so a crawl cut short by a limit
# has still read what matters most.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DEPTH_LIMIT = 0  # depth is bounded by OIT_DEPTH_LIMIT, which records what it skips

# Conditional requests (ETag / Last-Modified): an unchanged page or document costs a 304 the next night.
# `oit scan` keeps the cache beside the database; `--full` turns it off for a cold scan.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "crawler.httpcache.RevalidatePolicy"  # see crawler/httpcache.py
HTTPCACHE_DIR = "oit-httpcache"
HTTPCACHE_GZIP = True
HTTPCACHE_IGNORE_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]  # a bad night must not be replayed

DOWNLOADER_MIDDLEWARES = {
    # Replaced: the stock one lets dont_filter requests leave the site and does not know ports.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.ScopeMiddleware": 50,
    # Before RetryMiddleware (550) sees a 429/503: wait as long as the server asked, then let it retry.
    "crawler.middlewares.RetryAfterMiddleware": 560,
    # After decompression (590), before meta-refresh parsing (580) reads the text.
    "crawler.middlewares.ThaiEncodingMiddleware": 585,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "crawler.httpcache.NoStaleOnErrorCacheMiddleware": 900,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.CrawlBoundsMiddleware": 850,
}
ITEM_PIPELINES = {
    "crawler.pipelines.DocumentTextPipeline": 100,
    "crawler.pipelines.SqlitePipeline": 900,
}
EXTENSIONS = {
    "crawler.progress.ProgressReporter": 500,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# --- oit-crawler ---------------------------------------------------------------------------------
OIT_DB = "oit.db"
OIT_RUN_ID = None  # set by `oit scan`, which creates the run row before the crawl starts
OIT_RESUME_FROM = None  # run id whose recorded pages this run starts from (`oit scan --resume`)
OIT_FISCAL_YEAR = None
OIT_CHECKLIST = None
OIT_ALLOW_HOSTS = []  # extra hosts that belong to the agency (besides the start host and its www. twin)
OIT_EXTRA_URLS = []  # fetched in every run whether linked or not (`oit scan` passes the pinned evidence)
OIT_MAX_PAGES = 5000  # HTML pages; reaching it marks the run incomplete
OIT_DEPTH_LIMIT = 0  # 0 = unlimited
OIT_MAX_LINKS_PER_PAGE = 5000
OIT_MAX_IMAGE_DOCUMENTS = 200  # pictures linked by name (announcements posted as images) read with OCR
OIT_MAX_URL_LENGTH = 2083
OIT_MAX_CALENDAR_PAGES = 24  # per calendar view (month, day ...) and query pattern
OIT_MAX_QUERY_VARIANTS = 1000  # per path and set of query parameter names
OIT_MAX_SKIPPED_RECORDS = 200  # per reason; the rest are only counted
OIT_MAX_ERROR_RATE = 0.3  # more network errors than this share of requests marks the run incomplete
OIT_MAX_RETRY_AFTER = 120  # seconds; a longer Retry-After is not waited for (the retry then counts as failed)
OIT_EXTRACT_WORKERS = 2
OIT_EXTRACT_TIMEOUT = 120  # seconds per document
OIT_PDF_MAX_PAGES = 20
OIT_OCR_PAGES = 3  # pages of a scanned PDF that are OCR'd (the first ones: title, year, signature)
OIT_OCR_DPI = 300
OIT_OCR_LANGS = "tha+eng"
OIT_REUSE_TEXT = True  # a document whose bytes an earlier run already read is not read again
OIT_MAX_TEXT_CHARS = 500_000  # stored per page or document
OIT_PROGRESS_INTERVAL = 0  # seconds between progress lines on stderr; `oit scan` sets 5
