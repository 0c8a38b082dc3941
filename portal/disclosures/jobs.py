"""Disclosures' periodic job: followers hear of a disclosure within a minute of it being posted."""

from portal.core.jobs import register_job
from portal.disclosures.follows import announce_posted_disclosures

register_job("announce-posted-disclosures", announce_posted_disclosures)
