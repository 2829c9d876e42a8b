"""The file formats Truce reads and writes, each with its columns, reader and writer together.

- ``acled``: ACLED CSV (its 31 columns; rows into Event values and events back into rows)
- ``ucdp``: UCDP GED CSV (its columns, the violence-type mapping both ways)
- ``geojson``: GeoJSON FeatureCollections (features and geometries checked; written per line)
- ``jsonl``: JSON Lines (one object per line, with its line number)
- ``actors``: the actor registry as YAML or CSV (entries checked; written as YAML)
- ``csvfile``: spreadsheet-safe CSV, the one writer of every CSV file, and its record reader
- ``rejects``: the rejects file of ``--skip-invalid``
- ``source``: a file being read line by line, with progress and its issues
- ``issues``, ``fields``: problems as data, and the cell validators every reader uses
- ``refs``: how files name records (external id, else ``KIND:ID``)

Nothing here touches the database: :mod:`truce.ingest` writes what these readers return and
:mod:`truce.export` streams records through these writers.
"""
