"""Hostile uploads: pictures refused from their header, office documents inflated under limits, names cleaned."""

import struct
import tracemalloc
import unicodedata
import zipfile
import zlib
from io import BytesIO

import pytest
from PIL import Image

from portal.core import files
from portal.core.errors import InvalidInput

pytestmark = pytest.mark.usefixtures("english_messages")

ODT = b"application/vnd.oasis.opendocument.text"


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height but carries almost no pixels: what a pixel bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(
        b"IEND", b"")


def odt(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT)
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def with_method(data: bytes, method: int) -> bytes:
    """The zip with every member's compression method rewritten, in its local and central headers."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            patched[start + offset : start + offset + 2] = struct.pack("<H", method)
            start += 4
    return bytes(patched)


def test_a_picture_is_refused_from_its_header_above_the_pixel_limit():
    bomb = png_header(13000, 13000)
    assert len(bomb) < 200
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="more than 36 million pixels") as refused:
            files.sniff_type(bomb, name="bomb.png", field="files")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.field == "files" and "bomb.png" in str(refused.value)
    assert peak < 1024 * 1024


def test_a_picture_beyond_pillow_s_own_bomb_limit_gets_the_same_refusal():
    with pytest.raises(InvalidInput, match="million pixels"):
        files.sniff_type(png_header(60000, 60000), name="huge.png")


def test_a_picture_at_the_limit_is_taken():
    output = BytesIO()
    Image.new("1", (6000, 6000)).save(output, format="PNG")
    assert files.sniff_type(output.getvalue()) == "image/png"


def test_a_document_is_inflated_whole_within_the_limits():
    document = odt({"content.xml": b"<office:document-content/>" * 1000})
    assert files.sniff_type(document) == ODT.decode()


def test_a_bomb_in_the_mimetype_member_is_refused_without_inflating_it(monkeypatch):
    monkeypatch.setattr(files, "MAX_MEMBER_BYTES", 1024 * 1024)
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("mimetype", "w") as member:
        for _ in range(64):
            member.write(b"\0" * 1024 * 1024)
    bomb = output.getvalue()
    assert len(bomb) < 100 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="unpacks to more than") as refused:
            files.sniff_type(bomb, name="bomb.odt", field="file")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.field == "file"
    assert peak < 2 * 1024 * 1024


def test_the_total_of_all_members_is_limited(monkeypatch):
    monkeypatch.setattr(files, "MAX_ARCHIVE_BYTES", 100_000)
    document = odt({f"part{n}.xml": b"x" * 40_000 for n in range(4)})
    with pytest.raises(InvalidInput, match="unpacks to more than"):
        files.sniff_type(document, name="many.odt")


def test_a_member_claiming_to_be_small_is_not_inflated_beyond_its_claim(monkeypatch):
    monkeypatch.setattr(files, "MAX_MEMBER_BYTES", 1000)
    document = odt({"content.xml": b"y" * 5000})
    with pytest.raises(InvalidInput, match="damaged"):
        files.sniff_type(document.replace(struct.pack("<I", 5000), struct.pack("<I", 10)), name="liar.odt")


def test_corrupt_deflate_is_a_clear_refusal():
    document = bytearray(odt({"content.xml": bytes(range(256)) * 64}))
    start = document.find(b"content.xml") + len("content.xml")
    document[start + 10 : start + 60] = b"\xff" * 50
    with pytest.raises(InvalidInput, match="damaged or packed in a way we cannot read") as refused:
        files.sniff_type(bytes(document), name="broken.odt", field="files")
    assert refused.value.field == "files"


@pytest.mark.parametrize("method", [99, zipfile.ZIP_BZIP2, 7])
def test_an_unknown_compression_method_is_a_clear_refusal(method):
    document = with_method(odt({"content.xml": b"<x/>"}, zipfile.ZIP_STORED), method)
    with pytest.raises(InvalidInput, match="damaged or packed in a way we cannot read"):
        files.sniff_type(document, name="odd.odt")


def test_an_encrypted_member_is_a_clear_refusal():
    document = bytearray(odt({"content.xml": b"<x/>"}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := document.find(signature, start)) != -1:
            document[start + offset] |= 1
            start += 4
    with pytest.raises(InvalidInput, match="damaged"):
        files.sniff_type(bytes(document), name="locked.odt")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("..", "file"),
        ("/", "file"),
        ("", "file"),
        (None, "file"),
        ("...", "file"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\an\\biên bản.pdf", "biên bản.pdf"),
        ("a\x00b\x1f\x7fc.pdf", "abc.pdf"),
        ("\u202egpj.exe", "gpj.exe"),
        (".htaccess", "htaccess"),
        ("CON.pdf", "_CON.pdf"),
        ('đơn <khiếu> "nại"?.pdf', "đơn khiếu nại.pdf"),
        (unicodedata.normalize("NFD", "Đơn khiếu nại.pdf"), "Đơn khiếu nại.pdf"),
        ("  scan   1 .pdf  ", "scan 1 .pdf"),
    ],
)
def test_filenames_are_cleaned_and_vietnamese_letters_stay(given, kept):
    cleaned = files.safe_filename(given, "file")
    assert cleaned == kept and unicodedata.is_normalized("NFC", cleaned)


def test_a_long_filename_keeps_its_extension():
    cleaned = files.safe_filename("đ" * 500 + ".docx", "file")
    assert len(cleaned) == files.MAX_FILENAME and cleaned.endswith(".docx")
