"""Acceptance: every page and every panel, used in Chromium the way a person uses them.

Each page is opened from its sidebar link (as a person does, not by typing its address),
at desktop (1400 x 900) and phone (390 x 844) sizes. A test passes only when no error
element, console error or non-local request appeared, and what the person came for is
on screen: visible, inside the viewport and not covered by something else (hit-tested
at its centre), not merely present in the DOM. What is drawn is checked against the
data: the personnel chart's marks (read from the chart in the page) against its table
and the analysis function. Changing a filter, a toggle or the panel keeps the map's
date and view, and the keyboard works on the map right after.

A screenshot of every page and panel is written to test-artifacts/screenshots/ on every
run (acceptance-*.png), for a reviewer to look at.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.harness import (  # noqa: F401
    REPO_ROOT,
    Session,
    app_server,
    assert_clean,
    browser,
    map_frame,
    new_page,
    open_map,
    ready_map,
    require_chromium,
    wait_idle,
)

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
SEED = REPO_ROOT / "seeds" / "2022-02-10-us-troops-poland-romania.txt"
VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
PANELS = ("Selected unit", "Personnel by country", "What changed", "Movements", "Export")
MAIN_LINK, CURATE_LINK = "Map", "Curate an article"

# Is an element seen? Inside the viewport (at least its visible part, for elements larger
# than the viewport) and, at the centre of that part, the element itself or its content
# is what a click would hit.
_SEEN = """(el) => {
  const r = el.getBoundingClientRect();
  const vw = window.innerWidth, vh = window.innerHeight;
  const left = Math.max(r.left, 0), right = Math.min(r.right, vw);
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, vh);
  const whole = r.left >= -1 && r.top >= -1 && r.right <= vw + 1 && r.bottom <= vh + 1;
  const big = r.width > vw || r.height > vh;
  if (r.width <= 0 || r.height <= 0) return 'has no size';
  if (!whole && !big) return `is not inside the viewport: ${JSON.stringify([r.left, r.top, r.right, r.bottom])} in ${vw}x${vh}`;
  if (right <= left || bottom <= top) return 'is outside the viewport';
  const x = (left + right) / 2, y = (top + bottom) / 2;
  const hit = document.elementFromPoint(x, y);
  if (!hit) return 'hit-tests to nothing';
  if (hit === el || el.contains(hit)) return '';
  return `is covered by <${hit.tagName.toLowerCase()} class="${hit.className}"> at (${x}, ${y})`;
}"""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def folder_root(tmp_path_factory):
    """Where the server keeps session folders (uploads, curation scratch)."""
    return tmp_path_factory.mktemp("sessions")


@pytest.fixture(scope="module")
def app_url(folder_root):
    require_chromium()
    env = {"DEPLOYMAP_UPLOAD_DIR": str(folder_root), "DEPLOYMAP_UPLOAD_GRACE_S": "1", "DEPLOYMAP_UPLOAD_SWEEP_S": "0.5"}
    with app_server(DATA, "acceptance", env) as url:
        yield url


def _session(browser, viewport: str) -> Session:  # noqa: F811 (the imported fixture)
    return new_page(browser, VIEWPORTS[viewport])


# ---------------------------------------------------------------- what a person does


def is_phone(s: Session) -> bool:
    return s.page.viewport_size["width"] < 640


def open_sidebar(s: Session) -> None:
    button = s.page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.first.is_visible():
        button.first.click()
        s.page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(state="visible")
        s.page.wait_for_timeout(400)  # the slide-in animation


def close_sidebar(s: Session) -> None:
    """On a phone the sidebar covers the page: a person closes it after using it."""
    if not is_phone(s):
        return
    sidebar = s.page.locator('[data-testid="stSidebar"]')
    if sidebar.get_attribute("aria-expanded") == "false" or sidebar.get_attribute("data-collapsed") == "true":
        return  # closed already (Streamlit 1.67 marks it data-collapsed; choosing a page on a phone closes it)
    sidebar.hover()
    s.page.locator('[data-testid="stSidebarCollapseButton"] button').click()
    s.page.wait_for_timeout(500)


def go_to(s: Session, base: str, link: str, query: str = "") -> None:
    """Open the app, then the page through its sidebar link."""
    s.page.goto(base + "/" + query, wait_until="domcontentloaded")
    s.page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(state="attached", timeout=45000)
    wait_idle(s)
    if link != MAIN_LINK:
        open_sidebar(s)
        s.page.locator('[data-testid="stSidebarNavLink"]', has_text=link).click()
        s.page.wait_for_function(f"() => document.title.includes({link!r})", timeout=30000)
        wait_idle(s)
        close_sidebar(s)


def assert_seen(locator, what: str) -> None:
    """Scrolled to as a person would, then visible, inside the viewport and not covered. An
    element a rerun replaced while we looked is looked up again (the locator finds the new one)."""
    from playwright.sync_api import Error as PlaywrightError

    def look() -> str:
        try:
            locator.scroll_into_view_if_needed(timeout=10000)
            return str(locator.evaluate(_SEEN))
        except PlaywrightError as error:
            if "not attached" not in str(error) and "detached" not in str(error):
                raise
            return "was replaced while looked at"

    problem = look()
    for _ in range(40):  # a person gives a panel a moment to lay out (a loaded machine lays out slowly)
        if problem == "":
            break
        locator.page.wait_for_timeout(250)
        problem = look()
    assert problem == "", f"{what} {problem}"


def assert_seen_in_map(s: Session, frame, selector: str, what: str, any_of: bool = False) -> None:
    """A control of the map (inside two frames): seen in the map, and inside the page's
    viewport. With `any_of`, at least one of the elements the selector finds."""
    iframe = s.page.locator('iframe[title="dashboard.ui.component.deploymap"]').first
    iframe.scroll_into_view_if_needed(timeout=10000)
    found = frame.locator(selector)
    problems = []
    vp = s.page.viewport_size
    for i in range(found.count() if any_of else 1):
        element = found.nth(i)
        problem = element.evaluate(_SEEN)
        box = element.bounding_box()  # page coordinates
        if not problem and not (
            box
            and box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= vp["width"] + 1
            and box["y"] + box["height"] <= vp["height"] + 1
        ):
            problem = f"is outside the page's viewport: {box} in {vp}"
        if not problem:
            return
        problems.append(problem)
    raise AssertionError(f"{what} {'; '.join(problems) or 'is missing'} (inside the map)")


def finish(s: Session, name: str) -> None:
    """The last thing the test saw (pass or fail), then close the page."""
    try:
        s.screenshot(f"acceptance-{name}-last", full_page=True)
    except Exception:  # the page may be gone; the test's own failure says why
        pass
    s.close()


def choose_panel(s: Session, name: str) -> None:
    group = s.page.locator('[data-testid="stButtonGroup"]')
    group.scroll_into_view_if_needed()
    group.get_by_role("radio", name=name, exact=True).click()
    wait_idle(s)


def url_date(s: Session) -> str | None:
    return parse_qs(urlsplit(s.page.url).query).get("date", [None])[-1]


def map_state(frame) -> dict:
    return frame.evaluate("""() => { const m = window.deploymap.map, c = m.getCenter();
        return {date: window.deploymap.isoDate(), lat: c.lat, lng: c.lng, zoom: m.getZoom(),
                label: document.getElementById('dm-date').dataset.date}; }""")


# ---------------------------------------------------------------- every page, from the sidebar


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_main_page_shows_the_map_and_its_timeline(app_url, browser, viewport):  # noqa: F811
    s = _session(browser, viewport)
    try:
        go_to(s, app_url, CURATE_LINK)  # arrive from the other page, as a person returning would
        open_sidebar(s)
        links = s.page.locator('[data-testid="stSidebarNavLink"]')
        assert [" ".join(t.split()) for t in links.all_inner_texts()] == [MAIN_LINK, CURATE_LINK]  # not "app"
        links.filter(has_text=MAIN_LINK).click()
        wait_idle(s)
        close_sidebar(s)
        frame = ready_map(s)
        # the title names the period the data covers (dashboard.engine.title)
        assert_seen(s.page.get_by_role("heading", name="Troop deployments, February 2022"), "the page's title")
        for selector, what in (
            ("#dm-play", "the Play button"),
            ("#dm-slider", "the date slider"),
            ("#dm-field", "the date field"),
            (".dm-unit", "a unit on the map"),
        ):
            assert_seen_in_map(s, frame, selector, what, any_of=selector == ".dm-unit")
        assert_clean(s)
    finally:
        s.screenshot(f"acceptance-main-{viewport}", full_page=False)
        s.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_curation_page_drafts_an_article(app_url, browser, folder_root, viewport):  # noqa: F811
    """The curation page opens, takes the seed article, shows what it recognised, the draft
    and its preview map. Its scratch folder goes when the page is closed."""
    s = _session(browser, viewport)
    before = set(folder_root.iterdir())
    try:
        go_to(s, app_url, CURATE_LINK)
        assert_seen(s.page.get_by_role("heading", name="Curate an article"), "the page's title")
        area = s.page.get_by_label("Article text")
        assert_seen(area, "the article box")
        assert_clean(s)
        s.screenshot(f"acceptance-curate-empty-{viewport}", full_page=False)
        area.fill(SEED.read_text(encoding="utf-8"))
        area.press("Control+Enter")
        s.page.get_by_role("heading", name="What was recognised").wait_for(timeout=30000)
        wait_idle(s, 60000)
        assert_seen(s.page.get_by_role("heading", name="What was recognised"), "the recognised text's heading")
        assert_seen(s.page.get_by_role("heading", name="Draft (edit it here)"), "the draft's heading")
        assert (
            "2nd Cavalry Regiment"
            in s.page.locator('[data-testid="stTextArea"]').last.locator("textarea").input_value()
        )
        missed = s.page.get_by_text("may hold a movement the draft did not write")  # the seed has a few
        assert_seen(missed, "the sentences the draft may have missed")
        missed.click()
        flagged = s.page.locator('[data-testid="stExpander"]', has_text="did not write").locator("p", has_text="16.")
        assert_seen(flagged, "a flagged sentence")
        assert "U.S. troops deployed to Poland have developed" in flagged.inner_text()
        preview = map_frame(s.page, timeout_s=45)
        preview.wait_for_selector(".dm-unit", timeout=20000)
        assert_seen_in_map(s, preview, ".dm-unit", "a unit on the preview map", any_of=True)
        # the preview draws the draft alone (the dataset was checked with it), fitted to the draft's places
        said = s.page.get_by_text("The map draws the draft alone", exact=False)
        assert said.count() == 1 and said.is_visible(), "the caption saying what the preview draws"
        assert_clean(s)
        s.screenshot(f"acceptance-curate-draft-{viewport}", full_page=True)
        scratch = set(folder_root.iterdir()) - before
        assert len(scratch) == 1 and any(next(iter(scratch)).rglob("*.yaml")), scratch
    finally:
        finish(s, f"curate-{viewport}")
    gone = time.monotonic() + 20  # the session ends with the page; after the grace time, its folder
    while scratch & set(folder_root.iterdir()) and time.monotonic() < gone:
        time.sleep(0.25)
    assert not scratch & set(folder_root.iterdir()), "the curation scratch folder outlived its session"


# ---------------------------------------------------------------- every panel

PANEL_CONTENT = {
    "Selected unit": ('[data-testid="stMain"] [data-testid="stSelectbox"]', "the unit chooser"),
    "Personnel by country": ('[data-testid="stVegaLiteChart"]', "the personnel chart"),
    "What changed": ('[data-testid="stMetric"]', "the counts of what changed"),
    "Movements": ('[data-testid="stDataFrame"]', "the movements table"),
    "Export": ('[data-testid="stButton"] button:has-text("Prepare the export")', "the export button"),
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_panel_shows_its_content(app_url, browser, viewport):  # noqa: F811
    s = _session(browser, viewport)
    try:
        frame = open_map(s, app_url, "?date=2022-02-10&unit=us-82abn")
        before = map_state(frame)
        for panel in PANELS:
            choose_panel(s, panel)
            selector, what = PANEL_CONTENT[panel]
            assert_seen(s.page.locator(selector).first, f"{panel}: {what}")
            if panel == "Personnel by country":
                assert_seen(s.page.locator('[data-testid="stTable"]').first, "the personnel table")
            if panel == "Selected unit":
                assert_seen(s.page.get_by_text("82nd Airborne Division —", exact=False).first, "the unit's name")
            assert_clean(s)
            s.screenshot(f"acceptance-panel-{panel.lower().replace(' ', '-')}-{viewport}", full_page=False)
            after = map_state(frame)
            assert after["date"] == before["date"] == "2022-02-10", (panel, before, after)
        if viewport == "desktop":  # an export a person takes away: prepared, downloadable, shown
            s.page.get_by_role("button", name="Prepare the export").click()
            download = s.page.get_by_role("button", name=re.compile(r"Download deployments-2022-02-10\.png"))
            download.wait_for(timeout=90000)
            assert_seen(download, "the download button")
            image = s.page.locator('[data-testid="stImage"] img').first
            image.scroll_into_view_if_needed()
            image.evaluate("img => img.decode()")  # loaded and decoded, as a person would wait for it
            assert image.evaluate("img => img.naturalWidth") >= 800  # Streamlit sends it scaled to the page
            assert_seen(image, "the exported image")
            s.screenshot("acceptance-panel-export-done-desktop", full_page=False)
        assert_clean(s)
    finally:
        finish(s, f"panels-{viewport}")


# ---------------------------------------------------------------- chart truth


def _chart_marks(s: Session) -> dict[tuple[str, str], tuple[int, float, bool]]:
    """(date, country) -> (low, high, approximate), from the chart's marks in the page (their
    aria-labels: '2022-02-10 POL 850 to 1700, approximate', '... 500 or more', '... 850')."""
    from dashboard.ui.charts import parse_label

    chart = s.page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("[aria-label]").first.wait_for(state="attached", timeout=15000)
    labels = chart.locator("[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    marks: dict[tuple[str, str], tuple[int, float, bool]] = {}
    for label in labels:
        parsed = parse_label(label or "")
        if parsed:
            day, country, low, high, approximate = parsed
            assert (day, country) not in marks, f"two marks for {(day, country)}"
            marks[(day, country)] = (low, high, approximate)
    return marks


def _table(s: Session) -> dict[str, str]:
    rows = s.page.locator('[data-testid="stTable"] tbody tr')
    rows.filter(has_text="total").wait_for(timeout=15000)  # the table's last row: it is all there
    out = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("th, td").all_inner_texts()
        out[cells[0].strip()] = cells[-1].strip()
    return out


def test_personnel_chart_agrees_with_its_table_and_the_analysis(app_url, browser):  # noqa: F811
    """Each mark is a band from the people certainly there to those possibly there: its description
    gives both numbers, and they are personnel_by_country's low and high; the table says the same
    ranges in words ('about 850–1,700')."""
    import datetime as dt

    from dashboard.core.loader import load_dataset
    from dashboard.engine.analysis import count_words, personnel_by_country, personnel_totals
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import default_window

    loaded = load_dataset(DATA)
    timeline = build_timeline(loaded)
    first, last = default_window(loaded, timeline)
    truth = personnel_by_country(loaded, timeline, first, last)
    expected = {
        (r.date.isoformat(), r.country): (int(r.low), float(r.high), bool(r.approximate))
        for r in truth.itertuples()
        if r.high > 0
    }
    assert any(lo < hi for lo, hi, _ in expected.values()), "the bundled data should show a range"
    days = [d for d in ("2022-02-05", "2022-02-10", "2022-02-14") if first <= dt.date.fromisoformat(d) <= last]
    s = _session(browser, "desktop")
    try:
        for day in days:
            open_map(s, app_url, f"?date={day}")
            choose_panel(s, "Personnel by country")
            marks = _chart_marks(s)
            assert marks == expected, "the chart's marks differ from personnel_by_country"
            on_day = {c: count_words(*v) for (d, c), v in marks.items() if d == day}
            table = _table(s)
            total = table.pop("total")
            assert table == on_day, (day, table, on_day)
            t = personnel_totals(loaded, timeline, dt.date.fromisoformat(day), dt.date.fromisoformat(day)).iloc[0]
            assert total == count_words(t["low"], t["high"], bool(t["approximate"]))
            # Streamlit scrolls its own container, not the document: bring the chart and table into view
            s.page.locator('[data-testid="stVegaLiteChart"]').first.scroll_into_view_if_needed()
            s.screenshot(f"acceptance-personnel-{day}", full_page=False)
        assert_clean(s)
    finally:
        finish(s, "personnel")


# ---------------------------------------------------------------- state invariants


def _pick(s: Session, label: str, option: str) -> None:
    open_sidebar(s)
    s.page.get_by_role("combobox", name=label, exact=True).click()
    s.page.get_by_role("option", name=option, exact=True).click()
    s.page.keyboard.press("Escape")
    wait_idle(s)
    close_sidebar(s)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_filters_toggles_and_panels_keep_the_date_and_view(app_url, browser, viewport):  # noqa: F811
    s = _session(browser, viewport)
    try:
        frame = open_map(s, app_url, "?date=2022-02-12")
        start = map_state(frame)
        assert start["date"] == start["label"] == "2022-02-12"

        def check(after_what: str):
            frame = ready_map(s)
            s.page.wait_for_timeout(800)  # past the map's settle time: any report has gone out
            wait_idle(s)
            now = map_state(frame)
            assert now["date"] == now["label"] == "2022-02-12", f"after {after_what}: {now}"
            assert url_date(s) == "2022-02-12", f"after {after_what}: {s.page.url}"
            assert (
                now["zoom"] == start["zoom"]
                and abs(now["lat"] - start["lat"]) < 1e-6
                and abs(now["lng"] - start["lng"]) < 1e-6
            ), f"after {after_what} the view moved: {start} -> {now}"
            return frame

        _pick(s, "Nation", "USA")
        check("choosing Nation = USA")
        open_sidebar(s)
        s.page.locator('[data-testid="stCheckbox"]').filter(has_text="Highlight changes on the map").click()
        wait_idle(s)
        close_sidebar(s)
        check("switching on the highlight")
        choose_panel(s, "Movements")
        frame = check("choosing the Movements panel")

        frame.locator("#dm-slider").focus()  # the keyboard works on the map right after
        s.page.keyboard.press("ArrowRight")
        frame.wait_for_function("() => document.getElementById('dm-date').dataset.date === '2022-02-13'", timeout=5000)
        s.page.wait_for_function("() => location.search.includes('date=2022-02-13')", timeout=15000)
        assert_clean(s)
        s.screenshot(f"acceptance-state-{viewport}", full_page=False)
    finally:
        finish(s, f"state-{viewport}")
