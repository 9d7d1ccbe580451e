"""Reviews of several periods of one organisation (the site's review pages) share each goal's outcome and
score: the same reviews as made one at a time."""

from __future__ import annotations

import datetime as _dt

from tests.conftest import make_org
from truenorth.analysis.review import periods_to_review, review
from truenorth.check import run_check
from truenorth.config import load_config


def test_reviews_sharing_scores_are_the_reviews_made_alone(tmp_path):
    result = run_check(load_config(make_org(tmp_path)))
    today = _dt.date(2027, 8, 1)
    periods = periods_to_review(result.org, today)
    assert {"2027", "2027-H1", "2027-Q1"} <= set(periods)  # goals of 2027-Q1 are in all three
    scored: dict = {}
    for period in periods:
        shared = review(result.org, result.graph, period, today, scored=scored)
        assert shared == review(result.org, result.graph, period, today)
        assert shared.goals  # (each period has goals: the comparison is not between empty reviews)
    assert set(scored) == {g.goal.id for p in periods for g in review(result.org, result.graph, p, today).goals}
