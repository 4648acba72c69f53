"""Building blocks imported by local_imports.py, as a project's own models package would be."""
