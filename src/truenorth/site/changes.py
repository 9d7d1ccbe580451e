"""The "What changed" page and its Atom feed: the digest (truenorth.timeline.digest) on the site, so that
people can follow the goals without a server (any feed reader polls the built file).

Pure: the digest comes in as data (PublicView.digest, set from CheckResult.digest by whoever read git);
every user text is escaped (html_text for the page, XML escaping for the feed).
"""

from __future__ import annotations

import datetime as _dt
from xml.sax.saxutils import escape as _xml

from truenorth.site.escape import front_matter, html_text, plural

CHANGES = "changes.md"
FEED = "changes.xml"
_NO_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])  # not allowed in XML 1.0


def xml_text(text: object) -> str:
    """Text for an XML element or attribute: escaped, without the characters XML 1.0 forbids."""
    cleaned = "".join(ch for ch in str(text) if ord(ch) not in _NO_XML and not 0xD800 <= ord(ch) <= 0xDFFF)
    return _xml(cleaned, {'"': "&quot;"})


def _headline(digest) -> str:
    base = f"{digest.base[:7]} of {digest.base_date.isoformat()}" if digest.base else "the first commit"
    return f"since {digest.since} ({base}), judged on {digest.today.isoformat()}"


def render(kit) -> str:
    """The "What changed" page."""
    digest = kit.view.digest
    page = CHANGES
    out = [front_matter("What changed"), "# What changed", "",
           f'<p class="tn-changes-intro">What changed in the goals {html_text(_headline(digest))}. '
           f'Follow it in a feed reader: <a href="{"../" if kit.directory_urls else ""}{FEED}">changes.xml</a> (Atom).</p>', ""]
    if not digest.changes:
        out += ["*Nothing changed.*", ""]
    for kind in digest.KINDS:
        items = digest.of(kind)
        if not items:
            continue
        out += [f"## {digest.HEADINGS[kind]} ({len(items)})", ""]
        rows = []
        for c in items:
            if c.goal is not None and c.goal in kit.view.goals:
                what = kit.goal_a(page, c.goal)
            elif c.kind == "overdue" and c.person in kit.view.org.people:
                what = kit.person_a(page, c.person)
            else:
                what = html_text(c.title)
            notes = "".join(f"<li>{html_text(n)}</li>" for n in c.notes)
            rows.append(f"<li>{what}: {html_text(c.text)}" + (f'<ul class="tn-notes">{notes}</ul>' if notes else "") + "</li>")
        out += ['<ul class="tn-changes">' + "".join(rows) + "</ul>", ""]
    if digest.private:
        out += [f'<p class="tn-private"><em>{plural(digest.private, "change")} to private goals not shown.</em></p>', ""]
    return "\n".join(out)


def atom_feed(digest, site_url: str | None = None) -> str:
    """An Atom feed (RFC 4287) of the digest: one entry per change, all dated at the digest's day (the
    digest names no private goal: it counts their changes only)."""
    base = (site_url or "").rstrip("/")
    feed_id = f"{base}/{FEED}" if base else "tag:truenorth.invalid,2027:changes"
    updated = _dt.datetime.combine(digest.today, _dt.time(0, 0), _dt.timezone.utc).isoformat().replace("+00:00", "Z")
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>What changed in the goals</title>", f"<id>{xml_text(feed_id)}</id>", f"<updated>{updated}</updated>",
           f"<subtitle>{xml_text(_headline(digest))}</subtitle>", "<author><name>truenorth</name></author>"]
    if base:
        out += [f'<link rel="self" href="{xml_text(base + "/" + FEED)}"/>',
                f'<link rel="alternate" href="{xml_text(base + "/changes/")}"/>']
    for n, c in enumerate(digest.changes):
        text = c.text + "".join(f"\nnote {note}" for note in c.notes)
        title = f"{digest.HEADINGS[c.kind]}: {c.title}"
        entry_id = f"{feed_id}#{digest.today.isoformat()}-{digest.base or 'start'}-{n}"
        out += ["<entry>", f"<title>{xml_text(title)}</title>", f"<id>{xml_text(entry_id)}</id>",
                f"<updated>{updated}</updated>", f'<content type="text">{xml_text(text)}</content>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"
