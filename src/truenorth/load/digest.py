"""SHA-1, as the check's cache names its files and keys (hashlib.sha1's very digests).

Python's own SHA-1 when it has one: importing hashlib loads OpenSSL, about 6 ms of every check the
cache answers (a quick check takes 25 ms at 1,000 people). hashlib's otherwise.
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python built without its own hash modules
    from hashlib import sha1

__all__ = ["sha1"]
