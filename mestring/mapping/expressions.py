"""A small, safe evaluator for the XLSForm expressions questionnaires use (`relevant`, `constraint`).

Supported: `${name}`, `.` (the answer being checked), numbers, quoted strings, `= != < <= > >=`,
`+ -`, `and`, `or`, parentheses and the functions `selected`, `count-selected`, `count`,
`string-length`, `not`, `true`, `false`. Anything else is an error at import time, never at answer time.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(r"""\s*(?:
    (?P<ref>\$\{[A-Za-z_][\w.-]*\})
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op><=|>=|!=|=|<|>|\+|-|\(|\)|,)
  | (?P<name>[A-Za-z][\w-]*)
  | (?P<dot>\.)
)""", re.VERBOSE)

FUNCTIONS = {"selected": 2, "count-selected": 1, "count": 1, "string-length": 1, "not": 1, "true": 0, "false": 0}


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(source: str) -> list[Token]:
    tokens, pos = [], 0
    source = source.rstrip()
    while pos < len(source):
        match = TOKEN.match(source, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"ukjent tegn ved posisjon {pos + 1}: {source[pos:pos + 10]!r}")
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind)))
        pos = match.end()
    return tokens


Node = Callable[[Mapping[str, Any], Any], Any]


class Parser:
    """Recursive descent; builds closures so evaluation needs no second pass over text."""

    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.pos = 0
        self.references: set[str] = set()

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or (text is not None and token.text != text):
            raise ExpressionError(f"ventet {text or 'mer'} men fant {token.text if token else 'slutten'}")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.binary(0)
        if self.peek() is not None:
            raise ExpressionError(f"uventet {self.peek().text!r}")
        return node

    LEVELS = [("or",), ("and",), ("=", "!=", "<", "<=", ">", ">="), ("+", "-")]

    def binary(self, level: int) -> Node:
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while (token := self.peek()) and token.text in self.LEVELS[level] and token.kind in {"op", "name"}:
            self.pos += 1
            left = combine(token.text, left, self.binary(level + 1))
        return left

    def unary(self) -> Node:
        if (token := self.peek()) and token.text == "-":
            self.pos += 1
            inner = self.unary()
            return lambda data, current: -number(inner(data, current))
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            value = float(token.text)
            return lambda data, current: value
        if token.kind == "str":
            text = token.text[1:-1]
            return lambda data, current: text
        if token.kind == "ref":
            name = token.text[2:-1]
            self.references.add(name)
            return lambda data, current: data.get(name)
        if token.kind == "dot":
            return lambda data, current: current
        if token.text == "(":
            node = self.binary(0)
            self.take(")")
            return node
        if token.kind == "name" and token.text in FUNCTIONS:
            return self.call(token.text)
        raise ExpressionError(f"ukjent uttrykk {token.text!r}")

    def call(self, name: str) -> Node:
        self.take("(")
        args: list[Node] = []
        while (token := self.peek()) and token.text != ")":
            if args:
                self.take(",")
            args.append(self.binary(0))
        self.take(")")
        if len(args) != FUNCTIONS[name]:
            raise ExpressionError(f"{name}() tar {FUNCTIONS[name]} argument")
        return function(name, args)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value if not isinstance(v, dict))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(as_text(value))
    except ValueError:
        return math.nan


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    return bool(value)


def compare(op: str, a: Any, b: Any) -> bool:
    if op in {"=", "!="}:
        numeric = isinstance(a, int | float) or isinstance(b, int | float)
        equal = number(a) == number(b) if numeric else as_text(a) == as_text(b)
        return equal if op == "=" else not equal
    x, y = number(a), number(b)
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def combine(op: str, left: Node, right: Node) -> Node:
    if op == "or":
        return lambda d, c: truthy(left(d, c)) or truthy(right(d, c))
    if op == "and":
        return lambda d, c: truthy(left(d, c)) and truthy(right(d, c))
    if op == "+":
        return lambda d, c: number(left(d, c)) + number(right(d, c))
    if op == "-":
        return lambda d, c: number(left(d, c)) - number(right(d, c))
    return lambda d, c: compare(op, left(d, c), right(d, c))


def choices_of(value: Any) -> list[str]:
    return value if isinstance(value, list) else as_text(value).split()


def function(name: str, args: list[Node]) -> Node:
    if name == "true":
        return lambda d, c: True
    if name == "false":
        return lambda d, c: False
    first = args[0]
    if name == "selected":
        return lambda d, c: as_text(args[1](d, c)) in choices_of(first(d, c))
    if name == "count-selected":
        return lambda d, c: float(len(choices_of(first(d, c))))
    if name == "count":
        return lambda d, c: float(len(first(d, c) or []) if isinstance(first(d, c), list) else 0)
    if name == "string-length":
        return lambda d, c: float(len(as_text(first(d, c))))
    return lambda d, c: not truthy(first(d, c))  # not()


@dataclass(frozen=True)
class Expression:
    source: str
    node: Node
    references: frozenset[str]

    def holds(self, data: Mapping[str, Any], current: Any = None) -> bool:
        return truthy(self.node(data, current))


def compile_expression(source: str) -> Expression:
    parser = Parser(source)
    node = parser.parse()
    return Expression(source, node, frozenset(parser.references))
