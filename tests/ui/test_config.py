"""The shipped `.streamlit/config.toml` keeps the safe defaults SECURITY.md promises."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config as st_config

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def settings() -> dict[str, object]:
    raw = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {f"{section}.{name}": value for section, options in raw.items() for name, value in options.items()}


def test_every_option_is_one_streamlit_knows():
    known = st_config.get_config_options()
    unknown = sorted(set(settings()) - set(known))
    assert not unknown, f"{CONFIG.name} sets options Streamlit does not have (typos are ignored silently): {unknown}"


def test_safe_defaults():
    s = settings()
    assert s["server.enableXsrfProtection"] is True
    assert s["browser.gatherUsageStats"] is False
    assert s["client.showErrorDetails"] == "none"  # tracebacks go to the server log only
    assert s["server.maxUploadSize"] == 5  # MB
    assert s["server.enableStaticServing"] is False  # only the map component's folder is served
    assert s["server.runOnSave"] is False and s["server.fileWatcherType"] == "none"
    assert s["global.developmentMode"] is False
