"""How far behind the calendar a goal may be and still be on track, or only at risk, by default.

Percentage points of the period gone; the settings `on_track_within` and `at_risk_within` override them
(config.py), and status.py applies them (playbook/reference/status.md explains them to readers). A module of
its own, importing nothing, so that the settings can name the defaults without loading the graph library.
"""

DEFAULT_ON_TRACK_WITHIN = 10
DEFAULT_AT_RISK_WITHIN = 25

# How many days a goal may go without a check-in (or `updated`) before it is stale, by level (the setting
# `checkin_every_days`): people check in on their own goals more often than departments review theirs.
DEFAULT_CHECKIN_EVERY_DAYS = {"individual": 14, "department": 30, "corporate": 30}
