"""Reporters: the same findings as text for people, JSON for tools, annotations for GitHub Actions, SARIF for
code-scanning tools, Markdown for a job summary or a pull-request comment."""

from truenorth.report.github import render_github
from truenorth.report.json_report import render_json
from truenorth.report.markdown import render_markdown
from truenorth.report.sarif import render_sarif
from truenorth.report.text import render_text

REPORTERS = {"text": render_text, "json": render_json, "github": render_github, "markdown": render_markdown,
             "sarif": render_sarif}

__all__ = ["REPORTERS", "render_github", "render_json", "render_markdown", "render_sarif", "render_text"]
