"""The curation page's "sentences that may hold a movement the draft did not write" (issue 18): a motion predicate,
a recognised unit, number or place, and no drafted movement's or event's quote in the sentence."""

from __future__ import annotations

import pytest

from dashboard.draft import make_draft
from dashboard.draft.curation import FlaggedSentence, flagged_html, motion_word, uncovered_movement_sentences
from dashboard.draft.parser import parser
from dashboard.draft.text import Sentence, Span

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no dependency parser installed")


def sentences(*texts: str, named: str = "") -> list[Sentence]:
    """Sentences of one text, each with a place span on its first word named in `named` (else none)."""
    out, pos = [], 0
    for i, t in enumerate(texts):
        spans = []
        for word in named.split():
            at = t.find(word)
            if at >= 0:
                spans.append(Span("place", pos + at, pos + at + len(word), word, None))
        out.append(Sentence(i, pos, pos + len(t), t, spans))
        pos += len(t) + 1
    return out


def movement(quote: str) -> dict:
    return {"id": "m", "citations": [{"quote": quote, "supports": ["unit", "to"]}]}


def numbers(flags: list[FlaggedSentence]) -> list[int]:
    return [f.number for f in flags]


def test_motion_with_a_name_and_no_quote_is_flagged_by_number():
    sents = sentences(
        "The battalion flew to Rukla on Monday.",
        "A company drove from Tapa to Rukla.",
        "Rukla is a small town.",  # a name, no motion
        "More soldiers will arrive in stages.",  # motion, nothing recognised
        named="Rukla Tapa",
    )
    flags = uncovered_movement_sentences(sents, {"movements": [movement("The battalion flew to Rukla")]}, nlp=None)
    assert numbers(flags) == [2]
    assert flags[0].text == "A company drove from Tapa to Rukla."
    assert flags[0].verb == "drove" and flags[0].names == ("Tapa", "Rukla")


def test_edited_draft_quotes_clear_their_sentences():
    sents = sentences("Ships sailed from Kiel.", "Jets flew to Amari.", "Tanks moved to Tapa.", named="Kiel Amari Tapa")
    assert numbers(uncovered_movement_sentences(sents, {}, nlp=None)) == [1, 2, 3]
    data = {
        "movements": [
            # a quote over two sentences (whitespace as the article wraps it) covers both
            {"citations": [{"quote": "Ships sailed from Kiel.\n Jets flew to Amari."}, {"note": "Tanks moved"}]}
        ],
        "events": [{"citations": [{"quote": "TODO: quote Tapa"}]}],  # a TODO is no quote
    }
    assert numbers(uncovered_movement_sentences(sents, data, nlp=None)) == [3]
    data["events"] = [{"citations": [{"quote": "moved to Tapa"}]}]
    assert uncovered_movement_sentences(sents, data, nlp=None) == []


def test_other_sections_quotes_do_not_cover():
    sents = sentences("The 2nd Cavalry Regiment moved to Tapa.", named="Tapa")
    data = {"units": [{"citations": [{"quote": "The 2nd Cavalry Regiment moved to Tapa."}]}]}
    assert numbers(uncovered_movement_sentences(sents, data, nlp=None)) == [1]


@needs_parser
def test_parse_reads_predicates_not_nouns():
    nlp = parser().nlp
    assert motion_word("The head of the army met reporters in Berlin.", nlp) is None
    assert motion_word("The convoy waited near Tapa.", nlp) is None
    assert motion_word("The State Department continues to urge Americans in Ukraine to stay.", nlp) is None
    assert motion_word("The brigade is due to complete its tour in Poland.", nlp) is None
    assert motion_word("The frigate set sail on Sunday from Cartagena.", nlp) == "sail"
    assert motion_word("The battalion is being deployed to Latvia.", nlp) == "deployed"
    assert motion_word("FORT HOOD, Texas - Soldiers left Fort Hood on Monday.", nlp) == "left"
    assert motion_word("The head of the army met reporters in Berlin.", None) == "head"  # the words alone


@needs_parser
def test_a_drafted_article_flags_what_the_draft_did_not_write():
    text = (
        "date 2024-05-06 About 300 paratroopers of the 173rd Airborne Brigade flew from Vicenza to Latvia on Friday. "
        "Four F-16s from Aviano Air Base are to rotate through Lithuania, a spokesman said, without giving a date. "
        "Germany did not send its tanks to Poland. "
        "The head of the army met reporters in Berlin."
    )
    draft = make_draft(text, None, None)
    flags = uncovered_movement_sentences(draft.recognised.sentences, draft.data)
    texts = [f.text for f in flags]
    quoted = [c["quote"] for m in draft.data.get("movements") or [] for c in m["citations"] if "quote" in c]
    assert all(not any(q in t for q in quoted) for t in texts)
    assert "Germany did not send its tanks to Poland." in texts  # a denial reads like a movement: "may"
    assert not any("head of the army" in t for t in texts)
    assert all(f.names for f in flags)


def test_flagged_html_escapes_and_bolds_the_motion_word():
    out = flagged_html([FlaggedSentence(7, "Tanks <b>moved</b> to Tapa & Rukla.", "moved", ("Tapa",))])
    assert "<b>moved</b>" in out and "&lt;b&gt;" in out and "&amp;" in out and ">7.</span>" in out
