"""`truenorth rules`: every rule, or one rule's documentation."""

from __future__ import annotations

import json

import click

from truenorth.cli.app import Failure


@click.command(name="rules")
@click.argument("rule_key", metavar="[CODE|NAME]", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
def list_rules(rule_key: str | None, fmt: str) -> None:
    """List every rule: code, name, default severity and what it flags.

    With a rule's code or name (`truenorth rules TN101`, `truenorth rules orphan`), print its
    documentation: what it checks and why, its options, its hint, and PASS and FAIL examples.
    """
    from truenorth.rules import ALL_RULES, RULES_BY_KEY

    def summary(rule) -> dict:
        return {"code": rule.code, "name": rule.name, "severity": rule.severity.value, "summary": rule.summary,
                "hint": rule.hint, "play": rule.play}

    if rule_key is None:
        if fmt == "json":
            click.echo(json.dumps([summary(r) for r in ALL_RULES], indent=2, ensure_ascii=False))
            return
        for rule in ALL_RULES:
            click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")
        return
    from truenorth.rules import docs
    from truenorth.rules.base import did_you_mean

    rule = RULES_BY_KEY.get(rule_key.upper() if rule_key.upper() in RULES_BY_KEY else rule_key.lower())
    if rule is None:
        close = did_you_mean(rule_key.lower(), [r.name for r in ALL_RULES]) or \
            did_you_mean(rule_key.upper(), [r.code for r in ALL_RULES])
        raise Failure(f"no rule has the code or name {rule_key!r}"
                                   + (f"; did you mean {' or '.join(map(repr, close))}?" if close else "")
                                   + " (`truenorth rules` lists them all)")
    doc = docs.parse(rule.doc)
    if fmt == "json":
        examples = [{"verdict": e.verdict, "text": e.text, "also": list(e.also), "files": e.files}
                    for e in doc.examples]
        click.echo(json.dumps({**summary(rule), "title": doc.title, "explanation": doc.body, "examples": examples},
                              indent=2, ensure_ascii=False))
        return
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value} by default)\n{rule.summary}")
    if rule.hint:
        click.echo(f"Hint: {rule.hint}")
    if rule.play:
        click.echo(f"Why it matters, in the playbook: playbook/{rule.play}")
    click.echo(f"\n{doc.body}")
    for example in doc.examples:
        click.echo(f"\n{example.markdown}")
    if doc.examples:
        click.echo(f"\nAbout the examples:\n{docs.EXAMPLE_ORGANISATION}", nl=False)
    click.echo(f"\nSet its severity under [tool.truenorth.severity] in pyproject.toml: "
               f"{rule.code} = \"error\", \"warning\" or \"off\".")
