"""The catalogue stays whole: every rule record is listed once, named for its id, in one guess."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import schemas.rules
from schemas.rules import RULES, RULES_BY_ID, Rule

MODULES = [
    importlib.import_module(f"schemas.rules.{info.name}")
    for info in pkgutil.iter_modules(schemas.rules.__path__)
    if info.name != "base"
]


def _records(module: ModuleType) -> dict[str, Rule]:
    return {name: value for name, value in vars(module).items() if isinstance(value, Rule)}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_record_of_a_module_is_in_its_rules_and_named_for_its_id(module: ModuleType) -> None:
    records = _records(module)
    assert records, f"{module.__name__} defines no rule"
    assert {name: rule.id.upper() for name, rule in records.items()} == {n: n for n in records}
    assert sorted(r.id for r in module.RULES) == sorted(r.id for r in records.values())


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_module_is_in_the_catalogue_and_its_docstring(module: ModuleType) -> None:
    assert all(RULES_BY_ID.get(rule.id) is rule for rule in module.RULES)
    assert f"``{module.__name__.rsplit('.', 1)[1]}``" in (schemas.rules.__doc__ or "")


def test_catalogue_ids_are_unique_and_issue_rules_come_first() -> None:
    assert len(RULES_BY_ID) == len(RULES) == sum(len(m.RULES) for m in MODULES)
    kinds = [rule.kind for rule in RULES]
    assert kinds == sorted(kinds, key=["issue", "series"].index)
