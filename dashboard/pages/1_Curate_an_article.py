"""Curation page: from a news article to a cited draft, checked and previewed on the map.

Layout and widgets only; recognition and drafting are dashboard.draft, checking
is dashboard.curation. The curated dataset is never written: drafts are checked
in a per-session scratch folder and downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from html import escape
from pathlib import Path

import streamlit as st
import yaml

from dashboard.core.claims import day_words
from dashboard.core.plural import counted
from dashboard.draft import Draft, article_date_read, draft_yaml, make_draft
from dashboard.draft.curation import (
    BACKING_STYLE,
    DRAFT_NAME,
    SHOWN_SECTIONS,
    UNFINISHED_NAME,
    backing_groups,
    backing_html,
    check_draft,
    download_refusal,
    field_backing_rows,
    flagged_html,
    highlight_html,
    legend_html,
    line_excerpt,
    preview_date,
    preview_subject,
    uncovered_movement_sentences,
    unfinished_draft,
    validated_message,
    without_todos,
)
from dashboard.ui import session
from dashboard.ui.a11y import page_style
from dashboard.ui.component import deploymap
from dashboard.ui.data import app_data_path, load
from dashboard.web.page import build_map, fit_bounds, preview_options, render_html

MAX_ARTICLE_CHARS = 200_000
SOURCE_NAME = Path(DRAFT_NAME).stem + ".source.txt"


def scratch() -> Path:
    """This session's scratch folder (drafts are checked there), removed with the session."""
    return session.folder("curate")


def problems_table(problems, draft_text: str = "") -> None:
    """Each TODO or error as an item of a list: where it is in the draft (line, record, field), then its message,
    wrapped to the page's width (a table cut the message off on a phone and at 1280 px: two new users' trials).
    The YAML box shows no line numbers, so the line is quoted too (round 15)."""
    items = []
    for p in problems:
        where = " · ".join(x for x in (f"line {p.line}" if p.line else "", p.record or "", p.field or "") if x)
        said = line_excerpt(draft_text, p.line)
        shown = f'<br><code style="font-size:12px">{escape(said)}</code>' if said else ""
        items.append(
            f'<li style="margin:0 0 6px 0"><b>{"TODO" if p.todo else "error"}</b> '
            f'<span style="color:#5a6470">{escape(where)}</span>{shown}<br>{escape(p.message)}</li>'
        )
    st.html(f'<ul style="padding-left:18px;margin:0;font-size:14px;line-height:1.45">{"".join(items)}</ul>')


def asked_date() -> dt.date:
    """The publication date typed on the page, when neither the sidebar nor the article gives one; stops the page
    until there is one. Asked here, in a text box that Enter applies: a new user's trial (round 12) found the
    sidebar's date picker hidden on a phone and deaf to Enter."""
    typed = str(st.session_state.get("published_typed", "")).strip()
    try:
        day = dt.date.fromisoformat(typed) if typed else None
    except ValueError:
        day = None
    if day is None:
        st.warning("When was it published? Type the date here (or set it in the sidebar).")
    col, _ = st.columns([1, 2])
    with col:
        st.text_input("Published (YYYY-MM-DD)", key="published_typed", max_chars=10, placeholder="2024-03-14")
    if typed and day is None:
        st.error(f"'{typed}' is not a date written YYYY-MM-DD (for example 2024-03-14).")
    if day is None:
        st.stop()
    st.caption(f"Published {day_words(day)}, as typed above.")
    return day


def published_field(slot, text: str | None) -> tuple[dt.date | None, tuple[dt.date, str] | None]:
    """The sidebar's 'Published' field in `slot`, showing the date the page uses: the one the person set, else the
    one read from the article (its dateline, a header line), else none. A new user's trial: the page drafted as of
    the dateline's date while the field stayed empty, so the date used could not be seen or corrected there.
    Returns the date the person set (None while the field holds the page's reading, or nothing) and the article's
    own date with where it was read (article_date_read), None when it gives none."""
    state = st.session_state
    own = article_date_read(text) if text and text.strip() and len(text) <= MAX_ARTICLE_CHARS else None
    shown, read = state.get("published_date"), state.get("published_read")
    if shown is None or shown == read:  # not the person's date: the field follows the article's
        want = own[0] if own else None
        if shown != want:
            state["published_date"] = want  # set before the field is drawn in this run
        state["published_read"] = want
    with slot:
        day = st.date_input(
            "Published",
            value=None,
            key="published_date",
            format="YYYY-MM-DD",
            help="Read from the article's dateline or header when it gives one; set another date here to use it.",
        )
    return (day if day is not None and day != state.get("published_read") else None), own


def main() -> None:
    st.set_page_config(page_title="Curate an article", page_icon="📝", layout="wide")
    page_style()
    st.title("Curate an article")
    st.caption(
        "Paste a news article: places, units, numbers and dates are recognised, a draft dataset entry is "
        "written with a verbatim quote for every item, and checked against the dataset. Nothing is saved on "
        "the server: download the draft when it is right."
    )
    existing, error = load(app_data_path())
    if error is not None:
        st.warning(
            f"The dataset `{app_data_path().resolve().name}` is invalid ({error.summary()}); drafting without it."
        )
    state = st.session_state

    with st.sidebar:
        st.header("Article")
        upload = st.file_uploader("Upload a text file", type=["txt"], key="article_file")
        published_slot = st.empty()  # the date field: filled once the article's own date is read
        title = st.text_input("Title (optional)", max_chars=300)
        publisher = st.text_input("Publisher (optional)", max_chars=200)
        url = st.text_input("Address (optional, http/https)", max_chars=500)

    if upload is not None:
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(f"`{upload.name}` is not UTF-8 text.")
            st.stop()
    else:
        text = st.text_area(
            "Article text",
            height=220,
            max_chars=MAX_ARTICLE_CHARS,
            key="article_text",
            placeholder="date 2022-02-10 The U.S. has begun to move …",
        )
    published, own = published_field(published_slot, text)
    if not text or not text.strip():
        st.info("Paste an article above (or upload one in the sidebar) to start.")
        st.stop()
    if len(text) > MAX_ARTICLE_CHARS:
        st.error(f"The article is longer than {MAX_ARTICLE_CHARS:,} characters.")
        st.stop()
    read = None if published else own
    day = published or (read[0] if read else None)
    day = day or asked_date()
    if read is not None:  # a date the person did not give: say where it came from
        st.caption(
            f"Published {day_words(day)}, read from {read[1]}. It is in the sidebar's Published field: if it is "
            "wrong, set the date there."
        )
    elif own is not None and own[0] != day:
        # a date set for another article stays in the sidebar: a new user's second article was drafted as of the
        # first one's day, its own "Published:" line ignored, with nothing said
        st.warning(
            f"The article gives its own date, {day_words(own[0])} ({own[1]}), but the draft uses the date set in "
            f"the sidebar, {day_words(day)}. Clear the sidebar's date to use the article's."
        )
    if url and not url.startswith(("http://", "https://")):
        st.error("The address must start with http:// or https://.")
        st.stop()

    draft = make_draft(text, day, existing, title=title or None, publisher=publisher or None, url=url or None)
    data = draft.data
    if data.get("sources"):
        data["sources"][0]["file"] = SOURCE_NAME

    recognised(draft, data)

    st.subheader("Draft (edit it here)")
    st.caption(
        "Dates and numbers are written as the article gives them: `../2022-02-10` is *by* 10 Feb, "
        "`2022-02-10/..` *from* 10 Feb, `about 1,700`, `up to 8`. Each citation's `supports` names the fields "
        "its quote backs; a `note` citation is the draft's reading or general knowledge (coordinates, a home "
        "station) - confirm it or replace it with a quote."
    )
    generated = draft_yaml(data)
    digest = hashlib.sha1(generated.encode("utf-8")).hexdigest()[:10]
    if state.get("draft_digest") != digest:  # a new article: start from the generated draft
        state.draft_digest = digest
        state.draft_yaml = generated
    edited = st.text_area("Draft YAML", key="draft_yaml", height=360, label_visibility="collapsed")

    edited_data = parsed(edited)  # once per rerun: the backing table, the flagged sentences and the preview read it
    backing(edited_data)
    # (while the edit is no valid YAML, the sentences the generated draft wrote stay written: round 15)
    unwritten(draft.recognised.sentences, edited_data if edited_data is not None else data)
    check = check_draft(edited, text, existing, scratch() / "check")
    if edited_data is not None and edited != generated:
        st.caption("Your edited draft holds: " + record_counts(edited_data))  # the line above counts the generated one
    if check.errors:
        st.error(
            f"{counted(len(check.errors), 'problem')} to fix"
            + (f" and {counted(len(check.todos), 'TODO')} to resolve" if check.todos else "")
        )
        problems_table(check.problems, edited)
    elif check.todos:
        st.warning(
            f"{counted(len(check.todos), 'TODO')} left: locate the places, back each claim with a quote or a note, "
            "and confirm what is marked TODO."
        )
        problems_table(check.todos, edited)
    else:
        st.success(validated_message(field_backing_rows(edited_data, SHOWN_SECTIONS) if edited_data else []))

    refusal = download_refusal(check)  # off while the draft does not validate, and the page says why
    if refusal is not None:
        st.info(refusal, icon="🔒")
        st.download_button(
            "Save unfinished draft (does not validate yet)",
            unfinished_draft(edited, check).encode("utf-8"),
            file_name=UNFINISHED_NAME,
            mime="application/x-yaml",
        )
    cols = st.columns(2)
    with cols[0]:
        st.download_button(
            "Download draft YAML",
            edited.encode("utf-8"),
            file_name=DRAFT_NAME,
            mime="application/x-yaml",
            disabled=refusal is not None,
        )
    with cols[1]:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(DRAFT_NAME, edited)
            z.writestr(SOURCE_NAME, text)
        st.download_button(
            "Download draft + article (zip)",
            buf.getvalue(),
            file_name="draft.zip",
            mime="application/zip",
            disabled=refusal is not None,
        )

    st.subheader("Preview on the map")
    preview(edited_data, text, existing, check)


def recognised(draft: Draft, data: dict) -> None:
    """What was recognised: the article highlighted, the drafted records counted, the draft's warnings."""
    st.subheader("What was recognised")
    st.html(legend_html())
    st.html(highlight_html(draft.recognised.sentences))
    st.caption(
        "Drafted from the article: "
        + record_counts(data)
        + (
            f" · reused from the dataset: {', '.join(f'{len(v)} {k}' for k, v in draft.reused.items() if v)}"
            if any(draft.reused.values())
            else ""
        )
    )
    for w in draft.warnings:
        st.caption("⚠ " + w)


def record_counts(data: dict) -> str:
    """ "16 places · 5 units · 4 movements · 1 event": how many records of each kind a draft holds."""
    kinds = (("places", "place"), ("units", "unit"), ("movements", "movement"), ("events", "event"))
    return " · ".join(counted(len(data.get(k) or []) if isinstance(data.get(k), list) else 0, one) for k, one in kinds)


def parsed(edited: str) -> dict | None:
    """The edited draft as a mapping, or None while it is not valid YAML of one (the check says why)."""
    try:
        data = yaml.safe_load(edited)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def backing(data: dict | None) -> None:
    """What backs each field of the draft's units, movements and events (a quote, a note, or nothing yet)."""
    rows = field_backing_rows(data, SHOWN_SECTIONS) if data is not None else []
    if not rows:
        return
    counts = {k: sum(r["backed by"].split(" ")[0] == k for r in rows) for k in ("quote", "note", "TODO", "nothing")}
    unnamed = sum(r["backed by"].startswith("quote, not naming") for r in rows)
    label = (
        f"What backs each field: {counts['quote']} by a quote, {counts['note']} by a note"
        + (f", {unnamed} by a quote not naming its place" if unnamed else "")
        + (f", {counts['TODO']} TODO" if counts["TODO"] else "")
        + (f", {counts['nothing']} by nothing" if counts["nothing"] else "")
    )
    with st.expander(label):
        # one row per record and quote (or note), the fields it backs with their values, the quote whole: a table
        # of cells cut every quote short (a new user's trial, round 12); on a phone its rows stack (a static table
        # of four columns scrolled sideways out of sight at 390 px: round 13)
        st.html(BACKING_STYLE)
        st.html(backing_html(backing_groups(rows)))


def unwritten(sentences, data: dict | None) -> None:
    """Sentences that read like a movement but that no movement or event of the (edited) draft quotes."""
    flags = uncovered_movement_sentences(sentences, data or {})
    if not flags:
        return
    with st.expander(f"{counted(len(flags), 'sentence')} may hold a movement the draft did not write"):
        st.caption(
            "Each has a motion verb and a unit, number or place, and no drafted movement or event quotes it. "
            "Some only deny, cancel, plan or recall a move: add a movement (with its quote) only where the "
            "article reports one."
        )
        st.html(flagged_html(flags))


def preview(data: dict | None, text: str, existing, check) -> None:
    loaded = check.loaded
    note = None
    if loaded is None:
        if data is None:
            st.info("Fix the YAML to see a preview.")
            return
        trimmed = yaml.safe_dump(without_todos(data), sort_keys=False, allow_unicode=True)
        partial = check_draft(trimmed, text, existing, scratch() / "preview")
        loaded = partial.loaded
        note = "Items that still have TODOs are left out of the preview."
        if loaded is None:
            st.info("The preview appears when the draft's errors are fixed (see the list above).")
            return
    draft = data or {}
    subject = preview_subject(loaded, draft)
    drawn = subject.loaded.dataset
    if not drawn.movements and not drawn.events and not drawn.areas:
        st.info("Nothing to draw yet: the draft has no movement, event or area.")
        return
    if note:
        st.caption(note)
    left = ", ".join(counted(n, k[:-1]) for k, n in subject.left_out.items() if n)
    st.caption(
        "The map draws the draft alone"
        + (
            f" (and the dataset's {counted(subject.context, 'other movement')} of the units it moves)"
            if subject.context
            else ""
        )
        + ", framed to where its units go (origins far from there are in the corner inset)"
        + (f"; the dataset's {left} were checked with it but are not drawn." if left else ".")
    )
    day = preview_date(loaded, draft)
    if day is not None:
        st.caption(f"The map opens on {day_words(day)}, the latest date the draft's movements and events report.")
    opened = day or max(s.published for s in loaded.dataset.sources)
    options = preview_options(subject.loaded, opened)  # its timeline holds the day the caption names
    m = build_map(subject.loaded, options)
    html = render_html(m)
    bounds = fit_bounds(subject.loaded, opened, options)  # fitted clear of the date, the timeline and the inset
    # A new article (or a new date to open on) moves the preview to its date and places; edits of the same
    # draft keep the date and view the person left (a new map page otherwise keeps the old one's: a second
    # article's preview stayed on the first one's day and region, a new user's trial).
    seq = hashlib.sha1(f"{text}\n{opened.isoformat()}".encode()).hexdigest()[:12]
    deploymap(
        html=html,
        map_key=hashlib.sha1(html.encode("utf-8")).hexdigest()[:16],
        command={"seq": seq, "date": opened.isoformat(), **({"bounds": bounds} if bounds else {})},
        height=520,
        key="preview_map",
    )


main()
