"""axe-core (npm `axe-core`, pinned in dashboard/web/frontend/package.json) in the browser tests.

`audit(frame)` injects axe.min.js from node_modules into a page or frame (no network) and runs it
with the WCAG 2.x A/AA rules; `serious(results)` keeps the violations of impact serious or critical,
as "rule-id (impact): n nodes: first target". Each document is audited on its own (the Streamlit
page, the map's srcdoc frame, an exported HTML file): axe does not descend into frames it was not
injected into, and injecting it into each is simpler than its frame messaging.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = (
    Path(__file__).resolve().parents[2] / "dashboard" / "web" / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def audit(frame: Any, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """The violations axe finds in a page or frame (Playwright Page or Frame)."""
    if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
        frame.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    context = {"exclude": [[sel] for sel in exclude]} if exclude else None
    result = frame.evaluate(
        """async ([context, tags]) => {
            const r = await axe.run(context || document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""",
        [context, TAGS],
    )
    return list(result)


def serious(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}: {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def counts(violations: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in violations:
        out[v["impact"] or "none"] = out.get(v["impact"] or "none", 0) + len(v["nodes"])
    return out
