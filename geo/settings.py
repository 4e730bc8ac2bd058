"""The one settings object, passed explicitly to whatever needs it.

>>> s = Settings(cache_dir=Path("/tmp/sitmap-doc"))
>>> s.cache_dir
PosixPath('/tmp/sitmap-doc')
>>> Settings.from_env({"SITMAP_CACHE_DIR": "/tmp/x"}).cache_dir
PosixPath('/tmp/x')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


def default_cache_dir() -> Path:
    """Return the per-user cache directory (``$SITMAP_CACHE_DIR`` wins)."""
    env = os.environ.get("SITMAP_CACHE_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir("sitmap"))


@dataclass(frozen=True)
class Settings:
    """Run-time settings.

    ``cache_dir`` holds the built gazetteer index and online-geocoder
    responses. ``user_agent`` is required by the online geocoders and unused
    offline. ``timeout`` and ``min_delay_seconds`` govern online requests.
    """

    cache_dir: Path = field(default_factory=default_cache_dir)
    user_agent: str | None = None
    timeout: float = 10.0
    min_delay_seconds: float = 1.0
    max_retries: int = 2

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``SITMAP_*`` environment variables."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if env.get("SITMAP_CACHE_DIR"):
            kwargs["cache_dir"] = Path(env["SITMAP_CACHE_DIR"])
        if env.get("SITMAP_USER_AGENT"):
            kwargs["user_agent"] = env["SITMAP_USER_AGENT"]
        if env.get("SITMAP_TIMEOUT"):
            kwargs["timeout"] = float(env["SITMAP_TIMEOUT"])
        return cls(**kwargs)  # type: ignore[arg-type]
