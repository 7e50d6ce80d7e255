"""The official HSDS 3.0 schemas (hsds/schemas/, copied unchanged with their licence), and a
validator for each object.

The schemas name each other by bare file name (`"$ref": "phone.json"`): a local `referencing`
registry maps every file name to its parsed content, so nothing is fetched from the network.
Formats (uuid, uri, email, date-time) are checked, with the checkers jsonschema's
`format-nongpl` extra installs.

jsonschema and referencing are imported inside the functions that validate: with those format
checkers, importing jsonschema compiles some forty URI grammars (about 5 s), which a web worker
that only serves the schema files and the OpenAPI description must not pay on its first request.
"""

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_NAMES = frozenset(path.name for path in SCHEMA_DIR.glob("*.json"))


@cache
def schema(name):
    return json.loads((SCHEMA_DIR / name).read_text())


@cache
def registry():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (name, Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in SCHEMA_NAMES
    )


@cache
def validator(name):
    """A validator for one object: `validator("service.json").validate(document)`."""
    if name == "page":
        return page_validator()
    return _validator(schema(name))


def page_validator(item=None):
    """HSDS's Page wrapper (from openapi.json), its contents of one schema when given."""
    page = {
        **schema("openapi.json")["components"]["schemas"]["Page"],
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
    }
    page["properties"] = {
        **page["properties"],
        "contents": {"type": "array", **({"items": {"$ref": item}} if item else {})},
    }
    return _validator(page)


def _validator(document):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        document, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(name, document):
    """Every way `document` breaks the schema, as readable lines (empty when it is valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]
