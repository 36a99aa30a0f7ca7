#!/usr/bin/env python3
"""Validates every golden JSON and YAML output in tests/report/golden/ against the JSON Schema
of its kind in docs/schema/, so the documented contract and the output cannot drift apart.

usage: validate_schema.py REPO_ROOT
"""
import glob
import json
import os
import sys

import jsonschema
import yaml

SCHEMAS = {
    "InspectReport": "inspect-report.schema.json",
    "ExplainReport": "explain-report.schema.json",
    "CorpusEvaluation": "corpus-evaluation.schema.json",
}


def load_document(path):
    with open(path, encoding="utf-8") as stream:
        if path.endswith(".json"):
            return json.load(stream)
        return yaml.safe_load(stream)


def main(argv):
    root = argv[1]
    schemas = {}
    for kind, name in SCHEMAS.items():
        with open(os.path.join(root, "docs", "schema", name), encoding="utf-8") as stream:
            schema = json.load(stream)
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[kind] = jsonschema.Draft202012Validator(schema)
    paths = sorted(glob.glob(os.path.join(root, "tests", "report", "golden", "*.json")) +
                   glob.glob(os.path.join(root, "tests", "report", "golden", "*.yaml")))
    failures = 0
    seen = set()
    for path in paths:
        document = load_document(path)
        kind = document.get("kind") if isinstance(document, dict) else None
        if kind not in schemas:
            print(f"{path}: no schema for kind {kind!r}; expected one of {sorted(schemas)}")
            failures += 1
            continue
        seen.add(kind)
        for error in schemas[kind].iter_errors(document):
            where = "/".join(str(part) for part in error.absolute_path) or "(document)"
            print(f"{path}: {where}: {error.message}")
            failures += 1
    for kind in sorted(set(schemas) - seen):
        print(f"no golden output of kind {kind} in tests/report/golden/: add one")
        failures += 1
    print(f"{len(paths)} golden outputs checked, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
