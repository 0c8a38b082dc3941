"""Officials, their roles per unit, and signing in with a password and a second factor."""
