"""Arabic reports: events with doer and target, dates, numbers and places, never common words.

The sentences here are our own (tests/extract/arabic_report.txt and the tables below); the
public Arabic gold set is scored only when ../shared/data is present.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from truce.extract import extract
from truce.extract.arabic_text import normalise, stems

HERE = Path(__file__).parent
PUBLISHED = date(2016, 9, 22)  # a Thursday


@pytest.fixture(scope="module")
def doc(gazetteer, registry):
    text = (HERE / "arabic_report.txt").read_text(encoding="utf-8")
    return text, extract(text, published=PUBLISHED, registry=registry, gazetteer=gazetteer)


def test_an_arabic_report_is_labelled_arabic_and_keeps_arabic_spans(doc) -> None:
    text, result = doc
    assert result.document.language == "ar"
    for event in result.events:
        assert text[event.span[0] : event.span[1]] == event.text
        for actor in (event.actor1, event.actor2):
            if actor is not None and actor.span is not None:
                assert text[actor.span[0] : actor.span[1]] == actor.name


def test_events_have_their_type_doer_target_place_date_and_dead(doc) -> None:
    _, result = doc
    air, clash, protest = result.events
    assert (air.plover.type, air.sub_event_type) == ("ASSAULT", "Shelling/artillery/missile attack")
    assert air.actor1 is not None and air.actor1.name == "طائرات حربية روسية"
    assert air.place is not None and air.place.canonical == "Aleppo"
    assert air.date is not None and air.date.start == date(2016, 9, 21)  # أمس
    assert air.fatalities.best == 5
    assert clash.event_type == "Battles" and clash.actor1 is not None
    assert clash.actor1.name == "مقاتلون"
    assert clash.actor2 is not None and clash.actor2.name == "قوات النظام"
    assert clash.place is not None and clash.place.canonical == "Idlib"
    assert clash.date is not None and clash.date.start == date(2016, 9, 18)  # الأحد الماضي
    assert protest.plover.type == "PROTEST" and protest.event_type == "Protests"
    assert protest.place is not None and protest.place.country == "SYR"


def test_common_words_are_never_places(doc) -> None:
    _, result = doc
    names = {p.name for p in result.mentions.places}
    assert not names & {"كان", "الخميس", "يوما", "المدينة"}
    assert {p.canonical for p in result.mentions.places} >= {"Aleppo", "Idlib", "Damascus"}


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("هاجم مسلحون حاجزا يوم الخميس.", date(2016, 9, 22), date(2016, 9, 22)),
        ("وقع الانفجار أول أمس.", date(2016, 9, 20), date(2016, 9, 20)),
        ("قصفت المدفعية البلدة في 3 كانون الثاني 2016.", date(2016, 1, 3), date(2016, 1, 3)),
        ("قصفت المدفعية البلدة في 3 يناير 2016.", date(2016, 1, 3), date(2016, 1, 3)),
        ("قصفت المدفعية البلدة في شباط.", date(2016, 2, 1), date(2016, 2, 29)),
        ("قتل جندي في ٢٧ ديسمبر.", date(2015, 12, 27), date(2015, 12, 27)),
    ],
)
def test_arabic_dates_resolve_against_the_publication_date(
    sentence: str, first: date, last: date, gazetteer, registry
) -> None:
    result = extract(sentence, published=PUBLISHED, registry=registry, gazetteer=gazetteer)
    assert [(d.start, d.end) for d in result.mentions.dates] == [(first, last)]


@pytest.mark.parametrize(
    ("sentence", "value", "bound"),
    [
        ("قتل ٢٨ شخصا في القصف.", 28, "exact"),
        ("قتل ما لا يقل عن 12 مدنيا.", 12, "at least"),
        ("قتل ثلاثة وعشرون جنديا.", 23, "exact"),
        ("أصيب نحو خمسين شخصا.", 50, "about"),
        ("فر عشرات المدنيين.", 10, "at least"),
    ],
)
def test_arabic_numbers_in_digits_and_words(
    sentence: str, value: int, bound: str, gazetteer, registry
) -> None:
    result = extract(sentence, published=PUBLISHED, registry=registry, gazetteer=gazetteer)
    assert [(q.value, q.bound) for q in result.quantities] == [(value, bound)]


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("هاجم مسلحون مقنعون حاجزا للشرطة.", "مسلحون مقنعون", "حاجزا"),
        ("قام عدد من الجنود بقتل المدنيين.", None, "المدنيين"),
        ("اغتيل الضابط من قبل مسلحين مجهولين.", "مسلحين مجهولين", None),
        ("الجيش قصف القرية.", "الجيش", "القرية"),
        ("هاجم مسلحون ملثمون سياسيين في السوق.", "مسلحون ملثمون", "سياسيين"),  # two cases
        ("قتلت القوات خمسة من المهربين.", "القوات", "المهربين"),  # five of the smugglers
        ("قتل 12 شخصا وأصيب عشرات آخرون.", None, "شخصا"),  # "وأصيب" opens a new clause
        # whoever claims responsibility for an attack is its doer
        ("تبنت الجماعة المسلحة المسؤولية عن الهجوم على المعسكر.", "الجماعة المسلحة", "المعسكر"),
        # "its forces" are the speaker's: the army said its forces shelled …
        ("قال الجيش إن قواته قصفت مواقع المتمردين.", "الجيش", "مواقع المتمردين"),
    ],
)
def test_doer_and_target_follow_arabic_word_order(
    sentence: str, source: str | None, target: str | None, gazetteer, registry
) -> None:
    (event,) = extract(sentence, published=None, registry=registry, gazetteer=gazetteer).events
    if source is not None:
        assert event.actor1 is not None and event.actor1.name == source
    if target is not None:
        assert event.actor2 is not None and event.actor2.name == target


@pytest.mark.parametrize(
    "sentence",
    [
        "وصل الوفد فجر أمس إلى المدينة.",
        "أطلقت السلطات سراح عشرة معتقلين.",
        "أدى المصلون صلاة الفجر.",
    ],
)
def test_dawn_and_a_release_are_not_attacks(sentence: str, gazetteer, registry) -> None:
    assert extract(sentence, published=None, registry=registry, gazetteer=gazetteer).events == ()


def test_a_denied_attack_did_not_occur(gazetteer, registry) -> None:
    text = "نفت وزارة الدفاع أن تكون طائراتها قد قصفت القافلة."
    (event,) = extract(text, published=None, registry=registry, gazetteer=gazetteer).events
    assert event.modality == "denied" and event.negated


def test_folding_keeps_offsets_and_strips_clitics() -> None:
    text = "وَبِالقَصْفِ"
    folded = normalise(text)
    assert folded.text == "وبالقصف" and folded.span(0, len(folded.text)) == (0, len(text))
    assert "قصف" in stems("وبالقصف") and "دمشق" in stems("ودمشق")


def test_public_arabic_assault_gold_is_detected(shared_data: Path, gazetteer) -> None:
    from truce.extract import eventgold
    from truce.extract.goldscore import truce_coder
    from truce.extract.registry import Registry

    path = shared_data / "eventcoding" / "arabic_assault_gsr_validation.xml"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    coder = truce_coder(registry=Registry.from_entries([]), gazetteer=gazetteer)
    score = eventgold.score_set(eventgold.read_arabic(path), coder)
    assert score.detected / score.with_event >= 0.9  # 1.00 measured
    assert score.type_right / score.typed >= 0.9
    source, target = score.roles["source"], score.roles["target"]
    assert source[0] / source[1] >= 0.35 and target[0] / target[1] >= 0.32  # 0.40 / 0.36


@pytest.mark.parametrize(
    ("sentence", "plover", "mode", "cameo", "source", "target"),
    [
        ("اتهمت الحكومة مسلحين بقصف القرية.", "ACCUSE", None, "112", "الحكومة", "مسلحين"),
        (
            "أدانت الجامعة العربية الهجوم على المدرسة.",
            "ACCUSE",
            None,
            "111",
            "الجامعة العربية",
            None,
        ),
        ("فتحت الشرطة تحقيقا في الحادث.", "ACCUSE", "investigate", "090", "الشرطة", "الحادث"),
        ("رفضت الحكومة الاقتراح.", "REJECT", None, "120", None, None),
        ("هدد الجيش بقصف المدينة.", "THREATEN", None, "130", "الجيش", None),
        ("ناشد المحافظ سكان الحي إخلاء منازلهم.", "REQUEST", None, "100", "المحافظ", "سكان الحي"),
        ("دعا الوزير مجلس الأمن إلى التدخل.", "REQUEST", None, "100", "الوزير", "مجلس الأمن"),
        ("اتفق الطرفان على تبادل الأسرى.", "AGREE", None, "030", "الطرفان", None),
        ("توصلت الفصائل إلى اتفاق في القاهرة.", "AGREE", None, "030", "الفصائل", None),
        (
            "التقى الرئيس وزير الخارجية الفرنسي.",
            "CONSULT",
            None,
            "040",
            "الرئيس",
            "وزير الخارجية الفرنسي",
        ),
        (
            "اجتمع الوزير مع نظيره التركي في أنقرة.",
            "CONSULT",
            None,
            "040",
            "الوزير",
            "نظيره التركي",
        ),
        ("رحبت الحكومة بقرار مجلس الأمن.", "SUPPORT", None, "051", "الحكومة", None),
        ("أرسلت تركيا مساعدات إلى غزة.", "AID", None, "070", "تركيا", None),
        ("وصلت قافلة مساعدات إلى المدينة المحاصرة.", "AID", "humanitarian", "073", None, None),
        ("انسحب الجيش من البلدة.", "RETREAT", "withdraw", "0874", "الجيش", None),
        ("أفرجت السلطات عن الصحفي.", "RETREAT", "release", "084", "السلطات", None),
        ("حشد الجيش قواته على الحدود.", "MOBILIZE", "troops", "152", "الجيش", "الحدود"),
        (
            "فرضت الولايات المتحدة عقوبات على الشركة.",
            "SANCTION",
            None,
            "163",
            "الولايات المتحدة",
            "الشركة",
        ),
        ("أعلنت البحرين قطع العلاقات مع قطر.", "SANCTION", "relations", "161", None, "قطر"),
    ],
)
def test_arabic_verbal_and_other_events_have_their_type_code_and_parties(
    sentence: str,
    plover: str,
    mode: str | None,
    cameo: str,
    source: str | None,
    target: str | None,
    gazetteer,
    registry,
) -> None:
    events = extract(sentence, published=None, registry=registry, gazetteer=gazetteer).events
    first = max(events, key=lambda e: e.confidence)  # the sentence's coding
    assert (first.plover.type, first.plover.mode, first.cameo) == (plover, mode, cameo)
    assert first.modality == "occurred" and not first.negated
    if plover in {"RETREAT", "MOBILIZE"} and mode != "release":
        assert first.event_type == "Strategic developments"  # ACLED codes these
    else:
        assert first.event_type is None  # a verbal event: ACLED has no type for it
    if source is not None:
        assert first.actor1 is not None and first.actor1.name == source
    if target is not None:
        assert first.actor2 is not None and first.actor2.name == target


def test_an_accused_or_threatened_attack_is_the_accusation_or_threat(gazetteer, registry) -> None:
    for text, frame in (
        ("اتهمت الحكومة مسلحين بقصف القرية.", "ACCUSE"),
        ("هدد الجيش بقصف المدينة.", "THREATEN"),
    ):
        events = extract(text, published=None, registry=registry, gazetteer=gazetteer).events
        assault = next(e for e in events if e.plover.type == "ASSAULT")
        verbal = next(e for e in events if e.plover.type == frame)
        assert verbal.confidence > assault.confidence
    threat = extract(
        "هدد الجيش بقصف المدينة.", published=None, registry=registry, gazetteer=gazetteer
    )
    assert {e.plover.type: e.modality for e in threat.events}["ASSAULT"] == "planned"


def test_a_negated_agreement_is_kept_negated(gazetteer, registry) -> None:
    text = "لم يتفق الطرفان على موعد الانتخابات."
    (event,) = extract(text, published=None, registry=registry, gazetteer=gazetteer).events
    assert event.plover.type == "AGREE" and event.negated


@pytest.mark.parametrize(
    "sentence",
    [
        "دعا الشيخ الله للمرضى.",  # prayed
        "بحث الطالب عن كتابه في المكتبة.",  # searched for
        "حقق الفريق فوزا كبيرا.",  # achieved
        "تعمل الحكومة على تحقيق السلام.",  # achieving
        "قاتل عناصر الحشد الشعبي في الموصل.",  # an actor's name, then a fight (no trigger)
        "قال مسؤول رفض الكشف عن هويته إن الوضع هادئ.",  # an unnamed source
        "سار بحذر في الشارع.",  # carefully
        "يعمل الوزير في وزارة الخارجية.",  # a ministry, not a visit
    ],
)
def test_words_in_their_other_sense_make_no_event(sentence: str, gazetteer, registry) -> None:
    assert extract(sentence, published=None, registry=registry, gazetteer=gazetteer).events == ()


def test_a_student_killed_is_an_assault_and_no_demand(gazetteer, registry) -> None:
    events = extract("قتل طالب في السوق.", published=None, registry=registry, gazetteer=gazetteer)
    assert [e.plover.type for e in events.events] == ["ASSAULT"]
