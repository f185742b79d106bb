"""Which generator seeds are for what, so that measurements stay honest.

Calibration (``benchmarks.calibrate``) fits on ``CALIBRATION_SEEDS`` only. No tuning of
any kind looks at ``HELD_OUT_SEEDS``: ``python -m benchmarks.run --held-out`` reports on
them. Seeds below 100 are the everyday benchmark corpora that development looks at.
"""

from __future__ import annotations

CALIBRATION_SEEDS = range(100, 200)
HELD_OUT_SEEDS = range(200, 300)
DEFAULT_HELD_OUT = (201, 202)
