"""What every command's arguments share: the usage error and the argument types."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys


class UsageError(Exception):
    """A wrong argument: reported with exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2; keep that, shorter
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parse_date(text: str) -> dt.date:
    """An argument written YYYY-MM-DD."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None
