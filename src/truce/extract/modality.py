"""How an event is told: its modality, a condition on it, or as background to the news.

Modality follows the verb chain: "will", "wants to", "plans to" → planned; "would", "could" →
hypothetical; "threatened to" → threatened; "urged X to", "agreed to", "offered to" →
proposed; "denied" → denied; "not", "never", "no", "neither" negate; the chain goes through
nouns whose clause is their content ("denied reports that its troops had shelled …") or whose
infinitive is only possible or meant ("the right to fire", "a plan to attack"). An event in a
relative clause or an adjunct of time before the news is background; one in a relative clause
describing the speaker is who speaks, not an event reported.
"""

from __future__ import annotations

from truce.extract.parse import Parse, Token
from truce.extract.plover import (
    _DENY,
    _HYPOTHETICAL,
    _PLANNED,
    _PLANNED_AUX,
    _PROPOSED,
    _REFUSE,
    _SPEECH,
    _THREAT,
)

# what is only suspected ("suspected of blowing up"): not established
_SUSPECTED = {"suspect", "allegation", "alleged", "accusation", "suspicion"}
# nouns whose clause tells their content ("denied reports that its troops had shelled …")
_CONTENT = _SUSPECTED | {"report", "claim", "rumour", "rumor", "charge", "assertion"}


# nouns whose infinitive is only possible or only meant ("the right to fire", "a plan to attack")
_MAY = {"right", "ability", "permission", "option", "power", "authority", "capacity",
        "freedom", "chance", "capability", "licence", "license", "mandate"}  # fmt: skip
_MEANT = {"plan", "decision", "intention", "readiness", "willingness", "bid", "pledge",
          "promise", "vow", "commitment", "proposal", "offer", "threat", "order",
          "determination", "resolve"}  # fmt: skip
_MEANT_AS = {"threat": "threatened", "offer": "proposed", "proposal": "proposed"}


def chain_modality(parse: Parse, token: Token) -> tuple[bool, str]:
    negated = any(c.dep == "neg" or c.lemma in {"no", "never"} for c in parse.children(token))
    subject = parse.child(token, "nsubj", "nsubjpass")
    if subject is not None and (  # "Neither side fired", "No one was arrested"
        subject.lemma in {"nobody", "none", "neither", "nothing"}
        or any(c.lemma in {"neither", "no"} for c in parse.children(subject, "preconj", "det"))
    ):
        negated = True
    modality = "occurred"
    chain = [token]
    current = token
    while (
        current.dep in {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj"}
        or (  # "have sworn to fight" (parsed as an adverbial clause)
            current.dep == "advcl"
            and parse.child(current, "aux") is not None
            and current.tag == "VB"
        )
        or (
            current.dep == "acl"
            and (parse.head(current) or current).lemma in _CONTENT | _MAY | _MEANT
        )
    ):  # "denied reports that its troops had shelled …": the content of the reports
        head = parse.head(current)
        if head is None:
            break
        chain.append(head)
        current = head
    for position, link in enumerate(chain):
        own = position == 0
        auxes = {c.lemma for c in parse.children(link, "aux")}
        if not own and link.i > token.i:
            break  # what governs an event comes before it ("denied that …"); else a misparse
        if not own:
            if link.lemma in _DENY:
                return True, "denied"
            if link.lemma in _MAY:
                return negated, "hypothetical"  # "the right to fire", "the ability to strike"
            if link.lemma in _MEANT:  # "a plan to attack", "a threat to strike", "an offer to"
                return negated, _MEANT_AS.get(link.lemma, "planned")
            if link.lemma in _SUSPECTED:
                return negated, "hypothetical"  # "suspected of blowing up": not established
            if link.lemma in _REFUSE:
                return True, "hypothetical"
            if link.lemma in _THREAT:
                return negated, "threatened"
            if link.lemma in _PROPOSED:
                return negated, "proposed"
            if (
                link.lemma in _PLANNED - {"be", "go"}
                or (link.dep == "acomp" and link.lemma == "about")
                or (
                    link.lemma in {"be", "go"}
                    and parse.child(link, "xcomp") is not None
                    and "going" in {link.text.lower()}
                )
            ):
                return negated, "planned"
            negated = negated or any(c.dep == "neg" for c in parse.children(link))
        if auxes & _PLANNED_AUX:
            return negated, "planned"
        if auxes & _HYPOTHETICAL:
            return negated, "hypothetical"
        if not own and link.lemma in _SPEECH and link.pos == "VERB":
            break  # "said that …" ends the chain; "reports that …" is a noun's content
    return negated, "denied" if negated else modality


def under_condition(parse: Parse, token: Token) -> bool:
    current: Token | None = token
    for _ in range(4):
        if current is None:
            return False
        if any(c.lemma in {"if", "unless", "whether"} for c in parse.children(current, "mark")):
            return True
        if current.pos == "VERB" and current.dep not in {"xcomp", "conj", "ccomp"}:
            return False
        current = parse.head(current)
    return False


_BEFORE_NOW = {"after", "following", "since", "before", "until", "amid", "amidst", "despite"}


def background(parse: Parse, token: Token) -> bool:
    """Told as background to the sentence's news, not as the news: inside a relative clause or
    a participle describing a noun ("a curfew imposed after clashes", "the helicopter that was
    captured", "Russell, who lost his son when bombers …"), or in an adjunct of time before the
    news ("after two days of fighting", "following the peace deal", "in the wake of the
    execution", "after crowds burned the embassy")."""
    current = token
    for head in parse.ancestors(token):
        if current.dep == "relcl" or (current.dep == "acl" and current.tag in {"VBN", "VBG"}):
            return True
        if current.dep == "advcl" and any(
            c.lemma in _BEFORE_NOW for c in parse.children(current, "mark")
        ):
            return True
        if current.dep == "pobj" and head.lemma in _BEFORE_NOW:
            return True
        if current.dep == "pobj" and head.lemma == "of" and _wake(parse, head):
            return True
        if current.dep in {"ccomp", "xcomp"} and head.lemma in _SPEECH:
            return False  # "X said that Y shelled Z": the shelling is the news
        current = head
    return False


def about_speaker(parse: Parse, token: Token) -> bool:
    """Inside a relative clause describing the speaker ("Russell, who lost his son when
    bombers struck the bus, said …", "the mayor, whose house was shelled in 2015, said …"):
    who the speaker is, not an event reported."""
    current = token
    for head in parse.ancestors(token):
        if current.dep == "relcl":
            verb = parse.head(head)
            return head.dep == "nsubj" and verb is not None and verb.lemma in _SPEECH
        current = head
    return False


def _wake(parse: Parse, of: Token) -> bool:
    """ "in the wake of", "in the aftermath of"."""
    noun = parse.head(of)
    return noun is not None and noun.lemma in {"wake", "aftermath"}
