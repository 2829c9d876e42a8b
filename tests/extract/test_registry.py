from datetime import date

import pytest

from truce.errors import ConfigError, InvalidInput
from truce.extract import Registry
from truce.names import normalize_name
from truce.store import records
from truce.store.db import transaction
from truce.store.models import ActorAlias, Office
from truce.store.registry import store_registry


def test_the_registry_can_be_read_from_the_store(engine):
    with transaction(engine) as session:
        russia = records.create(
            session,
            "actors",
            {"name": "Government of Russia", "kind": "state", "country": "RUS"},
            actor="t",
        )
        lavrov = records.create(
            session,
            "actors",
            {"name": "Sergey Lavrov", "kind": "person", "country": "RUS"},
            actor="t",
        )
        session.add(
            ActorAlias(actor_id=lavrov.id, alias="Lavrov", normalized=normalize_name("Lavrov"))
        )
        session.add(
            Office(
                person_id=lavrov.id,
                title="Minister of Foreign Affairs",
                organisation_id=russia.id,
                start=date(2004, 3, 9),
            )
        )
    registry = store_registry(engine)
    assert registry.named("lavrov").name == "Sergey Lavrov"
    holder = registry.office_holder(["Minister of Foreign Affairs"], "RUS", date(2016, 9, 21))
    assert holder is not None and holder.name == "Sergey Lavrov"
    assert registry.government_of("RUS").name == "Government of Russia"


def test_a_bad_office_date_names_the_actor_and_field(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- name: X\n  offices:\n    - {title: President, start: 21/09/2016}\n")
    with pytest.raises(InvalidInput, match=r"actor 1: offices\[0\]\.start"):
        Registry.from_yaml(path)


def test_an_unreadable_registry_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the actor registry"):
        Registry.from_yaml(tmp_path / "missing.yaml")
