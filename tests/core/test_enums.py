import pytest

from portal.core.enums import GroundedEnum, TitledEnum, enum_choice
from portal.core.errors import InvalidInput


class Colour(TitledEnum):
    red = "red", "Red"
    dark_blue = "dark_blue", "Dark blue"


class Reason(GroundedEnum):
    late = "late", "Too late", "Art. 9"


def test_a_titled_member_is_its_stored_string_and_carries_its_title():
    assert Colour("dark_blue") is Colour.dark_blue
    assert Colour.dark_blue == "dark_blue"
    assert Colour.dark_blue.value == "dark_blue"
    assert Colour.dark_blue.title == "Dark blue"
    assert [colour.title for colour in Colour] == ["Red", "Dark blue"]


def test_a_grounded_member_also_names_its_legal_basis():
    assert Reason("late") is Reason.late
    assert (Reason.late.value, Reason.late.title, Reason.late.legal_basis) == ("late", "Too late", "Art. 9")


def test_a_value_from_the_list_is_its_member_and_any_other_is_refused_with_the_forms_message():
    assert enum_choice(Colour, "red", "Choose a colour.") is Colour.red
    for value in ("", "RED", "blue", "red\x00", "x" * 10_000):
        with pytest.raises(InvalidInput) as refused:
            enum_choice(Colour, value, "Choose a colour.", "colour")
        assert (str(refused.value), refused.value.field) == ("Choose a colour.", "colour")
