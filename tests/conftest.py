# --- dataset tests: Hypothesis profiles (tests/core/test_fuzz_loader.py) ---
# Run the fuzz tests much longer with `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
# --- end of dataset tests block ---
