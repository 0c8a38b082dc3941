"""The field factories of portal.core.forms and the JSON pieces of portal.core.api that the features' forms and APIs
share."""

from datetime import date
from types import SimpleNamespace

from flask_babel import force_locale
from marshmallow import Schema, fields
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectChoice

from portal.core.api import page, page_schema, unit_field, unit_ref
from portal.core.calendar import PeriodUnit
from portal.core.errors import InvalidInput
from portal.core.forms import (
    PublicForm,
    enum_choices,
    optional_year_field,
    required_choice,
    required_date,
    required_number,
)


class ExampleForm(Form):
    unit = required_choice("Counted in", enum_choices(PeriodUnit), "Choose how the period is counted.")
    kind = required_choice("Kind", [SelectChoice("a", "A"), SelectChoice("b", "B")], "Choose a kind.",
                           field_class=RadioField)
    day = required_date("Day", "Enter the day.")
    amount = required_number("Length", "Enter the length.", maximum=30, out_of_range="From 1 to 30.")
    year = optional_year_field(1990, "Enter a year from 1990 to 2100.")


def _errors(**sent):
    form = ExampleForm(MultiDict(sent))
    form.validate()
    return form.errors


def test_a_choice_missing_or_not_offered_is_refused_with_the_same_message():
    assert _errors()["unit"] == ["Choose how the period is counted."]
    assert _errors(unit="fortnights")["unit"] == ["Choose how the period is counted."]
    assert _errors(kind="c")["kind"] == ["Choose a kind."]
    assert "unit" not in _errors(unit="working_days") and "kind" not in _errors(kind="a")


def test_the_choices_of_an_enum_show_its_titles():
    assert [(choice.value, choice.label) for choice in enum_choices(PeriodUnit)] == [
        ("working_days", PeriodUnit.working_days.title), ("calendar_days", PeriodUnit.calendar_days.title)]


def test_a_date_is_read_typed_or_picked():
    assert ExampleForm(MultiDict({"day": "13/02/2026"})).day.data == date(2026, 2, 13)
    assert ExampleForm(MultiDict({"day": "2026-02-13"})).day.data == date(2026, 2, 13)
    assert _errors(day="13.02.2026")["day"] == ["Enter the day."]


def test_a_number_missing_or_outside_its_range_says_which():
    assert _errors()["amount"] == ["Enter the length."]
    assert _errors(amount="31")["amount"] == ["From 1 to 30."]
    assert _errors(amount="two")["amount"] == ["From 1 to 30."]


def test_the_year_filter_may_stay_empty():
    assert "year" not in _errors() and "year" not in _errors(year="2026")
    assert _errors(year="1989")["year"] == ["Enter a year from 1990 to 2100."]


class ItemSchema(Schema):
    id = fields.Int()
    unit = unit_field()
    lead_unit = unit_field("lead_unit")


def test_a_unit_is_its_id_code_and_name_and_a_page_its_items_and_where_the_next_starts():
    unit = SimpleNamespace(id=3, code="26734", name="Xã Tân Trung", kind="commune")
    item = SimpleNamespace(id=8, unit=unit, lead_unit=None)
    schema = page_schema("ExamplePageSchema", ItemSchema)
    assert unit_ref(unit) == {"id": 3, "code": "26734", "name": "Xã Tân Trung"}
    assert schema.__name__ == "ExamplePageSchema"
    assert schema().dump(page(([item], 8))) == {
        "items": [{"id": 8, "unit": {"id": 3, "code": "26734", "name": "Xã Tân Trung"}, "lead_unit": None}],
        "next_after": 8,
    }


def test_a_filled_honeypot_is_refused_with_what_to_do_and_an_empty_one_is_not(app):
    sent = app.test_request_context("/", method="POST", data={"website": "http://spam.example"})
    with sent, force_locale("en"):
        [refusal] = PublicForm().honeypot_refusal()
    assert isinstance(refusal, InvalidInput)
    assert "Leave the field marked \u201cLeave this field empty\u201d empty" in str(refusal)
    with app.test_request_context("/", method="POST", data={"website": ""}):
        assert PublicForm().honeypot_refusal() == []
