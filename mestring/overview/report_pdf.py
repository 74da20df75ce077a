"""PDF machinery for the national report and the fact sheets: a Django template drawn by WeasyPrint as
a tagged PDF/UA-1 document, with nothing fetched from the network.

What the PDF carries: a structure tree (/StructTreeRoot, /MarkInfo Marked) with headings H1–H3,
paragraphs, lists, tables with column and row header cells (TH with /Headers links on every TD) and
figures whose /Alt is the SVG's <title>; language nb-NO, document title shown in the window title,
subject/author/keywords, bookmarks for the chapter headings, a table of contents, "Side X av Y" on
every page, embedded DejaVu Sans, and a table beside every chart or map with the same figures.
What WeasyPrint 70 cannot tag: the running footer and page numbers are marked content left out of the
structure tree (PDF 1.7 has no Artifact element for margin boxes); a table that runs over several
pages becomes one Table element per page, each with its repeated header row; the text inside an SVG
chart is part of the figure, read only through its /Alt; <figure> and <nav> become NonStruct, so a
figcaption is a Caption beside the Figure rather than inside it; an SVG without <title> silently gets
no /Alt (the tests check every Figure has one).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from mestring.overview import charts
from mestring.overview.reports import Table

STATIC_DIR = Path(__file__).resolve().parent / "static" / "overview"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
LOCAL_ROOTS = (STATIC_DIR, FONT_DIR)
PDF_VARIANT = "pdf/ua-1"


class NotLocalError(ValueError):
    """A template asked for something that is not one of our own files."""


class LocalFetcher(URLFetcher):
    """Hands WeasyPrint our print stylesheet and fonts, and refuses everything else (http, data, other files)."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)

    def fetch(self, url, headers=None):
        if local_path(url) is None:
            raise NotLocalError(f"PDF-en kan bare bruke lokale filer, ikke {url}")
        return super().fetch(url, headers)


def local_path(url: str) -> Path | None:
    """The file behind a file: URL inside one of LOCAL_ROOTS, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    return path if any(path.is_relative_to(root) for root in LOCAL_ROOTS) else None


def render(template: str, context: dict) -> bytes:
    """Draw the template as PDF/UA-1; a reference to anything not local stops the drawing."""
    return render_html(render_to_string(template, context))


def render_html(html: str) -> bytes:
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalFetcher())
    try:
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as error:  # a BaseException: would slip past the job's error handling
        raise NotLocalError(str(error.__cause__ or error)) from error


# --- numbers and tables ----------------------------------------------------------------------------

def number(value, kind: str = "int") -> str:
    """Norwegian number format: space between thousands, decimal comma; a dash for no value."""
    if value is None or value == "":
        return "–"
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "decimal" and float(value) != int(value):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",")
    return f"{int(round(value)):,}".replace(",", " ")


def numbers(values: dict) -> dict[str, str]:
    """Every figure formatted for text: floats with a decimal comma, whole numbers without."""
    return {key: number(value, "decimal" if isinstance(value, float) else "int") for key, value in values.items()}


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    row_header: bool = False


@dataclass(frozen=True)
class PrintTable:
    """A table as the print template draws it: caption, column headers, rows, a note under it."""

    caption: str
    headers: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


def print_table(table: Table, *, limit: int | None = None) -> PrintTable:
    """The name or label column heads each row (TH scope=row), so a screen reader names the row it reads."""
    columns = table.columns
    header_at = next((i for i, c in enumerate(columns) if c.key in ("name", "label")), 0)
    rows = table.rows[:limit] if limit else table.rows
    return PrintTable(
        table.title, tuple(Cell(c.header, c.kind != "text") for c in columns),
        tuple(tuple(Cell(number(row.get(c.key), c.kind), c.kind != "text", i == header_at)
                    for i, c in enumerate(columns)) for row in rows),
        table.note)


def simple_table(caption: str, headers: tuple[str, str], rows: list[tuple[str, str]]) -> PrintTable:
    """Two columns: a name (row header) and its figure."""
    return PrintTable(caption, (Cell(headers[0]), Cell(headers[1], True)),
                      tuple((Cell(name, row_header=True), Cell(value, True)) for name, value in rows))


# --- charts ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """An SVG chart with its alt text (the SVG <title>, which WeasyPrint writes as the Figure's /Alt)."""

    chart: charts.BarChart
    alt: str
    caption: str


def bar_figure(caption: str, labels: list[str], values: list, *, kind: str = "int", alt_end: str = "") -> Figure:
    """A horizontal bar chart from the overview pages' SVG geometry, values written beside the bars."""
    chart = charts.bar_chart([(label, float(value or 0), number(value, kind)) for label, value in zip(labels, values)])
    alt = f"Stolpediagram: {caption.lower()}. " + (alt_end or "Tallene står i tabellen under.")
    return Figure(chart, alt, caption)


# --- maps --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Swatch:
    label: str
    fill: str
    hatched: bool


def swatches(legend, *, with_counts: bool = True) -> list[Swatch]:
    """Legend entries as coloured boxes in the text (an SVG per box would be a Figure without alt text)."""
    return [Swatch(f"{e.label} ({e.count})" if with_counts else e.label, e.fill, e.fill == charts.NONE_FILL)
            for e in legend]
