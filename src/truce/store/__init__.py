"""The store owns the schema, the migrations and every query; nothing else writes SQL."""
