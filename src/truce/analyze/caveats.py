"""What every analysis says plainly about its figures, in one place."""

from __future__ import annotations

ALLEGATION_CAVEAT = (
    "An alleged violation is a claim by whoever alleges it; an allegation by a party to the "
    "agreement is that party's claim, not a verified violation."
)
NOTIFICATION_CAVEAT = (
    "A deconfliction notification is information given to the parties, not protection: an "
    "alert says a notified site or movement was near an event, not who knew or who is to blame."
)
PRECISION_CAVEAT = (
    "Events are dated to the day (or to a span of days); two events count as within T hours "
    "when some moment of one's span is less than T hours from some moment of the other's."
)
