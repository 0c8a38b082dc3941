"""`flask --app portal search reindex`: what an upgrade runs once."""

from portal.extensions import db
from portal.search.models import SearchEntry


def test_reindex_rebuilds_and_names_what_it_found(app, posted):
    posted(body="Chợ đêm")
    db.session.execute(SearchEntry.__table__.delete())
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "disclosure: 1" in result.output
    assert db.session.query(SearchEntry).count() == 1


def test_an_unknown_kind_is_refused(app):
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--kind", "nothing"])
    assert result.exit_code != 0 and "Unknown kind: nothing" in result.output
