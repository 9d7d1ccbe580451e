"""The optional C accelerator must read every file exactly as the regular path does; truenorth works without it.

"Exactly" means the same values of the same types, the same marks for every value and key, and for
a file it hands back, the same located problem (it hands those to the regular path, which words them).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FAILING, REPO_ROOT
from tests.load.test_bad_input import PERSON
from tests.load.test_fast_loader import SCALARS
from tests.load.test_schema_accelerator import all_goal_files
from truenorth.load import yaml_nodes
from truenorth.load.yaml_nodes import YamlProblem, decode, parse

try:
    from truenorth.load import _fastyaml
except ImportError:
    _fastyaml = None

if _fastyaml is None:
    if os.environ.get("TRUENORTH_REQUIRE_ACCELERATOR"):  # CI: a compiler and libyaml are there, so it must build
        raise RuntimeError("the YAML accelerator is not built (src/truenorth/load/_fastyaml.c); see hatch_build.py")
    pytest.skip("the YAML accelerator is not built (no C compiler or libyaml headers)", allow_module_level=True)


def outcome(text: str, accelerated: bool, monkeypatch: pytest.MonkeyPatch):
    """What `parse` makes of `text`, in a form that compares types too (1, 1.0, True and '1' differ)."""
    with monkeypatch.context() as patch:
        patch.setattr(yaml_nodes, "_fastyaml", _fastyaml if accelerated else None)
        try:
            doc = parse(text)
        except YamlProblem as exc:
            return ("problem", exc.code, exc.message, exc.line, exc.column, exc.hint)
    return ("document", repr(doc.data), repr(doc.marks))


def handled(text: str) -> bool:
    """Whether the accelerator read `text` itself (rather than handing it to the regular path)."""
    return _fastyaml.compose(text, yaml_nodes._plain_value, yaml_nodes._PLAIN_VALUES, yaml_nodes._FIRST_CHARS, False) is not None


def corpus_files() -> list[str]:
    texts = []
    for path, _kind in all_goal_files():
        try:
            texts.append(decode(path.read_bytes()))
        except YamlProblem:
            continue
    return texts


def test_every_sample_and_fixture_file_reads_the_same(monkeypatch):
    texts = corpus_files()
    accelerated = 0
    for text in texts:
        assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch), text[:200]
        accelerated += handled(text)
    assert len(texts) > 60
    assert accelerated > 50  # the ordinary files really take the fast path


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_files_with_other_line_endings_read_the_same(newline, monkeypatch):
    """Windows line endings (and rarer breaks) change where lines start; both paths must agree."""
    compared = 0
    for text in corpus_files()[:40]:
        variant = text.replace("\n", newline)
        assert outcome(variant, True, monkeypatch) == outcome(variant, False, monkeypatch), variant[:120]
        compared += handled(variant)
    assert compared > 20 or newline == "\u2028"  # CRLF and CR files do take the fast path


@pytest.mark.parametrize("scalar", SCALARS)
def test_awkward_scalars_read_the_same(scalar, monkeypatch):
    text = f"value: {scalar}\nquoted: '{scalar}'\nlist:\n  - {scalar}\n  - [{scalar}, x]\n{scalar or 'k'}: 1\n"
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key
    "a: !!python/object:os.system x\n", "a: !!binary aGVsbG8=\n", "a: !x 1\n", "!!map {a: 1}\n",  # tags
    "base: &b {x: 1}\nother:\n  <<: *b\n", "a: &x 1\nb: *x\n", "a: &l [1]\nb: *l\n",  # anchors and aliases
    "a: 1\n---\nb: 2\n", "a: [1, 2\n", "a:\n\t- x\n", "- a\nb: 1\n", "a: b: c\n",  # syntax
    "? [a, b]\n: 1\n", "{x: 1}: 2\n", "= : 1\n", "a: =\n",  # keys that are not text, the value tag
    "due: 2027-02-30\n", "n: " + "9" * 5000 + "\n",  # values that cannot be built
    "a: " + "[" * 150 + "]" * 150 + "\n",  # deeper than the accelerator goes
    "--- x\n", "---\n", "42\n", "- 1\n- 2\n", "'quoted'\n", "a: |\n  block\n  text\nb: >-\n  folded\n",
    "a: 'it''s'\nb: \"tab\\there \\u00e9\"\nc: ¿qué? 😀\nd: \"\"\ne:\nf: ~\n", "\ufeffa: 1\n", "a: 1 # c\n# end\n",
    "a: x\x00y\n", "a: 1\x85b: 2\n", "a: x\ufeffy\n", "a: \x07bell\n", "a: 1\n\x00",  # control characters
])
def test_files_the_accelerator_refuses_or_finds_odd_read_the_same(text, monkeypatch):
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


NOISE = [":", "-", " ", "\n", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!str ", "|", ">", "'", '"', "#", "%",
         "?", "\t", "<<", "~", "1", "2027-01-01", "yes", "x", "é", "\\", "---\n", "  "]


def damaged(text: str, rng: random.Random) -> str:
    """`text` with a few random edits of the kind that break YAML: inserted punctuation, cut characters, moved lines."""
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        at = rng.randrange(len(text) + 1)
        if choice < 0.45:
            text = text[:at] + rng.choice(NOISE) + text[at:]
        elif choice < 0.8:
            text = text[:at] + text[at + rng.randint(1, 4):]
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def test_thousands_of_damaged_files_read_the_same(monkeypatch):
    rng = random.Random(20261123)
    texts = [t for t in corpus_files() if len(t) < 6000] + [PERSON.format(name="Cat", title="Listen first")]
    outcomes = {"document": 0, "problem": 0, "read by the accelerator": 0}
    for _ in range(3000):
        text = damaged(rng.choice(texts), rng)
        fast = outcome(text, True, monkeypatch)
        assert fast == outcome(text, False, monkeypatch), text
        outcomes[fast[0]] += 1
        outcomes["read by the accelerator"] += handled(text)
    assert min(outcomes.values()) > 300, outcomes  # readable and broken files were tried, many on the fast path


def test_check_output_is_the_same_without_the_accelerator(tmp_path):
    """A whole `truenorth check` with and without it: the sample (clean) and a fixture full of findings."""
    from tests.conftest import make_org

    broken = make_org(tmp_path, FAILING / "tn008-misspelt-key")
    for root in (REPO_ROOT, broken):
        runs = []
        for off in ("", "1"):
            env = {**os.environ, "TRUENORTH_NO_ACCELERATOR": off, "TRUENORTH_CACHE_DIR": str(tmp_path / f"c{off}")}
            env.pop("TRUENORTH_NO_ACCELERATOR") if not off else None
            done = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--format", "json"],
                                  capture_output=True, text=True, env=env, timeout=120)
            runs.append((done.returncode, done.stdout, done.stderr))
        assert runs[0] == runs[1]
        assert runs[0][0] == (0 if root == REPO_ROOT else 1), runs[0]


def test_the_switch_turns_it_off():
    code = "from truenorth.load import yaml_nodes; print(yaml_nodes._fastyaml is None)"
    on = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                        env={k: v for k, v in os.environ.items() if k != "TRUENORTH_NO_ACCELERATOR"})
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "TRUENORTH_NO_ACCELERATOR": "1"})
    assert (on.stdout.strip(), off.stdout.strip()) == ("False", "True")


def test_the_accelerator_leaks_no_objects():
    """Every object it makes is released, on files it reads and on files it refuses (tracemalloc sees
    allocations made from C through Python's allocator)."""
    import tracemalloc

    rng = random.Random(5)
    texts = corpus_files()[:30]
    texts += [damaged(rng.choice(texts), rng) for _ in range(60)] + ["a: &x 1\n", "a: 1\na: 2\n", "d: 2027-02-30\n"]

    def rounds(n):
        for _ in range(n):
            for text in texts:
                _fastyaml.compose(text, yaml_nodes._plain_value, yaml_nodes._PLAIN_VALUES, yaml_nodes._FIRST_CHARS, False)

    rounds(3)  # fills the memo of plain values
    tracemalloc.start()
    try:
        rounds(1)
        before = tracemalloc.get_traced_memory()[0]
        rounds(20)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 20_000, f"{grown} bytes kept after {20 * len(texts)} calls"


def test_the_first_characters_the_accelerator_asks_about_are_pyyamls():
    """Written out in yaml_nodes so that reading needs no PyYAML: they must stay what PyYAML's resolvers say."""
    from truenorth.load import yaml_regular

    assert yaml_nodes._FIRST_CHARS == "".join(sorted(yaml_regular.MAY_NOT_BE_TEXT))
    assert yaml_nodes._SHORTCUT == yaml_regular.SHORTCUT


def _read_plain(text: str, reader):
    """A plain scalar's value with its type, or "refused": any exception makes the accelerator hand the file
    to PyYAML's path, which says what is wrong and where."""
    try:
        value = reader(text)
    except Exception:  # noqa: BLE001 - see above
        return ("refused",)
    return (type(value).__name__, repr(value))


PLAIN_SPELLINGS = ["0", "-0", "7", "-3", "42", "10000000000000000000000", "0.5", "-0.0", "4.50", "12.125",
                   "2027-05-15", "2027-02-30", "2027-02-29", "2028-02-29", "0000-01-01", "9999-12-31", "2027-00-10",
                   "true", "False", "ON", "off", "Yes", "NO", "~", "null", "NULL", "Null", "nULL", "tRUE", "y", "N",
                   "title", "owner", "2027-H1", "2027-Q4", "3rd", "1 in 5", "-x", ".inf", "0.5%", "<<", "<", "=", "==",
                   "!", "!x", "&", "&a", "*", "*a", "~x", "~~"]


def test_plain_scalars_in_their_simplest_spellings_read_as_pyyaml_reads_them(monkeypatch):
    from truenorth.load import yaml_regular

    for text in PLAIN_SPELLINGS + SCALARS:
        if not text:
            continue
        monkeypatch.setattr(yaml_nodes, "_PLAIN_VALUES", {})  # each read afresh, not from an earlier answer
        assert _read_plain(text, yaml_nodes._plain_value) == _read_plain(text, yaml_regular.plain_value), text


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789-.:_+ eExXoObB~ntfyNTFYHQaiZ!&*<=", min_size=1, max_size=12))
def test_any_spelling_of_a_number_or_a_date_reads_as_pyyaml_reads_it(text):
    from truenorth.load import yaml_regular

    saved = dict(yaml_nodes._PLAIN_VALUES)
    yaml_nodes._PLAIN_VALUES.clear()
    try:
        assert _read_plain(text, yaml_nodes._plain_value) == _read_plain(text, yaml_regular.plain_value), text
    finally:
        yaml_nodes._PLAIN_VALUES.clear()
        yaml_nodes._PLAIN_VALUES.update(saved)
