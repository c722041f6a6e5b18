"""An analyst's table (one row per movement) into dataset records, columns mapped by name or by hand.

Rule:
- Columns are matched to fields by their usual names (`ALIASES`: unit, from/origin, to/destination,
  depart/start, arrive/end, strength, source/url, quote, ...; case, spaces and hyphens ignored), or
  as `--map FIELD=COLUMN` says (which wins). A column no field takes is reported once, not read.
- Places: by `from_lat`/`from_lon` (`to_lat`/`to_lon`) columns when given (the country from a
  `from_country` column, else the basemap country the point lies in), else by name in the places the
  import already holds, else in the offline gazetteer (countries, then cities). The place's note says
  where its coordinates come from. A place found nowhere is a problem naming the row and column, and the
  row is not imported.
- Dates and numbers are read as the dataset reads them (EDTF text such as `../2022-02-10`, `about
  1,000`); a spreadsheet's own date cell is that day; a bad cell is a problem naming row and column.
- Sources: a `source` cell that is a URL becomes a source with that `url` (title, publisher and
  published from their columns when given). A `quote` is cited from it; the import then lists the
  record as one whose quote cannot be checked until the source's text is stored (`validate` says the
  same). A row with no source at all gets a note citation saying so, and is listed.
- Units: by name (or a `unit_id` column), with nation, branch and echelon from their columns; a unit
  without them is written without them and listed (`validate` refuses it until they are given).
Nothing is guessed and nothing is dropped without a problem saying so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dashboard.core.claims import parse_amount, parse_when
from dashboard.core.model import BRANCHES, CONFIDENCES, ECHELONS
from dashboard.core.problems import Problem
from dashboard.interchange.tables import ImportResult, cell_text

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "movement_id", "move_id", "record_id"),
    "unit": ("unit", "unit_name", "formation", "unit_designation", "name"),
    "unit_id": ("unit_id",),
    "nation": ("nation", "nationality", "unit_country", "unit_nation"),
    "branch": ("branch", "arm", "type", "unit_type"),
    "echelon": ("echelon", "size", "unit_size", "level"),
    "sidc": ("sidc", "symbol", "symbol_code"),
    "parent": ("parent", "parent_unit", "higher", "higher_unit"),
    "from": ("from", "origin", "from_place", "origin_place", "start_place", "departure_place", "from_location"),
    "to": ("to", "destination", "dest", "to_place", "destination_place", "end_place", "to_location"),
    "from_lat": ("from_lat", "origin_lat", "from_latitude", "origin_latitude", "start_lat"),
    "from_lon": ("from_lon", "origin_lon", "from_longitude", "origin_longitude", "from_lng", "start_lon"),
    "to_lat": ("to_lat", "destination_lat", "to_latitude", "destination_latitude", "dest_lat", "end_lat"),
    "to_lon": ("to_lon", "destination_lon", "to_longitude", "destination_longitude", "to_lng", "dest_lon", "end_lon"),
    "from_country": ("from_country", "origin_country"),
    "to_country": ("to_country", "destination_country"),
    "depart": ("depart", "departure", "departed", "start", "start_date", "date_start", "begin", "from_date"),
    "arrive": ("arrive", "arrival", "arrived", "end", "end_date", "date_end", "to_date"),
    "strength": ("strength", "troops", "personnel", "soldiers", "number", "count"),
    "confidence": ("confidence", "certainty", "reliability"),
    "description": ("description", "summary", "what"),
    "note": ("note", "notes", "comment", "comments"),
    "source": ("source", "url", "source_url", "link", "source_link", "reference"),
    "source_title": ("source_title", "title", "headline"),
    "publisher": ("publisher", "outlet", "source_name"),
    "published": ("published", "publication_date", "source_date", "date_published"),
    "quote": ("quote", "excerpt", "citation", "quotation", "source_text"),
}
FIELDS = tuple(ALIASES)
REQUIRED = ("unit", "from", "to")


def header_key(name: Any) -> str:
    """The compare form of a column header: lower case, words joined by '_'."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


class MappingError(ValueError):
    """A `--map` that names no field or no column."""


def parse_map(items: Iterable[str]) -> dict[str, str]:
    """`FIELD=COLUMN` items as {field: column}; an unknown field is refused with the list of fields."""
    out: dict[str, str] = {}
    for item in items:
        fld, sep, column = item.partition("=")
        fld = fld.strip().lower()
        if not sep or not column.strip():
            raise MappingError(f"--map {item!r}: write FIELD=COLUMN, e.g. --map from=Origin")
        if fld not in ALIASES:
            raise MappingError(f"--map {item!r}: no field {fld!r}; fields: {', '.join(FIELDS)}")
        out[fld] = column.strip()
    return out


def map_columns(headers: Iterable[Any], explicit: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """{field: header} for the table's headers, and the `--map` columns the table does not have."""
    headers = [str(h) for h in headers if h is not None and str(h).strip()]
    by_key = {header_key(h): h for h in headers}
    chosen: dict[str, str] = {}
    missing: list[str] = []
    for fld, column in explicit.items():
        if column in headers:
            chosen[fld] = column
        elif header_key(column) in by_key:
            chosen[fld] = by_key[header_key(column)]
        else:
            missing.append(f"{fld}={column}")
    taken = set(chosen.values())
    for fld, names in ALIASES.items():
        if fld in chosen:
            continue
        for name in names:
            h = by_key.get(name)
            if h is not None and h not in taken:
                chosen[fld] = h
                taken.add(h)
                break
    return chosen, missing


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from dashboard.draft.gazetteer import default_gazetteer

    return default_gazetteer()


def slug_id(text: str, limit: int = 60) -> str:
    from dashboard.draft.gazetteer import slug

    return slug(text, limit) or "x"


def country_code(text: str | None) -> str | None:
    """A country as ISO alpha-3 from its code (alpha-3 or alpha-2) or name; None when unknown."""
    if not text:
        return None
    t = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}", t) and t.upper() in _codes():
        return t.upper()
    gaz = _gazetteer()
    if re.fullmatch(r"[A-Za-z]{2}", t):
        found: str | None = gaz.alpha3(t.upper())
        return found
    code: str | None = gaz.country_code(t)
    return code


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    from dashboard.core.checks import country_codes

    return country_codes()


@lru_cache(maxsize=1)
def _country_index() -> tuple[Any, list[str]]:
    """The basemap's countries (data/geo/countries-50m.geojson, de-facto borders) in an STRtree."""
    from shapely import STRtree
    from shapely.geometry import shape

    from dashboard.core.paths import BASEMAP

    shapes, codes = [], []
    try:
        data = json.loads(Path(BASEMAP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    for feat in data.get("features") or ():
        code = (feat.get("properties") or {}).get("iso_a3") or ""
        if code:
            shapes.append(shape(feat["geometry"]))
            codes.append(code)
    return STRtree(shapes), codes


@lru_cache(maxsize=65536)
def country_at(lat: float, lon: float) -> str | None:
    """Alpha-3 of the basemap country the point lies in; None at sea or outside every outline."""
    from shapely.geometry import Point

    tree, codes = _country_index()
    hits = tree.query(Point(lon, lat), predicate="intersects")
    return codes[int(hits[0])] if len(hits) else None


class Places:
    """Places of an import by id, found by name or made from coordinates (each made once)."""

    def __init__(self, known: Iterable[Mapping[str, Any]] = ()):
        self.records: dict[str, dict[str, Any]] = {}
        self.by_name: dict[str, str] = {}
        self.known: set[str] = set()
        for p in known:
            pid = str(p["id"])
            self.known.add(pid)
            self.by_name[str(p.get("name", "")).lower()] = pid
            self.by_name[pid.lower()] = pid

    def _new_id(self, base: str) -> str:
        pid, k = base, 2
        while pid in self.records or pid in self.known:
            pid, k = f"{base}-{k}", k + 1
        return pid

    def at(self, name: str | None, lat: float, lon: float, country: str | None, where: str) -> tuple[str | None, str]:
        """A place at lat/lon (one per name and point); (id, '') or (None, why not)."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None, f"({lat}, {lon}) is not a latitude/longitude in degrees"
        code = country_code(country) if country else country_at(lat, lon)
        if code is None:
            why = f"country {country!r} is not a known country" if country else "the point lies in no country"
            return None, f"{why}; give a country column (ISO alpha-3 such as POL)"
        key = f"{(name or '').lower()}|{lat:.5f}|{lon:.5f}"
        if key in self.by_name:
            return self.by_name[key], ""
        label = name or f"{lat:.4f}, {lon:.4f}"
        pid = self._new_id(slug_id(name) if name else f"p-{lat:.4f}-{lon:.4f}".replace(".", "_"))
        self.records[pid] = {
            "id": pid,
            "name": label,
            "country": code,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "note": f"Coordinates as given in {where}.",
        }
        self.by_name[key] = pid
        return pid, ""

    def named(self, name: str, where: str) -> tuple[str | None, str]:
        """A place by name: the import's own, else the offline gazetteer's; (id, '') or (None, why not)."""
        key = name.lower()
        if key in self.by_name:
            return self.by_name[key], ""
        gaz = _gazetteer()
        hit = gaz.country(name) or gaz.city(name)
        if hit is None:
            return None, (
                f"place {name[:80]!r} is not in the offline gazetteer (countries and cities of 5,000 people or "
                "more); give its coordinates in lat/lon columns (e.g. --map from_lat=COLUMN --map from_lon=COLUMN)"
            )
        pid = self._new_id(slug_id(name))
        rec: dict[str, Any] = {
            "id": pid,
            "name": hit.name,
            "country": hit.country,
            "lat": hit.lat,
            "lon": hit.lon,
            "note": f"Named {name[:200]!r} in {where}; {hit.note}",
        }
        if hit.kind == "country":
            rec["precision"] = "country"
        elif hit.kind == "city":
            rec["precision"] = "town"
        self.records[pid] = rec
        self.by_name[key] = pid
        return pid, ""


def _source_id(url: str) -> str:
    host = urlparse(url).netloc.lower().removeprefix("www.")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug_id(host, 40)}-{digest}"


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    v = re.sub(r"[\s-]+", "_", value.strip().lower())
    return v if v in allowed else None


def when_text(value: Any) -> str | None:
    """A date cell as EDTF text: a spreadsheet's date cell is its day (a time of day is dropped, which
    makes it no sharper)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = cell_text(value)
    if text is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]00:00(:00)?(\.0+)?Z?", text):
        return text[:10]
    return text


def read_movement_rows(  # noqa: C901 (one check per field, each with its own message)
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: Mapping[str, str],
    shown: str,
    result: ImportResult,
    kind: str = "row",
) -> None:
    """Rows of an analyst's movement table into `result` (movements, units, places, sources); `kind`
    names what a row is in problems ("row", "feature")."""
    problems = result.problems
    places = Places(result.data.get("places", []))
    known_sources = {str(s["id"]) for s in result.data.get("sources", [])}
    known_units = {str(u["id"]): u for u in result.data.get("units", [])}
    units: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    unit_rows: dict[str, int] = {}
    ids: set[str] = {str(m["id"]) for m in result.data.get("movements", [])}

    def cell(row: Mapping[str, Any], fld: str) -> Any:
        col = columns.get(fld)
        return row.get(col) if col is not None else None

    def text(row: Mapping[str, Any], fld: str) -> str | None:
        return cell_text(cell(row, fld))

    for number, row in rows:
        where = f"{shown} {kind} {number}"

        def bad(fld: str, message: str, _n: int = number) -> None:
            problems.append(
                Problem(shown, _n if kind == "row" else None, f"{kind} {_n}", columns.get(fld, fld), message)
            )

        if all(cell_text(v) is None for v in row.values()):
            continue
        rec: dict[str, Any] = {}
        ok = True
        unit_name = text(row, "unit")
        unit_id = text(row, "unit_id")
        if not unit_name and not unit_id:
            bad("unit", "names no unit (a 'unit' column, or --map unit=COLUMN)")
            ok = False
        place_ids: dict[str, str] = {}
        for end in ("from", "to"):
            name = text(row, end)
            lat, lon = cell(row, f"{end}_lat"), cell(row, f"{end}_lon")
            if cell_text(lat) is not None and cell_text(lon) is not None:
                try:
                    flat, flon = float(str(lat).replace(",", ".")), float(str(lon).replace(",", "."))
                except ValueError:
                    bad(f"{end}_lat", f"{end}: coordinates {cell_text(lat)!r}, {cell_text(lon)!r} are not numbers")
                    ok = False
                    continue
                pid, why = places.at(name, flat, flon, text(row, f"{end}_country"), where)
            elif name:
                pid, why = places.named(name, where)
            else:
                bad(end, f"names no place for '{end}' (a name, or {end}_lat/{end}_lon columns)")
                ok = False
                continue
            if pid is None:
                bad(end, why)
                ok = False
            else:
                place_ids[end] = pid
        for fld in ("depart", "arrive"):
            value = when_text(cell(row, fld))
            if value is None:
                continue
            try:
                parse_when(value)
            except ValueError as exc:
                bad(fld, str(exc))
                ok = False
                continue
            rec[fld] = value
        if "depart" not in rec and "arrive" not in rec and ok:
            bad("depart", "gives no date: a movement needs a departure or an arrival (an open form will do)")
            ok = False
        strength = text(row, "strength")
        if strength is not None:
            try:
                amount = parse_amount(int(strength) if strength.isdigit() else strength)
                rec["strength"] = amount.as_yaml()
            except ValueError as exc:
                bad("strength", str(exc))
                ok = False
        confidence = text(row, "confidence")
        if confidence is not None:
            if _choice(confidence, CONFIDENCES) is None:
                bad("confidence", f"{confidence[:40]!r} is not one of {', '.join(CONFIDENCES)}")
                ok = False
            else:
                rec["confidence"] = _choice(confidence, CONFIDENCES)
        if not ok:
            continue
        # the unit
        uid = unit_id or slug_id(unit_name or "", 60)
        if uid not in known_units and uid not in units:
            unit: dict[str, Any] = {"id": uid, "name": unit_name or uid}
            _unit_fields(unit, row, columns, bad)
            units[uid] = unit
            unit_rows[uid] = number
        # citations
        citations: list[dict[str, Any]] = []
        src = text(row, "source")
        quote = text(row, "quote")
        source_id = None
        if src is not None:
            if src in known_sources:
                source_id = src
            elif re.match(r"https?://", src):
                source_id = _source_id(src)
                if source_id not in sources:
                    sources[source_id] = _source_record(source_id, src, row, columns, f"{kind} {number}")
            else:
                bad("source", f"{src[:80]!r} is neither a URL (http:// or https://) nor a source of the import")
        if quote is not None and source_id is not None:
            citations.append({"source": source_id, "quote": quote})
        elif quote is not None:
            citations.append({"note": f"Quoted in {where} without a source: {quote}"})
            bad("quote", "quotes without a source (a URL in a 'source' column): imported as a note, to be sourced")
        elif source_id is not None:
            citations.append({"source": source_id, "note": f"{where} cites this source without quoting it."})
        else:
            citations.append({"note": f"{where} names no source for this movement."})
            bad("source", "names no source: the movement is imported with a note saying so, to be sourced")
        mid = text(row, "id") or f"m-{uid}-{number}"
        while mid in ids:
            mid = f"{mid}-{number}"
        ids.add(mid)
        movement: dict[str, Any] = {"id": mid, "unit": uid, "from": place_ids["from"], "to": place_ids["to"]}
        movement.update(rec)
        for fld in ("description", "note"):
            value = text(row, fld)
            if value is not None:
                movement[fld] = value
        movement["citations"] = citations
        result.data.setdefault("movements", []).append(movement)
    for uid, unit in units.items():
        lacking = [f for f in ("nation", "branch", "echelon") if f not in unit]
        if lacking:
            problems.append(
                Problem(
                    shown,
                    unit_rows[uid] if kind == "row" else None,
                    f"unit '{uid}'",
                    lacking[0],
                    f"no {', '.join(lacking)} given (columns, or --map nation=COLUMN ...): the unit is written "
                    "without them and `validate` refuses it until they are filled in",
                )
            )
    result.data.setdefault("units", []).extend(units.values())
    result.data.setdefault("places", []).extend(places.records.values())
    result.data.setdefault("sources", []).extend(sources.values())
    for sid in sources:
        problems.append(
            Problem(
                shown,
                None,
                f"source '{sid}'",
                "file",
                "has a URL and no stored text: quotes citing it cannot be checked until the text is stored "
                f"(save it as sources/{sid}.txt and add `file: sources/{sid}.txt`)",
                todo=True,
            )
        )


def _unit_fields(
    unit: dict[str, Any], row: Mapping[str, Any], columns: Mapping[str, str], bad: Callable[[str, str], None]
) -> None:
    def text(fld: str) -> str | None:
        col = columns.get(fld)
        return cell_text(row.get(col)) if col is not None else None

    nation = text("nation")
    if nation is not None:
        code = country_code(nation)
        if code is None:
            bad("nation", f"{nation[:40]!r} is not a country (ISO alpha-3 such as USA, or a name)")
        else:
            unit["nation"] = code
    for fld, allowed in (("branch", BRANCHES), ("echelon", ECHELONS)):
        value = text(fld)
        if value is None:
            continue
        choice = _choice(value, allowed)
        if choice is None:
            bad(fld, f"{value[:40]!r} is not one of {', '.join(allowed)}")
        else:
            unit[fld] = choice
    sidc = text("sidc")
    if sidc is not None:
        unit["sidc"] = sidc
    parent = text("parent")
    if parent is not None:
        unit["parent"] = slug_id(parent, 60)


def _source_record(sid: str, url: str, row: Mapping[str, Any], columns: Mapping[str, str], where: str) -> dict:
    def text(fld: str) -> str | None:
        col = columns.get(fld)
        return cell_text(row.get(col)) if col is not None else None

    rec: dict[str, Any] = {"id": sid, "title": text("source_title") or url}
    rec["publisher"] = text("publisher") or urlparse(url).netloc.lower().removeprefix("www.") or url
    published = when_text(row.get(columns["published"])) if "published" in columns else None
    if published is not None:
        rec["published"] = published
    rec["url"] = url
    if published is None:
        rec["note"] = f"Named by {where} of the import, which gives no publication date: add `published`."
    return rec
