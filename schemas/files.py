"""What the settings file and the waivers file may hold: every key with its type and range.

pydantic models (pydantic is already loaded with pandera, so validating costs no import). The
loaders (``audit.config``, ``audit.waivers``) turn the first validation error into one line that
names the file, the key and what is wanted.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from schemas.rules import RULES_BY_ID
from schemas.settings import VERSION_ORDER

Text = Annotated[StrictStr, Field(min_length=1)]
Days = Annotated[StrictInt, Field(ge=1, le=366)]
#: Characters of a glob that match any name: a source made of only these names no file in particular.
WILDCARDS = frozenset("*?/")


def _rule(name: str) -> str:
    if name.split(".")[0] not in RULES_BY_ID:
        raise ValueError(f"unknown rule {name!r} (see `audit rules` for the ids)")
    return name


class SettingsFile(BaseModel):
    """``[tool.audit]`` in pyproject.toml, or an ``audit.toml``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    disable: list[Text] = []
    severity: dict[Text, Literal["error", "warning", "info"]] = {}
    carryover_words: list[Text] | None = None
    max_period_days: Days | None = None
    max_publish_delay_days: Annotated[StrictInt, Field(ge=0, le=366)] | None = None
    ytd_tolerance: Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)] | None = None
    outlier_info: Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False)] | None = None
    outlier_warning: Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False)] | None = None
    outlier_window: Annotated[StrictInt, Field(ge=3, le=520)] | None = None
    outlier_floor: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    ratio_info: Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False)] | None = None
    ratio_warning: Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False)] | None = None
    ratio_floor: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    ocr_min_confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    versions: list[Literal[VERSION_ORDER]] | None = None  # type: ignore[valid-type]
    # Checked by ``audit.calendar_config.calendar_from``, which also reads the files it includes.
    calendar: Any = None
    #: Series profiles (TOML) added to the built-in ones; checked when they are loaded.
    profiles: list[Text] | None = None

    @field_validator("disable")
    @classmethod
    def _known_disabled(cls, names: list[str]) -> list[str]:
        return [_rule(name) for name in names]

    @field_validator("severity")
    @classmethod
    def _known_severities(cls, levels: dict[str, str]) -> dict[str, str]:
        return {_rule(name): level for name, level in levels.items()}


class WaiverEntry(BaseModel):
    """One approved exception in a waivers file."""

    model_config = ConfigDict(extra="forbid", strict=True)

    rule: Text
    reason: Text
    approved_by: Text
    source: Text | None = None
    #: The issue by its series (title, publisher) and numbering, which survive renaming the file.
    series: Text | None = None
    publisher: Text | None = None
    serial_no: Annotated[StrictInt, Field(ge=1)] | None = None
    year: Annotated[StrictInt, Field(ge=1900, le=2999)] | None = None
    issue_no: Annotated[StrictInt, Field(ge=1)] | None = None
    metric: Text | None = None
    expires: date | None = None
    fingerprint: Text | None = None
    #: ``all``: the waiver covers every finding of its rule, on purpose.
    scope: Literal["all"] | None = None

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, name: str) -> str:
        if name not in RULES_BY_ID:
            raise ValueError(f"unknown rule {name!r} (see `audit rules` for the ids)")
        return name

    @field_validator("expires", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # YAML and TOML give a date; a quoted one arrives as text. Anything else is not a date.
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a YYYY-MM-DD date") from None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        raise ValueError("must be a YYYY-MM-DD date")

    def waives_all(self) -> bool:
        """Return True when nothing narrows the waiver below every finding of its rule.

        A year alone or an issue number alone does not name an issue (every year has a 第1期);
        the two together do.
        """
        narrow_source = self.source is not None and not set(self.source) <= WILDCARDS
        numbered = self.serial_no is not None or (self.year is not None and self.issue_no is not None)
        named = bool(self.series or self.publisher or self.metric or self.fingerprint)
        return not (narrow_source or numbered or named)


def first_problem(error: ValidationError, item: str = "", unknown: str = "key") -> str:
    """Return the first validation failure as one phrase naming the key and what is wanted.

    ``item`` names the entry (``waiver 2``); ``unknown`` is what an unexpected key is called.
    """
    problem = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in problem["loc"])
    lead = f"{item} " if item else ""
    if problem["type"] == "missing":
        return f"{lead}lacks {where}"
    if problem["type"] == "extra_forbidden":
        return f"{lead}has unknown {unknown} {where!r}" if item else f"unknown {unknown} {where!r}"
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"{lead}{where}: {message} (got {problem['input']!r})"


__all__ = ["SettingsFile", "ValidationError", "WaiverEntry", "first_problem"]
