"""gunicorn reads this file when started from the project's folder: whatever access log an operator turns on
(--access-logfile) is written without private links' tokens or credentials (portal/core/logs.py)."""

logger_class = "portal.core.logs.RedactingGunicornLogger"
