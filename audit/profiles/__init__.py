"""Series profiles: what each bulletin series measures and the relations of its figures, as data.

The profiles in effect are the built-in ones plus those a run adds (``--profile FILE`` or
``[tool.audit] profiles``). The grammar reads the subjects, measures and scope words; the rules
read the relations; the reports read the metric names.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from audit.profiles.load import builtin_profiles, check_profile, load_profile, parse_profile
from audit.profiles.model import Metric, NotAbove, Profile, Relations, Share, Subject

__all__ = [
    "Metric",
    "NotAbove",
    "Profile",
    "Relations",
    "Share",
    "Subject",
    "active_profiles",
    "added_profiles",
    "builtin_profiles",
    "check_profile",
    "load_profile",
    "metric_labels",
    "parse_profile",
    "profile_for",
    "relations",
    "set_profiles",
    "use_profiles",
]

_added: list[Profile] = []  # the profiles the current run adds


def use_profiles(paths: Iterable[str | Path]) -> tuple[Profile, ...]:
    """Make the profiles stored in ``paths`` the ones a run adds to the built-in ones.

    Each run states its own (``check`` and ``extract`` call this with theirs), so a library caller
    running several audits in one process never inherits another run's series.
    """
    loaded = [load_profile(p) for p in paths]
    _added[:] = list({p.id: p for p in loaded}.values())
    return tuple(loaded)


def added_profiles() -> tuple[Profile, ...]:
    """Return the profiles the current run adds (to hand to a worker process)."""
    return tuple(_added)


def set_profiles(profiles: Iterable[Profile]) -> None:
    """Make ``profiles`` (already loaded) the ones the run adds, as ``use_profiles`` does with files."""
    _added[:] = list(profiles)


def reset_profiles() -> None:
    """Return to the built-in profiles alone."""
    _added.clear()


def active_profiles() -> tuple[Profile, ...]:
    """Return the profiles in effect: those added by the run first, then the built-in ones."""
    added = {p.id for p in _added}
    return (*reversed(_added), *(p for p in builtin_profiles() if p.id not in added))


def profile_for(title: str | None, profiles: tuple[Profile, ...] | None = None) -> Profile:
    """Return the profile of the series whose title matches, else the built-in one."""
    candidates = profiles or (active_profiles() if _added else builtin_profiles())
    return next((p for p in candidates if p.matches(title)), candidates[-1])


def metric_labels() -> dict[str, tuple[str, str]]:
    """Return the Chinese and English name of every metric of the profiles in effect."""
    return {m.id: (m.zh, m.en) for p in reversed(active_profiles()) for m in p.metrics}


def relations() -> Relations:
    """Return the relations of every profile in effect, joined (metric ids name their series)."""
    profiles = active_profiles()
    return Relations(
        cumulative=tuple(dict.fromkeys(m for p in profiles for m in p.relations.cumulative)),
        reconciles=tuple(dict.fromkeys(m for p in profiles for m in p.relations.reconciles)),
        not_above=tuple(dict.fromkeys(r for p in profiles for r in p.relations.not_above)),
        share=tuple(dict.fromkeys(r for p in profiles for r in p.relations.share)),
    )


def metric(metric_id: str) -> Metric | None:
    """Return the metric ``metric_id`` of the profiles in effect, if any."""
    return next((m for p in active_profiles() for m in p.metrics if m.id == metric_id), None)


def all_metrics() -> tuple[Metric, ...]:
    return tuple({m.id: m for p in reversed(active_profiles()) for m in p.metrics}.values())
