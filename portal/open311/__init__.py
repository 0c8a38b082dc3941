"""Open311 GeoReport v2 for feedback: the standard interface city apps and dashboards already speak."""
