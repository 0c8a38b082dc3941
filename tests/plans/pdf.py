"""A small PDF writer for tests: Vietnamese lines as a real text layer, with no font file or library needed.

Each distinct character gets a two-byte code of a Type0 font (Identity-H) and a ToUnicode map says which
character it is: what a PDF reader extracts, as from a PDF printed by a word processor.
"""

LINES_PER_PAGE = 60


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _to_unicode(codes: dict[str, int]) -> bytes:
    entries = [f"<{code:04X}> <{ord(ch):04X}>" for ch, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    return _stream(cmap.encode("ascii"))


def make_pdf(lines: list[str]) -> bytes:
    """A PDF whose pages show the lines, one text line each, sixty to a page."""
    codes = {ch: index + 1 for index, ch in enumerate(sorted(set("".join(lines))))}
    pages = [lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = [b"", b""]  # the catalog and the page tree, filled in once the pages are numbered
    font_id, descendant_id, cmap_id = 3, 4, 5
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [%d 0 R] "
        b"/ToUnicode %d 0 R >>" % (descendant_id, cmap_id)
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 500 >>"
    )
    objects.append(_to_unicode(codes))
    page_ids = []
    for page_lines in pages:
        shown = b" T*\n".join(
            b"<" + "".join(f"{codes[ch]:04X}" for ch in line).encode("ascii") + b"> Tj" for line in page_lines
        )
        objects.append(_stream(b"BT /F1 9 Tf 12 TL 30 810 Td\n" + shown + b"\nET"))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (font_id, content_id)
        )
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
