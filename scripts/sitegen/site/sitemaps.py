"""A sitemap (sitemaps.org) of a folder's files: what Material's theme fetches beside
every ``rel=alternate`` link (the feeds', the oEmbed files'), and what crawlers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape


def sitemap(entries: Iterable[tuple[str, dt.date | None]]) -> bytes:
    """``entries``: each file's address and, when known, the day it last changed."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, day in entries:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
