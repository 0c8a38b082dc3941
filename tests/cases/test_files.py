"""Citizen uploads: checked by content, photos re-encoded without their EXIF (GPS) data, limits as form errors."""

import zipfile
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from portal.cases import files as case_files
from portal.cases.models import Case, CaseFile
from tests.cases.test_views import form_data, submit, textarea
from tests.conftest import check_page_invariants
from tests.core.test_files import odt, png_header, with_method

pytestmark = pytest.mark.usefixtures("english_pages")



def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (21.0, 10.0, 5.0), "E", (106.0, 3.0, 1.0)
    output = BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_gps_is_stripped_from_an_uploaded_photo(client, commune, db_session):
    original = jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)
    data = form_data(commune)
    data["files"] = [(BytesIO(original), "IMG_0001.jpg")]
    assert submit(client, "feedback", data).status_code == 302
    stored = db_session.scalar(select(CaseFile))
    assert stored.content_type == "image/jpeg" and stored.filename == "IMG_0001.jpg"
    saved = case_files.path_of(stored).read_bytes()
    reopened = Image.open(BytesIO(saved))
    assert reopened.size == (40, 30)
    assert not reopened.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" not in saved


def test_oversized_file_is_a_form_error_with_the_text_kept(client, commune, db_session):
    data = form_data(commune)
    data["files"] = [(BytesIO(b"%PDF-" + b"0" * case_files.MAX_FILE_BYTES), "scan.pdf")]
    builder = EnvironBuilder(path="/cases/new/feedback", method="POST", data=data)
    environ = builder.get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()  # the test client spools a large body to a temporary file it never closes
        builder.close()
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page_invariants(soup)
    assert "larger than 10 MB" in soup.select_one("#files-error").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one(".kept-files") is None  # refused for its size, so not kept
    assert db_session.scalar(select(Case)) is None


def test_a_file_lying_about_its_type_is_refused(page, commune, db_session):
    data = form_data(commune)
    data["files"] = [(BytesIO(b"<html><script>alert(1)</script></html>"), "photo.jpg", "image/jpeg")]
    soup = page("/cases/new/feedback", method="post", data=data, content_type="multipart/form-data",
                expected_status=422)
    assert "is not a photo" in soup.select_one("#files-error").get_text()
    assert db_session.scalar(select(Case)) is None


def test_at_most_five_files(page, commune):
    data = form_data(commune)
    data["files"] = [(BytesIO(b"%PDF-1.4"), f"{n}.pdf") for n in range(6)]
    soup = page("/cases/new/feedback", method="post", data=data, content_type="multipart/form-data",
                expected_status=422)
    assert "at most 5 files" in soup.select_one("#files-error").get_text()


def test_a_broken_jpeg_is_refused():
    broken = case_files.Upload("../../etc/\x00x.jpg", b"\xff\xd8\xff" + b"garbage")
    with force_locale("en"), pytest.raises(case_files.InvalidInput, match="cannot be read"):
        case_files.prepare([broken])
    clean = case_files.prepare([case_files.Upload("C:\\Users\\an\\biên bản.pdf", b"%PDF-1.4")])
    assert clean[0].filename == "biên bản.pdf"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (png_header(13000, 13000), "more than 36 million pixels"),
        (with_method(odt({"content.xml": b"<x/>"}, zipfile.ZIP_STORED), 99), "damaged or packed in a way"),
    ],
)
def test_a_hostile_upload_is_a_field_error_with_the_text_kept(page, commune, db_session, upload, message):
    data = form_data(commune)
    data["files"] = [(BytesIO(upload), "..")]
    soup = page("/cases/new/feedback", method="post", data=data, content_type="multipart/form-data",
                expected_status=422)
    error = soup.select_one("#files-error").get_text()
    assert message in error and ".." not in error
    assert textarea(soup, "description") == data["description"]
    assert db_session.scalar(select(Case)) is None


def test_a_file_named_dot_dot_is_stored_under_a_plain_name(client, commune, db_session):
    data = form_data(commune)
    data["files"] = [(BytesIO(b"%PDF-1.4"), "..")]
    assert submit(client, "feedback", data).status_code == 302
    assert db_session.scalar(select(CaseFile)).filename == "file"
