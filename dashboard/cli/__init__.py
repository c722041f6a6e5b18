"""The command line (see `dashboard.cli.main`): the only place that imports argparse."""

from __future__ import annotations

from dashboard.cli.main import main

__all__ = ["main"]
