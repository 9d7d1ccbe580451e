"""The sample site read as a product, in a real browser, at desktop (1280) and phone (390) width.

Screenshots of the home page, a corporate goal's page, a person's page and the alignment page are
written under the test's tmp path (and copied to TRUENORTH_SHOTS_DIR, when set, for a person to look
at). Beside them, what the screenshots should show is asserted: the page never scrolls sideways, a
key-result table scrolls inside its own box on a phone and no value in it wraps, a goal's id is shown
and its button copies it, the per-item pages have their own navigation, the cascade opens one
corporate goal's branch at a time. The goal, person and play pages have a left sidebar of their own
(on a phone, the drawer the menu button opens), and a click in it goes where it says.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 390}


def _corporate_goal(result):
    """A public corporate goal with key results that have units (the table most likely to be too wide)."""
    org = result.org
    for goal in org.goals.values():
        if goal.level == 1 and not goal.is_private and goal.key_results and all(
                kr.metric in org.metrics and org.metrics[kr.metric].unit for kr in goal.key_results):
            return goal
    pytest.skip("the sample has no public corporate goal with key results in units")


def _person(result):
    """A person with public goals and teammates."""
    org = result.org
    for person in org.people.values():
        team = [p for p in org.people.values() if p.department == person.department]
        if len(team) > 1 and any(g.person == person.id and not g.is_private for g in org.goals.values()):
            return person
    pytest.skip("the sample has no person with public goals and teammates")


def _pages(result):
    return {"home": "", "goal": f"cascade/corporate/{_corporate_goal(result).id}/",
            "person": f"cascade/people/{_person(result).id}/", "alignment": "cascade/alignment/", "cascade": "cascade/"}


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_screenshots_of_the_main_pages(page, site_url, requests_seen, e2e_result, tmp_path, screen):
    width = WIDTHS[screen]
    page.set_viewport_size({"width": width, "height": 900})
    shots = tmp_path / "shots"
    shots.mkdir()
    for name, path in _pages(e2e_result).items():
        page.goto(site_url + path, wait_until="networkidle")
        page.locator("article h1").first.wait_for()
        # the page itself never scrolls sideways: what is wider (tables, diagrams) scrolls in its own box
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, screen, overflow)
        if name == "cascade":  # with its first corporate goal's branch open
            page.locator("details.tn-branch summary").first.click(position={"x": 2, "y": 8})
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(300)  # the header's tabs come back once the page is at its top
        target = shots / f"{name}-{screen}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, target  # a page was drawn, not an empty frame
    keep = os.environ.get("TRUENORTH_SHOTS_DIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy2(shot, os.path.join(keep, shot.name))


def test_key_results_scroll_on_a_phone_and_no_value_wraps(page, site_url, requests_seen, e2e_result):
    goal = _corporate_goal(e2e_result)
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(site_url + f"cascade/corporate/{goal.id}/")
    box = page.locator(".tn-table-scroll").first
    box.wait_for()
    widths = box.evaluate("el => [el.clientWidth, el.scrollWidth, getComputedStyle(el).overflowX]")
    assert widths[0] < widths[1] and widths[2] == "auto", widths  # narrower than its table: it scrolls
    # a progress bar and its percentage share a line (what follows, "(worse than its baseline)", may wrap)
    apart = page.evaluate("""() => [...document.querySelectorAll('.tn-krs td.tn-progress')].filter(td => {
        const bar = td.querySelector('svg').getBoundingClientRect();
        const range = document.createRange(); range.setStart(td.lastChild, 0); range.setEnd(td.lastChild, 2);
        const text = range.getClientRects()[range.getClientRects().length - 1];
        return text.top > bar.bottom || text.bottom < bar.top;
    }).map(td => td.textContent)""")
    assert not apart, apart
    lines = page.evaluate("""() => [...document.querySelectorAll('.tn-krs td.tn-num')].map(td => {
        const range = document.createRange(); range.selectNodeContents(td);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return [td.textContent, tops.size];
    })""")
    assert len(lines) == 3 * len(goal.key_results)
    wrapped = [(text, n) for text, n in lines if n != 1]
    assert not wrapped, wrapped
    # on a desktop the same table fits its column, the progress bars included (nothing is cut off)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    widths = box.evaluate("el => [el.clientWidth, el.scrollWidth]")
    assert widths[0] >= widths[1], widths
    units = [e2e_result.org.metrics[kr.metric].unit for kr in goal.key_results]
    cells = [text.replace("\xa0", " ") for text, _ in lines]
    assert all(any(cell.endswith(unit) for cell in cells) for unit in units if unit != "%")


def test_the_copy_button_copies_a_goal_id(page, context, site_url, requests_seen, e2e_result):
    goal = _corporate_goal(e2e_result)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + f"cascade/corporate/{goal.id}/")
    shown = page.locator(".tn-goal-meta .tn-id code").first
    shown.wait_for()
    assert shown.inner_text() == goal.id
    button = page.locator(".tn-goal-meta .tn-id button").first
    assert button.get_attribute("data-clipboard-text") == goal.id
    button.click()
    page.wait_for_function(f"navigator.clipboard.readText().then(t => t === {goal.id!r})", timeout=5_000)
    assert page.evaluate("navigator.clipboard.readText()") == goal.id


def test_a_person_page_has_its_own_sidebar_and_it_works(page, site_url, requests_seen, e2e_result):
    """On a desktop the person page's left sidebar is its own navigation (not the site's): where the person
    sits and their teammates; a click on their team's link opens the team's page, with its own sidebar."""
    person = _person(e2e_result)
    department = e2e_result.org.departments[person.department]
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(site_url + f"cascade/people/{person.id}/")
    nav = page.locator(".md-sidebar--primary .tn-localnav")
    nav.wait_for(state="visible")
    assert page.locator("article .tn-localnav").count() == 0  # in the sidebar, not in the page
    assert nav.locator(".tn-localnav__here").inner_text().strip().endswith(person.name)
    assert nav.locator(".tn-localnav__items a").count() >= 1  # teammates
    assert not page.locator(".tn-sidenav__sections").is_visible()  # the tabs show the sections here
    nav.get_by_role("link", name=department.name, exact=True).click()
    page.wait_for_url(re.compile(rf"/cascade/departments/{re.escape(department.id)}/$"))
    here = page.locator(".md-sidebar--primary .tn-localnav .tn-localnav__here")
    here.wait_for(state="visible")
    assert department.name in here.inner_text()


def test_on_a_phone_the_sidebar_opens_from_the_menu_button(page, site_url, requests_seen, e2e_result, tmp_path):
    """On a phone the sidebar is the theme's drawer: the menu button opens it; it shows the site's sections
    and where the person sits; a teammate's link in it opens their page."""
    person = _person(e2e_result)
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(site_url + f"cascade/people/{person.id}/")
    nav = page.locator(".md-sidebar--primary .tn-localnav")
    nav.wait_for(state="attached")
    assert not nav.is_visible() or not nav.evaluate("el => el.getBoundingClientRect().right > 0")  # drawer closed
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # the drawer slides in
    sections = page.locator(".tn-sidenav__sections a")
    assert sections.first.is_visible() and sections.count() >= 4
    assert nav.evaluate("el => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; }")
    page.screenshot(path=str(tmp_path / "person-drawer-phone.png"))
    keep = os.environ.get("TRUENORTH_SHOTS_DIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy2(tmp_path / "person-drawer-phone.png", os.path.join(keep, "person-drawer-phone.png"))
    mate = nav.locator(".tn-localnav__items a").first
    name = mate.inner_text().strip()
    mate.click()
    page.wait_for_url(re.compile(r"/cascade/people/[^/]+/$"))
    assert not page.url.endswith(f"/{person.id}/")
    assert page.locator("article h1").first.inner_text().strip().startswith(name)


def test_a_play_page_links_the_playbook_and_the_other_plays(page, site_url, requests_seen):
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(site_url + "plays/voice-of-the-customer/")
    nav = page.locator(".md-sidebar--primary .tn-localnav")
    nav.wait_for(state="visible")
    assert nav.get_by_role("link", name="The playbook", exact=True).is_visible()
    others = nav.locator(".tn-localnav__items a")
    assert others.count() >= 5
    others.nth(1).click()
    page.wait_for_url(re.compile(r"/plays/[a-z-]+/$"))
    assert not page.url.endswith("/voice-of-the-customer/")
    page.locator(".md-sidebar--primary .tn-localnav .tn-localnav__here").wait_for(state="visible")


def test_the_cascade_opens_one_corporate_goal_at_a_time(page, site_url, requests_seen, e2e_result):
    page.goto(site_url + "cascade/")
    branches = page.locator("details.tn-branch")
    branches.first.wait_for()
    assert branches.count() == sum(1 for g in e2e_result.org.goals.values() if g.level == 1 and not g.is_private)
    assert page.locator("details.tn-branch[open]").count() == 0
    branches.nth(0).locator("summary").click(position={"x": 2, "y": 8})
    assert branches.nth(0).evaluate("el => el.open")
    assert branches.nth(0).locator("svg.tn-diagram").is_visible()
    branches.nth(1).locator("summary").click(position={"x": 2, "y": 8})
    assert branches.nth(1).evaluate("el => el.open") and not branches.nth(0).evaluate("el => el.open")
    # the overview drawing is the vision and the corporate goals alone: no fan of department boxes
    overview = page.locator("article figure.tn-figure").first.locator("svg.tn-diagram")
    boxes = overview.locator(".tn-node").count()
    assert 1 < boxes <= 1 + len(branches.all()), boxes


def test_on_a_phone_diagrams_keep_their_text_readable(page, site_url, requests_seen, e2e_result):
    """A diagram is drawn at no less than 0.8 of its size (12 px text at 9.6 px or more); one wider than the
    screen then scrolls inside its figure, never the page."""
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    for path in ("", f"cascade/corporate/{_corporate_goal(e2e_result).id}/", "cascade/"):
        page.goto(site_url + path)
        page.locator("article h1").first.wait_for()
        scales = page.evaluate("""() => [...document.querySelectorAll('svg.tn-cascade, svg.tn-statusbar')]
            .filter(svg => svg.getClientRects().length)
            .map(svg => svg.getBoundingClientRect().width / svg.width.baseVal.value)""")
        assert scales and min(scales) >= 0.79, (path, scales)
        assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1, path
