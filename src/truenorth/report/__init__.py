"""Reporters: the same findings as text for people, JSON for tools, annotations for GitHub Actions."""

from truenorth.report.github import render_github
from truenorth.report.json_report import render_json
from truenorth.report.text import render_text

REPORTERS = {"text": render_text, "json": render_json, "github": render_github}

__all__ = ["REPORTERS", "render_github", "render_json", "render_text"]
