"""Read a series profile from TOML, validate it against its JSON Schema and the cross-references."""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from audit.errors import ConfigError
from audit.profiles.model import DEFAULT_WORDS, Metric, NotAbove, Profile, Relations, Share, Subject

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@cache
def _schema() -> dict[str, Any]:
    return json.loads(resources.files("schemas").joinpath("profile.schema.json").read_text("utf-8"))


def _where(path: Any) -> str:
    """Return a TOML-like key for a JSON Schema error path: metrics[2].unit."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def problems(data: dict[str, Any]) -> list[str]:
    """Return what is wrong with a profile's data, one line per problem (key: what is wrong)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    found = [
        f"{_where(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if found:
        return found
    subjects = {s["id"] for s in data["subjects"]}
    metrics = [m["id"] for m in data["metrics"]]
    for index, metric in enumerate(data["metrics"]):
        if metric["subject"] not in subjects:
            found.append(f"metrics[{index}].subject: unknown subject {metric['subject']!r}")
    found += [
        f"metrics: metric {m!r} is defined twice"
        for m in sorted({m for m in metrics if metrics.count(m) > 1})
    ]
    relations = data.get("relations", {})
    named = [
        (f"relations.{k}[{i}]", m)
        for k in ("cumulative", "reconciles")
        for i, m in enumerate(relations.get(k, []))
    ]
    named += [
        (f"relations.{k}[{i}].{role}", item[role])
        for k, roles in (("not_above", ("metric", "limit")), ("share", ("share", "items")))
        for i, item in enumerate(relations.get(k, []))
        for role in roles
    ]
    found += [f"{where}: unknown metric {name!r}" for where, name in named if name not in metrics]
    return found


def _profile(data: dict[str, Any], path: str, digest: str) -> Profile:
    words = {
        kind: (*data.get("scopes", {}).get(kind, ()), *defaults) for kind, defaults in DEFAULT_WORDS.items()
    }
    relations = data.get("relations", {})
    return Profile(
        id=data["series"]["id"],
        zh=data["series"]["zh"],
        en=data["series"]["en"],
        titles=tuple(data["series"]["titles"]),
        subjects=tuple(
            Subject(s["id"], s["zh"], s["en"], tuple(s["phrases"]), s.get("scope")) for s in data["subjects"]
        ),
        metrics=tuple(
            Metric(
                m["id"],
                m["subject"],
                tuple(m["measures"]),
                m["unit"],
                m["zh"],
                m["en"],
                tuple(m.get("scopes", ("week", "ytd"))),
                bool(m.get("parts_add_up", False)),
            )
            for m in data["metrics"]
        ),
        words={kind: tuple(dict.fromkeys(w)) for kind, w in words.items()},
        relations=Relations(
            cumulative=tuple(relations.get("cumulative", ())),
            reconciles=tuple(relations.get("reconciles", ())),
            not_above=tuple(
                NotAbove(r["metric"], r["limit"], tuple(r.get("unless", ())))
                for r in relations.get("not_above", ())
            ),
            share=tuple(Share(r["share"], r["items"]) for r in relations.get("share", ())),
        ),
        path=path,
        digest=digest,
    )


def parse_profile(text: str, path: str, *, checked: bool = True) -> Profile:
    """Return the profile in TOML ``text`` read from ``path``; ConfigError names every problem.

    ``checked=False`` skips the JSON Schema, for the profiles shipped with the toolkit: the test
    suite checks those, and the pre-publication gate should not load jsonschema on every run.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"invalid TOML: {error}", "fix the syntax") from None
    found = problems(data) if checked else []
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ConfigError(path, found[0] + more, "run `audit profiles check FILE` to list every problem")
    return _profile(data, path, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])


def load_profile(path: str | Path) -> Profile:
    """Return the profile stored in the TOML file ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read the profile ({error})", "check the path") from None
    return parse_profile(text, str(path))


def check_profile(path: str | Path) -> list[str]:
    """Return every problem of the profile file ``path`` (empty when it is valid)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        return [f"cannot read the profile ({error})"]
    except tomllib.TOMLDecodeError as error:
        return [f"invalid TOML: {error}"]
    return problems(data)


@cache
def builtin_profiles() -> tuple[Profile, ...]:
    """Return the profiles shipped with the toolkit (``audit/profiles/*.toml``)."""
    folder = resources.files("audit.profiles")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
    return tuple(
        parse_profile(folder.joinpath(n).read_text("utf-8"), f"audit/profiles/{n}", checked=False)
        for n in names
    )
