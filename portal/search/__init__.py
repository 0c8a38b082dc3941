"""One search over what was published: disclosures, cases, plans (and each kind registered in sources.py)."""
