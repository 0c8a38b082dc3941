"""Bodies named in plans, found in sentences and matched to the portal's unit names."""

import unicodedata

import pytest

from portal.plans.bodies import bodies_at, match_body, name_words

UNITS = [
    "UBND huyện Vĩnh Cửu",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Tài chính - Kế hoạch",
    "Thanh tra huyện Vĩnh Cửu",
    "Huyện Vĩnh Cửu",
    "Ủy ban MTTQ Việt Nam thị trấn Hà Trung",
    "Thường trực HĐND huyện Minh Long",
    "Ủy ban nhân dân xã Vĩnh An",
]


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
        ("Phòng Tài nguyên & Môi trường huyện", "Phòng Tài nguyên và Môi trường"),
        ("Phòng LĐTB&XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Phòng VH&TT", "Phòng Văn hóa và Thông tin"),
        ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("Phòng Nội vụ huyện", "Phòng Nội vụ"),
        ("PHÒNG NỘI VỤ", "Phòng Nội vụ"),
        ("phong noi vu", "Phòng Nội vụ"),
        (unicodedata.normalize("NFD", "Phòng Tư pháp"), "Phòng Tư pháp"),
        ("Ủy ban nhân dân huyện", "UBND huyện Vĩnh Cửu"),
        ("UBND xã Vĩnh An", "Ủy ban nhân dân xã Vĩnh An"),
        ("Thanh tra huyện", "Thanh tra huyện Vĩnh Cửu"),
        ("Thanh tra huyen Vinh Cuu", "Thanh tra huyện Vĩnh Cửu"),
        ("UBMTTQ thị trấn Hà Trung", "Ủy ban MTTQ Việt Nam thị trấn Hà Trung"),
        ("Ủy ban Mặt trận Tổ quốc thị trấn", "Ủy ban MTTQ Việt Nam thị trấn Hà Trung"),
        ("Thường trực HDND huyện", "Thường trực HĐND huyện Minh Long"),
        ("TT HĐND huyện", "Thường trực HĐND huyện Minh Long"),
    ],
)
def test_a_body_as_written_matches_its_unit(written, unit):
    assert match_body(written, UNITS) == unit


@pytest.mark.parametrize("written", ["Phòng Y tế", "Công an huyện", "Liên đoàn lao động huyện", "", "Phòng"])
def test_a_body_without_its_unit_matches_nothing(written):
    assert match_body(written, UNITS) is None


def test_a_body_is_not_its_own_district():
    assert match_body("Phòng Nội vụ huyện Vĩnh Cửu", ["Huyện Vĩnh Cửu"]) is None


def test_abbreviations_are_spelled_out():
    assert name_words("UBND huyện") == ("uy", "ban", "nhan", "dan", "huyen")
    assert name_words("Phòng TN&MT") == name_words("Phòng Tài nguyên và Môi trường")


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        ("Phòng Nội vụ huyện chủ trì, phối hợp", ["Phòng Nội vụ huyện"]),
        ("Phòng Tài nguyên và Môi trường tiếp tục chủ trì", ["Phòng Tài nguyên và Môi trường"]),
        ("Công chức Văn hóa xã hội và Đài truyền thanh", ["Công chức Văn hóa xã hội", "Đài truyền thanh"]),
        ("các cơ quan, đơn vị, địa phương báo cáo", ["các cơ quan, đơn vị, địa phương"]),
        ("Ban chỉ đạo thực hiện Quy chế dân chủ xã theo quy định", ["Ban chỉ đạo thực hiện Quy chế dân chủ xã"]),
        ("Ban Tổ chức Huyện ủy tham mưu", ["Ban Tổ chức Huyện ủy"]),
        ("Ban Giám sát đầu tư cộng đồng kiểm tra", ["Ban Giám sát đầu tư cộng đồng"]),
        ("Ban Thanh tra nhân dân giám sát", ["Ban Thanh tra nhân dân"]),
        ("Văn phòng HĐND và UBND huyện tổng hợp", ["Văn phòng HĐND và UBND huyện"]),
        ("Phòng, chống tham nhũng", []),
        ("Ban hành văn bản hướng dẫn", []),
        ("phòng ngừa, ngăn chặn", []),
        ("Phòng " + "rất " * 20 + "dài", []),
    ],
)
def test_bodies_are_found_where_a_sentence_names_them(sentence, bodies):
    assert bodies_at(sentence)[0] == bodies
