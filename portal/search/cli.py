"""`flask --app portal search reindex`: rebuild the search index from the models (after an upgrade or a restore)."""

import time

import click
from flask.cli import AppGroup

from portal.extensions import db

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
@click.option("--kind", "kinds", multiple=True, help="Only this kind (disclosure, case, plan); repeatable.")
def reindex(kinds):
    """Rewrite every search entry from what is stored now, in one transaction: searches see the old index until the
    new one is committed."""
    from portal.search.index import reindex_all
    from portal.search.sources import SOURCES

    unknown = set(kinds) - set(SOURCES)
    if unknown:
        raise click.ClickException(f"Unknown kind: {', '.join(sorted(unknown))}. Known: {', '.join(SOURCES)}.")
    started = time.perf_counter()
    counts = reindex_all(list(kinds) or None, forget_loaded=True)
    db.session.commit()
    found = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
    click.echo(f"Search index rebuilt ({found}) in {time.perf_counter() - started:.1f} s")
