"""Legal periods administration: the dated rules every case deadline is computed from."""
