from portal.core.enums import GroundedEnum, TitledEnum


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
