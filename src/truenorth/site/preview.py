"""The banner of the local preview (`truenorth serve`, `mkdocs serve`) while the goals have errors.

The preview never waits on a good build: while a goals file has errors the plugin builds the site as
with `on_error: warn` and puts this banner at the top of every page, and on the next good save it is
gone. A built site never carries it (the plugin adds it only when serving).

It keeps to the site's rule on privacy even on the author's machine: it lists only the error findings
the site may show (the public view's findings, site/view.py `public_findings`), one line each as
`truenorth check` prints them, never how many others there are, and always ends by sending the reader
to `truenorth check` for every finding. Everything it quotes is escaped (escape.html_text).
"""

from __future__ import annotations

from truenorth.findings import Finding, Severity
from truenorth.site.escape import html_text

SHOWN = 20
"""Findings listed at most; the rest are in `truenorth check`."""

_STYLE = ("position:relative;z-index:10;margin:0;padding:.6rem 1rem;background:#fde8e8;color:#5f1111;"
          "border-bottom:3px solid #c62828;font:14px/1.45 system-ui,sans-serif")


def banner_html(findings: list[Finding], problem: str | None = None) -> str:
    """The banner: `problem` (what stopped the cascade being generated at all) or the error findings.

    `findings` must be the public ones (the view's): the banner prints what it is given.
    """
    parts = [f'<div class="tn-preview-errors" role="alert" style="{_STYLE}">']
    if problem is not None:
        parts.append("<strong>The cascade pages could not be made:</strong> "
                     f'<code style="white-space:pre-wrap">{html_text(problem)}</code>. ')
    else:
        parts.append("<strong>The goals have errors.</strong> "
                     "This preview shows what the rest of them make; it is built again when you save. ")
        errors = [f for f in findings if f.severity == Severity.ERROR]
        if errors:
            parts.append('<ul style="margin:.3rem 0;padding-left:1.2rem">')
            for finding in errors[:SHOWN]:
                where = finding.location if finding.location.line else finding.location.path  # (a file not parsed)
                line = f"{where}: {finding.code} error: {finding.message} [{finding.name}]"
                parts.append(f'<li><code style="white-space:pre-wrap">{html_text(line)}</code></li>')
            parts.append("</ul>")
            if len(errors) > SHOWN:
                parts.append(f"And {len(errors) - SHOWN} more. ")
    parts.append("Run <code>truenorth check</code> for every finding.</div>")
    return "".join(parts)


def with_banner(html: str, banner: str) -> str:
    """The page's HTML with the banner first in its body (first of all when it has no <body> tag)."""
    start = html.find("<body")
    end = html.find(">", start) if start != -1 else -1
    if end == -1:
        return banner + html
    return html[:end + 1] + banner + html[end + 1:]
