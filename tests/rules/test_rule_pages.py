"""The rules' reference pages on the site: an index and a page per rule, made from the rules' documentation,
the same for every organisation, out of the nav, and in what export-docs writes."""

from __future__ import annotations

import html
import re

from tests.site_build.helpers import build_logging_warnings, small_org
from truenorth.rules import ALL_RULES
from truenorth.rules.docs import parse
from truenorth.site.rule_pages import rule_pages


def test_a_page_per_rule_and_an_index_linking_them_all():
    pages = dict(rule_pages())
    assert set(pages) == {"reference/rules/index.md"} | {f"reference/rules/{r.code.lower()}.md" for r in ALL_RULES}
    index = pages["reference/rules/index.md"]
    for rule in ALL_RULES:
        assert f"| [{rule.code}]({rule.code.lower()}.md) | {rule.name} | {rule.severity.value} |" in index
        page = pages[f"reference/rules/{rule.code.lower()}.md"]
        assert page.startswith(f"# {rule.code} {rule.name}\n")
        assert f"Default severity: **{rule.severity.value}**" in page
        for example in parse(rule.doc).examples:
            assert f"**{example.verdict}**: " in page
            for path, content in example.files.items():
                assert f"# {path}\n{content}" in page  # the files as they are run, verbatim
    assert "## About the examples" in index and "`team-callbacks`" in index
    tn113 = pages["reference/rules/tn113.md"]
    assert "[TN101](tn101.md)" in pages["reference/rules/tn102.md"]  # codes named in prose are linked
    assert "[TN113]" not in tn113  # but not a page's own


def test_the_built_site_has_the_rule_pages_outside_the_nav(tmp_path):
    warnings: list[str] = []
    site = build_logging_warnings(small_org(tmp_path / "repo"), tmp_path / "site", warnings)
    assert not [w for w in warnings if "rules/" in w or "rule" in w.lower()], warnings  # (the small org's
    # home page links to playbook pages it does not have: those warnings are not about the rules' pages)
    index = (site / "reference/rules/index.html").read_text(encoding="utf-8")
    assert 'href="../tn119/"' in index or 'href="tn119/"' in index
    page = (site / "reference/rules/tn119/index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "TN119 department-cycle" in page
    code = re.findall(r"<code[^>]*>(.*?)</code>", page, re.S)
    assert any("# goals/departments/ops.yaml" in html.unescape(re.sub(r"<[^>]+>", "", c)) for c in code)
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = set(re.findall(r'<a href="([^"#][^"]*)"[^>]*class="md-(?:nav|tabs)__link', home))
    assert nav and not [h for h in nav if "reference/rules" in h], nav


def test_export_docs_writes_the_rule_pages(tmp_path):
    from click.testing import CliRunner

    from truenorth.cli import cli

    root = small_org(tmp_path / "repo")
    dest = tmp_path / "docs"
    out = CliRunner().invoke(cli, ["export-docs", str(dest), "--root", str(root), "--today", "2027-06-01"])
    assert out.exit_code == 0, out.output
    assert (dest / "reference/rules/index.md").read_text(encoding="utf-8") == dict(rule_pages())[
        "reference/rules/index.md"]
    assert (dest / "reference/rules/tn101.md").is_file() and (dest / "cascade/index.md").is_file()
