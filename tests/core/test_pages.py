"""The shared pieces of pages (portal/core/pages.py, portal/core/responses.py) that tests can call without a view."""

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, StringField

from portal.core.forms import QueryForm
from portal.core.pages import data_from
from portal.core.responses import spreadsheet_download


@dataclass(frozen=True)
class _Wanted:
    name: str
    count: int
    code: str = "none"


class _Form(QueryForm):
    name = StringField()
    count = IntegerField()
    code = StringField()
    extra = StringField()


def test_data_from_takes_the_fields_of_the_same_names_and_what_is_given(app):
    with app.test_request_context():
        form = _Form(MultiDict({"name": " Hà Nội ", "count": "3", "code": "", "extra": "left out"}))
        assert data_from(form, _Wanted, code=form.code.data or "none") == _Wanted("Hà Nội", 3, "none")


def test_a_spreadsheet_is_downloaded_with_the_type_and_name_of_its_kind(app):
    with app.test_request_context():
        csv = spreadsheet_download("csv", "a,b\n", "plan-1-tasks")
        xlsx = spreadsheet_download("xlsx", b"PK", "plan-1-tasks")
    assert (csv.mimetype, csv.headers["Content-Disposition"]) == ("text/csv", "attachment; filename=plan-1-tasks.csv")
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.headers["Content-Disposition"] == "attachment; filename=plan-1-tasks.xlsx"
