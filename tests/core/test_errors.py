import pytest

from portal.core.errors import InvalidFields, InvalidInput, NotFound, Objections


def refuse(message, field=None):
    raise InvalidInput(message, field=field)


def missing():
    raise NotFound("There is no unit with this code.")


def test_check_returns_the_result_and_notes_nothing_when_clean():
    objections = Objections()
    assert objections.check(lambda text, *, suffix: text + suffix, "ab", suffix="c") == "abc"
    assert objections.errors == []
    objections.raise_if_any()
    objections.raise_as_one()


def test_refusals_are_kept_in_order_with_their_fields():
    objections = Objections()
    assert objections.check(refuse, "Enter the title.", field="title") is None
    objections.add("Enter the day.", field="day")
    objections.check(refuse, "Enter the text.", "text")
    objections.add("Something concerns the whole form.")
    assert [(str(error), error.field) for error in objections.errors] == [
        ("Enter the title.", "title"), ("Enter the day.", "day"), ("Enter the text.", "text"),
        ("Something concerns the whole form.", None),
    ]
    with pytest.raises(InvalidFields) as raised:
        objections.raise_if_any()
    assert raised.value.errors == objections.errors
    assert str(raised.value) == "Enter the title. Enter the day. Enter the text. Something concerns the whole form."


def test_starts_from_objections_already_found():
    found = [InvalidInput("Enter the name.", field="name")]
    objections = Objections(found)
    objections.add("Enter the day.", field="day")
    assert [error.field for error in objections.errors] == ["name", "day"]
    assert len(found) == 1


def test_raise_as_one_joins_the_messages_under_one_field():
    objections = Objections()
    objections.check(refuse, "The file a.pdf is empty.", field="files")
    objections.check(refuse, "The file b.exe is not a PDF.", field="files")
    with pytest.raises(InvalidInput) as raised:
        objections.raise_as_one(field="files")
    assert not isinstance(raised.value, InvalidFields)
    assert str(raised.value) == "The file a.pdf is empty. The file b.exe is not a PDF."
    assert raised.value.field == "files"


def test_other_exceptions_pass_through_unnoted():
    objections = Objections()
    with pytest.raises(NotFound):
        objections.check(missing)
    with pytest.raises(ZeroDivisionError):
        objections.check(lambda: 1 / 0)
    assert objections.errors == []
