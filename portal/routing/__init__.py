"""Routing rules administration: which unit receives each kind of case, in which field, from which area."""
