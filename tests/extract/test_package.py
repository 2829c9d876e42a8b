"""``truce.extract``'s own names load from the modules that define them, on first use."""

from __future__ import annotations

import importlib

import pytest

import truce.extract


@pytest.mark.parametrize("name", truce.extract.__all__)
def test_each_name_of_the_package_is_its_modules_own(name: str) -> None:
    found = getattr(truce.extract, name)
    module = importlib.import_module(found.__module__)
    assert getattr(module, name) is found


def test_an_unknown_name_is_refused_as_a_missing_attribute() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        truce.extract.no_such_name  # noqa: B018
