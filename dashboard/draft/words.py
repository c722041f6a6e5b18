"""Word tables (months, nations, place and organisation words, base names) and the tokenizer."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# ----------------------------------------------------------------------- word tables
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NATION_WORDS = {
    "U.S.": "USA",
    "US": "USA",
    "USA": "USA",
    "American": "USA",
    "Americans": "USA",
    "Pentagon": "USA",
    "British": "GBR",
    "UK": "GBR",
    "U.K.": "GBR",
    "Britons": "GBR",
    "German": "DEU",
    "Germans": "DEU",
    "Bundeswehr": "DEU",
    "French": "FRA",
    "Russian": "RUS",
    "Russians": "RUS",
    "Kremlin": "RUS",
    "Polish": "POL",
    "Italian": "ITA",
    "Canadian": "CAN",
    "Dutch": "NLD",
    "Spanish": "ESP",
    "Romanian": "ROU",
    "Ukrainian": "UKR",
    "Estonian": "EST",
    "Latvian": "LVA",
    "Lithuanian": "LTU",
    "Belgian": "BEL",
    "Danish": "DNK",
    "Norwegian": "NOR",
    "Swedish": "SWE",
    "Finnish": "FIN",
    "Czech": "CZE",
    "Slovak": "SVK",
    "Hungarian": "HUN",
    "Bulgarian": "BGR",
    "Turkish": "TUR",
    "Greek": "GRC",
    "Portuguese": "PRT",
    "Belarusian": "BLR",
    "Slovenian": "SVN",
    "Croatian": "HRV",
    "Albanian": "ALB",
    "Georgian": "GEO",
    "Moldovan": "MDA",
    "Australian": "AUS",
    "Japanese": "JPN",
    "Chinese": "CHN",
    "Israeli": "ISR",
    "Iranian": "IRN",
    "Austrian": "AUT",
    "Swiss": "CHE",
    "Irish": "IRL",
    "Luxembourg": "LUX",
    # issue 18, round 4: more nations' adjectives ("Kenyan forces shifted a battalion": the nation is Kenya's,
    # not the article's dominant one). One word each; "Korean" (north or south?) is left out on purpose.
    "Kenyan": "KEN",
    "Somali": "SOM",
    "Ethiopian": "ETH",
    "Ugandan": "UGA",
    "Rwandan": "RWA",
    "Tanzanian": "TZA",
    "Nigerian": "NGA",
    "Ghanaian": "GHA",
    "Senegalese": "SEN",
    "Malian": "MLI",
    "Chadian": "TCD",
    "Sudanese": "SDN",
    "Egyptian": "EGY",
    "Libyan": "LBY",
    "Tunisian": "TUN",
    "Algerian": "DZA",
    "Moroccan": "MAR",
    "Djiboutian": "DJI",
    "Saudi": "SAU",
    "Emirati": "ARE",
    "Qatari": "QAT",
    "Kuwaiti": "KWT",
    "Bahraini": "BHR",
    "Omani": "OMN",
    "Yemeni": "YEM",
    "Jordanian": "JOR",
    "Iraqi": "IRQ",
    "Syrian": "SYR",
    "Lebanese": "LBN",
    "Indian": "IND",
    "Pakistani": "PAK",
    "Afghan": "AFG",
    "Filipino": "PHL",
    "Philippine": "PHL",  # round 7: "About 100 Philippine marines"
    "Indonesian": "IDN",
    "Malaysian": "MYS",
    "Singaporean": "SGP",
    "Thai": "THA",
    "Vietnamese": "VNM",
    "Taiwanese": "TWN",
    "Mongolian": "MNG",
    "Kazakh": "KAZ",
    "Azerbaijani": "AZE",
    "Armenian": "ARM",
    "Serbian": "SRB",
    "Bosnian": "BIH",
    "Montenegrin": "MNE",
    "Icelandic": "ISL",
    "Mexican": "MEX",
    "Brazilian": "BRA",
    "Argentine": "ARG",
    "Chilean": "CHL",
    "Colombian": "COL",
    # round 9: demonyms of the countries the list lacked (a "Jamaican advance party" was drafted American)
    "Jamaican": "JAM",
    "Haitian": "HTI",
    "Cuban": "CUB",
    "Venezuelan": "VEN",
    "Peruvian": "PER",
    "Bolivian": "BOL",
    "Ecuadorian": "ECU",
    "Uruguayan": "URY",
    "Paraguayan": "PRY",
    "Guatemalan": "GTM",
    "Honduran": "HND",
    "Salvadoran": "SLV",
    "Nicaraguan": "NIC",
    "Panamanian": "PAN",
    "Dominican": "DOM",
    "Bangladeshi": "BGD",
    "Nepalese": "NPL",
    "Nepali": "NPL",
    "Burmese": "MMR",
    "Myanmar": "MMR",
    "Cambodian": "KHM",
    "Laotian": "LAO",
    "Fijian": "FJI",
    "Fijians": "FJI",
    "Papua New Guinean": "PNG",
    "PNG": "PNG",  # round 16: "the PNG soldiers"
    "Tongan": "TON",
    "Cameroonian": "CMR",
    "Congolese": "COD",
    "Gabonese": "GAB",
    "Ivorian": "CIV",
    "Burkinabè": "BFA",
    "Burkinabe": "BFA",
    "Nigerien": "NER",
    "Beninese": "BEN",
    "Togolese": "TGO",
    "Guinean": "GIN",
    "Liberian": "LBR",
    "Gambian": "GMB",
    "Mauritanian": "MRT",
    "Mozambican": "MOZ",
    "Zambian": "ZMB",
    "Zimbabwean": "ZWE",
    "Malawian": "MWI",
    "Namibian": "NAM",
    "Angolan": "AGO",
    "Eritrean": "ERI",
    "Burundian": "BDI",
    "Cypriot": "CYP",
    "Maltese": "MLT",
    "Macedonian": "MKD",
    "Kosovar": "XKX",
    "Uzbek": "UZB",
    "Turkmen": "TKM",
    "Tajik": "TJK",
    "Kyrgyz": "KGZ",
    "Sri Lankan": "LKA",
    "South African": "ZAF",
    "New Zealand": "NZL",
    "North Korean": "PRK",
    "South Korean": "KOR",
}
# Nations' adjectives read only where a service is named after a unit ("Mi-35 attack helicopters of the
# Burkinabè air force", a new user's second trial: drafted USA). Not in NATION_WORDS: there they would also
# change which capitalised phrases are units ("Zambian engineers" is recognised as a unit by its name).
SERVICE_NATION_WORDS = {
    "Burkinabè": "BFA",
    "Burkinabe": "BFA",
    "Ivorian": "CIV",
    "Nigerien": "NER",
    "Beninese": "BEN",
    "Togolese": "TGO",
    "Cameroonian": "CMR",
    "Mauritanian": "MRT",
    "Liberian": "LBR",
    "Mozambican": "MOZ",
    "Malawian": "MWI",
    "Zambian": "ZMB",
    "Angolan": "AGO",
    "Burundian": "BDI",
}
COMPASS = {
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "south-eastern",
    "north-western",
    "south-western",
}
NOT_PLACES = {
    # sentence adverbs that open a sentence with a capital letter
    "separately",
    "meanwhile",
    "additionally",
    "elsewhere",
    "however",
    "nonetheless",
    "nato",
    "eu",
    "un",
    "osce",
    "pentagon",
    "kremlin",
    "white house",
    "congress",
    "parliament",
    "senate",
    "state department",
    "defense department",
    "bundestag",
    "embassy",
    "mr",
    "mrs",
    "ms",
    "the",
    "a",
    "an",
    "west",
    "east",
    "north",
    "south",
    "alliance",
    "european union",
    "united nations",
    "his",
    "her",
    "their",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "this",
    "that",
    "these",
    "those",
    "army",
    "navy",
    "air force",
    "marines",
    "defence ministry",
    "defense ministry",
    "ministry",
    "government",
    "group of seven",
    "group of twenty",
    "g7",
    "g20",
    "security council",
    "european commission",
    "red cross",
}
NOT_PLACE_NOUNS = {
    "exercise",
    "exercises",
    "operation",
    "operations",
    "mission",
    "drills",
    "drill",
    "summit",
    "talks",
    "format",
    "agreement",
    "agreements",
    "deal",
    "treaty",
    "accords",
    "initiative",
    "plan",
    "group",
    "force",
    "forces",
    "battlegroup",
    "process",
    "declaration",
    "programme",
    "program",
    "meeting",
    # round 14 (a new user's trial): "soldiers from the Royal Welsh regiment": a unit, not a place to locate
    "regiment",
    "battalion",
    "brigade",
    "division",
    "squadron",
    "corps",
}
ORG_WORDS = {
    "group",
    "council",
    "union",
    "ministry",
    "department",
    "commission",
    "organization",
    "organisation",
    "alliance",
    "agency",
    "forces",
    "observers",  # round 14: "the Multinational Force and Observers' South Camp": an organisation, no place
    "mission",
    "army",
    "navy",
    "command",
    "office",
    "committee",
    "parliament",
    "government",
    "administration",
    "company",
    "corporation",
    "party",
    "court",
}
TITLES = {
    "president",
    "secretary",
    "minister",
    "general",
    "gen.",
    "mr",
    "mr.",
    "mrs",
    "ms",
    "dr",
    "sen.",
    "senator",
    "chancellor",
    "prime",
    "admiral",
    "adm.",
    "col.",
    "lt.",
    "captain",
    "spokesman",
    "spokeswoman",
    "lt",
    "col",
    "gen",
    "colonel",
    "major",
    "sergeant",
    "commander",
}
PERSON_VERBS = {
    "said",
    "says",
    "told",
    "added",
    "noted",
    "announced",
    "wrote",
    "stated",
    "warned",
    "asked",
    "explained",
    "argued",
    "claimed",
    "insisted",
    "tweeted",
    "confirmed",
    "replied",
}
LOC_PREPS = {
    "off",  # round 14: "arrived off Suzu", "anchored off Gaza"
    "to",
    "into",
    "in",
    "from",
    "at",
    "near",
    "toward",
    "towards",
    "via",
    "through",
    "for",
    "outside",
    "inside",
    "across",
    "around",
    "within",
    "out of",
    "onto",
    "reach",
    "reached",
    "reaching",
    "left",
    "leaving",
    "departed",
    "departing",
}
CONNECTORS = {"of", "es", "de", "la", "le", "am", "an", "der", "del", "di", "da", "upon", "on", "sur", "du"}
BASE_BEFORE = ("Fort", "Camp", "Naval Station", "Naval Air Station", "Joint Base", "Air Base", "Base")
BASE_AFTER = (
    "Air Base",
    "Airbase",
    "Air Force Base",
    "Air Station",
    "Airfield",
    "Air Field",
    "Barracks",
    "Naval Base",
    "Training Area",
    "Base",
    "Airport",
    "Military Base",
    "Garrison",
)
REGION_AFTER = (
    "Sea",
    "Ocean",
    "Gulf",
    "Strait",
    "Peninsula",
    "Region",
    "Oblast",
    "Province",
    "Island",
    "Islands",
    "Mountains",
    "Bay",
    "Valley",
    "Corridor",
    "Gap",
)
PROPER_WORDS = {
    "stryker": "Stryker",
    "patriot": "Patriot",
    "abrams": "Abrams",
    "bradley": "Bradley",
    "himars": "HIMARS",
    "apache": "Apache",
    "f-35": "F-35",
    "f-16": "F-16",
}

# --------------------------------------------------------------------------- tokens
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w]*(?:[-'’][\w]+)*|\d[\d,.]*(?:st|nd|rd|th)?|[^\w\s]", re.UNICODE)


# round 14: a possessive inside a place's own name ("Brooke's Point", "St. John's Harbour"), not an owner
_NAMED_POSSESSIVE = re.compile(r"\s+(?:Point|Island|Bay|Harbou?r|Hill|Landing|Cove|Head|Creek|Town|Lake|Sound|Rock)\b")


@dataclass
class Token:
    start: int
    end: int  # end of the usable part (possessive / "-backed" cut off)
    full_end: int
    text: str
    cut: bool  # the token was cut ('s, -backed): a noun phrase ends here
    based: bool = False  # "Vilseck-based"

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, lo: int, hi: int) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        s, e, t = m.start(), m.end(), m.group(0)
        cut, based = False, False
        if len(t) > 2 and t[-2:] in ("'s", "’s") and t[0].isalpha() and not _NAMED_POSSESSIVE.match(text, e, hi):
            t, e2, cut = t[:-2], e - 2, True
        else:
            e2 = e
        hy = re.match(r"^([^\W\d_][\w]*(?:[-'’][A-Z\d][\w]*)*)-([a-z][\w-]*)$", t)
        if hy and re.search(r"[A-Z]", hy.group(2)):
            hy = None  # "Marche-en-Famenne": one name, not "Vilseck-based"
        if hy:
            based = hy.group(2) in ("based", "stationed", "headquartered")
            t, e2, cut = hy.group(1), s + len(hy.group(1)), True
        out.append(Token(s, e2, e, t, cut, based))
    return out


def prev_words(text: str, lo: int, pos: int, n: int = 2) -> list[str]:
    words = re.findall(r"[\w.’']+", text[lo:pos])
    return [w.lower() for w in words[-n:]]


# Equipment that the articles move as units: "20 AH-64 Apache helicopters", "eight F-35s", "four Eurofighter jets",
# "Two Patriot air defence batteries", "Four HIMARS launchers", "USS America". The kind each name implies (for
# the branch) is in EQUIPMENT_KIND.
EQUIPMENT_NAMES = {
    "apache": "helicopter",
    "black hawk": "helicopter",
    "chinook": "helicopter",
    "eurofighter": "fighter",
    "typhoon": "fighter",
    "gripen": "fighter",
    "rafale": "fighter",
    "tornado": "fighter",
    "patriot": "patriot",
    "himars": "rocket",
    "reaper": "drone",
    "osprey": "aircraft",
    "hercules": "aircraft",
    "globemaster": "aircraft",
    "poseidon": "aircraft",
    "hornet": "fighter",
    "mirage": "fighter",
    "harrier": "fighter",
    # ground equipment moved as units (issue 18, second round): main battle tanks, howitzers, fighting vehicles
    "leopard": "tank",
    "abrams": "tank",
    "challenger": "tank",
    "leclerc": "tank",
    "k2": "tank",
    "pzh 2000": "artillery",
    "as90": "artillery",
    "caesar": "artillery",
    "krab": "artillery",
    "archer": "artillery",
    "boxer": "vehicle",
    "cv90": "vehicle",
    # issue 18, round 3
    "k9": "artillery",
    "m109": "artillery",
    "m777": "artillery",
    "paladin": "artillery",
    "rosomak": "vehicle",
    "marder": "vehicle",
    "stryker": "vehicle",
}
# round 6: Soviet and Russian designations too ("Su-30MKI", "Tu-95", "Mi-8", "Il-76", "An-124")
_MODEL = r"(?:(?:[A-Z]/)?(?:[A-Z]{1,3}|Su|Tu|Mi|Il|An|Ka|Yak|MiG)-\d{1,3}[A-Z]{0,3}\d?(?:/[A-Z])?)"
_EQ_NAME = (
    r"(?:Apache|Black Hawk|Chinook|Eurofighter|Typhoon|Gripen|Rafale|Tornado|Patriot|HIMARS|Reaper|Osprey|Hercules|"
    r"Globemaster|Poseidon|Hornet|Mirage(?:\s+(?:2000(?:-\d)?|F1))?|Harrier|"
    r"(?:M1(?:A[12])?\s+)?Abrams|Leopard(?:\s+[12](?:A\d{1,2}|[A-Z]{1,2}\d?)?\b)?|Challenger(?:\s+[23])?|Leclerc|K2|PzH\s?2000|AS-?90|"
    r"Caesar|Krab|Archer|Boxer|CV90|VAB|VBCI|VBMR|NASAMS|NH90|K9|M109(?:A\d)?|M777|Paladin|Rosomak|Marder|Stryker)(?!\s+(?:[Ss]quadron|[Bb]rigade|[Bb]attalion|[Rr]egiment|[Cc]ompany))"
)
EQUIPMENT_NOUN = (
    r"(?:fighter jets|fighter aircraft|jets|fighters|aircraft|helicopters|planes|bombers|drones|launcher trucks|launchers|"
    r"(?:air[ -]defen[cs]e |missile )?(?:batteries|battery|systems)|tankers|"
    r"(?:main battle )?tanks|(?:self-propelled )?(?:howitzers|guns)|(?:infantry |armou?red )?(?:fighting )?vehicles|"
    # round 16: "Eight PTS-M tracked amphibious transporters", "12 armoured personnel carriers"
    r"(?:amphibious )?transporters|(?:armou?red )?personnel carriers)"
)
EQUIPMENT_RX = re.compile(
    rf"\b(?:(?P<model>{_MODEL})(?:s\b)?|(?P<eq>{_EQ_NAME})s?\b)"
    rf"(?:\s+(?:{_MODEL}|{_EQ_NAME}|Fighting Falcons?|Lightning IIs?|Strike Eagles?|Super Hornets?)s?\b)*"
    rf"(?:\s+{EQUIPMENT_NOUN}\b)?"
)
# Ship prefixes of the navies the articles name (issue 18, round 3: HMAS, HMNZS, HNLMS, HDMS, HNoMS, ROKS, JS, INS, ESPS, TCG;
# round 6: ORP, HSwMS, NRP, BRP, KRI, RSS, HTMS, ARA, PNS, ENS; round 12: BAE (Ecuador), BAP (Peru), ARC (Colombia), ROCS
# (Taiwan), BNS (Bangladesh)). A name word is any capitalised word in any
# script's letters ("TCG Akçay", "ORP Kościuszko"), not only ASCII.
SHIP_PREFIX = r"(?:USS|HMS|RFA|HMCS|HMAS|HMNZS|HNLMS|HDMS|HNoMS|HSwMS|ROKS|JS|INS|ESPS|TCG|FGS|ITS|FS|ORP|NRP|BRP|KRI|RSS|HTMS|ARA|PNS|ENS|BAE|BAP|ARC|ROCS|BNS)"
_NAME_WORD = r"[^\W\d_a-z][^\W\d_]+"  # a capital of any script ("Ślązak"), then letters
# round 7: the particles of names inside a prefixed name too ("HNLMS Johan de Witt", "HNLMS Karel Doorman")
SHIP_RX = re.compile(
    rf"\b{SHIP_PREFIX}\s+(?:[A-Z]\.\s+)*{_NAME_WORD}"
    rf"(?:\s+(?:(?:de|da|del|van|von|der|of\s+the|of)\s+)?(?:[A-Z]\.\s+)*{_NAME_WORD})?"  # "HMS Prince of Wales"
)
# issue 18, round 6: a ship named after what it is, without a prefix: "the aircraft carrier Charles de Gaulle",
# "the air-defence frigate Forbin", "the frigate Blas de Lezo (F-103)", "our minehunter TCG Akçay". The name
# is one to four capitalised words (with the particles of names: de, da, del, van, von ...); a pennant number in
# brackets after it belongs to the ship, not to another unit.
SHIP_TYPE = (
    r"(?:aircraft\s+carrier|helicopter\s+carrier|carrier|amphibious\s+(?:assault\s+)?ship|landing\s+ship|"
    r"frigate|destroyer|corvette|cruiser|minehunter|mine\s+hunter|minesweeper|mine\s+countermeasures\s+vessel|"
    r"submarine|(?:offshore\s+)?patrol\s+(?:vessel|ship|boat)|(?:supply|replenishment|support|logistics)\s+ship|"
    r"tanker|flagship|warship|(?:command|survey|training|transport|hospital|landing\s+dock)\s+ship|landing\s+dock|"
    r"(?:amphibious\s+)?transport\s+dock)"  # round 14: "the transport ship Osumi"
)
SHIP_NAMED_RX = re.compile(
    rf"\b{SHIP_TYPE}\s+(?:{SHIP_PREFIX}\s+)?(?P<name>{_NAME_WORD}"
    rf"(?:\s+(?:(?:de|da|del|della|do|dos|van|von|der|la|le|of\s+the|of)\s+)?(?:[A-Z]\.\s+)*{_NAME_WORD}|\s+[IVX]{{1,4}}\b){{0,3}})"
    r"(?P<pennant>\s*\((?:[A-Z]{1,3}[- ]?)?\d{1,4}\))?"
)
# issue 18, round 6: a counted aircraft or vehicle type by its proper name, whatever the name: "two Atlantique 2
# patrol planes", "some 20 Guaicurus light armoured vehicles", "six Sea King helicopters". The name (one to three
# capitalised words or type numbers) stands between the count and a word for what it is; a count is required
# (numbers.COUNTED_BEFORE), so that "the Atlantique 2" alone is no unit.
NAMED_EQUIPMENT_RX = re.compile(
    r"(?!(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Some|About|Around|Nearly|Roughly|An?|The)\b)"
    r"(?P<name>[A-Z][\w/-]*(?:\s+(?:[A-Z][\w/-]*|\d{1,4}[A-Z]{0,2}\b)){0,2})\s+"
    r"(?:(?:maritime|patrol|transport|cargo|tanker|refuelling|refueling|surveillance|reconnaissance|attack|utility|"
    r"light|heavy|armou?red|multi-?role|combat|fighter|training|early[- ]warning|anti-submarine|wheeled|tracked|"
    r"armou?red personnel|infantry|utility)\s+){0,3}" + EQUIPMENT_NOUN + r"\b"
)
VESSEL_NOUN = r"(?:ships|vessels|warships|minehunters|minesweepers|frigates|destroyers|corvettes|submarines)"


def equipment_kind(name: str) -> str:
    """What an equipment name moves ("helicopter", "fighter", "ship" ...), for the branch."""
    low = name.lower()
    if SHIP_RX.match(name):
        return "ship"
    for key, kind in EQUIPMENT_NAMES.items():
        if key in low:
            return kind
    m = re.match(r"([A-Z]{1,3})-\d", name)
    if m:
        pre = m.group(1)
        return "helicopter" if pre.endswith("H") and len(pre) > 1 else "drone" if pre.startswith("MQ") else "fighter"
    return "equipment"


# People who move as a force without being soldiers (round 9: "carrying some 200 Kenyan police officers", "about
# 130 gendarmes", "a company of peacekeepers"): counted and moved like troops.
FORCE_PEOPLE = (
    r"police\s+officers|policemen|police|gendarmes|peacekeepers|commandos|reservists|conscripts|guardsmen|legionnaires|"
    # round 13: "roughly 500 servicemen of the 98th Guards Airborne Division", "about 30 sappers of X"
    r"servicemen|servicewomen|sappers|gunners|infantrymen|riflemen|special\s+forces|"
    # round 15: Spanish officialese in translation ("1,650 elements of the National Guard", elementos)
    r"elements(?=\s+of\s)"
)
# Round 10: people a count may name by what they do ("twenty Rangers of the 1st Canadian Ranger Patrol Group", "a
# team of eight divers"); counted, but not taken for a force of no named unit ("Canadian Rangers" is a unit).
COUNTED_PEOPLE = (
    r"rangers|divers|engineers|medics|men\s+and\s+women"  # round 13: "about 130 men and women"
    # round 14: "about 30 Wagner instructors", "some 40 military advisers"
    r"|instructors|trainers|advis[eo]rs|mercenaries|specialists|technicians"
    r"|men(?=\s*[,)—–-])"  # round 16: "The 138th Brigade, some 1,500 men, has been brought back": its size in apposition
)
