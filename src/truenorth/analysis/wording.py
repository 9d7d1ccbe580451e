"""How a goal is worded: the delivery words that make a title an output rather than an outcome (rule TN205,
and the `output_words` setting's default)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

DEFAULT_OUTPUT_WORDS = ("launch", "implement", "roll out", "deploy", "introduce", "install", "go live", "ship",
                        "hold", "run")
"""Rule TN205 (output-as-outcome): a goal title or key result description that starts with one of these is
worded as a delivery (the `output_words` setting replaces the list): "Launch the callback service",
"Hold 12 listening sessions"."""


def delivery_word(words: Iterable[str]) -> Callable[[str], str | None]:
    """A function: text -> the delivery word it starts with (as written in `words`), or None."""
    if not words:
        return lambda text: None
    by_key = {" ".join(w.lower().split()): w for w in words}
    pattern = re.compile(r"\s*(" + "|".join(r"\s+".join(map(re.escape, key.split()))
                                             for key in sorted(by_key, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)

    def found(text: str):
        match = pattern.match(text)
        return by_key[" ".join(match.group(1).lower().split())] if match else None

    return found
