"""The HTTP cache as a nightly checker needs it: always ask the server, never paper over its failures.

Scrapy's RFC 2616 policy serves a response from the cache without asking while it is "fresh" (for a page
last modified a year ago, for weeks), keeps the cached copy when the server answers 5xx, and its middleware
answers from the cache when the site cannot be reached at all. Each would hide exactly what the nightly
scan exists to report — a removed document, a broken server, a site that is down. What remains is the
saving: an unchanged page or document costs a 304 instead of its body.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy


class RevalidatePolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        self._set_conditional_validators(request, cachedresponse)  # If-None-Match / If-Modified-Since
        return False

    def is_cached_response_valid(self, cachedresponse, response, request) -> bool:
        return response.status == 304


class NoStaleOnErrorCacheMiddleware(HttpCacheMiddleware):
    def process_exception(self, request, exception, spider=None):
        request.meta.pop("cached_response", None)
        return None
