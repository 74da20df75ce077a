"""Answer payloads and expressions under arbitrary input (hypothesis): never a crash, never a lost valid answer."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mestring.mapping.answers import Field, clean_answers
from mestring.mapping.expressions import ExpressionError, compile_expression

ORG = Field("organisering", "select_one", "Org", required=True,
            choices=[("eget", "Eget"), ("vert", "Vert"), ("ingen_tilbud", "Ingen")])
FIELDS = [
    Field("kontaktperson", "text", "Kontakt", required=True),
    ORG,
    Field("samarbeid", "repeat", "Samarbeid", relevant=compile_expression("${organisering} = 'vert'"),
          children=[Field("kommunenummer", "text", "Nr", constraint=compile_expression("string-length(.) = 4"))]),
    Field("ansatte", "integer", "Ansatte", constraint=compile_expression(". >= 0 and . <= 500")),
    Field("tilbud", "select_multiple", "Tilbud", relevant=compile_expression("${organisering} != 'ingen_tilbud'"),
          choices=[("kols", "KOLS"), ("diabetes", "Diabetes")]),
]

scalars = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=15), inner, max_size=4)),
                      max_leaves=12)
names = st.sampled_from(["kontaktperson", "organisering", "samarbeid", "ansatte", "tilbud", "annet"])
payloads = st.one_of(st.dictionaries(names, values, max_size=6), values)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payloads, st.booleans())
def test_any_payload_is_cleaned_without_crashing_and_output_is_well_typed(payload, final):
    result = clean_answers(FIELDS, payload, final=final)
    assert set(result.data) <= {"kontaktperson", "organisering", "samarbeid", "ansatte", "tilbud"}
    if final and not result.errors:
        assert isinstance(result.data["kontaktperson"], str) and result.data["organisering"] in {"eget", "vert", "ingen_tilbud"}
        assert isinstance(result.data.get("ansatte", 0), int)
        assert set(result.data.get("tilbud", [])) <= {"kols", "diabetes"}
        again = clean_answers(FIELDS, result.data, final=True)
        assert again.data == result.data and not again.errors  # a stored answer re-validates unchanged


valid = st.fixed_dictionaries({
    "kontaktperson": st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), min_size=1,
                             max_size=40),
    "organisering": st.sampled_from(["eget", "vert"]),
    "ansatte": st.integers(0, 500),
    "tilbud": st.lists(st.sampled_from(["kols", "diabetes"]), unique=True),
    "samarbeid": st.lists(st.fixed_dictionaries({"kommunenummer": st.from_regex(r"\A[0-9]{4}\Z")}), max_size=5),
})


@settings(max_examples=200)
@given(valid)
def test_every_valid_answer_is_kept_in_full(payload):
    result = clean_answers(FIELDS, payload, final=True)
    assert not result.errors
    assert result.data["kontaktperson"] == payload["kontaktperson"].strip()
    assert result.data["ansatte"] == payload["ansatte"]
    if payload["organisering"] == "vert":
        assert result.data["samarbeid"] == payload["samarbeid"]
    else:
        assert "samarbeid" not in result.data  # skip logic: not asked, not stored


def test_irrelevant_answers_are_dropped_and_required_only_when_asked():
    result = clean_answers(FIELDS, {"kontaktperson": "K", "organisering": "ingen_tilbud", "tilbud": ["kols"]},
                           final=True)
    assert not result.errors and "tilbud" not in result.data


@pytest.mark.parametrize(("raw", "error"), [("12", None), (" 1 20 ", None), ("-3", "Skriv et tall"),
                                           ("tolv", "helt tall"), ("1.5", "helt tall"), ("٣", "helt tall")])
def test_integer_answers(raw, error):
    result = clean_answers(FIELDS, {"ansatte": raw}, final=False)
    message = result.errors.get("ansatte")
    assert (message is None) if error is None else (message is not None)


@pytest.mark.parametrize(("source", "data", "current", "expected"), [
    ("${a} = 'x'", {"a": "x"}, None, True),
    ("${a} != 'x' and ${b} > 2", {"a": "y", "b": 3}, None, True),
    ("selected(${m}, 'kols')", {"m": ["kols", "b"]}, None, True),
    ("count-selected(${m}) >= 2", {"m": ["kols"]}, None, False),
    (". >= 0 and . <= 10", {}, 11, False),
    ("not(${a} = 'x') or true()", {"a": "x"}, None, True),
    ("${n} + 1 = 3", {"n": 2}, None, True),
    ("${missing} > 1", {}, None, False),
    ("count(${rows}) = 2", {"rows": [{}, {}]}, None, True),
])
def test_expressions(source, data, current, expected):
    assert compile_expression(source).holds(data, current) is expected


@pytest.mark.parametrize("source", ["${a} ==", "__import__('os')", "${a} = 'x", "foo(1)", "selected(${a})", "1 +"])
def test_bad_expressions_are_rejected(source):
    with pytest.raises(ExpressionError):
        compile_expression(source)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_either_compiles_or_raises_expression_error(source):
    try:
        expression = compile_expression(source)
    except ExpressionError:
        return
    expression.holds({"a": "x"}, 1)
