"""Settings are declared data: one tuple drives defaults, parsing and `eventwatch settings`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting("max_article_chars", 2_000_000, "Longest article text accepted; longer ones are refused."),
    Setting("min_english_ratio", 0.12, "Share of common English words below which a text is refused as not English."),
    Setting("batch_size", 8, "Articles parsed together by spaCy (memory grows fast with it)."),
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    max_article_chars: int = 2_000_000
    min_english_ratio: float = 0.12
    batch_size: int = 8

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Defaults, overridden by `EVENTWATCH_<NAME>` environment variables."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(f"EVENTWATCH_{s.name.upper()}")
            if raw is not None:
                values[s.name] = type(s.default)(raw)
        return cls(**values)
