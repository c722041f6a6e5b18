"""The dashboard: `streamlit run dashboard/app.py [-- --data PATH]`.

Layout and widgets only; loading, state, map building and exports are plain
functions in the package. The map is a small custom component: the folium map
is sent once per dataset and filter set, then moves client-side; the date it
reports back drives the URL (`?date=`) and the panels below it.

The pages are named for readers in the sidebar ("Map", not this file's name "app", as Streamlit's
legacy pages/ folder showed it); the curation page keeps its file and its address (/Curate_an_article).
They are declared before the imports below: a server's first run spends seconds in those, and the
sidebar would show the legacy names meanwhile.
"""

# ruff: noqa: E402

from __future__ import annotations

import streamlit as st


def _map_page() -> None:
    main()


PAGES = st.navigation(
    [
        st.Page(_map_page, title="Map", url_path="map", default=True),
        st.Page("pages/1_Curate_an_article.py", title="Curate an article", url_path="Curate_an_article"),
    ]
)

import bisect
import contextlib
import datetime as dt
import gc
import hashlib
import html
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.core.claims import Amount, When, day_words
from dashboard.core.coverage import field_support
from dashboard.core.known import known_by, known_dates
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import claim_value
from dashboard.core.plural import counted
from dashboard.core.problems import DatasetError
from dashboard.engine.analysis import (
    claims_changed,
    count_words,
    movements_table,
    personnel_by_country,
    personnel_totals,
    place_words,
    what_changed,
    window_words,
)
from dashboard.engine.describe import describe
from dashboard.engine.filters import select_movements
from dashboard.engine.story import citation_lines, step_command, step_view, stories_by_id
from dashboard.engine.timeline import build_timeline
from dashboard.engine.title import TITLE, page_title
from dashboard.export.alt import IMAGE_FORMATS, read_alt
from dashboard.ui import session, uploads
from dashboard.ui.a11y import page_style
from dashboard.ui.component import deploymap
from dashboard.ui.data import app_data_path, load
from dashboard.ui.viewstate import LIST_KEYS, View, choices, parse_query, to_query
from dashboard.web import assets, pagecache
from dashboard.web.options import MapOptions, default_date, default_window
from dashboard.web.symbols import unit_svg
from dashboard.web.words import backs_words, source_words

MAP_HEIGHT = 640


@st.cache_resource
def _startup_sweep() -> int:
    """Once per server process: remove upload folders left by a crashed server."""
    return uploads.sweep_stale()


class _SessionUpload:
    """A session's upload; its folder goes when the session ends or the upload is replaced
    or removed (see `ui.session`)."""

    def __init__(self, file_id: str, upload: uploads.Upload):
        self.file_id = file_id
        self.upload = upload
        session.hold("upload", upload.folder)

    def remove(self) -> None:
        session.release("upload", self.upload.folder)


def upload_widget() -> None:
    with st.sidebar.expander("Your own dataset", expanded=st.session_state.get("upload_file") is not None):
        st.caption(
            "A dataset YAML file, or a zip of a dataset folder with its seeds and GeoJSON, or a file to import "
            "(CSV, XLSX, ODS, GeoJSON, KML/KMZ, CZML, MF-JSON, ORBAT Mapper scenario; "
            f"at most {uploads.MAX_UPLOAD_BYTES // 1024 // 1024} MB). It is checked by the validator "
            "and shown only to you; it is deleted when you close the page."
        )
        kinds = ["yaml", "yml", "zip"] + [s.lstrip(".") for s in uploads.IMPORT_SUFFIXES]
        st.file_uploader("Upload", type=kinds, key="upload_file", label_visibility="collapsed")


def uploaded_dataset() -> uploads.Upload | None:
    """The viewer's own dataset (this session only), from the sidebar uploader's state
    (the widget itself is drawn after the map, so the map reaches the browser first)."""
    state = st.session_state
    file = state.get("upload_file")
    held: _SessionUpload | None = state.get("upload")
    if file is None:
        if held is not None:
            held.remove()
            del state["upload"]
        return None
    if held is None or held.file_id != file.file_id:
        if held is not None:
            held.remove()
        try:
            received = uploads.receive(file.name, file.getvalue())
        except DatasetError as exc:
            state.pop("upload", None)
            show_problems(file.name, exc, uploaded=True)
            upload_widget()
            st.stop()
        held = _SessionUpload(file.file_id, received)
        with st.spinner("Checking the upload…"):
            refused = uploads.precheck(received)
        if refused is not None:
            held.remove()
            state.pop("upload", None)
            show_problems(file.name, received.for_viewer(refused), uploaded=True)
            upload_widget()
            st.stop()
        state.upload = held
    return held.upload


@st.cache_resource(max_entries=8)
def timeline_for(fingerprint: str, _loaded: LoadedDataset):
    return build_timeline(_loaded)


@st.cache_resource(max_entries=8)
def known_dataset(fingerprint: str, day: dt.date, _loaded: LoadedDataset) -> LoadedDataset:
    """The dataset as the public record stood on `day` (only what sources published by then said)."""
    return known_by(_loaded, day)


@st.cache_resource(show_spinner="Drawing the map…", max_entries=16)
def map_html(fingerprint: str, options: MapOptions, _loaded: LoadedDataset, _data: Path | None) -> tuple[str, str]:
    """The map page and its key (a hash of the page, computed once, not on every rerun). `_data`:
    the bundled dataset's path, whose pages are kept on disk between server starts
    (`web.pagecache`: a first run reads its page instead of importing folium and building it);
    None for an upload, never kept."""
    html = pagecache.page(
        _data, fingerprint, options, lambda: pagecache.build(_loaded, options, timeline_for(fingerprint, _loaded))
    )
    return html, hashlib.sha1(html.encode("utf-8")).hexdigest()[:16]


@st.cache_resource
def _freeze_startup_heap() -> bool:
    """Once per server process, after the first full run: hide what is alive now (modules,
    the bundled dataset and its map) from the garbage collector. Streamlit collects all
    generations after every rerun (`runner.postScriptGC`), scanning every long-lived object
    each time; after the freeze a collection scans only what later runs allocate, and
    still frees it (the cost is in benchmarks/README.md, "Design measurements").
    No full collection first: over the ~260,000 objects then alive it took 0.06-0.1 s of CPU
    (0.27 s sampled on a busy machine) just when the browser fetches the map's frame (a cold
    start), to free the ~650 unreachable objects the first run leaves; they stay frozen instead."""
    gc.freeze()
    return True


def dataset_name(own: uploads.Upload | None = None) -> str:
    """What viewers call the dataset: the uploaded file's name, or the bundled dataset's folder
    (or file) name; never the server's path."""
    return own.shown if own is not None else app_data_path().resolve().name


def _in_dataset(file: str) -> str:
    """A problem's file relative to the bundled dataset's parent folder ('data/units.yaml')."""
    root = app_data_path().resolve()
    base = root.parent
    try:
        return Path(file).resolve().relative_to(base).as_posix()
    except (OSError, ValueError):
        return Path(file).name


def show_problems(name: Path | str, error: DatasetError, uploaded: bool = False) -> None:
    """The validator's problems, one row each (file, line, record, field, message)."""
    name = str(name).replace("`", "'")
    if uploaded:
        st.error(f"Your upload `{name}` cannot be shown: {error.summary()}. Fix these and upload it again.")
    else:
        st.error(f"The dataset `{name}` cannot be shown: {error.summary()}. Fix these and reload the page.")
    rows = [p.as_dict() for p in error.problems]
    if not uploaded:
        for row in rows:
            row["file"] = _in_dataset(row["file"]) if row.get("file") else row.get("file")
    st.dataframe(rows, hide_index=True, column_order=["file", "line", "record", "field", "message"], width="stretch")
    if not uploaded:
        st.caption("Check it from a terminal with `python -m dashboard validate --data PATH`.")


def main() -> None:
    st.set_page_config(page_title="Troop deployments", page_icon="🗺️", layout="wide")
    page_style()
    _startup_sweep()
    path, base = app_data_path(), None
    own = uploaded_dataset()
    heading = st.empty()  # the title names the period the data covers, once it is loaded
    heading.title(TITLE)
    if own is not None:
        path, base = own.dataset, own.folder
        st.caption(
            f"Your upload {own.shown.replace('`', '')}: shown only to you, deleted when you close the page. "
            "Remove it under 'Your own dataset' in the sidebar to return to the bundled data."
        )
        if own.notices:
            with st.expander(f"The import left {len(own.notices)} things to check", expanded=False):
                st.text("\n".join(own.hide_folder(str(p)) for p in own.notices[:200]))
    missing = assets.check()
    if missing:
        st.error(f"The map's web assets are not installed ({', '.join(missing)}): {assets.SETUP_HINT}.")
        st.stop()
    if not path.exists():
        print(f"deploymap: no dataset at {path.resolve()}", file=sys.stderr)  # the operator's log, not the page
        st.error(
            f"No dataset at `{dataset_name()}`. Start the app with `streamlit run dashboard/app.py -- --data PATH`, "
            "where PATH is a dataset YAML file or folder, or upload one in the sidebar."
        )
        upload_widget()
        st.stop()
    loaded, error = load(path, base)
    if error is not None:
        if own is not None:
            show_problems(own.shown, own.for_viewer(error), uploaded=True)
        else:
            show_problems(dataset_name(), error)
        upload_widget()  # offer (or keep) an upload, so it can be replaced or removed
        st.stop()
    assert loaded is not None
    heading.title(page_title(loaded))
    timeline = timeline_for(loaded.fingerprint, loaded)
    first, last = default_window(loaded, timeline)
    if not loaded.dataset.movements and not loaded.dataset.events and not loaded.dataset.areas:
        st.info(
            "This dataset has no movements, events or areas yet: there is nothing to draw. "
            "Add some to the YAML files and reload."
        )
        upload_widget()
        st.stop()

    state = st.session_state
    window = (first, last)
    if state.get("dataset") != loaded.fingerprint:  # a new session starts from the link
        start_session(loaded, window, from_link=state.get("dataset") is None)
    elif "compare" not in state:  # back from another page, which dropped this page's widget values
        show_view(state.shown_view)
    for notice in state.url_notices:
        st.warning(notice)

    known = state.get("known")
    shown = loaded if known is None else known_dataset(loaded.fingerprint, known, loaded)
    if known is not None:
        total = len(loaded.dataset.sources)
        st.caption(
            f"Showing what sources published by {day_words(known)} said "
            f"({len(shown.dataset.sources)} of {counted(total, 'source')}). "
            "Choose 'Known by: now' in the sidebar to see everything."
        )
    if not shown.dataset.movements and not shown.dataset.events and not shown.dataset.areas:
        assert known is not None
        first_published = min((s.published for s in loaded.dataset.sources), default=None)
        st.info(
            f"No source of this dataset had been published by {day_words(known)}: nothing was known yet, "
            "so the map and panels have nothing to show."
            + (f" The first source was published on {day_words(first_published)}." if first_published else "")
            + " Choose a later day under 'Known by' in the sidebar."
        )
        st.query_params.from_dict(to_query(replace(state.shown_view, known=known)))
    else:
        shown_timeline = timeline if shown is loaded else timeline_for(shown.fingerprint, shown)
        map_and_panels(shown, shown_timeline, window, current_selection(shown), loaded, tells=known is None)
    sidebar_widgets(loaded, first, last, own)
    _freeze_startup_heap()


@st.fragment
def map_and_panels(
    loaded: LoadedDataset,
    timeline,
    window: tuple[dt.date, dt.date],
    selection: frozenset[str] | None,
    full: LoadedDataset,
    tells: bool = False,
) -> None:
    """The map, its caption, the address bar and the panel under the map. `loaded` is what is
    shown (the dataset as known by the sidebar's day), `full` the whole dataset. With `tells`
    (everything known) a story being told is beside the map, and directly under it on a phone,
    where columns stack: the step's text and its Next button stay next to the map they are about.

    A fragment: what the map reports (a settled date, a clicked unit, a moved view) reruns
    only this part, not the sidebar, so a reported date costs the page and the server less
    (benchmarks/README.md, "Design measurements"). The sidebar's widgets still rerun
    everything, this included."""
    state = st.session_state
    first, last = window

    def on_map() -> None:  # the map reports a new date, a clicked unit or its view
        value = state.get("map") or {}
        try:
            reported = dt.date.fromisoformat(value.get("date") or "")
        except (TypeError, ValueError):
            reported = None
        if reported and first <= reported <= last:
            state.date = reported
        if value.get("unit") in loaded.units:
            state.unit = value["unit"]
        # the map is playing: its date moves without reruns (kept with the page it plays on, see the caption)
        state.map_playing = state.get("last_map_key") if value.get("playing") else None
        v = value.get("view")
        if isinstance(v, list) and len(v) == 7:
            try:
                state.map_view = (float(v[0]), float(v[1]), int(v[2]))
                west, south, east, north = (float(x) for x in v[3:])
                state.map_bounds = (max(-180.0, west), max(-85.0, south), min(180.0, east), min(85.0, north))
            except (TypeError, ValueError):
                pass

    if selection is not None and not selection:
        st.info("No movement matches these filters. Clear a filter in the sidebar to see more.")
    beside: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    if tells and story_step(full) is not None:
        beside, right = st.columns([7, 3])
        with right:  # first: a story opened from a link frames its step before the map is drawn
            story_bar(full, timeline)
    highlight, online = bool(state.get("highlight")), bool(state.get("online"))
    changes = what_changed(loaded, timeline, state.compare, state.date, selection) if highlight else None
    told = story_step(loaded)
    options = MapOptions(
        date=state.date,
        window=window,
        online_tiles=online,
        movement_ids=selection,
        highlight_ids=(changes.movement_ids if changes else frozenset())
        | (step_view(loaded, timeline, told).movement_ids if told else frozenset()),
    )
    bundled = app_data_path() if state.get("upload") is None else None
    html, map_key = map_html(loaded.fingerprint, options_key(options), loaded, bundled)
    with beside:
        deploymap(html=html, map_key=map_key, command=state.command, height=MAP_HEIGHT, key="map", on_change=on_map)
    state.last_map_key = map_key
    view = View(
        date=state.date,
        compare=state.compare,
        unit=state.get("unit"),
        q=state.get("q") or "",
        view=state.get("map_view"),
        known=state.get("known"),
        story=state.get("story"),
        step=state.get("step") or 1,
        **{k: tuple(state.get(f"f_{k}") or ()) for k in LIST_KEYS},
    )
    state.shown_view = view
    st.query_params.from_dict(to_query(view))
    st.caption(map_caption(state.date, playing=state.get("map_playing") == map_key))
    map_in_words(loaded, timeline, state.date, selection)
    panels(loaded, timeline, state.date, state.compare, changes, window, selection, full)


def map_caption(day: dt.date, playing: bool = False) -> str:
    """The line under the map. While the map plays, its date moves in the browser with no rerun, so the
    line names no date as the map's: the date is in the map's banner, and the text below stays on the
    day Play started until the map stops (then the map reports its date and the page follows)."""
    if playing:
        return (
            f"Playing from {day:%A %d %B %Y}: the map's date is in its banner. The map in words and the "
            "panels below stay on that day until the map stops."
        )
    return (
        f"Showing {day:%A %d %B %Y}. Click a unit, route, event or area for its sources. "
        "The address bar holds this view: copy it to share exactly what you see."
    )


def map_in_words(loaded: LoadedDataset, timeline, day: dt.date, selection: frozenset[str] | None) -> None:
    """The map described in words, in a polite live region: a screen reader hears it once the date
    settles (the map reports a date half a second after the last key press), not on every frame."""
    text = describe(loaded, timeline, day, selection).text
    st.html(
        '<section aria-label="The map in words" class="map-words">'
        '<h2 style="font-size:1rem;margin:0 0 .25rem">The map in words</h2>'
        f'<p role="status" aria-live="polite" aria-atomic="true" style="margin:0">{html.escape(text)}</p></section>'
    )


# ---------------------------------------------------------------- guided stories


def story_step(loaded: LoadedDataset):
    """The story step being told (None: no story), as the session holds it."""
    state = st.session_state
    story = stories_by_id(loaded).get(state.get("story") or "")
    if story is None:
        return None
    n = min(max(1, int(state.get("step") or 1)), len(story.steps))
    return story.steps[n - 1]


def go_to_step(loaded: LoadedDataset, timeline, story_id: str | None, n: int = 1) -> None:
    """Tell step `n` of a story: its date in the session, its date, frame and range sent to the map."""
    state = st.session_state
    story = stories_by_id(loaded).get(story_id or "")
    if story is None:
        state.story, state.step = None, 1
        return
    n = min(max(1, n), len(story.steps))
    state.story, state.step = story.id, n
    view = step_view(loaded, timeline, story.steps[n - 1])
    state.date = view.date
    send_command(**step_command(view))
    state.story_sent = (story.id, n)
    state.story_clock = dt.datetime.now().timestamp()


STORY_PACES = {"5 s": 5, "10 s": 10, "20 s": 20, "40 s": 40}


def _step_button(loaded: LoadedDataset, timeline, story_id: str, n: int, which: str) -> None:
    go_to_step(loaded, timeline, story_id, n)
    st.session_state.story_focus = which


def _focus_button(which: str, n: int, total: int) -> None:
    """Focus the story's Previous or Next button again after the rerun (the other one at either end),
    unless the reader has moved the focus on; and bring the map back into view if its top has gone
    above the window (a phone, where the step's text is under the map): the reader sees the new step's
    map, its text starting under it. Our own script: no dataset text in it."""
    label = {"Previous": "◀ Previous" if n > 1 else "Next ▶", "Next": "Next ▶" if n < total else "◀ Previous"}
    st.html(
        "<script>(function () { var tries = 0; (function go() {"
        "  var b = Array.prototype.find.call(document.querySelectorAll('[data-testid=\"stButton\"] button'),"
        f"    function (x) {{ return x.innerText.indexOf({json.dumps(label[which])}) >= 0 && !x.disabled; }});"
        "  var a = document.activeElement;"
        "  var m = document.querySelector('iframe[data-testid=\"stCustomComponentV1\"]');"
        "  if (b && (!a || a === document.body || a.tagName === 'BUTTON')) b.focus({ preventScroll: true });"
        "  if (b && m && m.getBoundingClientRect().top < 0) m.scrollIntoView({ block: 'start' });"
        "  else if (!b && tries++ < 40) setTimeout(go, 50);"
        f"}})(); }})(); /* step {n} */</script>",
        unsafe_allow_javascript=True,
    )


def story_bar(loaded: LoadedDataset, timeline) -> None:
    """The story beside the map: its step's caption and sources, previous/next, autoplay."""
    state = st.session_state
    story = stories_by_id(loaded)[state.story]
    if state.get("story_sent") != (story.id, state.step):  # opened from a link: frame the step once
        go_to_step(loaded, timeline, story.id, state.step)
    n, total = state.step, len(story.steps)
    step = story.steps[n - 1]
    when = f"{step.date:%-d %B %Y}" + (f" to {step.until:%-d %B %Y}" if step.until else "")
    with st.container(border=True):
        # The step in a polite live region: a screen reader hears the new step once, where the focus is.
        st.html(
            f'<div role="status" aria-live="polite" aria-atomic="true" class="story-step">'
            f'<p style="margin:0 0 .3rem"><strong>{html.escape(story.title)}</strong>, step {n} of {total}: '
            f'{html.escape(when)}</p><p style="margin:0">{html.escape(step.caption)}</p></div>'
        )
        for line in citation_lines(loaded, step):
            st.caption(line)
        prev, nxt = st.columns(2)
        prev.button(
            "◀ Previous",
            disabled=n <= 1,
            on_click=_step_button,
            args=(loaded, timeline, story.id, n - 1, "Previous"),
            width="stretch",
        )
        nxt.button(
            "Next ▶",
            disabled=n >= total,
            on_click=_step_button,
            args=(loaded, timeline, story.id, n + 1, "Next"),
            width="stretch",
            type="primary",
        )
        st.toggle("Autoplay", key="story_auto", help="Go on to the next step by itself, at the chosen pace.")
        pace, close = st.columns(2)
        pace.selectbox("Pace", list(STORY_PACES), index=1, key="story_pace", label_visibility="collapsed")
        close.button("Close story", on_click=go_to_step, args=(loaded, timeline, None), width="stretch")
    focus = state.pop("story_focus", None)
    if focus:  # the rerun drew new buttons: give the focus back to the one the reader pressed
        _focus_button(focus, n, total)
    with st.expander("Take this story away: offline slides, a PDF handout"):
        st.download_button(
            "Download the slides (one HTML file, works offline)",
            story_slides(loaded.fingerprint, story.id, loaded),
            file_name=f"story-{story.id}.html",
            mime="text/html",
            key="story_html",
        )
        if st.button("Prepare the PDF handout (a page per step)", key="story_pdf_go"):
            with st.spinner("Drawing a map for each step…"):
                state.story_pdf = (story.id, story_handout(loaded, timeline, story))
        pdf = state.get("story_pdf")
        if pdf and pdf[0] == story.id:
            st.download_button(
                "Download the PDF handout", pdf[1], file_name=f"story-{story.id}.pdf", mime="application/pdf"
            )
        st.caption("A GIF or MP4 with captions: `python -m dashboard story --out story.gif` (README, 'Command line').")
    if state.get("story_auto") and n < total:
        st.fragment(_autoplay_tick, run_every=STORY_PACES[state.get("story_pace") or "10 s"])(loaded, timeline)


@st.cache_data(max_entries=8, show_spinner=False)
def story_slides(fingerprint: str, story_id: str, _loaded: LoadedDataset) -> bytes:
    from dashboard.publish.pages import story_html

    story = stories_by_id(_loaded)[story_id]
    return story_html(_loaded, story, timeline_for(fingerprint, _loaded), inline=True).encode("utf-8")


def story_handout(loaded: LoadedDataset, timeline, story) -> bytes:
    import tempfile

    from dashboard.publish.handout import handout_pdf

    with tempfile.TemporaryDirectory(prefix="dashboard-story-") as tmp:
        out = Path(tmp) / "story.pdf"
        handout_pdf(loaded, story, out, timeline)
        return out.read_bytes()


def _autoplay_tick(loaded: LoadedDataset, timeline) -> None:
    state = st.session_state
    pace = STORY_PACES[state.get("story_pace") or "10 s"]
    if state.get("story_auto") and dt.datetime.now().timestamp() - state.get("story_clock", 0) >= pace - 0.5:
        go_to_step(loaded, timeline, state.story, state.step + 1)
        st.rerun(scope="app")


def story_widget(loaded: LoadedDataset) -> None:
    """The sidebar's story picker (only for datasets that hold stories)."""
    stories = stories_by_id(loaded)
    if not stories:
        return
    state = st.session_state
    options = ["", *stories]
    state.story_pick = state.get("story") or ""

    def chosen() -> None:
        go_to_step(loaded, timeline_for(loaded.fingerprint, loaded), state.story_pick or None, 1)

    st.header("Story")
    st.selectbox(
        "Tell a story",
        options,
        key="story_pick",
        format_func=lambda sid: stories[sid].title if sid else "none: explore freely",
        on_change=chosen,
        help="A guided story sets the date and frames the map step by step, each step with its sources.",
    )


@st.cache_resource(max_entries=8)
def filter_choices(fingerprint: str, _loaded: LoadedDataset) -> dict[str, list[str]]:
    return choices(_loaded)  # once per dataset, not on every slider step


def sidebar_widgets(loaded: LoadedDataset, first: dt.date, last: dt.date, own: uploads.Upload | None) -> None:
    """Comparison date, filters and map options. Drawn after the map (their values are read
    from the session state before it), so the map is the first thing the browser receives.

    The map's date has no widget here on purpose: the server never writes a value into a
    widget the browser also edits, because a rerun still carrying that widget's old value
    would move the map back. The date is set in the map (slider, buttons, date field, Play)
    and the server follows the map's reports."""
    allowed = filter_choices(loaded.fingerprint, loaded)
    with st.sidebar:
        story_widget(loaded)
        st.header("Date")
        st.caption(
            f"Timeline: {first:%d %b %Y} – {last:%d %b %Y}. Change the date under the map: "
            "drag the slider, type a date, or press ▶ Play."
        )
        st.date_input(
            "Compare with",
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            key="compare",
            help="Movements that changed between this date and the map's date are listed under "
            "'What changed' and can be highlighted on the map.",
        )
        st.toggle("Highlight changes on the map", key="highlight")
        known_widget(loaded)
        st.header("Filters")
        labels = {
            "nation": "Nation",
            "branch": "Branch",
            "echelon": "Echelon",
            "confidence": "Confidence",
            "country": "Origin or destination country",
        }
        for key in LIST_KEYS:
            st.multiselect(labels[key], allowed[key], key=f"f_{key}", format_func=lambda v: v.replace("_", " "))
        st.text_input("Search units", key="q", placeholder="e.g. airborne", max_chars=100)
        st.header("Map")
        st.toggle(
            "Online map tiles",
            key="online",
            help="Adds OpenStreetMap tiles as a base layer. Off by default: the map works offline "
            "with the bundled Natural Earth borders.",
        )
        st.header("Dataset")
        st.caption(f"{dataset_name(own)}: {loaded.summary().split(': ', 1)[-1]}")
    upload_widget()


def known_choices(loaded: LoadedDataset, extra: dt.date | None = None) -> list[dt.date]:
    """Days worth choosing as 'known by': each source's publication day and the day before the
    first (nothing known yet), newest first; `extra` (a day from the link) is kept among them."""
    days = set(known_dates(loaded))
    if days:
        days.add(min(days) - dt.timedelta(days=1))
    if extra is not None:
        days.add(extra)
    return sorted(days, reverse=True)


def sources_by(loaded: LoadedDataset, day: dt.date | None) -> int:
    published = sorted(s.published for s in loaded.dataset.sources)
    return len(published) if day is None else bisect.bisect_right(published, day)


NOW = "now"  # the 'Known by' choice that keeps every source (a selectbox shows None as no choice)


def _known_label(loaded: LoadedDataset, day: dt.date | str | None) -> str:
    total = len(loaded.dataset.sources)
    if day is None or day == NOW:
        return f"now (all {counted(total, 'source')})" if total > 1 else f"now ({counted(total, 'source')})"
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    n = sources_by(loaded, day)
    return f"{day_words(day)} ({n} of {counted(total, 'source')})"


def _known_value(pick: str | None) -> dt.date | None:
    # after the dataset changes (an upload), the widget may hand back the previous dataset's label: now
    if not pick or pick == NOW or len(pick) != 10:
        return None
    try:
        return dt.date.fromisoformat(pick)
    except ValueError:
        return None


def known_widget(loaded: LoadedDataset) -> None:
    """The 'Known by' day: keep only what sources published on or before it said."""
    state = st.session_state
    options = [NOW, *(d.isoformat() for d in known_choices(loaded, state.get("known")))]
    known = state.get("known")
    state.known_pick = known.isoformat() if known else NOW

    def chosen() -> None:
        state.known = _known_value(state.known_pick)

    st.selectbox(
        "Known by",
        options,
        key="known_pick",
        format_func=lambda d: _known_label(loaded, d),
        on_change=chosen,
        help="Show only what sources published on or before this day said, to replay what the public "
        "record said then against what is known now. 'What changed' can compare two such days.",
    )


def start_session(loaded: LoadedDataset, window: tuple[dt.date, dt.date], from_link: bool = True) -> None:
    """Fill the widgets' state from the link (invalid parts are ignored with a notice). A
    dataset switched to later (an upload, or removing it) starts from its own defaults: the
    address then describes the previous dataset."""
    state = st.session_state
    state.dataset = loaded.fingerprint
    query = st.query_params.to_dict() if from_link else {}
    view, notices = parse_query(query, loaded, window, default_date(loaded, window))
    state.url_notices = notices
    state.command_seq = -1
    show_view(view)


def show_view(view: View) -> None:
    """Put a view in the widgets' state and send it to the map. Used when a session starts
    and when the viewer comes back from another page: Streamlit drops the values of widgets
    that a page run did not draw, so they are kept in `shown_view` and restored here."""
    state = st.session_state
    state.date = view.date
    state.compare = view.compare
    for key in LIST_KEYS:
        state[f"f_{key}"] = list(getattr(view, key))
    state.q = view.q
    state.unit = view.unit
    state.map_view = view.view
    state.known = view.known
    state.story, state.step = view.story, view.step
    state.shown_view = view
    # A view with a map view reopens exactly that view; one with only a unit flies to it.
    send_command(
        date=view.date.isoformat(), fly=None if view.view else view.unit, view=list(view.view) if view.view else None
    )
    state.story_sent = None  # a story step frames the map once its dataset and timeline are at hand


def send_command(**command) -> None:
    state = st.session_state
    state.command_seq += 1
    state.command = {"seq": state.command_seq, **command}


def current_selection(loaded: LoadedDataset) -> frozenset[str] | None:
    """Movement ids the sidebar filters select (None: no filter, everything)."""
    state = st.session_state
    criteria = {k: state.get(f"f_{k}") for k in LIST_KEYS if state.get(f"f_{k}")}
    q = (state.get("q") or "").strip().lower()
    if q:
        criteria["unit"] = [
            u.id
            for u in loaded.dataset.units
            if q in u.name.lower() or q in (u.short_name or "").lower() or q in u.id.lower()
        ] or ["\0"]
    if not criteria:
        return None
    return select_movements(loaded, **criteria)


PANELS = ("Selected unit", "Personnel by country", "What changed", "Movements", "Export")
TABLE_ROWS = 1000


def panels(
    loaded: LoadedDataset,
    timeline,
    day: dt.date,
    compare: dt.date,
    changes,
    window,
    selection: frozenset[str] | None,
    full: LoadedDataset | None = None,
) -> None:
    """The panel under the map. Only the chosen one is built and sent, so a date step stays
    small on big datasets. Dataset text is shown as plain text or table cells, never as HTML."""
    full = full or loaded
    panel = st.segmented_control("Panel", PANELS, default=PANELS[0], key="panel", label_visibility="collapsed")
    if panel == "Selected unit" or panel is None:
        unit_panel(loaded, timeline, day, full)
    elif panel == "Personnel by country":
        personnel_panel(loaded, timeline, day, window, selection)
    elif panel == "What changed":
        mode = st.radio(
            "Compare",
            ("Two dates on the map", "What sources said on two days"),
            horizontal=True,
            key="changes_mode",
            help="Two dates on the map: what moved between the comparison date (sidebar) and the map's date. "
            "What sources said: which claims the public record added or changed between two 'known by' days.",
        )
        if mode == "What sources said on two days":
            known_changes_panel(full)
        else:
            changes_panel(loaded, day, compare, changes or what_changed(loaded, timeline, compare, day, selection))
    elif panel == "Movements":
        table = movements_table(loaded, timeline, day, selection)
        if len(table) > TABLE_ROWS:
            st.caption(f"Showing the first {TABLE_ROWS:,} of {len(table):,} movements; the CSV has them all.")
        st.dataframe(table.head(TABLE_ROWS), hide_index=True, width="stretch")
        st.caption(
            "Dates and strengths as the sources give them ('by 10 Feb 2022', 'about 1,000'); the last columns "
            "hold their bounds (empty where a source leaves them open). Phase 'unknown': the sources do not say "
            "whether the unit had left or arrived on the map's date."
        )
        st.download_button(
            "Download CSV", table.to_csv(index=False).encode("utf-8"), file_name=f"movements-{day}.csv", mime="text/csv"
        )
    else:
        export_panel(loaded, timeline, day, window, selection)


def personnel_panel(loaded: LoadedDataset, timeline, day: dt.date, window, selection) -> None:
    import pandas as pd  # pandas and the chart module load with the first table, not on a cold start

    from dashboard.ui.charts import chart_countries, personnel_chart

    frame = personnel_by_country(loaded, timeline, window[0], window[1], selection)
    if frame.empty or not (frame["high"] > 0).any():
        st.info("No movement in this dataset reports a strength, so there is nothing to count.")
        return
    st.altair_chart(personnel_chart(frame, day), width="stretch")
    drawn = chart_countries(frame)
    everywhere = sorted(set(frame.loc[frame["high"] > 0, "country"]))
    if len(everywhere) > len(drawn):
        st.caption(
            f"The chart draws the {counted(len(drawn), 'place')} with the largest counts; the table lists all of them on the "
            "map's date."
        )
    today = frame[(frame["date"] == day) & (frame["high"] > 0)]
    totals = personnel_totals(loaded, timeline, day, day, selection).iloc[0]
    rows = [
        {"country": r.country, "personnel": count_words(r.low, r.high, bool(r.approximate))} for r in today.itertuples()
    ]
    rows.append(
        {"country": "total", "personnel": count_words(totals["low"], totals["high"], bool(totals["approximate"]))}
    )
    st.markdown(f"**On {day:%d %B %Y}**")
    st.table(pd.DataFrame(rows).set_index("country"))
    notes = [
        "Personnel per day, from movements with a reported strength. A unit counts where it starts until it "
        "departs, 'in transit' while moving, and at its destination from arrival.",
        "Where the sources give a window rather than a day, or a range rather than a number, each place shows a "
        "band: from the people certainly there (at the lowest strength given) to those possibly there (at the "
        "highest). '850–1,700' is such a range; an exact count is a line. The total counts each unit once.",
    ]
    if frame["high"].map(math.isinf).any():
        notes.append(
            "A strength given only as a lower bound ('over 500') has no upper bound: its band rises to the top "
            "of the chart with a dashed outline, and the table says 'no upper bound given'."
        )
    if bool(timeline.arrive_estimated.any()):
        notes.append(
            "Movements without a reported arrival arrive on the map's estimate (see the Movements panel): "
            "after it they count as arrived."
        )
    st.caption(" ".join(notes))


def _move_line(loaded: LoadedDataset, m, uncertain: bool) -> str:
    depart = f"departs {m.depart.words()}" if m.depart is not None else "departure not reported"
    line = f"{loaded.units[m.unit].name}: {place_words(loaded, m.from_)} → {place_words(loaded, m.to)}, {depart}" + (
        f", arrives {m.arrive.words()}" if m.arrive is not None else ""
    )
    return line + (" (possibly: its dates allow it)" if uncertain else "")


def changes_panel(loaded: LoadedDataset, day: dt.date, compare: dt.date, changes) -> None:
    import pandas as pd

    st.markdown(f"Between **{min(compare, day)}** and **{max(compare, day)}**")
    cols = st.columns(3)
    moves = {m.id: m for m in loaded.dataset.movements}
    for col, title, ids, key in zip(
        cols,
        ("Departed", "Arrived", "On the move at some time"),
        (changes.departed, changes.arrived, changes.in_transit),
        ("departed", "arrived", "in_transit"),
    ):
        unsure = changes.possibly.get(key, frozenset())
        with col:
            st.metric(title, len(ids))
            maybe = sum(mid in unsure for mid in ids)
            if maybe:
                st.caption(f"{maybe} of them only possibly: the sources' dates allow it, no source says so.")
            lines = [_move_line(loaded, moves[mid], mid in unsure) for mid in ids[:200]]
            if lines:
                st.text("\n".join(lines) + (f"\n… and {len(ids) - 200:,} more" if len(ids) > 200 else ""))
    st.caption(
        "A movement counts once in each column that applies: one that departed and arrived in between is in all "
        "three. 'On the move at some time' is any movement under way on some day of the interval, not only on "
        "the map's date. A movement marked 'possibly' is listed because its dates, as the sources give them, "
        "allow it; no source says it happened in between."
    )
    if changes.new_events:
        st.text("New events: " + "; ".join(e.name for e in loaded.dataset.events if e.id in changes.new_events))
    if changes.new_areas:
        st.text("New areas: " + "; ".join(a.name for a in loaded.dataset.areas if a.id in changes.new_areas))
    if changes.personnel:
        lo, hi = min(compare, day), max(compare, day)
        rows = []
        for country, ((a0, a1), (b0, b1)) in changes.personnel.items():
            exact = a0 == a1 and b0 == b1
            rows.append(
                {
                    "country": country,
                    f"on {lo}": count_words(a0, a1),
                    f"on {hi}": count_words(b0, b1),
                    "net change": f"{int(b0 - a0):+,}" if exact else "not known (ranges)",
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def known_changes_panel(full: LoadedDataset) -> None:
    """What the public record added or changed between two 'known by' days."""
    import pandas as pd

    state = st.session_state
    days = known_choices(full, state.get("known"))
    if not days:
        st.info("This dataset has no sources, so nothing was ever published.")
        return
    options = [NOW, *(d.isoformat() for d in days)]
    current = state.get("known")
    cols = st.columns(2)
    later = _known_value(
        cols[1].selectbox(
            "Later: known by",
            options,
            index=options.index(current.isoformat()) if current and current.isoformat() in options else 0,
            format_func=lambda d: _known_label(full, d),
            key="known_later",
        )
    )
    end = later or max(days)
    before = [d for d in days if d < end]
    earlier_default = before[0] if before else days[-1]
    earlier = cols[0].selectbox(
        "Earlier: known by",
        days,
        index=days.index(earlier_default),
        format_func=lambda d: _known_label(full, d),
        key="known_earlier",
    )
    report = claims_changed(full, earlier, later or dt.date.max)
    counts = report.counts()
    shown_end = "now" if later is None else day_words(later)
    st.markdown(f"What sources said by **{day_words(report.earlier)}** against **{shown_end}**")
    m = st.columns(4)
    m[0].metric("Sources published in between", len(report.new_sources))
    m[1].metric("Records added", counts["added"])
    m[2].metric("Records changed", counts["changed"])
    m[3].metric("Records gone", counts["removed"])
    if report.new_sources:
        titles = {s.id: s for s in full.dataset.sources}
        st.text(
            "\n".join(f"{titles[s].published}: {titles[s].title} ({titles[s].publisher})" for s in report.new_sources)
        )
    if report.changes:
        rows = [
            {
                "record": c.name,
                "kind": c.section[:-1],
                "change": c.change,
                "what changed": "; ".join(f"{f}: {a} → {b}" for f, a, b in c.fields),
            }
            for c in report.changes
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption("Nothing the map shows changed between these two days.")
    st.caption(
        "A record is added when the first source quoting it is published; it changes when a later source gives "
        "another date, place or number for one of its fields (kept side by side as alternatives), or adds a quote."
    )


EXPORT_LABELS = {
    "png": "PNG image",
    "svg": "SVG (vector, no browser)",
    "pdf": "PDF (print)",
    "html": "HTML (interactive, works offline)",
    "geojson": "GeoJSON (the data on this date)",
    "gif": "GIF animation",
    "mp4": "MP4 video",
    "csv": "CSV (every record, re-importable)",
    "xlsx": "XLSX (a sheet per section, re-importable)",
    "kml": "KML (Google Earth, with its time slider)",
    "kmz": "KMZ (KML with unit symbols)",
    "czml": "CZML (Cesium)",
    "mfjson": "OGC Moving Features JSON",
    "orbat": "ORBAT Mapper scenario",
}
EXPORT_EXT = {"mfjson": "mf.json", "orbat": "orbat.json"}
EXPORT_MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
    "gif": "image/gif",
    "mp4": "video/mp4",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kml": "application/vnd.google-earth.kml+xml",
    "kmz": "application/vnd.google-earth.kmz",
    "czml": "application/json",
    "mfjson": "application/geo+json",
    "orbat": "application/json",
}
THEME_LABELS = {"light": "Light (as on screen)", "dark": "Dark", "print": "Print (black and white)"}
SIZES = {
    "1600 × 1000": (1600, 1000),
    "1200 × 750": (1200, 750),
    "1920 × 1080": (1920, 1080),
    "1080 × 1080": (1080, 1080),
    "800 × 500": (800, 500),
}


def export_panel(loaded: LoadedDataset, timeline, day: dt.date, window, selection) -> None:
    """Downloads of what is on screen: date, filters, highlight and the map's current view."""
    from dashboard import export as exporter
    from dashboard.export.layout import DATA_FORMATS, view_for_size

    state = st.session_state
    fmt = st.selectbox("Format", list(EXPORT_LABELS), format_func=lambda f: EXPORT_LABELS[f], key="export_format")
    title = st.text_input("Title", value="Troop deployments", max_chars=120, key="export_title")
    animated = fmt in ("gif", "mp4")
    kw: dict = {}
    if fmt in ("png", "svg", "pdf") or animated:
        cols = st.columns(3)
        size = cols[0].selectbox("Size (pixels)", list(SIZES), index=4 if animated else 0, key=f"export_size_{fmt}")
        kw["width"], kw["height"] = SIZES[size]
        if fmt == "png":
            kw["scale"] = cols[1].selectbox("Scale", [1, 2, 3], index=1, key="export_scale")
        if animated:
            kw["frames"] = cols[1].slider("Frames", 10, 120, 30, key="export_frames")
            kw["fps"] = cols[2].slider("Frames per second", 2, 30, 8, key="export_fps")
            span = st.slider(
                "From – to",
                min_value=window[0],
                max_value=window[1],
                value=window,
                format="YYYY-MM-DD",
                key="export_span",
            )
    theme = "light"
    if fmt in ("png", "svg", "pdf") or animated:
        theme = st.selectbox(
            "Theme",
            list(THEME_LABELS),
            format_func=lambda t: THEME_LABELS[t],
            key="export_theme",
            help="Print: white sea, greys and ink that survive black-and-white printing and photocopying.",
        )
    bounds = state.get("map_bounds")
    if bounds and "width" in kw:  # a phone's tall view is cut to the picture's shape, not fitted whole
        bounds = view_for_size(bounds, kw["width"], kw["height"])
    options = MapOptions(
        theme=theme,
        date=day,
        window=window,
        movement_ids=selection,
        title=title or None,
        bounds=bounds if fmt not in ("geojson", "html") else None,
        highlight_ids=what_changed(loaded, timeline, state.compare, day, selection).movement_ids
        if state.get("highlight")
        else frozenset(),
    )
    if fmt in DATA_FORMATS:  # data (dashboard.interchange): every record, every day
        st.caption("Exports every record, the whole timeline, with the current filters (no sharper than the sources).")
    else:
        view = ""
        if bounds:
            cut = bounds != state.get("map_bounds")
            view = (
                " and the middle of the map's current view, at this size's shape."
                if cut
                else " and the map's current view."
            )
        st.caption(f"Exports {day} with the current filters" + (view or "."))
    # what a prepared file was made from: a download is offered only while the panel still says the same
    settings = (fmt, title, tuple(sorted(kw.items())), options, span if animated else None)
    if st.button("Prepare the export", type="primary", key="export_go"):
        bar = st.progress(0.0, text="Rendering…") if animated else None
        name = (
            f"deployments-{day}.{EXPORT_EXT.get(fmt, fmt)}"
            if not animated
            else f"deployments-{span[0]}-to-{span[1]}.{fmt}"
        )
        try:
            with st.spinner("Rendering…"):
                if bar is not None:  # an animation (only animations show a progress bar)
                    data = exporter.export_bytes(
                        fmt,
                        loaded,
                        options,
                        start=span[0],
                        end=span[1],
                        timeline=timeline,
                        on_frame=lambda done, total: bar.progress(done / total, text=f"Frame {done} of {total}"),
                        **kw,
                    )
                else:
                    data = exporter.export_bytes(fmt, loaded, options, timeline=timeline, **kw)
        except exporter.ExportError as exc:
            st.error(f"Cannot export: {exc}")
            return
        state.export_blob = (name, fmt, data)
        state.export_for = settings
    blob = state.get("export_blob")
    if blob and state.get("export_for") != settings:
        st.info(
            f"The file prepared before ({blob[0]}) was made with other settings (format, size, theme, date, "
            "filters or the map's view). Press 'Prepare the export' for a file of what the panel shows now."
        )
    elif blob:
        name, kind, data = blob
        st.download_button(
            f"Download {name} ({len(data) / 1024:,.0f} KB)",
            data,
            file_name=name,
            mime=EXPORT_MIME[kind],
            key="export_download",
        )
        if kind in ("png", "gif"):
            st.image(data, caption=name, width="stretch")
        if kind in IMAGE_FORMATS:
            st.text_area(
                "Alt text (written into the file; paste it beside the image in your report)",
                read_alt(kind, data) or "",
                height=110,
                key=f"export_alt_{name}",
            )


STATUS_WORDS = {
    "quote": "a quote",
    "curator": "the curator's note",
    "record": "a quote of the record (names no field)",
    "unsupported": "nothing",
}
MOVEMENT_FIELDS = ("unit", "from", "to", "depart", "arrive", "strength")
UNIT_MOVES = 25  # movements shown field by field in the unit panel


def _source_line(loaded: LoadedDataset, source_id: str | None) -> str:
    src = loaded.sources.get(source_id or "")
    return source_words(src.title, src.publisher, src.published) if src else ""


def _value_words(loaded: LoadedDataset, name: str, value) -> str:
    if isinstance(value, (When, Amount)):
        return value.words()
    if name in ("from", "to"):
        return place_words(loaded, value)
    if name == "unit":
        return loaded.units[value].name if value in loaded.units else str(value)
    return str(value)


@dataclass(frozen=True)
class FieldRow:
    """One field of a movement as the unit panel shows it."""

    field: str
    says: str  # the value in words, or 'not reported'
    backed: str  # what backs it, in words ('' for an absent field)
    quotes: tuple[tuple[str, str], ...]  # (quote, source line)
    notes: tuple[str, ...]


def movement_fields(loaded: LoadedDataset, timeline, m) -> list[FieldRow]:
    """Each field of a movement: what it says (in words), what backs it, its quotes with their sources,
    the curator's notes (from `coverage.field_support`)."""
    support = {f.field: f for f in field_support("movements", m)}
    index = {mid: k for k, mid in enumerate(timeline.ids)}
    i = index.get(m.id)
    sources = {c.quote: c.source for c in m.citations if c.quote}
    rows = []
    for name in MOVEMENT_FIELDS:
        value = claim_value(m, name)
        f = support.get(name)
        if value is None or f is None:
            says = "not reported"
            if name == "arrive" and i is not None and bool(timeline.arrive_estimated[i]):
                says += f"; the map estimates {window_words(timeline.arrive_lo[i], timeline.arrive_hi[i])}"
            rows.append(FieldRow(name, says, "", (), ()))
            continue
        backed = "backed by " + STATUS_WORDS[f.status]
        if getattr(value, "disputed", False):
            backed = "sources disagree; " + backed
        alt_sources = {a.quote: a.source for a in getattr(value, "alternatives", ()) if a.quote}
        quotes = tuple((q, _source_line(loaded, sources.get(q) or alt_sources.get(q))) for q in f.quotes)
        rows.append(FieldRow(name, _value_words(loaded, name, value), backed, quotes, f.notes))
    return rows


def show_fields(rows: list[FieldRow]) -> None:
    """Fields as rows of plain text: field, what it says and what backs it, the quotes and notes. A
    quote or note that backs several fields is written out once, at the first of them; the others
    point to it."""
    first: dict[str, str] = {}
    for row in rows:
        cols = st.columns([1, 3, 6])
        cols[0].markdown(f"**{row.field}**")
        cols[1].text(row.says)
        if row.backed:
            cols[1].caption(row.backed)
        for quote, source in row.quotes:
            if quote in first:
                cols[2].caption(f"the quote under '{first[quote]}' above")
                continue
            first[quote] = row.field
            cols[2].text(f"“{quote}”" + (f"\n— {source}" if source else ""))
        for note in row.notes:
            if note in first:
                cols[2].caption(f"the curator's note under '{first[note]}' above")
                continue
            first[note] = row.field
            cols[2].text("Curator's note: " + note)


def alternatives_side_by_side(loaded: LoadedDataset, name: str, value) -> None:
    """A field's alternative values from different sources, in columns, with who says what."""
    alts = getattr(value, "alternatives", ())
    if len(alts) < 2:
        return
    if value.disputed:
        st.warning(f"{name}: sources disagree, and the curator has preferred none of them.")
    else:
        st.markdown(f"**{name}**: sources give different values; the curator prefers one.")
    for col, alt in zip(st.columns(len(alts)), alts):
        with col, st.container(border=True):
            st.text(alt.value.words() + ("  (preferred)" if alt.preferred else ""))
            if alt.source:
                st.text(_source_line(loaded, alt.source))
            if alt.quote:
                st.text(f"“{alt.quote}”")
            if alt.note:
                st.text("Note: " + alt.note)


def _unit_header(loaded: LoadedDataset, u) -> None:
    cols = st.columns([1, 5])
    with cols[0]:
        st.image(unit_svg(u, size=40), width=80)
    with cols[1]:
        st.text(f"{u.name} — {u.nation}, {u.branch.replace('_', ' ')}, {u.echelon.replace('_', ' ')}")
        if u.parent and u.parent in loaded.units:
            st.text(f"Part of: {loaded.units[u.parent].name}")
        if u.home and u.home in loaded.places:
            st.text(f"Home: {loaded.places[u.home].name}")
        if st.button("Fly to unit on the map", key="fly"):
            send_command(fly=u.id)
            st.rerun()


def _unit_sources(loaded: LoadedDataset, u) -> None:
    import pandas as pd

    rows = [
        {
            "about": backs_words(c.supports) if c.supports else "the unit",
            "quote": c.quote or "",
            "note": c.note or "",
            "source": _source_line(loaded, c.source),
        }
        for c in u.citations
    ]
    if rows:
        st.markdown("**Sources naming the unit**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if u.note:
        st.text("Note: " + u.note)


def unit_panel(loaded: LoadedDataset, timeline, day: dt.date, full: LoadedDataset | None = None) -> None:
    """A unit, its movements field by field (each with its quotes and status), and its sources."""
    full = full or loaded
    state = st.session_state
    units = loaded.dataset.units
    chosen = state.get("unit")
    if isinstance(chosen, str) and chosen not in loaded.units and chosen in full.units:
        known = state.get("known")
        st.info(
            f"Nothing about {full.units[chosen].name} had been published by "
            f"{day_words(known) if known else 'then'}; choose a later 'Known by' day in the sidebar."
        )
    if not units:
        st.info("This dataset has no units.")
        return
    ids = [""] + [u.id for u in units]
    current = chosen if isinstance(chosen, str) and chosen in ids else ""
    pick = st.selectbox(
        "Unit",
        ids,
        index=ids.index(current),
        format_func=lambda i: loaded.units[i].name if i else "— choose a unit, or click one on the map —",
    )
    if pick or current:
        state.unit = pick or None
    if not pick:
        return
    u = loaded.units[pick]
    _unit_header(loaded, u)
    moves = [m for m in loaded.dataset.movements if m.unit == pick]
    if not moves:
        known = state.get("known")
        later = known is not None and any(m.unit == pick for m in full.dataset.movements)
        st.caption(
            f"No movement of this unit had been reported by {day_words(known)}."
            if later and known is not None
            else "No movement recorded for this unit."
        )
    if len(moves) > UNIT_MOVES:
        st.caption(f"Showing the first {UNIT_MOVES} of {len(moves):,} movements; the Movements panel lists all.")
        moves = moves[:UNIT_MOVES]
    legs = movements_table(loaded, timeline, day, frozenset(m.id for m in moves)).set_index("movement")
    for m in moves:
        leg = legs.loc[m.id]
        st.markdown(f"**Movement `{m.id}`** · on {day:%d %b %Y}: {leg['phase']} · confidence: {m.confidence}")
        with st.container(border=True):
            show_fields(movement_fields(loaded, timeline, m))
            for name in ("depart", "arrive", "strength"):
                value = getattr(m, name)
                if value is not None:
                    alternatives_side_by_side(loaded, name, value)
            if m.note:
                st.text("Note: " + m.note)
    _unit_sources(loaded, u)


def options_key(options: MapOptions) -> MapOptions:
    """Options that decide the map's HTML: the date is excluded, the map moves to it client-side."""
    return replace(options, date=None)


PAGES.run()
