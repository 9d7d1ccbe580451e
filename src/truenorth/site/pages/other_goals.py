"""Goals whose department or person is not known: they have no other page."""

from __future__ import annotations

from truenorth.site.escape import front_matter
from truenorth.site.view import OTHER_GOALS
from truenorth.site.widgets import PageKit


def render(kit: PageKit) -> str:
    page = OTHER_GOALS
    out = [front_matter("Other goals"), "# Other goals", "",
           "Goals whose department or person is not known, so they have no department or person page.", ""]
    for goal in kit.view.other_goals:
        out += [kit.render_goal(page, goal, level=2), ""]
    return "\n".join(out)
