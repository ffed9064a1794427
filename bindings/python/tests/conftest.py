"""pytest configuration for the paycrypt Python tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Deterministic, CI-sized property runs; PAYCRYPT_HYPOTHESIS_PROFILE=thorough
# for longer local runs.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=3000, deadline=None, database=None)
settings.load_profile(os.environ.get("PAYCRYPT_HYPOTHESIS_PROFILE", "ci"))
