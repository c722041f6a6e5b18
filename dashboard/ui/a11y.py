"""What every page of the app adds for readers who need it: text contrast Streamlit's theme lacks.

Rule: text meets WCAG AA (4.5:1) on the app's white background. Streamlit draws captions at 60% opacity,
about 3:1; they carry sources and notices here, so they are darkened (about 7:1). Touch targets are at least
24 px (WCAG 2.5.8): the date field's day, month and year parts are widened to that. A collapsed
sidebar is hidden, not only moved off screen, so the keyboard does not walk through it unseen. On a narrow
screen (a phone) the page title is compact, so the map and its date slider are seen without scrolling."""

from __future__ import annotations

import streamlit as st

CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, .stTooltipIcon { color: #55575f !important; }
[data-testid="stSidebar"][aria-expanded="false"] { visibility: hidden; }
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.375rem !important; line-height: 1.25 !important;
    padding: 0.25rem 0 0.25rem !important; }
}
</style>"""


def page_style() -> None:
    """Add the app's accessibility style to the page (call once per page run)."""
    st.html(CSS)
