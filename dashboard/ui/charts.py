"""Charts of the panels, as pure functions from data to an Altair chart (no Streamlit).

Rule: a chart draws exactly the rows it is given, one mark per row, so what it shows can
be checked against the table beside it. Every mark carries a machine-readable
description (`date country personnel`), which Vega writes as the mark's `aria-label`:
screen readers read it, and the browser tests compare it with the table.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.web.style import HIGHLIGHT_COLOUR as HIGHLIGHT


def personnel_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows the personnel chart draws: every (day, country) with people present."""
    rows = frame[frame["personnel"] > 0].copy()
    rows["label"] = [f"{d.isoformat()} {c} {p}" for d, c, p in zip(rows["date"], rows["country"], rows["personnel"])]
    return rows


def personnel_chart(frame: pd.DataFrame, day: dt.date):
    """Personnel per country per day as stacked daily bars, with the map's date marked.

    Daily bars rather than a step area from change points: a stacked area needs every
    series at every x, and thinned change points dropped series from the stack."""
    import altair as alt

    rows = personnel_rows(frame)
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonthdate(date):O", title=None, axis=alt.Axis(format="%d %b", labelAngle=0, labelOverlap="greedy")
            ),
            y=alt.Y("personnel:Q", stack="zero", title="personnel"),
            color=alt.Color("country:N", title="country"),
            order=alt.Order("country:N"),
            description=alt.Description("label:N"),
            tooltip=[alt.Tooltip("date:T", format="%d %b %Y"), "country:N", alt.Tooltip("personnel:Q", format=",")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [day]}))
        .mark_rule(color=HIGHLIGHT, strokeWidth=2)
        .encode(x="yearmonthdate(date):O", description=alt.value(f"map date {day.isoformat()}"))
    )
    return alt.layer(bars, rule)
