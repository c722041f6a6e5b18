"""Stories and maps as pages and as a static site: `python -m dashboard publish`."""
