"""Make the labelled test set's PDF, DOCX and text files from source/*.txt (see labels.json).

PDFs are laid out like many real agreements: A5 pages, a full-width title, two text columns, a
running header and a page number, so extraction must restore reading order and drop both.
DOCX files turn `a | b | c` lines into real Word tables.  Run: python make_testset.py
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADING = re.compile(r"^(§\s*\d+|\d+(\.\d+)*\.?)\s+\S.{0,80}$")


def blocks(text: str):
    """(kind, content) pairs: title, heading, paragraph or table (a list of rows)."""
    lines = text.strip().splitlines()
    table: list[list[str]] = []
    for line in lines + [""]:
        if "|" in line:
            table.append([c.strip() for c in line.split("|")])
            continue
        if table:
            yield "table", table
            table = []
        if line.startswith("# "):
            yield "title", line[2:]
        elif HEADING.match(line) and not line.rstrip().endswith("."):
            yield "heading", line
        elif line.strip():
            yield "paragraph", line


def write_docx(source: str, target: Path) -> None:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Samarbeidsavtale – gjeldende versjon"
    for kind, content in blocks(source):
        if kind == "title":
            document.add_heading(content, level=1)
        elif kind == "heading":
            document.add_heading(content, level=2)
        elif kind == "table":
            table = document.add_table(rows=0, cols=len(content[0]))
            table.style = "Table Grid"
            for row in content:
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = value
        else:
            document.add_paragraph(content)
    document.save(target)


def write_pdf(source: str, target: Path, header: str) -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    width, height = A5
    margin, gap, title_h = 42, 16, 80
    col = (width - 2 * margin - gap) / 2

    def columns(top: float):
        return [Frame(margin, margin, col, top - margin, id="left"),
                Frame(margin + col + gap, margin, col, top - margin, id="right")]

    def decorate(canvas, doc):
        canvas.setFont("Helvetica", 7)
        canvas.drawString(margin, height - 22, header)
        canvas.drawRightString(width - margin, 18, f"Side {doc.page}")

    first = [Frame(margin, height - margin - title_h, width - 2 * margin, title_h, id="title")]
    doc = BaseDocTemplate(str(target), pagesize=A5, title=header, pageTemplates=[
        PageTemplate("first", first + columns(height - margin - title_h), onPage=decorate),
        PageTemplate("later", columns(height - margin), onPage=decorate)])
    body = styles["BodyText"].clone("body", fontSize=11, leading=15, spaceAfter=7)
    story = []
    parts = list(blocks(source))
    # Real agreements run over several pages: start the second half on a new page at a heading.
    split = next(i for i in range(len(parts) // 2, len(parts)) if parts[i][0] == "heading")
    for index, (kind, content) in enumerate(parts):
        if index == split:
            story.append(PageBreak())
        if kind == "title":
            story += [Paragraph(escape(content), styles["Heading2"]), NextPageTemplate("later"), FrameBreak()]
        elif kind == "heading":
            story.append(Paragraph(escape(content), styles["Heading4"]))
        elif kind == "table":
            story += [Paragraph(escape(" | ".join(row)), body) for row in content]
        else:
            story.append(Paragraph(escape(content), body))
    doc.build(story)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text())
    out = HERE / "files"
    out.mkdir(exist_ok=True)
    for name, label in labels.items():
        if name.startswith("_"):
            continue
        source = (HERE / "source" / f"{name}.txt").read_text()
        fmt = label["format"]
        target = out / f"{name}.{fmt}"
        if fmt == "pdf":
            write_pdf(source, target, header=source.splitlines()[0].lstrip("# ")[:70])
        elif fmt == "docx":
            write_docx(source, target)
        else:
            target.write_text(source.replace("# ", "", 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
