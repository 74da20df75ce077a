"""Split extracted agreement text into numbered sections, clauses and table rows with their headings.

Offsets always point into the extracted text, so evidence can be highlighted where it stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBER = re.compile(r"^(§\s*\d+[a-z]?|\d+(?:\.\d+)*\.?|[Kk]apittel\s+\d+|[Dd]el\s+\d+)\s+(?=\S)")
END = ".:;!?"
# A line ending in one of these continues on the next line, so it is no heading ("2.2 Partene er kjent med at").
OPEN_ENDS = {"at", "og", "i", "for", "til", "om", "med", "av", "som", "er", "på", "en", "et", "ei", "skal", "den",
             "det", "de", "har", "kan", "ved", "fra", "frå", "eller", "samt", "sin", "sine", "sitt", "å"}


def heading_like(line: str, limit: int = 90) -> bool:
    words = line.split()
    return bool(words) and len(line) <= limit and line[-1] not in END and words[-1].lower() not in OPEN_ENDS


@dataclass(frozen=True)
class Part:
    """One heading, clause, table row or paragraph. `chain` is the headings above it (title excluded)."""
    kind: str  # title, heading, clause, row, text
    number: str
    text: str
    start: int
    end: int
    chain: tuple[str, ...] = ()
    table_header: str = ""

    @property
    def top(self) -> str:
        """The top-level section number ('3' for clause 3.2): context is shared within it."""
        return self.number.split(".")[0].replace("§", "").strip()


@dataclass
class Reader:
    parts: list[Part] = field(default_factory=list)
    headings: dict[int, tuple[str, str]] = field(default_factory=dict)  # depth -> (number, text)
    header_row: str = ""

    def chain(self) -> tuple[str, ...]:
        return tuple(text for _, (_, text) in sorted(self.headings.items()))

    def current_number(self) -> str:
        return max(self.headings.items())[1][0] if self.headings else ""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of blank-line separated blocks, with blocks that a column or page break cut in
    the middle of a sentence joined again."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and cut_mid_sentence(text[joined[-1][0]:joined[-1][1]], text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def lines_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block where a new numbered clause or a heading's body begins on its own line, as in
    plain-text agreements without blank lines; wrapped lines of one paragraph stay together."""
    spans, begin, offset = [], start, start
    previous = ""
    for line in text[start:end].split("\n"):
        if previous and new_item(previous, line):
            spans.append((begin, offset - 1))
            begin = offset
        previous = line.strip()
        offset += len(line) + 1
    spans.append((begin, end))
    return spans


def new_item(previous: str, line: str) -> bool:
    line = line.strip()
    heading_before = bool(NUMBER.match(previous)) and heading_like(previous)
    if NUMBER.match(line):
        return previous[-1] in END or heading_before or "|" in previous
    return heading_before and line[:1].isupper()


def cut_mid_sentence(before: str, after: str) -> bool:
    return before.rstrip()[-1:] not in END and after[:1].islower() and "|" not in before


def split(text: str) -> list[Part]:
    reader = Reader()
    blocks = [span for start, end in paragraphs(text) for span in lines_apart(text, start, end)]
    for start, end in blocks:
        block = text[start:end]
        if "|" in block:
            read_table(reader, text, start, end)
        else:
            read_block(reader, " ".join(block.split()), start, end)
    return reader.parts


def read_table(reader: Reader, text: str, start: int, end: int) -> None:
    offset = start
    for line in text[start:end].split("\n"):
        row = " ".join(line.split())
        if "|" not in row:
            read_block(reader, row, offset, offset + len(line))
        elif not reader.parts or reader.parts[-1].kind != "row":
            reader.header_row = row
            add(reader, "row", row, offset, offset + len(line))
        else:
            add(reader, "row", row, offset, offset + len(line))
        offset += len(line) + 1


def read_block(reader: Reader, flat: str, start: int, end: int) -> None:
    if not flat:
        return
    number = NUMBER.match(flat)
    looks_heading = heading_like(flat)
    if not reader.parts and looks_heading and not number:
        reader.parts.append(Part("title", "", flat, start, end))
    elif number and looks_heading:
        key = number.group(1).rstrip(".")
        depth = key.count(".") + 1
        reader.headings = {d: h for d, h in reader.headings.items() if d < depth}
        reader.headings[depth] = (key, flat[number.end():])
        reader.parts.append(Part("heading", key, flat[number.end():], start, end, reader.chain()[:-1]))
    elif number:
        add(reader, "clause", flat, start, end, number=number.group(1).rstrip("."))
    elif looks_heading and len(flat) <= 60 and len(reader.parts) > 1 and reader.parts[-1].kind not in ("heading",):
        reader.headings = {1: ("", flat)}
        reader.parts.append(Part("heading", "", flat, start, end))
    else:
        add(reader, "text", flat, start, end)


def add(reader: Reader, kind: str, flat: str, start: int, end: int, number: str = "") -> None:
    reader.parts.append(Part(kind, number or reader.current_number(), flat, start, end, reader.chain(),
                             reader.header_row if kind == "row" else ""))
