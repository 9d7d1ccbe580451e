"""Reporters: the same findings as text for people, JSON for tools, annotations for GitHub Actions, SARIF for
code-scanning tools, Markdown for a job summary or a pull-request comment."""

from truenorth.report.github import render_github
from truenorth.report.json_report import render_json
from truenorth.report.markdown import render_markdown
from truenorth.report.sarif import render_sarif
from truenorth.report.text import render_text

REPORTERS = {"text": render_text, "json": render_json, "github": render_github, "markdown": render_markdown,
             "sarif": render_sarif}

FROM_REPOSITORY_TOP = frozenset({"github", "sarif"})
"""The formats whose paths tools read from the git repository's top: their renderers take `base`, what a path
relative to truenorth's root starts with there (truenorth.root.path_in_repository)."""

__all__ = ["FROM_REPOSITORY_TOP", "REPORTERS", "render_github", "render_json", "render_markdown", "render_sarif", "render_text"]
