"""What every feature uses. Nothing in here imports a feature."""
