"""KML and KMZ for Google Earth, out and in.

Export rule (`export_kml`, `export_kmz`):
- One Folder per section. Each record is a Placemark whose ExtendedData carries its row of
  `tables.SECTION_COLUMNS` (dates as EDTF text, numbers as written, citations as JSON), so an import
  gives every field back. Places and events are Points, areas Polygons, sources Placemarks without
  geometry; movements sit in one Folder per unit (the unit's row in the Folder's ExtendedData).
- Time for the slider: a movement's Placemark holds a `gx:Track` along the geodesic (the schedule the
  map draws: latest departure to latest arrival) and a `TimeSpan` from its earliest possible departure
  to its latest possible arrival (an open end is left out, as KML means it); a second Placemark, the
  arrival phase, stands at the destination from the latest arrival to the unit's next departure. An
  event has a TimeSpan of its date's window (a `TimeStamp` when the day is exact); an area its
  validity. Uncertain dates are the window, never a sharper day; the EDTF text stays in ExtendedData.
- The description is HTML (Google Earth renders it) in which every dataset text is escaped, then the
  whole is XML-escaped: hostile text is shown as text. A shared BalloonStyle shows only the
  description, never ExtendedData values as HTML.
- KMZ: the same `doc.kml` (deflated at `KMZ_ZLIB_LEVEL`, fast) plus each distinct APP-6 symbol of the units as a PNG icon (`files/symbol-<k>.png`, stored: PNG is compressed already), which the units' styles share.

Import rule (`read_kml`, `read_kmz`): Placemarks and Folders carrying our ExtendedData `section` are
read back as those records. Other KML (Google Earth, ORBAT Mapper): a Placemark with a `gx:Track` or
LineString is a movement from its first to its last point (its unit: the enclosing Folder's name, else
the Placemark's), dated by its TimeSpan or the track's first and last `when`; a Point with a
TimeStamp/TimeSpan is an event; a Point without time a place. Places made from coordinates get the
basemap country they lie in. Such records have no source: each carries a note citation saying which
element it came from, and is listed. DTDs and entities are refused (no XML entity expansion).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from dashboard.core.claims import parse_when
from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.tables import (
    SECTION_COLUMNS,
    ImportResult,
    Row,
    dataset_tables,
    rows_to_records,
)
from dashboard.interchange.tables import file_problem as _problem
from dashboard.interchange.tracks import movement_tracks

KML_NS = "http://www.opengis.net/kml/2.2"
GX_NS = "http://www.google.com/kml/ext/2.2"
MAX_KML_BYTES = 200 * 1024 * 1024
MAX_KMZ_ENTRIES = 10_000
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# every byte except those that can begin a character `_BAD_XML` matches, in UTF-8
_CANNOT_BEGIN_BAD = bytes(sorted(set(range(256)) - {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xEF}))
# doc.kml deflated fast (10,000 movements, 38 MB of KML: level 6 0.37 s to 3.7 MB, level 1 0.17 s to 5.0 MB)
KMZ_ZLIB_LEVEL = 1
EPOCH = dt.date(1970, 1, 1)

# ---------------------------------------------------------------------------- export


def _x(text: Any) -> str:
    """Text for an XML element: & < > escaped (characters XML 1.0 cannot hold become U+FFFD in
    `kml_text`, once over the whole document: the markup around the texts holds none)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=65536)
def _day(day: float) -> str | None:
    if not math.isfinite(day):
        return None
    whole = math.floor(day)
    stamp = dt.datetime.combine(EPOCH + dt.timedelta(days=whole), dt.time()) + dt.timedelta(days=day - whole)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def _span(begin: str | None, end: str | None) -> str:
    if begin is None and end is None:
        return ""
    parts = ["<TimeSpan>"]
    if begin is not None:
        parts.append(f"<begin>{begin}</begin>")
    if end is not None:
        parts.append(f"<end>{end}</end>")
    parts.append("</TimeSpan>")
    return "".join(parts)


def _when_span(w: Any, end_of: Any = None) -> str:
    """A date field's window as TimeSpan (a TimeStamp for one exact day)."""
    if w is None:
        return ""
    if w.exact and end_of is None:
        return f"<TimeStamp><when>{w.earliest.isoformat()}</when></TimeStamp>"
    begin = w.earliest.isoformat() if w.earliest else None
    last = (end_of or w).latest if end_of is not None else w.latest
    end = (last + dt.timedelta(days=1)).isoformat() if last else None
    return _span(begin, end)


_DATA_OPEN = {  # section -> (its ExtendedData's opening, (column, the column's Data opening) ...)
    section: (
        f'<ExtendedData><Data name="section"><value>{section}</value></Data>',
        tuple((col, f'<Data name="{col}"><value>') for col in cols),
    )
    for section, cols in SECTION_COLUMNS.items()
}


def _extended(row: Row, section: str) -> str:
    head, cols = _DATA_OPEN[section]
    parts = [head]
    for col, opening in cols:
        value = row.get(col)
        if value is not None:
            text = value if type(value) is str else str(value)
            if "&" in text or "<" in text or ">" in text:
                text = _x(text)
            parts += (opening, text, "</value></Data>")
    parts.append("</ExtendedData>")
    return "".join(parts)


def _hx(text: str) -> str:
    """Dataset text for a description: HTML-escaped, then XML-escaped (as `_x(html.escape(text))`: after
    `html.escape` only its own '&' is left for the XML escape)."""
    return html.escape(text).replace("&", "&amp;")


@lru_cache(maxsize=64)
def _line(label: str) -> str:
    """A description line's label, escaped as `_description` escapes its HTML."""
    return _x(f"<b>{html.escape(label)}</b>: ")


def _description(
    lines: Iterable[tuple[str, str]],
    citations: Iterable[Any],
    sources: dict[str, Any],
    cache: dict[tuple[Any, ...], str],
) -> str:
    """The balloon: dataset text HTML-escaped, then the HTML XML-escaped (shown as text, never run)."""
    out = [f"{_line(k)}{_hx(v)}{_BR}" for k, v in lines if v]
    cites = [_citation_html(c.source, c.quote, c.note, tuple(c.supports or ()), sources, cache) for c in citations]
    if cites:
        out.append(_SOURCES_OPEN + "".join(cites) + _SOURCES_CLOSE)
    return f"<description>{''.join(out)}</description>"


_BR = _x("<br/>")
_SOURCES_OPEN, _SOURCES_CLOSE = _x("<b>Sources</b><ol>"), _x("</ol>")


def _citation_html(
    source: str | None,
    quote: str | None,
    note: str | None,
    supports: tuple[str, ...],
    sources: dict[str, Any],
    cache: dict[tuple[Any, ...], str],
) -> str:
    """One citation as an HTML list item (HTML-escaped, then XML-escaped); the same citation is worked out
    once per export (`cache`)."""
    key = (source, quote, note, supports)
    hit = cache.get(key)
    if hit is not None:
        return hit
    src = sources.get(source or "")
    who = f"{src.title} ({src.publisher}, {src.published})" if src is not None else ""
    text = f"“{quote}”" if quote else ""
    if note:
        text += (" — " if text else "") + f"note: {note}"
    if supports:
        text += f" [supports {', '.join(supports)}]"
    item = _x(f"<li>{html.escape(text)}{'<br/><i>' + html.escape(who) + '</i>' if who else ''}</li>")
    cache[key] = item
    return item


def _coords(lon: float, lat: float) -> str:
    return f"{lon:.6f},{lat:.6f},0"


def _point(lon: float, lat: float) -> str:
    return f"<Point><coordinates>{_coords(lon, lat)}</coordinates></Point>"


def _ring(coords: list[list[float]]) -> str:
    return " ".join(_coords(c[0], c[1]) for c in coords)


def _polygon_kml(geom: dict[str, Any]) -> str:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom.get("coordinates", [])
    out = []
    for rings in polys:
        outer = (
            f"<outerBoundaryIs><LinearRing><coordinates>{_ring(rings[0])}</coordinates></LinearRing></outerBoundaryIs>"
        )
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_ring(r)}</coordinates></LinearRing></innerBoundaryIs>"
            for r in rings[1:]
        )
        out.append(f"<Polygon>{outer}{inner}</Polygon>")
    return out[0] if len(out) == 1 else "<MultiGeometry>" + "".join(out) + "</MultiGeometry>"


STYLES = """\
<Style id="record"><BalloonStyle><text>$[name]&lt;br/&gt;$[description]</text></BalloonStyle></Style>
<Style id="movement"><LineStyle><color>ff2f6fd9</color><width>3</width></LineStyle>\
<BalloonStyle><text>$[name]&lt;br/&gt;$[description]</text></BalloonStyle></Style>
<Style id="window"><LineStyle><color>802f6fd9</color><width>6</width></LineStyle>\
<BalloonStyle><text>$[name]&lt;br/&gt;$[description]</text></BalloonStyle></Style>
<Style id="area"><LineStyle><color>ff3030c0</color><width>2</width></LineStyle><PolyStyle><color>303030c0</color></PolyStyle>\
<BalloonStyle><text>$[name]&lt;br/&gt;$[description]</text></BalloonStyle></Style>
"""


def kml_text(loaded: Any, options: Any, timeline: Any = None, icons: dict[str, str] | None = None) -> str:  # noqa: C901 (one block per section)
    """The dataset as a KML document (see the module's rule); `icons`: unit id -> icon href (KMZ).
    Characters XML 1.0 cannot hold become U+FFFD (only the dataset's texts can hold them)."""
    text = _kml_text(loaded, options, timeline, icons)
    return _BAD_XML.sub("\ufffd", text) if _BAD_XML.search(text) else text


def kml_bytes(loaded: Any, options: Any, timeline: Any = None, icons: dict[str, str] | None = None) -> bytes:
    """`kml_text` encoded as UTF-8. The encoding is searched first, in C, for a byte that can begin a
    character XML 1.0 cannot hold (a C0 control is one byte; U+FFFE and U+FFFF begin with 0xEF); only a
    document holding such a byte is searched as text (`_BAD_XML`)."""
    text = _kml_text(loaded, options, timeline, icons)
    data = text.encode("utf-8")
    if data.translate(None, _CANNOT_BEGIN_BAD) and _BAD_XML.search(text):
        data = _BAD_XML.sub("\ufffd", text).encode("utf-8")
    return data


def _kml_text(loaded: Any, options: Any, timeline: Any, icons: dict[str, str] | None) -> str:  # noqa: C901 (one block per section)
    from dashboard.engine.timeline import build_timeline

    movement_ids = getattr(options, "movement_ids", None)
    tables = dataset_tables(loaded, movement_ids)
    timeline = timeline if timeline is not None else build_timeline(loaded)
    ds = loaded.dataset
    sources = loaded.sources
    cache: dict[tuple[Any, ...], str] = {}  # citations as HTML, each worked out once
    title = getattr(options, "title", None) or "Troop deployments"
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<kml xmlns="{KML_NS}" xmlns:gx="{GX_NS}"><Document><name>{_x(title)}</name>\n',
        STYLES,
    ]
    for uid, href in (icons or {}).items():
        out.append(
            f"<Style id={quoteattr('icon-' + uid)}><IconStyle><scale>1.2</scale><Icon><href>{_x(href)}</href></Icon>"
            "</IconStyle><BalloonStyle><text>$[name]&lt;br/&gt;$[description]</text></BalloonStyle></Style>\n"
        )

    out.append("<Folder><name>Sources</name>\n")
    for s, row in zip(ds.sources, tables["sources"]):
        lines = [("Publisher", s.publisher), ("Published", s.published.isoformat()), ("URL", s.url or "")]
        out.append(
            f"<Placemark id={quoteattr('source-' + s.id)}><name>{_x(s.title)}</name><styleUrl>#record</styleUrl>"
            f"{_description(lines, [], sources, cache)}{_extended(row, 'sources')}</Placemark>\n"
        )
    out.append("</Folder>\n<Folder><name>Places</name>\n")
    for p, row in zip(ds.places, tables["places"]):
        lines = [("Country", p.country), ("Precision", p.precision or ""), ("Note", p.note or "")]
        out.append(
            f"<Placemark id={quoteattr('place-' + p.id)}><name>{_x(p.name)}</name><styleUrl>#record</styleUrl>"
            f"{_description(lines, p.citations, sources, cache)}{_extended(row, 'places')}{_point(p.lon, p.lat)}</Placemark>\n"
        )
    out.append("</Folder>\n")

    # movements by unit, each unit a Folder
    index = {mid: i for i, mid in enumerate(timeline.ids.tolist())}
    depart = timeline.depart.tolist()
    depart_lo, depart_hi = timeline.depart_lo.tolist(), timeline.depart_hi.tolist()
    arrive_lo, arrive_hi = timeline.arrive_lo.tolist(), timeline.arrive_hi.tolist()
    tracks = movement_tracks(loaded, timeline, movement_ids)
    track_of = {t.movement.id: t for t in tracks}
    rows_of = {r["id"]: r for r in tables["movements"]}
    by_unit: dict[str, list[Any]] = {}
    for t in tracks:
        by_unit.setdefault(t.movement.unit, []).append(t.movement)
    places = loaded.places
    hx = lru_cache(maxsize=None)(_hx)  # texts many movements share (names, dates, confidences), escaped once
    day = _day
    out.append("<Folder><name>Units and movements</name>\n")
    for u, urow in zip(ds.units, tables["units"]):
        ums = sorted(by_unit.get(u.id, []), key=lambda m: depart[index[m.id]])
        style = f"#icon-{u.id}" if icons and u.id in icons else "#record"
        lines = [("Nation", u.nation), ("Branch", u.branch), ("Echelon", u.echelon), ("Note", u.note or "")]
        out.append(
            f"<Folder id={quoteattr('unit-' + u.id)}><name>{_x(u.name)}</name><styleUrl>#record</styleUrl>"
            f"{_description(lines, u.citations, sources, cache)}{_extended(urow, 'units')}\n"
        )
        short = u.short_name or u.name
        unit_line = _MOVEMENT_LINES[0] + hx(u.name) + _BR if u.name else ""
        arrived_at = f"<Placemark><name>{_x(short)} at "
        phase_style = f"</name><styleUrl>{style}</styleUrl>"
        for k, m in enumerate(ums):
            i = index[m.id]
            origin, dest = places[m.from_], places[m.to]
            desc = _movement_description(m, unit_line, origin.name, dest.name, timeline, i, hx, sources, cache)
            begin = day(depart_lo[i]) or day(depart_hi[i])
            end = day(arrive_hi[i])
            out += (
                f"<Placemark id={quoteattr('movement-' + m.id)}><name>{_x(f'{short}: {origin.name} → {dest.name}')}"
                "</name><styleUrl>#movement</styleUrl>",
                desc,
                _span(begin, end),
                _extended(rows_of[m.id], "movements"),
                _track(track_of[m.id]),
                "</Placemark>\n",
            )
            nxt = ums[k + 1] if k + 1 < len(ums) else None
            arrived = day(arrive_hi[i]) or day(arrive_lo[i])
            leave = day(depart_lo[index[nxt.id]]) if nxt is not None else None
            out += (
                arrived_at,
                _x(dest.name),
                phase_style,
                desc,
                _span(arrived, leave),
                '<ExtendedData><Data name="phase"><value>arrived</value></Data><Data name="movement"><value>',
                _x(m.id),
                "</value></Data></ExtendedData>",
                _point(dest.lon, dest.lat),
                "</Placemark>\n",
            )
        out.append("</Folder>\n")
    out.append("</Folder>\n<Folder><name>Events</name>\n")
    for e, row in zip(ds.events, tables["events"]):
        p = places[e.place]
        lines = [("Date", e.date.words()), ("Place", p.name), ("Description", e.description or "")]
        out.append(
            f"<Placemark id={quoteattr('event-' + e.id)}><name>{_x(e.name)}</name><styleUrl>#record</styleUrl>"
            f"{_description(lines, e.citations, sources, cache)}{_when_span(e.date)}{_extended(row, 'events')}"
            f"{_point(p.lon, p.lat)}</Placemark>\n"
        )
    out.append("</Folder>\n<Folder><name>Areas</name>\n")
    for a, row in zip(ds.areas, tables["areas"]):
        geom = json.loads(str(row["geometry"])) if str(row.get("geometry", "")).startswith("{") else None
        valid = a.valid_from.words() + (f" to {a.valid_to.words()}" if a.valid_to else "")
        lines = [("Valid", valid), ("Strength", a.strength.words() if a.strength else ""), ("Note", a.note or "")]
        begin = a.valid_from.earliest.isoformat() if a.valid_from.earliest else None
        end = (a.valid_to.latest + dt.timedelta(days=1)).isoformat() if a.valid_to and a.valid_to.latest else None
        out.append(
            f"<Placemark id={quoteattr('area-' + a.id)}><name>{_x(a.name)}</name><styleUrl>#area</styleUrl>"
            f"{_description(lines, a.citations, sources, cache)}{_span(begin, end)}{_extended(row, 'areas')}"
            f"{_polygon_kml(geom) if geom and geom.get('type') in ('Polygon', 'MultiPolygon') else ''}</Placemark>\n"
        )
    out.append("</Folder>\n<Folder><name>Stories</name>\n")
    for story, row in zip(ds.stories, tables.get("stories", [])):  # no place of their own: the record only
        out.append(
            f"<Placemark id={quoteattr('story-' + story.id)}><name>{_x(story.title)}</name>"
            f"<description>{_x(story.description or '')}</description>{_extended(row, 'stories')}</Placemark>\n"
        )
    out.append("</Folder>\n</Document></kml>\n")
    return "".join(out)


_MOVEMENT_LINES = tuple(
    _line(k) for k in ("Unit", "From", "To", "Departure", "Arrival", "Strength", "Confidence", "Description", "Note")
)


def _movement_description(
    m: Any,
    unit_line: str,
    origin: str,
    dest: str,
    timeline: Any,
    i: int,
    hx: Any,
    sources: dict[str, Any],
    cache: dict[tuple[Any, ...], str],
) -> str:
    """`_description` of a movement's lines (its unit's line given: the same for all its movements), texts
    that movements share escaped once (`hx`)."""
    _unit, l_from, l_to, l_depart, l_arrive, l_strength, l_conf, l_desc, l_note = _MOVEMENT_LINES
    br = _BR
    out = [unit_line]
    if origin:
        out += (l_from, hx(origin), br)
    if dest:
        out += (l_to, hx(dest), br)
    depart = m.depart.words() if m.depart else "not reported"
    if depart:
        out += (l_depart, hx(depart), br)
    arrive = m.arrive.words() if m.arrive else _estimate(timeline, i)
    if arrive:
        out += (l_arrive, hx(arrive), br)
    strength = m.strength.words() if m.strength else ""
    if strength:
        out += (l_strength, hx(strength), br)
    if m.confidence:
        out += (l_conf, hx(m.confidence), br)
    if m.description:
        out += (l_desc, _hx(m.description), br)
    if m.note:
        out += (l_note, _hx(m.note), br)
    if m.citations:
        out.append(_SOURCES_OPEN)
        out += [_citation_html(c.source, c.quote, c.note, tuple(c.supports or ()), sources, cache) for c in m.citations]
        out.append(_SOURCES_CLOSE)
    return f"<description>{''.join(out)}</description>"


def _estimate(timeline: Any, i: int) -> str:
    if not timeline.arrive_estimated[i]:
        return "not reported"
    day = _day(timeline.arrive_hi[i])
    return f"not reported; estimated by {day[:10] if day else '?'} (a march of about 500 km a day)"


def _track(t: Any) -> str:
    """A gx:Track along the movement's track (`tracks`): its instants, then its coordinates."""
    whens = f"<when>{'</when><when>'.join(t.times)}</when>" if t.times else ""
    coords = _coord_format(len(t.coords)) % tuple(chain.from_iterable(t.coords))
    return f"<gx:Track>{whens}{coords}</gx:Track>"


@lru_cache(maxsize=64)
def _coord_format(n: int) -> str:
    """The %-format of `n` gx:coord elements (one formatting call per track)."""
    return "<gx:coord>%.6f %.6f 0</gx:coord>" * n


@without_gc
def export_kml(loaded: Any, options: Any, out: Path, *, timeline: Any = None, **_: Any) -> Path:
    from dashboard.export.files import write_bytes_atomic

    write_bytes_atomic(out, kml_bytes(loaded, options, timeline))
    return Path(out)


@without_gc
def export_kmz(loaded: Any, options: Any, out: Path, *, timeline: Any = None, **_: Any) -> Path:
    """doc.kml plus the units' symbols as icons (one files/symbol-<k>.png per distinct symbol), zipped."""
    from dashboard.export.files import atomic_path
    from dashboard.interchange.icons import unit_icons

    pngs = unit_icons(loaded)
    files = {png: f"files/symbol-{k}.png" for k, png in enumerate(dict.fromkeys(pngs.values()))}
    names = {uid: files[png] for uid, png in pngs.items()}  # one file per distinct symbol
    data = kml_bytes(loaded, options, timeline, icons=names)
    with atomic_path(Path(out)) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", data, compresslevel=KMZ_ZLIB_LEVEL)
        for png, name in files.items():
            z.writestr(name, png, compress_type=zipfile.ZIP_STORED)  # a PNG is compressed already
    return Path(out)


# ---------------------------------------------------------------------------- import


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Node:
    """An XML element with its line and parent (a tiny tree: the standard library's ElementTree keeps
    neither, and lxml is not a dependency)."""

    __slots__ = ("tag", "attrib", "children", "text", "sourceline", "parent")

    def __init__(self, tag: str, attrib: dict[str, str], line: int, parent: Node | None):
        self.tag, self.attrib = tag, attrib
        self.children: list[Node] = []
        self.text: str | None = None
        self.sourceline, self.parent = line, parent

    def __iter__(self) -> Any:
        return iter(self.children)

    def get(self, key: str) -> str | None:
        return self.attrib.get(key)

    def getparent(self) -> Node | None:
        return self.parent

    def iter(self) -> Any:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class XmlError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def parse_xml(data: bytes) -> Node:
    """Parse XML with expat into `Node`s; a DTD (and so any entity declaration) is refused."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    root: list[Node] = []
    stack: list[Node] = []
    texts: list[list[str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node("{" + tag if "}" in tag else tag, attrs, parser.CurrentLineNumber, stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        texts.append([])

    def end(_tag: str) -> None:
        node = stack.pop()
        node.text = "".join(texts.pop()) or None

    def chars(data: str) -> None:
        if texts:
            texts[-1].append(data)

    def doctype(*_: Any) -> None:
        raise XmlError(
            "holds a DTD (<!DOCTYPE>), which KML never needs; refused (no entity expansion)", parser.CurrentLineNumber
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(f"is not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno) from None
    if not root:
        raise XmlError("holds no XML element", None)
    return root[0]


@without_gc
def read_kml_bytes(data: bytes, shown: str) -> ImportResult:
    """A KML document's bytes as an import (see the module's rule)."""
    if len(data) > MAX_KML_BYTES:
        return _problem(shown, f"is {len(data):,} bytes, over the import limit of {MAX_KML_BYTES:,}")
    try:
        root = parse_xml(data)
    except XmlError as exc:
        return _problem(shown, str(exc), exc.line)
    if _local(root.tag) != "kml":
        return _problem(shown, f"is not KML: its root element is <{_local(root.tag)[:40]}>", root.sourceline)
    result = ImportResult()
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {s: [] for s in SECTION_COLUMNS}
    foreign: list[Any] = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("Placemark", "Folder"):
            continue
        data_fields = _data(el)
        section = data_fields.get("section")
        if section in rows:
            rows[section].append((el.sourceline or 0, data_fields))
        elif section is not None:
            result.problems.append(
                Problem(shown, el.sourceline, f"<{name}>", "section", f"{section[:40]!r} is not a section")
            )
        elif name == "Placemark" and "phase" not in data_fields:
            foreign.append(el)
    for section, found in rows.items():
        rows_to_records(section, found, shown, result, where="line")
    if foreign:
        _read_foreign(foreign, shown, result)
    return result


def _data(el: Any) -> dict[str, Any]:
    """An element's own ExtendedData as {name: value} (not its children's)."""
    out: dict[str, Any] = {}
    for child in el:
        if _local(child.tag) != "ExtendedData":
            continue
        for d in child:
            if _local(d.tag) == "Data" and d.get("name"):
                value = next((v.text for v in d if _local(v.tag) == "value"), None)
                out[d.get("name")] = value
            elif _local(d.tag) == "SchemaData":
                for sd in d:
                    if _local(sd.tag) == "SimpleData" and sd.get("name"):
                        out[sd.get("name")] = sd.text
    return out


def _child(el: Any, name: str) -> Any:
    return next((c for c in el if _local(c.tag) == name), None)


def _text_of(el: Any, name: str) -> str | None:
    c = _child(el, name)
    return c.text.strip() if c is not None and c.text and c.text.strip() else None


def _kml_day(text: str | None) -> str | None:
    """A KML time (gYear, gYearMonth, date or dateTime) as an EDTF day, month or year."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(-\d{2})?(-\d{2})?(T.*)?", text.strip())
    return "".join(g for g in m.groups()[:3] if g) if m else None


def _times(pm: Any) -> tuple[str | None, str | None, list[str]]:
    """(begin, end, track whens) of a Placemark."""
    begin = end = None
    for el in pm.iter():
        name = _local(el.tag)
        if name == "TimeSpan":
            begin, end = _text_of(el, "begin"), _text_of(el, "end")
            break
        if name == "TimeStamp":
            begin = end = _text_of(el, "when")
            break
    whens = [
        w.text.strip()
        for w in pm.iter()
        if _local(w.tag) == "when" and w.text and w.parent is not None and _local(w.parent.tag) == "Track"
    ]
    return begin, end, whens


def _line_coords(pm: Any) -> list[tuple[float, float]]:
    for el in pm.iter():
        name = _local(el.tag)
        if name == "Track":
            pts = []
            for c in el:
                if _local(c.tag) == "coord" and c.text:
                    bits = c.text.split()
                    pts.append((float(bits[0]), float(bits[1])))
            return pts
        if name == "LineString":
            return _parse_coords(_text_of(el, "coordinates") or "")
    return []


def _parse_coords(text: str) -> list[tuple[float, float]]:
    pts = []
    for tup in text.split():
        bits = tup.split(",")
        pts.append((float(bits[0]), float(bits[1])))
    return pts


def _point_of(pm: Any) -> tuple[float, float] | None:
    for el in pm.iter():
        if _local(el.tag) == "Point":
            pts = _parse_coords(_text_of(el, "coordinates") or "")
            return pts[0] if pts else None
    return None


def _read_foreign(placemarks: list[Any], shown: str, result: ImportResult) -> None:  # noqa: C901 (one rule per kind of Placemark)
    """Placemarks of another tool's KML (see the module's rule)."""
    from dashboard.interchange.mapping import Places, slug_id

    places = Places(result.data.get("places", []))
    units: dict[str, dict[str, Any]] = {}
    ids: set[str] = set()

    def new_id(base: str) -> str:
        rid, k = base, 2
        while rid in ids:
            rid, k = f"{base}-{k}", k + 1
        ids.add(rid)
        return rid

    for n, pm in enumerate(placemarks, start=1):
        line = pm.sourceline
        label = _text_of(pm, "name") or f"Placemark {n}"
        where = f"{shown} line {line} (Placemark {label[:80]!r})"
        record = f"<Placemark> {label[:80]!r}"

        def bad(fld: str | None, msg: str, _line: int | None = line, _record: str = record) -> None:
            result.problems.append(Problem(shown, _line, _record, fld, msg))

        try:
            line_pts = _line_coords(pm)
            point = _point_of(pm)
        except (ValueError, IndexError):
            bad("coordinates", "coordinates are not numbers written lon,lat[,alt]")
            continue
        begin, end, whens = _times(pm)
        start = _kml_day(begin) or _kml_day(whens[0] if whens else None)
        stop = _kml_day(end) or _kml_day(whens[-1] if whens else None)
        note = {"note": f"Imported from {where}, which gives no source."}
        if len(line_pts) >= 2:
            folder = pm.getparent()
            unit_name = _text_of(folder, "name") if folder is not None and _local(folder.tag) == "Folder" else None
            unit_name = unit_name or label
            uid = slug_id(unit_name)
            ends = []
            for end_name, (lon, lat) in (("from", line_pts[0]), ("to", line_pts[-1])):
                pid, why = places.at(None, lat, lon, None, where)
                if pid is None:
                    bad(end_name, why)
                    break
                ends.append(pid)
            if len(ends) < 2:
                continue
            if start is None and stop is None:
                bad("TimeSpan", "has no time (TimeSpan, TimeStamp or gx:Track when): a movement needs a date")
                continue
            rec: dict[str, Any] = {"id": new_id(slug_id(f"m-{label}")), "unit": uid, "from": ends[0], "to": ends[1]}
            if start:
                rec["depart"] = start
            if stop:
                rec["arrive"] = stop
            try:
                if start and stop and parse_when(stop).hi < parse_when(start).lo:
                    bad("TimeSpan", f"ends ({stop}) before it begins ({start})")
                    continue
            except ValueError as exc:
                bad("TimeSpan", str(exc))
                continue
            rec["citations"] = [note]
            units.setdefault(uid, {"id": uid, "name": unit_name})
            result.data["movements"].append(rec)
        elif point is not None:
            lon, lat = point
            pid, why = places.at(label, lat, lon, None, where)
            if pid is None:
                bad("coordinates", why)
                continue
            if start is None:
                continue  # a place, made by places.at
            date = start if start == stop or stop is None else f"{start}/{stop}"
            try:
                parse_when(date)
            except ValueError as exc:
                bad("TimeStamp", str(exc))
                continue
            result.data["events"].append(
                {"id": new_id(slug_id(f"ev-{label}")), "name": label, "date": date, "place": pid, "citations": [note]}
            )
        else:
            bad(None, "has no Point, LineString or gx:Track: nothing to import")
    result.data["places"].extend(places.records.values())
    result.data["units"].extend(units.values())
    for u in units.values():
        result.problems.append(
            Problem(
                shown,
                None,
                f"unit '{u['id']}'",
                "nation",
                "KML does not say its nation, branch or echelon: fill them in (validate refuses the unit until then)",
            )
        )
    if result.data["movements"] or result.data["events"]:
        result.problems.append(
            Problem(
                shown,
                None,
                None,
                "citations",
                "records imported without a source: each has a note saying so",
                todo=True,
            )
        )


def read_kml(path: Path) -> ImportResult:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KML_BYTES:
            return _problem(path.name, f"is over the import limit of {MAX_KML_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as exc:
        return _problem(path.name, f"cannot be read: {exc.strerror or exc}")
    return read_kml_bytes(data, path.name)


def read_kmz(path: Path) -> ImportResult:
    """A KMZ: its doc.kml (or first .kml at the top), read as KML; sizes checked before unpacking."""
    path = Path(path)
    shown = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_KMZ_ENTRIES:
                return _problem(shown, f"holds {len(infos):,} entries, over the limit of {MAX_KMZ_ENTRIES:,}")
            kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
            kmls.sort(key=lambda i: (i.filename != "doc.kml", "/" in i.filename, i.filename))
            if not kmls:
                return _problem(shown, "holds no .kml file")
            info = kmls[0]
            if info.file_size > MAX_KML_BYTES:
                return _problem(shown, f"{info.filename} unpacks to {info.file_size:,} bytes, over the limit")
            with z.open(info) as fh:
                data = fh.read(MAX_KML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        return _problem(shown, f"is not a readable KMZ (zip) file: {str(exc)[:200]}")
    if len(data) > MAX_KML_BYTES:
        return _problem(shown, f"{info.filename} unpacks to more than {MAX_KML_BYTES:,} bytes")
    return read_kml_bytes(data, f"{shown}: {info.filename}")
