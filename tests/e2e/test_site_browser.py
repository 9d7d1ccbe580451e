"""The sample site in a real browser: the vision, a line of sight walked by clicking, search, diagrams.

Every test also checks (through the requests_seen fixture) that the page asked nothing of any
origin but the local server: no fonts, no CDN, no analytics.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/tn-person.png"


def _chain_person(result):
    """A person with a public goal whose every line of sight is person -> department -> corporate -> vision."""
    org = result.org
    for goal in org.goals.values():
        if goal.level != 3 or goal.is_private or goal.id not in result.traced or not goal.supports:
            continue
        parents = [org.goals.get(s.target) for s in goal.supports]
        if all(p is not None and p.level == 2 and not p.is_private and p.supports
               and all(org.goals.get(s.target) is not None and org.goals[s.target].level == 1
                       and not org.goals[s.target].is_private for s in p.supports) for p in parents):
            return org.people[goal.person], goal
    pytest.skip("the sample goals have no person -> department -> corporate chain")


def test_home_shows_the_vision(page, site_url, requests_seen, e2e_result):
    page.goto(site_url)
    heading = page.locator("h1#vision")
    heading.wait_for()
    assert heading.inner_text().strip().rstrip("¶").strip() == e2e_result.org.vision.title
    assert page.title().startswith("Home")


def test_line_of_sight_from_a_person_to_the_vision_by_clicking(page, site_url, requests_seen, e2e_result):
    person, goal = _chain_person(e2e_result)
    page.goto(site_url)
    page.locator("article a[href='cascade/people/']").first.click()  # "Explore: ... people"
    page.wait_for_url(re.compile(r"/cascade/people/$"))
    page.locator("article").get_by_role("link", name=person.name, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/cascade/people/{person.id}/$"))
    assert page.locator("h1").first.inner_text().strip().startswith(person.name)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SCREENSHOT, full_page=True)

    # the breadcrumb under the goal: goal › department goal › corporate goal › vision
    los = page.locator(f"[id='goal-{goal.id}'] ~ p.tn-los").first
    assert los.locator("a").count() == 4
    los.locator("a").nth(1).click()
    page.wait_for_url(re.compile(r"/cascade/departments/[^/]+/#goal-"))
    department_goal = page.url.rsplit("#goal-", 1)[1]
    assert e2e_result.org.goals[department_goal].level == 2
    expect_visible(page, f"[id='goal-{department_goal}']")

    los = page.locator(f"[id='goal-{department_goal}'] ~ p.tn-los").first
    los.locator("a").nth(1).click()
    page.wait_for_url(re.compile(r"/cascade/corporate/[^/]+/#goal-"))
    corporate_goal = page.url.rsplit("#goal-", 1)[1]
    assert e2e_result.org.goals[corporate_goal].level == 1
    assert corporate_goal in [s.target for s in e2e_result.org.goals[department_goal].supports]

    los = page.locator(f"[id='goal-{corporate_goal}'] ~ p.tn-los").first
    los.locator("a").last.click()
    page.wait_for_url(re.compile(r"/#vision$"))
    expect_visible(page, "h1#vision")
    assert e2e_result.org.vision.title in page.locator("h1#vision").inner_text()


def expect_visible(page, selector: str) -> None:
    element = page.locator(selector).first
    element.wait_for(state="visible")
    assert element.is_visible()


def test_search_finds_a_goal(page, site_url, requests_seen, e2e_result):
    goal = next(g for g in e2e_result.org.goals.values() if g.level == 2 and not g.is_private)
    page.goto(site_url + "cascade/")
    page.locator("article h1").first.wait_for()
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    search.wait_for(state="visible")
    words = " ".join(re.findall(r"[A-Za-z]{4,}", goal.title)[:4])
    search.press_sequentially(words, delay=30)
    result = page.locator(".md-search-result__item a[href*='#goal-%s']" % goal.id).first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url(re.compile(rf"#goal-{re.escape(goal.id)}$"))
    expect_visible(page, f"[id='goal-{goal.id}']")


def test_diagrams_are_drawn(page, site_url, requests_seen, e2e_result):
    person, _ = _chain_person(e2e_result)
    for path in ("", f"cascade/people/{person.id}/"):
        page.goto(site_url + path)
        diagram = page.locator("svg.tn-diagram").first
        diagram.wait_for(state="visible")
        box = diagram.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 20, (path, box)


def test_no_request_leaves_the_site(page, site_url, requests_seen, e2e_result):
    person, _ = _chain_person(e2e_result)
    department = next(iter(e2e_result.org.departments))
    for path in ("", "cascade/alignment/", f"cascade/departments/{department}/", f"cascade/people/{person.id}/",
                 "plays/"):
        page.goto(site_url + path, wait_until="networkidle")
    assert any(url.endswith(".css") for url in requests_seen)
    assert any("/search/search_index.json" in url for url in requests_seen) or any(
        "worker" in url for url in requests_seen)
    # requests_seen asserts at teardown that every one of them went to the local server
