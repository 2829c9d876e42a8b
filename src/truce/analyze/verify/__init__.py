"""Verification of attributed statements against the recorded ones.

- ``verdict``: the pure comparison (:func:`~truce.analyze.verify.verdict.verify`): supported,
  contradicted, or no record
- ``text``: the text cues (words, lexical overlap, negation and antonyms)
- ``model``: the offline sentence-embedding model, loaded once per process
- ``store``: resolve the speaker and verify words against the statements in the store
- ``export``: verifications as JSON-ready dicts and CSV

The rules are in docs/verify.md.
"""
