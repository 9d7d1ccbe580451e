"""The live check after one save, in process: truenorth.live.LiveCheck.check's seconds after each kind of edit.

    python scripts/live_timing.py ORG [--edits title,current,period,link] [--runs 5]

ORG is an organisation (scripts/synth_org.py --people 10000 --out ORG --seed 1). The script checks it once,
then, for each kind of edit, saves the middle person's file `--runs` times with that edit (a goal's title,
a key result's current value, a goal's period, the first goal's link moved to the second goal's parent) and
times each check (time.perf_counter); it prints the minimum, every run, and which rules the last check ran
(check_again.Decision). The file is written back as it was at the end. Set TRUENORTH_TODAY as the bench
does (2027-05-15) and unset PYTHONDONTWRITEBYTECODE when timing.
"""

from __future__ import annotations

import argparse
import gc
import re
import time
from pathlib import Path


def edited(kind: str, text: str, n: int) -> str:
    if kind == "title":
        return re.sub(r"(\n    title: )", rf"\g<1>Saved{n}x ", text, count=1)
    if kind == "current":
        m = re.search(r"\n\s+current: ([-0-9.]+)", text)
        return text[:m.start(1)] + str(float(m.group(1)) + n) + text[m.end(1):]
    if kind == "period":
        m = re.search(r"\n\s+period: (\S+)", text)
        return text[:m.start(1)] + ("2027-Q3" if n % 2 else "2027-Q4") + text[m.end(1):]
    if kind == "link":
        first, second = list(re.finditer(r"supports: \[([^\]]+)\]", text))[:2]
        target = second.group(1) if n % 2 else first.group(1)
        return text[:first.start(1)] + target + text[first.end(1):]
    raise SystemExit(f"unknown edit {kind!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("org", type=Path)
    ap.add_argument("--edits", default="title,current,period,link")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    from truenorth.config import load_config
    from truenorth.live import LiveCheck

    people = sorted((args.org / "goals/people").rglob("*.yaml"))
    victim = people[len(people) // 2]
    original = victim.read_text(encoding="utf-8")
    config = load_config(args.org)
    live = LiveCheck(args.org)
    start = time.perf_counter()
    live.check(config)
    print(f"first check: {time.perf_counter() - start:.2f} s ({victim.name} is edited)", flush=True)
    try:
        for kind in args.edits.split(","):
            times = []
            for n in range(1, args.runs + 1):
                victim.write_text(edited(kind, original, n), encoding="utf-8")
                gc.collect()
                start = time.perf_counter()
                live.check(config)
                times.append(time.perf_counter() - start)
            print(f"{kind}: min {min(times):.3f} s, runs " + " ".join(f"{t:.3f}" for t in times), flush=True)
            print(f"  {getattr(live, 'decision', None)}", flush=True)
            victim.write_text(original, encoding="utf-8")
            live.check(config)
    finally:
        victim.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
