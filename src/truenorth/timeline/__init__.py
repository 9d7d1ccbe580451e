"""What git knows about the goals over time, read through the one git layer (truenorth.git):

* history: each key result's `current` as each commit left it (for key results without check-ins),
  read once per build or command from one `git log` and one `git cat-file --batch`, cached by commit;
* digest: what changed since a date or a revision (goals added, achieved, retired, re-linked; key
  results that moved; status changes; goals gone stale; who is overdue).

Above the check and the pages: it reads files (git, YAML) and hands plain data to the pure layers
(analysis.history.Reading, site/changes.py).
"""
