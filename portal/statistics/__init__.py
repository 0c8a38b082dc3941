"""Statistics of citizen cases per unit: what was received, answered, on time, and how the citizens rated it."""
