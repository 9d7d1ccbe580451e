"""SHA-1, as the check's cache names its files and keys (hashlib.sha1's very digests); BLAKE2b for
the key of a whole run (a megabyte of paths and digests at 10,000 people).

Python's own SHA-1 when it has one: importing hashlib loads OpenSSL, about 6 ms of every check the
cache answers (a quick check takes 25 ms at 1,000 people). hashlib's otherwise. Python's own SHA-1 is
a quarter as fast as OpenSSL's (4.5 ms a megabyte here), and its own BLAKE2b as fast (1.1 ms): the
run's key, which every check works out, is a BLAKE2b (measured 2026-12-05).
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python built without its own hash modules
    from hashlib import sha1
try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - as above
    from hashlib import blake2b

__all__ = ["blake2b", "sha1"]
