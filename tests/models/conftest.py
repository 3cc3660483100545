"""Hypothesis profile for the model tests: no deadline, bounded examples, deterministic on CI.

`HYPOTHESIS_PROFILE=<name>` selects another registered profile; `MODELS_MAX_EXAMPLES=<n>` raises
the example budget for a longer local run.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "models",
    deadline=None,
    max_examples=int(os.environ.get("MODELS_MAX_EXAMPLES", "60")),
    derandomize=os.environ.get("CI", "").lower() == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "models"))
