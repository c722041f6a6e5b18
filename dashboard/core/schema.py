"""JSON Schema of the dataset format, generated from the models.

Editors (VS Code's YAML extension, for one) validate dataset files as curators
type when a file starts with
`# yaml-language-server: $schema=../schema/dataset.schema.json`.
`tests/core/test_schema.py` keeps the committed file in sync with the models.
"""

from __future__ import annotations

import json
from typing import Any

from dashboard.core.model import Dataset


def dataset_schema() -> dict[str, Any]:
    schema = Dataset.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Troop-deployment dataset"
    schema["description"] = (
        "One YAML file, or a folder of them (merged), with sources, places, units, "
        "movements, events and areas. Every claim cites a verbatim quote of a stored source."
    )
    return schema


def dataset_schema_text() -> str:
    return json.dumps(dataset_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
