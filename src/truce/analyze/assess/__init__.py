"""Competing hypotheses (ACH) over the claims about one attribute of one event.

- ``ach``: the pure scoring of claims into hypotheses (:func:`~truce.analyze.assess.ach.analyse`)
- ``review``: confidence, sensitivity, timeline and grades read off a result
- ``parties``: who is an interested party to an incident (the accused and their allies)
- ``store``: assess an event's stored claims and save the result as an Assessment
- ``text``: the headline and evidence sentences shared by the CLI and the web page
- ``export``: assessments as JSON-ready dicts and CSV

The rules, tables and examples are in docs/assess.md.
"""
