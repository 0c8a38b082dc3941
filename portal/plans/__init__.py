"""Plans ("Kế hoạch"): reading a plan document into tasks, responsible bodies, timeframes and report duties."""
