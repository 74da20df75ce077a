"""Norwegian messages for request validation errors (pydantic's own messages are English only)."""
from __future__ import annotations

MESSAGES = {
    "missing": "mangler",
    "string_type": "må være tekst",
    "string_too_long": "kan ha høyst {max_length} tegn",
    "int_type": "må være et heltall",
    "int_parsing": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_type": "må være et tall",
    "float_parsing": "må være et tall",
    "bool_type": "må være true eller false",
    "bool_parsing": "må være true eller false",
    "date_type": "må være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "må være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "må være en dato (ÅÅÅÅ-MM-DD)",
    "datetime_type": "må være et tidspunkt (ISO 8601)",
    "datetime_parsing": "må være et tidspunkt (ISO 8601)",
    "datetime_from_date_parsing": "må være et tidspunkt (ISO 8601)",
    "uuid_type": "må være en UUID",
    "uuid_parsing": "må være en UUID",
    "literal_error": "må være en av: {expected}",
    "enum": "må være en av: {expected}",
    "greater_than_equal": "må være minst {ge}",
    "less_than_equal": "kan være høyst {le}",
    "too_long": "kan ha høyst {max_length} elementer",
    "list_type": "må være en liste",
    "model_type": "må være et objekt",
    "model_attributes_type": "må være et objekt",
    "dict_type": "må være et objekt",
    "json_invalid": "er ikke gyldig JSON",
}


def norwegian_message(error: dict) -> str:
    """One pydantic error dict → a short Norwegian message; unknown kinds get a general one."""
    template = MESSAGES.get(error.get("type", ""), "har en ugyldig verdi")
    context = {k: str(v).replace("'", "«", 1).replace("'", "»", 1) if k == "expected" else v
               for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(":")[0]
