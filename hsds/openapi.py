"""The OpenAPI description the API root links to: the official HSDS 3.0 openapi.json, with the
routes we serve, our server and licence, the `lang` parameter of our profile, and the schema
references pointed at the copies this site serves (hsds/schemas/), not at another host."""

import copy
import re

from .validation import schema

# The official paths we serve, and ours beyond them.
SERVED = (
    "/",
    "/services",
    "/services/{id}",
    "/organizations",
    "/organizations/{id}",
    "/service_at_locations",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
)
# Parameters we do not read: the description says only what the API does.
UNSUPPORTED = {"search", "format", "minimal", "full", "full_service", "postcode", "proximity"}
REMOTE = re.compile(
    r"^https://raw\.githubusercontent\.com/openreferral/specification/3\.0/schema/"
    r"(?:compiled/)?(\w+?)(?:_list)?\.json$"
)

LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "The language of every text (Refugee Guide NL profile); English by default.",
    "schema": {"type": "string", "enum": ["en", "nl", "ar", "fa", "tr", "uk", "ti", "so"]},
}


def _local_refs(node, schema_base):
    if isinstance(node, dict):
        reference = node.get("$ref", "")
        if match := REMOTE.match(reference):
            node["$ref"] = f"{schema_base}{match[1]}.json"
        for value in node.values():
            _local_refs(value, schema_base)
    elif isinstance(node, list):
        for value in node:
            _local_refs(value, schema_base)


def openapi(api_root):
    description = copy.deepcopy(schema("openapi.json"))
    description["info"] = {
        "title": "Refugee Guide NL: HSDS 3.0 open data",
        "version": "1",
        "summary": "Organizations that help asylum seekers in the Netherlands, stage by stage.",
        "description": "Read-only. Every text in eight languages through `lang`; see the profile "
        "linked from the API root.",
        "license": {"name": "HSDS schemas: CC BY-SA 4.0", "identifier": "CC-BY-SA-4.0"},
    }
    description["servers"] = [{"url": api_root.rstrip("/")}]
    paths = {}
    for path in SERVED:
        item = copy.deepcopy(description["paths"][path])
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                parameters = [
                    p
                    for p in operation.get("parameters", [])
                    if p.get("$ref", "").rsplit("/", 1)[-1] not in UNSUPPORTED
                    and p.get("name") not in UNSUPPORTED
                ]
                operation["parameters"] = [*parameters, LANG]
        paths[path] = item
    paths["/locations/{id}"] = {
        "parameters": [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
        ],
        "get": {
            "summary": "One location (an office or a postal address) with its address, phones "
            "and schedules.",
            "operationId": "getLocationById",
            "parameters": [LANG],
            "responses": {
                "200": {
                    "description": "The location.",
                    "content": {"application/json": {"schema": {"$ref": "location.json"}}},
                }
            },
        },
    }
    description["paths"] = paths
    _local_refs(description, f"{api_root.rstrip('/')}/schema/")
    paths["/locations/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
        "$ref"
    ] = f"{api_root.rstrip('/')}/schema/location.json"
    return description
