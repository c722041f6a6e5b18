"""ACLED-style event CSV in: each row an event at a place, with the precision ACLED codes for both.

Rule (columns as ACLED exports them: `event_id_cnty`, `event_date`, `time_precision`, `event_type`,
`sub_event_type`, `actor1`, `actor2`, `iso`, `country`, `location`, `latitude`, `longitude`,
`geo_precision`, `source`, `notes`, `fatalities`):
- The date is never sharper than its precision: `time_precision` 1 is the day; 2 (the source gives a
  week) the week around the coded day, written as the interval of three days either side; 3 (coarser)
  the coded day's month. `event_date` may be written 2022-02-10, 10 February 2022 or 10-02-2022.
- The place is `location` at `latitude`/`longitude`, its country from the numeric `iso` code (else the
  `country` name); `geo_precision` 1 is a town, 2 and 3 a region. One place per location and point.
- The event's name is its sub-event type with the actors; `notes` is its description and the quote that
  backs it, from one source record for the file: its stored text is the file's notes, one event a line
  (`sources/acled-<file>.txt`), so the quotes check; a note citation says what ACLED coded (date and
  place precision, ACLED's own sources), supporting `date` and `place`. `published` is the latest event
  date in the file (an export is published no earlier), said in the source's note.
- A row whose date, coordinates or country cannot be read is a problem naming its row (as a spreadsheet
  numbers it) and column; the rest are imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.tables import ImportResult
from dashboard.interchange.tables import file_problem as _problem

MAX_ACLED_BYTES = 500 * 1024 * 1024
_MONTHS = {
    m: k
    for k, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_WORDS_DATE = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})")
_DMY = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
PRECISION = {"1": "town", "2": "region", "3": "region"}


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date:
    t = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return dt.date.fromisoformat(t)
    m = _WORDS_DATE.fullmatch(t)
    if m and m.group(2).lower() in _MONTHS:
        return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _DMY.fullmatch(t)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    raise ValueError(f"{t[:40]!r} is not a date (2022-02-10, 10 February 2022 or 10-02-2022)")


@lru_cache(maxsize=8192)
def _when(text: str, precision: str) -> str:
    day = _date(text)
    if precision in ("", "1"):
        return day.isoformat()
    if precision == "2":
        return f"{(day - dt.timedelta(days=3)).isoformat()}/{(day + dt.timedelta(days=3)).isoformat()}"
    if precision == "3":
        return f"{day.year:04d}-{day.month:02d}"
    raise ValueError(f"time_precision {precision[:10]!r} is not 1, 2 or 3")


@lru_cache(maxsize=512)
def _country(iso: str, name: str) -> str | None:
    import pycountry

    if iso.strip().isdigit():
        c = pycountry.countries.get(numeric=f"{int(iso):03d}")
        if c is not None:
            return str(c.alpha_3)
    if name:
        from dashboard.interchange.mapping import country_code

        return country_code(name)
    return None


@without_gc
def read_acled(path: Path) -> ImportResult:  # noqa: C901 (one check per column, each with its own message)
    path = Path(path)
    shown = path.name
    try:
        if path.stat().st_size > MAX_ACLED_BYTES:
            return _problem(shown, f"is over the import limit of {MAX_ACLED_BYTES:,} bytes")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return _problem(shown, f"cannot be read: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return _problem(shown, f"is not UTF-8 text (byte {exc.start + 1})")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in ("event_date", "latitude", "longitude") if c not in header]
    if missing:
        return _problem(shown, f"is not an ACLED-style file: no column {', '.join(missing)}", 1)
    result = ImportResult()
    source_id = "acled-" + (_ID_SAFE.sub("-", path.stem).strip("-.")[:80] or "events")
    lines: list[str] = []
    places: dict[tuple[str, str, str], str] = {}
    place_ids: set[str] = set()
    event_ids: set[str] = set()
    latest: dt.date | None = None
    events = result.data["events"]
    problems = result.problems
    try:
        for k, row in enumerate(reader):
            number = k + 2
            if not any(row.values()):
                continue
            eid_raw = (row.get("event_id_cnty") or "").strip() or f"row-{number}"
            label = f"row {number}: event '{eid_raw[:40]}'"
            try:
                date = _when(row.get("event_date") or "", (row.get("time_precision") or "").strip())
            except ValueError as exc:
                problems.append(Problem(shown, number, label, "event_date", str(exc)))
                continue
            except (OverflowError, TypeError):
                problems.append(Problem(shown, number, label, "event_date", "is not a real date"))
                continue
            lat_text, lon_text = (row.get("latitude") or "").strip(), (row.get("longitude") or "").strip()
            try:
                lat, lon = float(lat_text), float(lon_text)
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except ValueError:
                problems.append(
                    Problem(
                        shown,
                        number,
                        label,
                        "latitude",
                        f"({lat_text[:20]!r}, {lon_text[:20]!r}) is not a latitude and longitude",
                    )
                )
                continue
            country = _country(row.get("iso") or "", (row.get("country") or "").strip())
            if country is None:
                problems.append(
                    Problem(
                        shown,
                        number,
                        label,
                        "iso",
                        "names no country this dashboard knows (numeric iso or country name)",
                    )
                )
                continue
            location = (row.get("location") or "").strip() or f"{lat:.4f}, {lon:.4f}"
            key = (location, lat_text, lon_text)
            pid = places.get(key)
            if pid is None:
                base = _ID_SAFE.sub("-", f"{country}-{location}".lower()).strip("-.")[:80] or "place"
                pid, n = base, 2
                while pid in place_ids:
                    pid, n = f"{base}-{n}", n + 1
                place_ids.add(pid)
                places[key] = pid
                place: dict[str, Any] = {"id": pid, "name": location, "country": country, "lat": lat, "lon": lon}
                geo = (row.get("geo_precision") or "").strip()
                if geo in PRECISION:
                    place["precision"] = PRECISION[geo]
                place["note"] = (
                    f"Coordinates as ACLED codes them ({shown} row {number}, geo_precision {geo or 'not given'})."
                )
                result.data["places"].append(place)
            eid = _ID_SAFE.sub("-", eid_raw).strip("-.")[:100] or f"row-{number}"
            while eid in event_ids:
                eid = f"{eid}-{number}"[:100]
            event_ids.add(eid)
            kind = (row.get("sub_event_type") or row.get("event_type") or "Event").strip()
            actors = " and ".join(a.strip() for a in (row.get("actor1"), row.get("actor2")) if a and a.strip())
            name = f"{kind}: {actors}" if actors else kind
            notes = " ".join((row.get("notes") or "").split())
            coded = (
                f"ACLED codes the date {row.get('event_date', '').strip()} with time_precision "
                f"{(row.get('time_precision') or '?').strip()} and the place with geo_precision "
                f"{(row.get('geo_precision') or '?').strip()}; ACLED's sources: {(row.get('source') or 'not given').strip()}."
            )
            citations: list[dict[str, Any]] = []
            if notes:
                lines.append(f"{eid_raw} ({row.get('event_date', '').strip()}): {notes}")
                citations.append({"source": source_id, "quote": notes})
            citations.append({"source": source_id, "note": coded[:2000], "supports": ["date", "place"]})
            event: dict[str, Any] = {"id": eid, "name": name[:2000], "date": date, "place": pid}
            if notes:
                event["description"] = notes[:2000]
            fatalities = (row.get("fatalities") or "").strip()
            if fatalities and fatalities != "0":
                event["note"] = f"ACLED reports {fatalities[:20]} fatalities."
            event["citations"] = citations
            events.append(event)
            day = _date(row.get("event_date") or "")
            latest = day if latest is None or day > latest else latest
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, None, None, f"is not a readable CSV file: {exc}"))
    if events and latest is not None:
        result.data["sources"].append(
            {
                "id": source_id,
                "title": f"ACLED event data: {path.name}",
                "publisher": "ACLED (Armed Conflict Location & Event Data Project)",
                "published": latest.isoformat(),
                "file": f"sources/{source_id}.txt",
                "note": (
                    f"The notes of {path.name}, one event a line, as the import stored them; published is the "
                    "latest event date in the file (the export itself gives no date)."
                ),
            }
        )
        result.texts[source_id] = "\n".join(lines) + "\n"
    return result
