"""What can go wrong in an export, as the library says it (the command line turns these into exit codes)."""

from __future__ import annotations


class ExportError(ValueError):
    """A parameter an export cannot use (the CLI reports it with exit code 2)."""


class BrowserUnavailable(RuntimeError):
    """Headless Chromium (or Playwright) is missing or failed to start."""
