"""Settings are declared data: one tuple drives defaults, parsing and `eventwatch settings`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import SettingError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting("max_article_chars", 2_000_000, "Longest article text accepted; longer ones are refused."),
    Setting("min_english_ratio", 0.12, "Share of common English words below which a text is refused as not English."),
    Setting("batch_size", 8, "Articles parsed together by spaCy (memory grows fast with it)."),
    Setting("coder", "model", "Who decides event, type and ACLED sub-type: 'model' (the learned coder over the rules) or 'rules'."),
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    max_article_chars: int = 2_000_000
    min_english_ratio: float = 0.12
    batch_size: int = 8
    coder: str = "model"

    def __post_init__(self) -> None:
        if self.coder not in ("model", "rules"):
            raise SettingError("coder", f"expected 'model' or 'rules', not {self.coder!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, overridden by `EVENTWATCH_<NAME>` environment variables."""
        return cls(**env_values(SETTINGS, environ))


def env_values(
    table: tuple[Setting, ...], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The settings of `table` given as `EVENTWATCH_<NAME>` variables, parsed to the type
    of their default; `SettingError` names a value that does not parse."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in table:
        raw = env.get(f"EVENTWATCH_{s.name.upper()}")
        if raw is None:
            continue
        try:
            values[s.name] = type(s.default)(raw.strip())
        except ValueError:
            kind = type(s.default).__name__
            raise SettingError(s.name, f"expected a {kind}, not {raw!r}") from None
    return values
