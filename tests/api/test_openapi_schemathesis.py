"""Property-based tests of the REST API from its own OpenAPI schema (schemathesis): for generated
valid and invalid parameters, /api never answers 5xx, answers only documented status codes and
media types, and its JSON matches the response models.

Why a loop over the operations instead of ``schemathesis.pytest.from_fixture``: that integration
reads a private attribute pytest 9 no longer has; the loop builds the same Hypothesis tests.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from api.app import create_app
from api.settings import Settings
from graph import open_store
from api.named_queries import named_queries
from tests.api.test_named_queries import build_small_graph
from tests.api.test_pages import HOSTILE_ID

MAX_EXAMPLES = 15
"""Per operation and generation mode: 7 operations × 2 modes keep the test within a minute."""
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema():
    store = open_store("memory:")
    build_small_graph(store)
    app = create_app(store, Settings(query_timeout=20))
    # reads only: the token-protected upload has its own tests (test_documents_upload.py)
    yield schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET", path_regex="^/api/")
    store.close()


KNOWN = {"GET /api/actors/{id}": ("id", ["fund/eruf", "org/region/06", HOSTILE_ID]),
         "GET /api/projects/{id}": ("id", ["project/testbädd-vättern"]),
         "GET /api/queries/{name}": ("name", sorted(named_queries()))}
"""Ids that exist: generated ids never do, so without these the detail models would go unchecked."""


def conforms(operation, mode: GenerationMode, **path_parameters) -> None:
    """Hypothesis over one operation: every generated request passes :data:`CHECKS`."""
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def operations(api_schema) -> dict:
    found = {op.label: op for op in (result.ok() for result in api_schema.get_all_operations())}
    assert len(found) >= 7 and set(KNOWN) <= set(found), sorted(found)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(GenerationMode))
def test_api_conforms_to_its_schema(api_schema, mode):
    for operation in operations(api_schema).values():
        if mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
            continue  # nothing to make invalid (GET /api/queries)
        conforms(operation, mode)


@pytest.mark.slow
def test_details_of_existing_entities_conform(api_schema):
    found = operations(api_schema)
    for label, (name, values) in KNOWN.items():
        for value in values:
            conforms(found[label], GenerationMode.POSITIVE, **{name: value})
