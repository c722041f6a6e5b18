"""Charts of the panels, as pure functions from data to an Altair chart (no Streamlit).

Rule: a chart draws exactly the rows it is given, one mark per row, so what it shows can
be checked against the table beside it. Every mark carries a machine-readable
description, which Vega writes as the mark's `aria-label`: screen readers read it, and the
browser tests compare it with the table and with `personnel_by_country`.

The personnel chart draws each country's count as a **band** from its low (people certainly
there) to its high (people possibly there): one bar per day from low to high, the days' bars
side by side, so a range reads as a band and an exact count as a line (a bar of no height, drawn
by its outline). A count with no upper bound ("over 500") rises to the top of the chart with a
dashed outline. Descriptions: `2022-02-10 POL 850` (exact), `2022-02-10 POL 850 to 1700` (a range),
`2022-02-10 POL 500 or more` (no upper bound), with `, approximate` after them when a counted number
is 'about'.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from dashboard.web.style import HIGHLIGHT_COLOUR as HIGHLIGHT

MAX_COUNTRIES = 10  # panels drawn; the table lists every country
ROW_HEIGHT = 70
OPEN_HEADROOM = 1.25  # an open count rises this far above the largest bounded value
LABEL = re.compile(r"^(\d{4}-\d\d-\d\d) (.+?) (\d+)(?: to (\d+)| (or more))?(, approximate)?$")


def mark_label(day: dt.date, country: str, low: int, high: float, approximate: bool = False) -> str:
    """A mark's description: both numbers of a range, 'or more' where no upper bound is known."""
    about = ", approximate" if approximate else ""
    if math.isinf(high):
        return f"{day.isoformat()} {country} {int(low)} or more{about}"
    if int(high) == int(low):
        return f"{day.isoformat()} {country} {int(low)}{about}"
    return f"{day.isoformat()} {country} {int(low)} to {int(high)}{about}"


def parse_label(label: str) -> tuple[str, str, int, float, bool] | None:
    """(date, country, low, high, approximate) from a mark's description (None: not a personnel mark)."""
    m = LABEL.match(label or "")
    if m is None:
        return None
    low = int(m.group(3))
    high = math.inf if m.group(5) else float(m.group(4) or low)
    return m.group(1), m.group(2), low, high, bool(m.group(6))


def personnel_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows the personnel chart draws: every (day, country) where someone may be present."""
    rows = frame[frame["high"] > 0].copy()
    rows["label"] = [
        mark_label(d, c, lo, hi, bool(a))
        for d, c, lo, hi, a in zip(rows["date"], rows["country"], rows["low"], rows["high"], rows["approximate"])
    ]
    rows["open"] = [math.isinf(h) for h in rows["high"]]
    return rows


def chart_countries(frame: pd.DataFrame, limit: int = MAX_COUNTRIES) -> list[str]:
    """The countries the chart draws (at most `limit`: those with the largest possible count)."""
    rows = frame[frame["high"] > 0]
    if rows.empty:
        return []
    peak = rows.groupby("country")["high"].max().sort_values(ascending=False, kind="stable")
    keep = set(peak.index[:limit])
    return sorted(keep, key=lambda c: (c == "in transit", c))  # countries alphabetically, 'in transit' last


def personnel_chart(frame: pd.DataFrame, day: dt.date, limit: int = MAX_COUNTRIES):
    """Personnel per country per day, one row of bands per country, with the map's date outlined."""
    import altair as alt

    countries = chart_countries(frame, limit)
    rows = personnel_rows(frame)
    rows = rows[rows["country"].isin(countries)].copy()
    finite = [v for v in list(rows["high"]) + list(rows["low"]) if not math.isinf(v)]
    cap = max(finite + [1.0]) * (OPEN_HEADROOM if rows["open"].any() else 1.0)
    rows["top"] = [cap if o else h for o, h in zip(rows["open"], rows["high"])]
    rows["mapday"] = rows["date"] == day
    rows["range"] = [
        "no upper bound given" if o else f"{int(lo):,}" if lo == h else f"{int(lo):,}–{int(h):,}"
        for o, lo, h in zip(rows["open"], rows["low"], rows["high"])
    ]
    rows["high"] = [None if o else h for o, h in zip(rows["open"], rows["high"])]  # JSON has no infinity
    days = sorted(set(frame["date"]))
    x_scale = alt.Scale(domain=[d.isoformat() for d in days], paddingInner=0.0, paddingOuter=0.0)
    colour = alt.Scale(domain=countries, scheme="tableau10")
    y_scale = alt.Scale(domain=[0, cap], nice=False)
    rows["day"] = [d.isoformat() for d in rows["date"]]
    charts = []
    for k, country in enumerate(countries):
        last = k == len(countries) - 1
        part = rows[rows["country"] == country]
        x_axis = (
            alt.Axis(
                title=None,
                labelExpr="timeFormat(toDate(datum.value + 'T00:00'), '%d %b')",
                labelAngle=0,
                labelOverlap="greedy",
            )
            if last
            else alt.Axis(title=None, labels=False, ticks=False, domain=False)
        )
        chart = (
            alt.Chart(
                part,
                height=ROW_HEIGHT,
                # the country's name beside its own band (a title above sat nearer the band before it)
                title=alt.TitleParams(
                    country, orient="left", anchor="middle", angle=0, align="right", baseline="middle", fontSize=12
                ),
            )
            .mark_bar(strokeWidth=1.5, fillOpacity=0.55, clip=True, width=alt.RelativeBandSize(1.0))
            .encode(
                x=alt.X("day:O", scale=x_scale, axis=x_axis, sort=None),
                y=alt.Y("low:Q", scale=y_scale, title=None, axis=alt.Axis(tickCount=2, format=",d")),
                y2=alt.Y2("top:Q"),
                color=alt.Color("country:N", scale=colour, legend=None),
                stroke=alt.condition("datum.mapday", alt.value(HIGHLIGHT), alt.Color("country:N", scale=colour)),
                strokeDash=alt.condition("datum.open", alt.value([4, 3]), alt.value([1, 0])),
                description=alt.Description("label:N"),
                tooltip=[
                    alt.Tooltip("date:T", format="%d %b %Y", title="day"),
                    alt.Tooltip("country:N"),
                    alt.Tooltip("range:N", title="personnel (certain–possible)"),
                ],
            )
        )
        charts.append(chart)
    if not charts:
        return alt.Chart(pd.DataFrame({"x": []})).mark_point()
    key = alt.TitleParams(
        "Each band runs from the people certainly there to those possibly there; a line is an exact count.",
        anchor="start",
        fontSize=12,
        fontWeight="normal",
    )
    return alt.vconcat(*charts, spacing=10, title=key).resolve_scale(x="shared", y="shared", color="shared")
