"""PDF machinery for the national report and the fact sheets (reportlab, no network).

What the PDF carries for accessibility, as far as open-source reportlab allows: real text in an
embedded Unicode font (Bitstream Vera, shipped with reportlab), document title shown in the window
title, language nb-NO, subject/author/keywords, bookmarks (outline) for every heading, a table of
contents, "Side X av Y" on every page, and a table beside every chart or map with the same figures.
reportlab cannot write a structure tree (tagged PDF / PDF/UA): no /StructTreeRoot, no alt text on
figures, so screen readers read the text layer in content order.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import reportlab
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Path as ShapePath, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from mestring.structure.maps import base_map

FONT, BOLD = "MestringSans", "MestringSans-Bold"
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#0062BA")  # Designsystemet's accent blue: 6.2:1 on white
GRID = colors.HexColor("#BFBFBF")
NO_DATA = colors.HexColor("#EDEDED")
# ColorBrewer "Blues" (5 classes): one hue, light to dark, readable with every colour-vision deficiency.
SCALE = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "VeraBd.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=5,
                          alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=22, leading=27, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=15, leading=19, spaceBefore=8, spaceAfter=6,
                             keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=6, spaceAfter=4,
                             keepWithNext=1),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=7.5, leading=9.5, spaceAfter=0),
        "toc1": ParagraphStyle("toc1", parent=body, fontSize=10, leading=15, leftIndent=0),
        "toc2": ParagraphStyle("toc2", parent=body, fontSize=9, leading=13, leftIndent=12),
    }


class NumberedCanvas(canvas.Canvas):
    """Writes "Side X av Y" once the page count is known (pages are held until the end)."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.footer = footer

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.draw_footer(total)
            super().showPage()
        super().save()

    def draw_footer(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(INK)
        self.drawString(MARGIN, 10 * mm, self.footer)
        self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Side {self._pageNumber} av {total}")
        self.restoreState()


class ReportDocument(BaseDocTemplate):
    """A4 with one frame; headings go to the table of contents and to the PDF outline."""

    def __init__(self, buffer, *, title: str, subject: str, keywords: Sequence[str]):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=20 * mm, title=title, author="mestring – nasjonal oversikt", subject=subject,
                         keywords=list(keywords), creator="mestring", lang="nb-NO", displayDocTitle=True)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.heading_count = 0

    def beforeDocument(self):
        self.heading_count = 0  # every pass of multiBuild must produce the same bookmark keys

    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        text = flowable.getPlainText()
        key = f"h{self.heading_count}"
        self.heading_count += 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        self.notify("TOCEntry", (level, text, self.page, key))


def heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    paragraph = Paragraph(escape(text), style)
    paragraph.toc_level = level
    return paragraph


def escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_of_contents(style: dict[str, ParagraphStyle]) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [style["toc1"], style["toc2"]]
    return toc


def render(story: list[Flowable], *, title: str, subject: str, keywords: Sequence[str], footer: str,
           with_toc: bool) -> bytes:
    """Build the PDF; with a table of contents it takes the extra passes page numbers need."""
    buffer = io.BytesIO()
    document = ReportDocument(buffer, title=title, subject=subject, keywords=keywords)

    def make_canvas(*args, **kwargs):
        return NumberedCanvas(*args, footer=footer, **kwargs)

    if with_toc:
        document.multiBuild(story, canvasmaker=make_canvas)
    else:
        document.build(story, canvasmaker=make_canvas)
    return buffer.getvalue()


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


def data_table(headers: Sequence[str], rows: Sequence[Sequence[str]], style: dict[str, ParagraphStyle], *,
               widths: Sequence[float] | None = None, numeric_from: int = 1) -> Table:
    """A table with a repeated header row; numbers right-aligned."""
    widths = widths or column_widths(headers, rows, numeric_from)
    cells = [[Paragraph(escape(h), style["head"]) for h in headers]]
    cells += [[Paragraph(escape(c), style["cell"]) if i < numeric_from else c for i, c in enumerate(row)]
              for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("FONT", (0, 0), (-1, -1), FONT, 7.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


PAD = 2.5


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int,
                  total: float = WIDTH) -> list[float]:
    """Number columns as wide as their longest word or figure; text columns share what is left."""
    def needed(index: int) -> float:
        words = [w for w in headers[index].split()] + [str(row[index]) for row in rows]
        font = [BOLD] * len(headers[index].split()) + [FONT] * len(rows)
        return max(pdfmetrics.stringWidth(w, f, 7.5) for w, f in zip(words, font)) + 2 * PAD + 1

    widths = [needed(i) for i in range(len(headers))]
    fixed = sum(widths[numeric_from:])
    text = widths[:numeric_from]
    room = max(total - fixed, 40.0 * max(1, len(text)))
    scale = room / sum(text) if text and sum(text) > room else 1.0
    return [w * scale for w in text] + widths[numeric_from:]


# --- charts ------------------------------------------------------------------------------------------

def bar_chart(labels: Sequence[str], values: Sequence[float], *, width: float = WIDTH, title: str = "",
              horizontal: bool = True) -> Drawing:
    """One series of bars in the accent colour, value axis from zero, labels in the body font."""
    values = [float(v or 0) for v in values]
    if horizontal:  # reportlab draws the first category at the bottom: the reader expects it on top
        labels, values = list(reversed(labels)), list(reversed(values))
        height = max(60.0, 14.0 * len(values) + 40)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 150, 20, width - 180, height - 40
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
    else:
        height = 170.0
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 25, width - 60, height - 50
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 7.5
        chart.categoryAxis.labels.dy = -4
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [label[:34] for label in labels] or [""]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(values or [0]) * 1.1 or 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: number(v)
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: number(v, "decimal")
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w" if horizontal else "s"
    chart.barLabels.dx = 3 if horizontal else 0
    chart.barLabels.dy = 0 if horizontal else 3
    drawing = Drawing(width, height)
    drawing.add(chart)
    if title:
        drawing.add(String(0, height - 10, title, fontName=BOLD, fontSize=8.5, fillColor=INK))
    return drawing


# --- the map -----------------------------------------------------------------------------------------

PATH_TOKEN = re.compile(r"[MlLz]|-?\d+(?:\.\d+)?")


def svg_path(d: str, scale: float, height: float) -> ShapePath:
    """structure.maps writes "M x y l dx dy … z" rings; draw them with y turned upwards."""
    path = ShapePath(strokeColor=colors.white, strokeWidth=0.15, fillMode=0)
    tokens, x, y, i = PATH_TOKEN.findall(d), 0.0, 0.0, 0
    while i < len(tokens):
        token = tokens[i]
        if token == "M":
            x, y = float(tokens[i + 1]), float(tokens[i + 2])
            path.moveTo(x * scale, height - y * scale)
            i += 3
        elif token == "l":
            x, y = x + float(tokens[i + 1]), y + float(tokens[i + 2])
            path.lineTo(x * scale, height - y * scale)
            i += 3
        else:  # z
            path.closePath()
            i += 1
    return path


def class_breaks(values: Sequence[float], classes: int = len(SCALE)) -> list[float]:
    """Upper bounds of equal-count classes over the units that have a value above zero."""
    positive = sorted(v for v in values if v)
    if not positive:
        return []
    bounds = [positive[min(len(positive) - 1, (len(positive) * k) // classes)] for k in range(1, classes)]
    return sorted(set(bounds + [positive[-1]]))


def colour_for(value: float | None, breaks: list[float]) -> colors.Color:
    if not value:
        return NO_DATA
    for index, bound in enumerate(breaks):
        if value <= bound:
            return colors.HexColor(SCALE[min(index, len(SCALE) - 1)])
    return colors.HexColor(SCALE[-1])


def choropleth(values: dict[str, float | None], *, width: float = WIDTH * 0.62, caption_unit: str = "",
               highlight: set[str] | None = None) -> tuple[Drawing, list[tuple[str, str]]]:
    """Kommuner coloured by `values` (code → value); returns the drawing and its legend as text."""
    base = base_map("kommuner")
    scale = width / base.width
    height = base.height * scale
    breaks = class_breaks(list(values.values()))
    drawing = Drawing(width, height)
    for shape in base.shapes:
        path = svg_path(shape.path, scale, height)
        path.fillColor = colour_for(values.get(shape.code), breaks)
        if highlight and shape.code in highlight:
            path.strokeColor, path.strokeWidth = INK, 1.2
        drawing.add(path)
    return drawing, legend(breaks, caption_unit)


def legend(breaks: list[float], unit: str) -> list[tuple[str, str]]:
    entries, low = [("#EDEDED", "Ingen deltakere")], 0.0
    for index, bound in enumerate(breaks):
        entries.append((SCALE[min(index, len(SCALE) - 1)], f"{number(low, 'decimal')}–{number(bound, 'decimal')} {unit}"))
        low = bound
    return entries


def legend_drawing(entries: list[tuple[str, str]], width: float) -> Drawing:
    drawing = Drawing(width, 14 * len(entries) + 4)
    for index, (fill, label) in enumerate(entries):
        y = 14 * (len(entries) - index - 1) + 2
        drawing.add(Rect(0, y, 10, 10, fillColor=colors.HexColor(fill), strokeColor=INK, strokeWidth=0.3))
        drawing.add(String(15, y + 2, label, fontName=FONT, fontSize=7.5, fillColor=INK))
    return drawing


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


StoryBuilder = Callable[[dict[str, ParagraphStyle]], list[Flowable]]
