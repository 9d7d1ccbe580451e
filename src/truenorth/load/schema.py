"""JSON Schema validation whose errors speak to people and point at lines.

The schemas in ``schemas/`` are the contract editors see (through the
``yaml-language-server`` comment); here they are applied to parsed documents and
each error is turned into one sentence, located on the offending key or value.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

try:  # a core dependency where it has wheels (pyproject.toml); the pure-Python path otherwise
    import jsonschema_rs as _jsonschema_rs
except ImportError:  # pragma: no cover - depends on the environment
    _jsonschema_rs = None
from truenorth.load.yaml_nodes import Document, shorten
from truenorth.load.schemas import SCHEMA_FILES, schema_dir

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# jsonschema itself is imported when first needed: with the compiled validator installed, a run
# over valid files never needs it (it words the errors of invalid ones).

@lru_cache(maxsize=None)
def compiled() -> bool:
    """Whether the compiled validator (jsonschema-rs) decides "valid" here (`truenorth --version` says so)."""
    return _jsonschema_rs is not None


def bundled_schema(kind: str) -> dict:
    """The schema for `kind` with the shared definitions inlined, so no cross-file lookup is needed.

    The files in schemas/ stay split (editors resolve `common.schema.json#/...` next to them);
    validators get one self-contained document, which is also much faster to evaluate.
    """
    folder = schema_dir()
    common = json.loads(_any_id((folder / "common.schema.json").read_text(encoding="utf-8")))
    text = _any_id((folder / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    schema = json.loads(text.replace('"common.schema.json#/$defs/', '"#/$defs/'))
    schema["$defs"] = {**common["$defs"], **schema.get("$defs", {})}
    return schema


_IDS_REF = re.compile(r'"ids\.schema\.json#/\$defs/[a-z_]+"')


def _any_id(text: str) -> str:
    """The references to ids.schema.json made references to the plain id: the checker accepts any
    well-formed id there and leaves an unknown one to its rules (TN102, TN107, ...: a located message,
    a did-you-mean). ids.schema.json is for editors: `truenorth schema ids` writes a repository's own,
    listing its ids (load/ids_schema.py), and the checker never reads it."""
    return _IDS_REF.sub('"#/$defs/id"', text)


@lru_cache(maxsize=None)
def validator_for(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(bundled_schema(kind))


@lru_cache(maxsize=None)
def fast_validator_for(kind: str):
    """An optional compiled validator (the jsonschema-rs package) that only answers "valid or not".

    Valid documents, the vast majority, skip the pure-Python validator; an invalid one is
    validated again by jsonschema so its errors are worded and located exactly as without it.
    """
    if _jsonschema_rs is None:
        return None
    return _jsonschema_rs.Draft202012Validator(bundled_schema(kind))


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    message: str
    line: int
    column: int
    hint: str = ""
    path: tuple = ()


def validate(kind: str, doc: Document) -> list[SchemaProblem]:
    """Every schema error in `doc`, one sentence each, ordered by position."""
    fast = fast_validator_for(kind)
    if fast is not None and fast.is_valid(doc.data):
        return []
    errors = list(validator_for(kind).iter_errors(doc.data))
    misspelt = _misspelt_required(errors)
    problems = [_explain(error, doc) for error in errors if id(error) not in misspelt]
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def _misspelt_required(errors: list[ValidationError]) -> set[int]:
    """`required` errors explained by a misspelt key in the same mapping (reported once, as the misspelling)."""
    unknown: dict[tuple, set[str]] = {}
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set((error.schema.get("properties") or {}).keys())
            unknown[tuple(error.absolute_path)] = {k for k in error.instance if k not in allowed}
    explained = set()
    for error in errors:
        if error.validator != "required" or not isinstance(error.instance, dict):
            continue
        extras = unknown.get(tuple(error.absolute_path), set())
        missing = [n for n in error.validator_value if n not in error.instance]
        if missing and all(difflib.get_close_matches(n, list(extras), n=1, cutoff=0.6) for n in missing):
            explained.add(id(error))
    return explained


def _explain(error: ValidationError, doc: Document) -> SchemaProblem:
    if error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        inner = best_match(error.context)
        # paths in `context` are relative to the anyOf's instance
        inner_path = tuple(error.absolute_path) + tuple(inner.relative_path)
        return _explain_at(inner, inner_path, doc, outer=error)
    return _explain_at(error, tuple(error.absolute_path), doc)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, 22nd, 23rd, ..., 101st, 111th."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# what one item of a list is called, by the list's key; other lists: "entry of KEY"
_ITEM_NAMES = {"goals": "goal", "key_results": "key result", "metrics": "metric", "values": "value",
               "supports": "link under supports", "plays": "play", "owners": "owner"}


def _where(path: tuple, data: Any = None) -> str:
    """The place in words, for people: ("goals", 3, "supports") in a file whose 4th goal has the id
    'x' is "supports of the 4th goal (id 'x')"; ("person", "name") is "person.name"."""
    items: list[str] = []  # innermost last
    keys: list[str] = []  # the keys since the last list item
    value = data
    previous: Any = None
    for part in path:
        if isinstance(part, int) and isinstance(previous, str) and keys and keys[-1] == previous:
            keys.pop()
            lead = ".".join(keys)
            name = _ITEM_NAMES.get(previous, f"entry of {previous}")
            item = f"the {ordinal(part + 1)} {name}"
            value = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                item += f" (id {shorten(value['id'], 40)!r})"
            if lead:
                item += f" of {lead}"
            items.append(item)
            keys = []
        else:
            keys.append(str(part))
            value = value.get(part) if isinstance(value, dict) else None
        previous = part
    if keys and items and keys == ["id"]:  # "id of the 2nd goal (id 'x')": the id is the value in question
        items[-1] = items[-1].split(" (id ", 1)[0]
    text = " of ".join(reversed(items))
    if keys:
        text = ".".join(keys) + (f" of {text}" if text else "")
    return text or "the file"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_EXPECTED = {"string": "text", "array": "a list", "object": "a mapping (key: value lines)", "number": "a number",
             "integer": "a whole number", "boolean": "true or false", "null": "empty"}


def _explain_at(error: ValidationError, path: tuple, doc: Document, outer: ValidationError | None = None) -> SchemaProblem:
    where = _where(path, doc.data)
    value = error.instance
    kind = error.validator
    line, column = doc.mark(path)
    hint = ""
    if kind == "required":
        missing = [name for name in error.validator_value if not isinstance(value, dict) or name not in value]
        names = ", ".join(repr(m) for m in missing)
        message = f"{where} is missing the required key {names}"
        hint = f"Add `{missing[0]}:` under {where}." if missing else ""
    elif kind == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in value if k not in allowed]
        key = extras[0] if extras else "?"
        line, column = doc.mark(path + (key,), key=True)
        message = f"unknown key {shorten(key)!r} in {where}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message += f"; did you mean {close[0]!r}?"
            hint = f"Rename {shorten(key)!r} to {close[0]!r}."
        else:
            hint = "Allowed keys here: " + ", ".join(allowed) + "."
    elif kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_EXPECTED.get(t, t) for t in expected)
        message = f"{where} must be {wanted}, not {_type_name(value)}"
        if "array" in expected and isinstance(value, str):
            hint = f"Write a list, even of one item: `{path[-1] if path else 'key'}: [{shorten(value, 30)}]`."
    elif kind == "pattern":
        if outer is not None and outer.schema.get("description", "").startswith("A year"):
            message = f"{where} {shorten(value)!r} is not a period"
            hint = "Write a year (2027), a half (2027-H1) or a quarter (2027-Q3)."
        elif "a-z0-9" in error.validator_value:
            message = f"{where} {shorten(value)!r} is not a valid id"
            hint = "Ids use lower-case letters, digits and hyphens, start with a letter or digit, and have at most 64 characters."
        else:
            message = f"{where} {shorten(value)!r} does not have the expected form"
            hint = error.schema.get("description", "")
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        message = f"{where} must be one of {', '.join(options)}; found {shorten(str(value))!r}"
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"Did you mean {close[0]!r}?" if close else ""
    elif kind == "maxLength":
        message = f"{where} is {len(value):,} characters long; the limit is {error.validator_value:,}"
        hint = "Shorten it; put detail in `description`." if path and path[-1] == "title" else "Shorten it."
    elif kind == "minLength":
        message = f"{where} is too short (at least {error.validator_value} characters)"
    elif kind in ("maxItems", "minItems"):
        message = f"{where} has {len(value)} items; " + (
            f"at most {error.validator_value} are allowed" if kind == "maxItems" else f"at least {error.validator_value} are needed")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        message = f"{where} is out of range: {error.message}"
    elif kind == "dependentRequired":
        missing = [name for names in error.validator_value.values() for name in names if name not in value]
        message = f"{where} sets a key that needs {', '.join(repr(m) for m in missing)} too"
        hint = "An explicit health needs a health_reason that says why."
    else:
        message = f"{where}: {shorten(error.message, 200)}"
    return SchemaProblem(message, line, column, hint, path)
