"""What every page of the app adds for readers who need it: text contrast Streamlit's theme lacks.

Rule: text meets WCAG AA (4.5:1) on the app's white background. Streamlit draws captions at 60% opacity,
about 3:1; they carry sources and notices here, so they are darkened (about 7:1). Touch targets are at least
24 px (WCAG 2.5.8): the date field's day, month and year parts are widened to that. A collapsed sidebar is
hidden, not only moved off screen, so the keyboard does not walk through it unseen (Streamlit 1.67 marks it
data-collapsed, no longer aria-expanded). On a narrow screen (a phone) the page title is compact, so the map and
its date slider are seen without scrolling.

On a narrow screen (under Streamlit's 768 px breakpoint, where the sidebar lies over the page) choosing a page in
the sidebar closes it, as Streamlit does only for a browser that calls itself a phone: `initial_sidebar_state`
"auto" (the app sets no other) collapses it only when no state is stored, and Streamlit stores the person's own
opening of it, so a new user at 390 px who opened the sidebar to choose the curation page found the page under it
(round 13). The click is the person's; the script only presses Streamlit's own close button after it."""

from __future__ import annotations

import streamlit as st

CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, .stTooltipIcon { color: #55575f !important; }
[data-testid="stSidebar"][aria-expanded="false"], [data-testid="stSidebar"][data-collapsed="true"] {
  visibility: hidden; }
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script.dm-nav-close) { display: none; }
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.375rem !important; line-height: 1.25 !important;
    padding: 0.25rem 0 0.25rem !important; }
}
</style>"""


# Installed once per browser tab (the pages share one document); its element is hidden by CSS above.
NAV_SCRIPT = """<script class="dm-nav-close">(function () {
  if (window.__dmNavClose) return;
  window.__dmNavClose = true;
  document.addEventListener('click', function (e) {
    var link = e.target instanceof Element ? e.target.closest('[data-testid="stSidebarNavLink"]') : null;
    if (!link || window.innerWidth >= 768) return;
    setTimeout(function () {  // after Streamlit's own handling of the click (it closes it on a phone's browser)
      var bar = document.querySelector('[data-testid="stSidebar"]');
      var close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (bar && close && bar.getAttribute('data-collapsed') === 'false') close.click();
    }, 50);
  });
})();</script>"""


def page_style() -> None:
    """Add the app's accessibility style to the page, and the script closing the sidebar once a page is chosen
    in it on a narrow screen (call once per page run)."""
    st.html(CSS)
    st.html(NAV_SCRIPT, unsafe_allow_javascript=True)
