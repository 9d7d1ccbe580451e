"""The loader's problem codes (TN001-TN012, load/problems.py) as rules of the registry: listed by
`truenorth rules`, documented on the site, their severity settable like any rule's. They have no check:
the loader reports them while it reads the files."""

from __future__ import annotations

from truenorth.load.problems import PROBLEMS
from truenorth.rules.base import Rule

LOAD_RULES = {code: Rule(p.code, p.name, p.severity, p.summary, p.hint, doc=p.doc) for code, p in PROBLEMS.items()}
