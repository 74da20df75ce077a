"""Plain text from uploaded documents (PDF, DOCX, ODT, text), shared by every app that reads files.

The file type is decided from the content, never from the name, and nothing in a file is executed.
Errors are raised as `DocumentError` with a Norwegian message a user can act on.
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from collections import Counter
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # guards against zip bombs inside DOCX/ODT
MIN_CHARS_PER_PAGE = 25  # fewer letters than this per PDF page: most likely a scan
EDGE_SHARE = 0.09  # top and bottom share of a page where running headers and page numbers live


class DocumentError(ValueError):
    """A file we refuse to read; the message is shown to the user as it is."""


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str  # pdf, docx, odt or text
    pages: int | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def looks_scanned(self) -> bool:
        """True when a PDF has pages but (almost) no text layer, as a scan has."""
        letters = sum(ch.isalpha() for ch in self.text)
        return self.kind == "pdf" and bool(self.pages) and letters < MIN_CHARS_PER_PAGE * self.pages


def extract(data: bytes, *, filename: str = "", max_bytes: int = MAX_BYTES, seconds: float = 60) -> Extracted:
    """Text of one document; raises DocumentError for files that are too big, corrupt or locked."""
    if len(data) > max_bytes:
        raise DocumentError(f"«{filename}» er for stor ({len(data) // 1024 // 1024} MB); grensen er "
                            f"{max_bytes // 1024 // 1024} MB.")
    if not data.strip():
        raise DocumentError(f"«{filename}» er tom.")
    deadline = time.monotonic() + seconds
    if data.startswith(b"%PDF"):
        return Extracted(pdf_text(data, filename, deadline), "pdf", pdf_page_count(data))
    if data.startswith(b"PK\x03\x04"):
        return zipped_text(data, filename)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(f"«{filename}» er i et gammelt Word-format (.doc) eller kryptert; lagre den som DOCX eller PDF.")
    return Extracted(plain_text(data, filename), "text")


def plain_text(data: bytes, filename: str) -> str:
    if b"\x00" in data[:4096]:
        raise DocumentError(f"«{filename}» er ikke en tekstfil, PDF, DOCX eller ODT.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return normalise(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"«{filename}» har ukjent tegnkoding.")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "").replace("\xa0", " ")
    # A hyphen at a line end before "og"/"eller" is a shared compound ("pasient- og pårørende");
    # before other lower-case words it is a word split across lines ("kommu-\nnen").
    text = re.sub(r"(\w)-\n(og|eller|samt)\b", r"\1- \2", text)
    text = re.sub(r"(\w)-\n(?=[a-zæøå])", r"\1", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- PDF ---------------------------------------------------------------------------------------

def pdf_pages(data: bytes, filename: str):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    try:
        yield from extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.5))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(f"«{filename}» er passordbeskyttet eller kryptert; last opp en ulåst kopi.") from exc
    except (PSException, ValueError, TypeError, KeyError, AttributeError, IndexError, AssertionError) as exc:
        raise DocumentError(f"«{filename}» er skadet og kan ikke leses som PDF.") from exc


def pdf_page_count(data: bytes) -> int:
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def page_boxes(page) -> list[Box]:
    from pdfminer.layout import LTTextBox

    return [Box(el.x0, el.y0, el.x1, el.y1, el.get_text().strip())
            for el in page if isinstance(el, LTTextBox) and el.get_text().strip()]


def pdf_text(data: bytes, filename: str, deadline: float) -> str:
    pages = []
    for page in pdf_pages(data, filename):
        if time.monotonic() > deadline:
            raise DocumentError(f"«{filename}» tok for lang tid å lese.")
        pages.append((page.width, page.height, page_boxes(page)))
    running = running_lines(pages)
    parts = [reading_order(w, h, boxes, running) for w, h, boxes in pages]
    return normalise("\n\n".join(p for p in parts if p))


def edge_key(text: str) -> str:
    """A header or footer line with its digits removed, so 'Side 2 av 9' and 'Side 3 av 9' match."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def is_edge(box: Box, height: float) -> bool:
    return box.y0 > height * (1 - EDGE_SHARE) or box.y1 < height * EDGE_SHARE


PAGE_NUMBER = re.compile(r"^(side|s\.|page)?\s*[-–]?\s*\d+\s*[-–]?\s*((av|/|of)\s*\d+)?$", re.I)


def running_lines(pages) -> set[str]:
    """Header/footer texts that repeat at a page edge on at least half of the pages (two or more)."""
    counts = Counter(edge_key(b.text) for _, h, boxes in pages for b in boxes if is_edge(b, h))
    need = max(2, len(pages) // 2)
    return {key for key, n in counts.items() if n >= need}


def reading_order(width: float, height: float, boxes: list[Box], running: set[str]) -> str:
    """Text of a page in reading order: full-width blocks split the page into bands; within a band,
    the left column is read before the right one."""
    body = [b for b in boxes if not (is_edge(b, height) and (edge_key(b.text) in running
                                                             or PAGE_NUMBER.match(b.text.strip())))]
    body.sort(key=lambda b: -b.y1)
    middle = width / 2
    out: list[str] = []
    band: list[Box] = []
    for box in body:
        if box.x0 < middle - 20 and box.x1 > middle + 20:  # spans both columns
            out.extend(column_text(band, middle))
            band = []
            out.append(box.text)
        else:
            band.append(box)
    out.extend(column_text(band, middle))
    return "\n\n".join(out)


def column_text(band: list[Box], middle: float) -> list[str]:
    left = [b.text for b in band if b.x1 <= middle + 20]
    right = [b.text for b in band if b.x1 > middle + 20]
    return left + right


# --- DOCX and ODT --------------------------------------------------------------------------------

def zipped_text(data: bytes, filename: str) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(f"«{filename}» er skadet og kan ikke åpnes.") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentError(f"«{filename}» pakker seg ut til mer enn {MAX_UNPACKED_BYTES // 1024 // 1024} MB.")
    if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise DocumentError(f"«{filename}» er passordbeskyttet eller kryptert; last opp en ulåst kopi.")
    if "word/document.xml" in names:
        return Extracted(docx_text(data, filename), "docx")
    if "content.xml" in names and "mimetype" in names and b"opendocument.text" in archive.read("mimetype")[:100]:
        return Extracted(odt_text(data, filename), "odt")
    raise DocumentError(f"«{filename}» er en zip-fil som verken er DOCX eller ODT.")


def docx_text(data: bytes, filename: str) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [table_text(item) if isinstance(item, Table) else item.text
                  for item in document.iter_inner_content()]
    except Exception as exc:  # python-docx raises many kinds (KeyError, lxml errors) for a broken file
        raise DocumentError(f"«{filename}» er skadet og kan ikke leses som DOCX.") from exc
    return normalise("\n\n".join(b for b in blocks if b.strip()))


def table_text(table) -> str:
    """One line per row, cells separated by ' | ', repeated merged cells shown once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def odt_text(data: bytes, filename: str) -> str:
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        blocks = list(odt_blocks(document.text, teletype))
    except Exception as exc:  # odfpy raises XML and KeyError kinds for a broken file
        raise DocumentError(f"«{filename}» er skadet og kan ikke leses som ODT.") from exc
    return normalise("\n\n".join(b for b in blocks if b.strip()))


def odt_blocks(node, teletype):
    for child in node.childNodes:
        name = getattr(child, "qname", (None, None))[1]
        if name in ("h", "p"):
            yield teletype.extractText(child)
        elif name == "table-row":
            cells = [" ".join(teletype.extractText(c).split()) for c in child.childNodes]
            yield " | ".join(c for c in cells if c)
        elif name is not None:
            yield from odt_blocks(child, teletype)
