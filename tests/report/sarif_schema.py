"""The official SARIF 2.1.0 schema (data/, see its README) and the URI checks its `format`s ask for,
which jsonschema does not make without extra packages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)

# RFC 3986: only these characters, and `%` only before two hex digits
_URI_CHARACTERS = re.compile(r"([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def is_uri_reference(text: str) -> bool:
    return bool(_URI_CHARACTERS.fullmatch(text))


def is_absolute_uri(text: str) -> bool:
    return is_uri_reference(text) and bool(urlsplit(text).scheme)


def path_of(uri: str) -> str:
    """A result's URI back as the repository-relative path it names."""
    return unquote_to_bytes(uri).decode("utf-8", "surrogateescape")


def validate(log: dict) -> None:
    """Raises unless `log` is a valid SARIF 2.1.0 log (schema, and the URIs the schema calls URIs)."""
    VALIDATOR.validate(log)
    assert is_absolute_uri(log["$schema"])
    for run in log["runs"]:
        for rule in run["tool"]["driver"]["rules"]:
            if "helpUri" in rule:
                assert is_absolute_uri(rule["helpUri"]), rule["helpUri"]
        for result in run["results"]:
            for place in [*result["locations"], *result.get("relatedLocations", [])]:
                assert is_uri_reference(place["physicalLocation"]["artifactLocation"]["uri"]), place
