"""oit-crawler: the Scrapy project that walks an agency's website."""

__version__ = "0.1.0"
