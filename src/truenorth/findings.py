"""A finding: one problem, where it is, how bad it is and how to fix it.

Findings are plain data; reporters turn them into text, JSON or CI annotations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from truenorth.model import Location


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or off") from None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    related: tuple[Location, ...] = field(default_factory=tuple)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)
