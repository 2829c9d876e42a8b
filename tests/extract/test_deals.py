"""Agreement events (a deal announced, signed, taking effect or proposed) and headlines."""

from datetime import date

import pytest

from truce.extract import extract

DAY = date(2016, 9, 21)


def _events(text, registry, gazetteer):
    return extract(text, published=DAY, registry=registry, gazetteer=gazetteer).events


@pytest.mark.parametrize(
    ("text", "plover", "modality"),
    [
        # a ceasefire declared, proposed or taking hold is a RETREAT (CAMEO 0871)
        (
            "The United States and Russia announced on Monday a cessation of hostilities in Syria.",
            "RETREAT",
            "occurred",
        ),
        (
            "Russian officers proposed a three-day truce for the town of Rastan.",
            "RETREAT",
            "proposed",
        ),
        ("The two militias agreed on Friday to a truce in Deir ez-Zor.", "AGREE", "occurred"),
        (
            "The council announced a reconciliation agreement for the besieged suburb.",
            "CONCEDE",
            "occurred",
        ),
        (
            "Four more villages signed reconciliation agreements with the government.",
            "AGREE",
            "occurred",
        ),
        ("A nationwide ceasefire took hold at 7 pm on Monday.", "RETREAT", "occurred"),
    ],
)
def test_a_deal_made_proposed_or_taking_effect_is_an_agreement_event(
    text, plover, modality, registry, gazetteer
):
    (event,) = _events(text, registry, gazetteer)
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Agreement")
    assert (event.plover.type, event.modality) == (plover, modality)


def test_a_deal_merely_mentioned_is_not_an_event(registry, gazetteer):
    text = "Aid agencies said the ceasefire had made little difference to supplies."
    assert [e for e in _events(text, registry, gazetteer) if e.sub_event_type == "Agreement"] == []


def test_a_headline_does_not_repeat_the_event_the_story_tells(registry, gazetteer):
    text = (
        "Convoy hit near Aleppo as truce falters\n\n"
        "Aircraft struck an aid convoy at Urum al-Kubra on Monday, killing about 20 people.\n"
    )
    events = _events(text, registry, gazetteer)
    assert len(events) == 1 and events[0].text.startswith("Aircraft struck")
