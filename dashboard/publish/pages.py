"""Story pages and the published map page: the deployment map with text around it.

Rule: every text a page shows comes from the dataset through `html.escape` (written on the server)
or through JSON that the browser reads with textContent (dashboard/web/frontend/pages.js); the map in
words is `dashboard.engine.describe`, the same sentences the app says. A page either inlines its
assets (one file that opens anywhere offline) or links them under `assets/` (a published site,
where every page shares one copy).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, cast

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Story
from dashboard.engine.describe import describe
from dashboard.engine.story import citation_lines, step_view
from dashboard.engine.timeline import Timeline, build_timeline
from dashboard.web import assets
from dashboard.web.described import PAGES_JS, words_by_day
from dashboard.web.options import MapOptions, default_date, default_window
from dashboard.web.style import DEFAULT_THEME

CSS = """
html, body { margin: 0; height: 100%; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; }
body { display: flex; flex-direction: row; }
body > .folium-map { order: 1; flex: 1 1 auto; min-width: 0; height: 100% !important; position: relative !important; }
.side { order: 2; flex: 0 0 380px; max-width: 40%; height: 100%; overflow-y: auto; box-sizing: border-box; padding: 16px 18px;
  border-left: 1px solid #c5ccd3; background: #fbfbfa; }
.side h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
.side h2 { font-size: 1.05rem; margin: .75rem 0 .4rem; }
.side h2:focus { outline: 2px solid #0b3d91; outline-offset: 2px; }
.side .sources { font-size: .9rem; color: #3d4149; padding-left: 1.1rem; }
.side .words { font-size: .95rem; background: #eef2f6; border-radius: 6px; padding: 8px 10px; }
.side nav a, .side a { color: #0b3d91; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: .5rem 0; }
.controls button, .controls select { font: inherit; min-height: 36px; padding: 4px 12px; border: 1px solid #5b6470;
  border-radius: 6px; background: #fff; color: #1b1f24; cursor: pointer; }
.controls button[disabled] { color: #5b6470; cursor: default; background: #eceef0; }
.controls #step-next { background: #1f4e8c; color: #fff; border-color: #1f4e8c; }
.controls #step-next[disabled] { background: #eceef0; color: #5b6470; border-color: #5b6470; }
.skip { position: absolute; left: 8px; top: -48px; z-index: 3000; background: #fff; color: #0b3d91; padding: 6px 10px;
  border: 2px solid #0b3d91; border-radius: 4px; }
.skip:focus { top: 8px; }
@media (max-width: 760px) {
  body { flex-direction: column; }
  body > .folium-map { flex: 0 0 58vh; height: 58vh !important; }
  .side { flex: 1 1 auto; max-width: none; height: auto; border-left: 0; border-top: 1px solid #c5ccd3; }
}
@media (prefers-contrast: more) {
  body, .side { background: #fff; color: #000; }
  .side .sources, .controls button[disabled] { color: #000; }
  .controls button, .controls select { border-color: #000; }
}
@media print { .controls, .skip { display: none; } section.step { display: block !important; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _json(value: Any) -> str:
    from dashboard.web.page import js_json

    return js_json(value)


def _map(loaded: LoadedDataset, timeline: Timeline, day: dt.date, title: str, theme: str = DEFAULT_THEME) -> Any:
    from dashboard.web.page import build_map

    window = default_window(loaded, timeline)
    options = MapOptions(date=day, window=window, controls=True, title=None, theme=theme)
    return build_map(loaded, options, timeline), title


def _render(m: Any, title: str, body_html: str, script: str, inline: bool) -> str:
    """The map page with the side panel and a script, assets inlined or linked under assets/."""
    from branca.element import Element, Figure

    from dashboard.web.page import add_element, render_html

    root = cast(Figure, m.get_root())
    root.title = _e(title)  # branca writes the title as is: escaped here
    root.header.add_child(Element(f"<style>{CSS}</style>"), name="dm_pages_css")
    add_element(m, body_html)
    add_element(m, f'<script src="{assets.ASSETS[PAGES_JS]}"></script><script>{script}</script>')
    page = render_html(m, inline=inline)
    if not inline:
        for name, rel in assets.ASSETS.items():
            page = page.replace(f'src="{rel}"', f'src="assets/{name}"')
            page = page.replace(f'href="{rel}"', f'href="assets/{name}"')
    return page


def story_html(
    loaded: LoadedDataset,
    story: Story,
    timeline: Timeline | None = None,
    inline: bool = True,
    home: str | None = None,
    theme: str = DEFAULT_THEME,
) -> str:
    """One story as a page: the map (in `theme`) beside the steps (one shown at a time; all of them when
    printed)."""
    timeline = timeline if timeline is not None else build_timeline(loaded)
    steps = []
    sections = []
    for n, step in enumerate(story.steps, start=1):
        view = step_view(loaded, timeline, step)
        steps.append(
            {
                "date": step.date.isoformat(),
                "until": step.until.isoformat() if step.until else None,
                "bounds": [list(view.bounds[0]), list(view.bounds[1])] if view.bounds else None,
            }
        )
        last = step.until or step.date
        when = f"{step.date:%-d %B %Y}" + (f" to {step.until:%-d %B %Y}" if step.until else "")
        sources = "".join(f"<li>{_e(line)}</li>" for line in citation_lines(loaded, step))
        words = describe(loaded, timeline, last).text
        sections.append(
            f'<section class="step" aria-labelledby="step-h{n}"{"" if n == 1 else " hidden"}>'
            f'<h2 id="step-h{n}" tabindex="-1">{n}. {_e(when)}</h2>'
            f"<p>{_e(step.caption)}</p>"
            f'<h3 class="visually">Sources</h3><ul class="sources">{sources}</ul>'
            f'<p class="words"><strong>The map on {_e(f"{last:%-d %B %Y}")}, in words:</strong> {_e(words)}</p>'
            "</section>"
        )
    nav = f'<nav><a href="{_e(home)}">All stories and the map</a></nav>' if home else ""
    panel = (
        '<a class="skip" href="#story-panel">Skip to the story</a>'
        f'<aside class="side" id="story-panel" aria-label="Story">{nav}<h1>{_e(story.title)}</h1>'
        + (f"<p>{_e(story.description)}</p>" if story.description else "")
        + '<div class="controls" role="group" aria-label="Story steps">'
        '<button type="button" id="step-prev">◀ Previous</button>'
        '<span id="step-counter"></span>'
        '<button type="button" id="step-next">Next ▶</button>'
        '<label><input type="checkbox" id="step-auto"> Autoplay</label>'
        '<label for="step-pace">Pace</label><select id="step-pace">'
        '<option value="5">5 s</option><option value="10" selected>10 s</option><option value="20">20 s</option>'
        '<option value="40">40 s</option></select></div>'
        + '<p id="step-said" aria-live="polite" aria-atomic="true" style="position:absolute;width:1px;height:1px;'
        'overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"></p>'
        + "".join(sections)
        + '<p class="sources">Keys: ← and → (or Page Up / Page Down) step through the story.</p></aside>'
    )
    m, title = _map(loaded, timeline, story.steps[0].date, story.title, theme)
    return _render(m, title, panel, f"DeployPages.story({_json(steps)});", inline)


def index_html(
    loaded: LoadedDataset,
    timeline: Timeline,
    title: str,
    stories: list[tuple[str, str]],
    downloads: list[tuple[str, str]],
    inline: bool = False,
) -> str:
    """The published map: the map, the map in words for the shown date, links to stories, dates and data."""
    window = default_window(loaded, timeline)
    day = default_date(loaded, window)
    first_words = describe(loaded, timeline, day).text
    story_links = "".join(f'<li><a href="{_e(href)}">{_e(name)}</a></li>' for href, name in stories)
    data_links = "".join(f'<li><a href="{_e(href)}">{_e(name)}</a></li>' for href, name in downloads)
    panel = (
        '<a class="skip" href="#words-panel">Skip to the map in words</a>'
        f'<aside class="side" aria-label="About this map"><h1>{_e(title)}</h1>'
        '<section id="words-panel" aria-labelledby="words-h">'
        '<h2 id="words-h">The map on <span id="words-date"></span>, in words</h2>'
        f'<p class="words" id="words" role="status" aria-live="polite" aria-atomic="true" data-date="{day.isoformat()}">'
        f"{_e(first_words)}</p>"
        "</section>"
        + (f"<h2>Stories</h2><ul>{story_links}</ul>" if story_links else "")
        + '<h2>Dates</h2><p><a href="dates/index.html">Every date, in words</a> (a page a link can point to).</p>'
        + (f"<h2>Data</h2><ul>{data_links}</ul>" if data_links else "")
        + '<p class="sources">Use the timeline under the map (or the keyboard: Tab to the slider, then the arrow '
        "keys). The address keeps the date: copy it to share what you see.</p></aside>"
    )
    m, _ = _map(loaded, timeline, day, title)
    return _render(m, title, panel, "DeployPages.index(window.DEPLOY_WORDS || {});", inline)


def date_page(title: str, day: dt.date, words: str, prev: dt.date | None, nxt: dt.date | None) -> str:
    """A small page for one date: the map in words and a link to the map on that date."""
    links = []
    if prev:
        links.append(f'<a href="{prev.isoformat()}.html">← {_e(f"{prev:%-d %B %Y}")}</a>')
    links.append(f'<a href="../index.html#date={day.isoformat()}">Open the map on this date</a>')
    if nxt:
        links.append(f'<a href="{nxt.isoformat()}.html">{_e(f"{nxt:%-d %B %Y}")} →</a>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}: {day:%-d %B %Y}</title><style>{_DATE_CSS}</style></head><body><main>"
        f'<p><a href="index.html">All dates</a> · <a href="../index.html">The map</a></p>'
        f"<h1>{_e(title)}</h1><h2>{day:%A %-d %B %Y}</h2><p>{_e(words)}</p>"
        f'<nav aria-label="Dates">{" · ".join(links)}</nav></main></body></html>\n'
    )


def dates_index(title: str, days: list[dt.date]) -> str:
    items = "".join(f'<li><a href="{d.isoformat()}.html">{d:%A %-d %B %Y}</a></li>' for d in days)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}: every date</title><style>{_DATE_CSS}</style></head><body><main>"
        f'<p><a href="../index.html">The map</a></p><h1>{_e(title)}: every date, in words</h1><ul>{items}</ul>'
        "</main></body></html>\n"
    )


_DATE_CSS = (
    "body{font:17px/1.5 system-ui,sans-serif;color:#1b1f24;margin:0;padding:0 16px}main{max-width:46rem;margin:2rem auto}"
    "a{color:#0b3d91}nav{margin-top:1.5rem}"
)


def words_script(words: dict[str, str]) -> str:
    """The map in words for every day, as a script (a <script src> loads on file:// where fetch may not)."""
    return "window.DEPLOY_WORDS = " + _json(words) + ";\n"


def asset_files() -> dict[str, str]:
    """Asset name -> its path under dashboard/web/frontend, for a published site's assets/ folder."""
    return dict(assets.ASSETS)


__all__ = [
    "PAGES_JS",
    "asset_files",
    "date_page",
    "dates_index",
    "index_html",
    "story_html",
    "words_by_day",
    "words_script",
]
