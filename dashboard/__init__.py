"""Troop-deployment map dashboard: a source-anchored dataset drawn as an animated map."""

__version__ = "0.1.0"
