"""Disclosures (công khai): what a unit must make public, kept posted for its full period, provably."""
