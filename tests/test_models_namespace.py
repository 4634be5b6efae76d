"""``boosty.models`` names each model once (its lazy table, ``boosty.models._MODULES``); type
checkers read the area modules' ``__all__`` instead, so the two must agree name for name."""

from __future__ import annotations

import importlib

import pytest

import boosty.models

TABLE = {module: names.split() for module, names in boosty.models._MODULES.items()}


@pytest.mark.parametrize("module", sorted(TABLE))
def test_the_lazy_table_lists_what_type_checkers_see(module: str) -> None:
    area = importlib.import_module(f"boosty._model.{module}")
    if module == "converter":  # only its public names: the rest is the parsing machinery
        assert set(TABLE[module]) == {"ParseWarning", "to_dict"} < set(area.__all__)
    else:
        assert sorted(TABLE[module]) == sorted(area.__all__)


def test_each_name_is_listed_once_and_resolves_from_its_module() -> None:
    names = [name for listed in TABLE.values() for name in listed]
    assert len(names) == len(set(names)) == len(boosty.models.__all__) > 100
    assert boosty.models.__all__ == sorted(names)
    for module, listed in TABLE.items():
        area = importlib.import_module(f"boosty._model.{module}")
        for name in listed:
            assert getattr(boosty.models, name) is getattr(area, name), name


def test_an_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        getattr(boosty.models, "NoSuchModel")  # noqa: B009
