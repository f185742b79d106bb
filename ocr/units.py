"""Lengths on paper: printed sizes are known in millimetres, images come in dots per inch."""

from __future__ import annotations

MM_PER_INCH = 25.4
