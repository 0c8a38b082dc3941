"""Memory and time per upload for the worst files the portal accepts and the bombs it refuses.

Usage: .venv/bin/python bench/uploads.py

Each file goes through what a citizen's upload goes through (portal.cases.files.prepare: the type sniffed, a
picture's header checked and then redrawn without EXIF, an office document inflated member by member) in a
process of its own, so its peak resident memory is its own: the peak is reset before the upload (Linux
/proc/self/clear_refs) and read after it (VmHWM), minus the memory in use before. Prints the figures; asserts
nothing.
"""

import multiprocessing
import struct
import time
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from flask_babel import force_locale
from PIL import Image

from portal import create_app
from portal.cases import files as case_files
from portal.core import files
from portal.core.errors import InvalidInput

MB = 1024 * 1024


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _photo(width: int, height: int) -> bytes:
    """A camera-like JPEG: smooth light with sensor noise, which the encoder cannot compress away."""
    noise = Image.effect_noise((width, height), 24)
    light = Image.linear_gradient("L").resize((width, height))
    output = BytesIO()
    Image.merge("RGB", (noise, light, Image.blend(noise, light, 0.5))).save(output, format="JPEG", quality=80)
    return output.getvalue()


def _drawing(width: int, height: int) -> bytes:
    """A PNG with transparency, the mode that takes the most memory per pixel, small enough to be sent."""
    light = Image.linear_gradient("L").resize((width, height))
    output = BytesIO()
    Image.merge("RGBA", (light, light.transpose(Image.Transpose.ROTATE_90), light, light)).save(output, format="PNG")
    return output.getvalue()


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header claiming width x height, with almost no pixel data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(
        b"IEND", b"")


def _office(members: dict[str, int]) -> bytes:
    """An ODT whose members inflate to the given sizes, written in chunks so building it costs little memory."""
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        for name, size in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                chunk = b"<text:p>Ba c\xc3\xb4ng khai</text:p>" * 2048
                for _ in range(size // len(chunk)):
                    member.write(chunk)
    return output.getvalue()


def _upload(app, data: bytes, queue) -> None:
    with app.app_context(), force_locale("en"):
        before = _memory_kb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")
        started = time.perf_counter()
        try:
            prepared = case_files.prepare([case_files.Upload("upload", data)])
            outcome = f"accepted as {prepared[0].content_type}"
        except InvalidInput as error:
            outcome = f"refused: {str(error)[:50]}…"
        seconds = time.perf_counter() - started
        queue.put((outcome, seconds, (_memory_kb("VmHWM") - before) / 1024))


def measure(app, data: bytes) -> tuple[str, float, float]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_upload, args=(app, data, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    side = int(files.MAX_IMAGE_PIXELS**0.5)
    member_limit = files.MAX_MEMBER_BYTES - MB
    cases = [
        (f"JPEG photo {side}x{side} ({files.MAX_IMAGE_PIXELS // 1_000_000} MP, the largest taken)",
         _photo(side, side)),
        (f"PNG with transparency {side}x{side} (the largest taken)", _drawing(side, side)),
        ("PNG pixel bomb 13000x13000", _png_bomb(13000, 13000)),
        ("PNG pixel bomb 60000x60000", _png_bomb(60000, 60000)),
        (f"ODT inflating to {2 * member_limit // MB} MB (the most taken)",
         _office({"content.xml": member_limit, "styles.xml": member_limit})),
        ("ODT whose mimetype inflates to 1 GiB", _bomb_in_mimetype(1024 * MB)),
        ("ODT with 3 members of 99 MB (over the total)", _office({f"part{n}.xml": member_limit for n in range(3)})),
    ]
    print(f"{'upload':<56} {'file':>9}  {'result':<62} {'time':>8} {'peak RSS':>9}")
    for label, data in cases:
        outcome, seconds, peak = measure(app, data)
        size = f"{len(data) / 1024:.0f} KB" if len(data) < MB else f"{len(data) / MB:.1f} MB"
        print(f"{label:<56} {size:>9}  {outcome:<62} {seconds * 1000:>6.0f} ms {peak:>6.1f} MB")


def _bomb_in_mimetype(size: int) -> bytes:
    output = BytesIO()
    with (zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
          archive.open("mimetype", "w", force_zip64=True) as member):
        for _ in range(size // MB):
            member.write(b"\0" * MB)
    return output.getvalue()


if __name__ == "__main__":
    main()
