"""The use cases: one function for each thing a user does, called alike by the CLI, the HTTP
API and the web pages.

Each function takes the store's engine, the acting user's name (for the audit trail) or the
reader's :class:`~truce.store.visibility.Audience` (for the one visibility rule), and plain
values; it opens its own transaction and returns the domain result, which the caller renders
(a table, JSON, a page). Adapters only parse their input, call one of these and map its
errors. ``ingest``: store a report with its extraction candidates (also the demo's reports);
``review``: accept, reject or edit an extraction candidate; ``analyses``: assess an
incident, verify an attributed statement, ceasefire health; ``reports``: the daily report and
the record statistics.
"""
