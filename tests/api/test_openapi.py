"""The OpenAPI document and the docs pages (contract §10): valid, complete, built from the routes."""

from __future__ import annotations

import re
from typing import Any, Literal, NotRequired

import httpx
import pytest
from openapi_spec_validator import validate as validate_openapi
from pydantic import BaseModel, Field
from sanic import Sanic
from sanic.response import empty, json
from sanic.router import Route
from typing_extensions import TypedDict

from api.app import create_app
from api.auth import authenticated
from api.openapi import build_document, declared_responses, path_template, responds, to_openapi30
from api.ratelimit import rate_limited
from api.validation import validate
from tests.api.real_server import PLATFORM_REDIS_URL
from tests.conftest import make_settings
from tests.sanic_adapter import running

DOCS_PATHS = {"/docs", "/docs/openapi.json", "/docs/swagger", "/docs/redoc", "/openapi.json", "/redoc",
              "/api/v1/docs", "/api/v1/redoc"}
UNDOCUMENTED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
async def document(client) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def api_routes(application: Sanic) -> list[Route]:
    """Every route that is an API operation: not sanic-ext's docs pages, not our docs redirects."""
    return [
        route for route in application.router.routes
        if not route.name.startswith(f"{application.name}.openapi.")
        and not getattr(route.handler, "__undocumented__", False)
        and route.methods - UNDOCUMENTED_METHODS
    ]


def api_operations(application: Sanic) -> set[tuple[str, str]]:
    """(path template, method) of every API operation."""
    return {
        (path_template(route), method.lower())
        for route in api_routes(application)
        for method in route.methods - UNDOCUMENTED_METHODS
    }


def operation_of(document: dict, route: Route) -> list[dict]:
    """The documented operations of a route, one per method."""
    item = document["paths"][path_template(route)]
    return [item[method.lower()] for method in route.methods - UNDOCUMENTED_METHODS]


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, operation) for path, item in document["paths"].items() for method, operation in item.items()]


def references(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if "$ref" in node else set()
        return found.union(*(references(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(references(item) for item in node))
    return set()


async def test_the_document_is_valid_openapi(document):
    validate_openapi(document)
    assert document["openapi"].startswith("3.0")
    assert document["info"]["title"] == "Chores Tracker API"


async def test_the_docs_ui_reads_the_same_document(client, document):
    response = await client.get("/docs/openapi.json")

    assert response.json() == document


async def test_every_route_of_the_app_is_documented(app, document):
    documented = {(path, method) for path, method, _ in operations(document)}

    missing = api_operations(app) - documented
    assert not missing
    assert documented == api_operations(app)


async def test_every_route_declares_its_success_response(app, document):
    undeclared = sorted(route.name for route in api_routes(app) if not declared_responses(route.handler))

    assert not undeclared, f"add @responds(...) to {undeclared}"
    for path, method, operation in operations(document):
        successes = {status: response for status, response in operation["responses"].items() if status[0] == "2"}
        assert successes and "2XX" not in successes, (path, method)
        for status, response in successes.items():
            if status == "204":
                assert "content" not in response, (path, method)
            else:
                [media] = response["content"].values()
                assert media["schema"], (path, method)


async def test_response_schemas_carry_the_contract_wire_types(document):
    schemas = document["components"]["schemas"]

    chore = schemas["ChoreOut"]["properties"]
    assert chore["reward"] == {"title": "Reward", "type": "number"}
    assert chore["min_reward"] == {"title": "Min Reward", "type": "number", "nullable": True}
    assert chore["created_at"]["format"] == "date-time"
    assert chore["assignments"]["items"] == {"$ref": "#/components/schemas/AssignmentOut"}
    adjustment = schemas["AdjustmentOut"]
    assert adjustment["properties"]["amount"]["type"] == "string"
    assert adjustment["properties"]["child"] == {"title": "Child", "nullable": True, "enum": [None]}
    assert set(adjustment["required"]) == set(adjustment["properties"])
    assert "error" not in schemas["ReadinessOut"]["required"]
    history = document["paths"]["/api/v1/reports/reward-history/{child_id}"]["get"]["responses"]["200"]
    assert history["content"]["application/json"]["schema"]["items"]["discriminator"]["propertyName"] == "type"


async def test_declared_statuses_media_types_and_empty_bodies(document):
    paths = document["paths"]

    assert set(paths["/api/v1/chores"]["post"]["responses"]) >= {"201"}
    assert paths["/api/v1/chores/{chore_id}"]["delete"]["responses"]["204"] == {"description": "No Content"}
    assert paths["/api/v1/health/ready"]["get"]["responses"]["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReadinessOut"
    }
    assert paths["/metrics"]["get"]["responses"]["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}


async def test_docs_pages_and_redirects_are_not_api_operations(document):
    assert not set(document["paths"]) & DOCS_PATHS
    assert not any(path.startswith("/docs") for path in document["paths"])


async def test_operation_ids_are_unique_and_every_operation_has_a_summary_and_tag(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]

    assert len(ids) == len(set(ids))
    for path, method, operation in operations(document):
        assert operation["summary"], (path, method)
        assert operation["tags"], (path, method)


async def test_every_reference_resolves_and_no_nested_defs_remain(document):
    components = document["components"]
    for ref in references(document):
        section, name = ref.removeprefix("#/components/").split("/")
        assert name in components[section], ref
    assert "$defs" not in str(document)


async def test_protected_operations_require_the_bearer_token_and_document_401_and_403(app, document):
    for route in api_routes(app):
        for operation in operation_of(document, route):
            if getattr(route.handler, "__authenticated__", False):
                assert operation["security"] == [{"bearerAuth": []}], route.name
                assert {"401", "403"} <= set(operation["responses"]), route.name
            else:
                assert "security" not in operation, route.name
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT"
    }


async def test_request_models_become_parameters_and_bodies(app, document):
    for route in api_routes(app):
        validation = getattr(route.handler, "__validation__", None) or {}
        for operation in operation_of(document, route):
            parameters = {(parameter["in"], parameter["name"]) for parameter in operation["parameters"]}
            for location in ("path", "query"):
                model = validation.get(location)
                for name, field in (model.model_fields.items() if model else ()):
                    assert (location, field.alias or name) in parameters, (route.name, name)
            for part, media_type in (("json", "application/json"), ("form", "application/x-www-form-urlencoded")):
                if validation.get(part) is not None:
                    assert media_type in operation["requestBody"]["content"], route.name
            if any(validation.values()):
                assert "422" in operation["responses"], route.name


async def test_path_parameters_are_declared_for_every_template_variable(document):
    for path, method, operation in operations(document):
        variables = set(re.findall(r"\{(\w+)\}", path))  # e.g. {secret}.ics names ``secret``
        declared = {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "path"}
        assert variables == declared, (path, method)
        if variables:
            assert "404" in operation["responses"], (path, method)


async def test_login_documents_its_form_and_rate_limit(document):
    login = document["paths"]["/api/v1/users/login"]["post"]

    assert login["requestBody"]["content"] == {
        "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/LoginForm"}}
    }
    form = document["components"]["schemas"]["LoginForm"]
    assert {"username", "password"} <= set(form["properties"])
    assert {"username", "password"} <= set(form["required"])
    assert "Rate limit: 5 requests per minute." in login["description"]
    assert "security" not in login


async def test_slashed_collections_are_documented_in_the_form_clients_call(document):
    paths = document["paths"]

    for collection in ("/api/v1/users/", "/api/v1/adjustments/"):
        assert {"get", "post"} <= set(paths[collection]), collection
        assert collection.rstrip("/") not in paths
        assert "Also served without the trailing slash." in paths[collection]["post"]["description"]
    assert "/api/v1/chores" in paths and "/api/v1/chores/" not in paths


async def test_action_routes_with_an_optional_body_document_it_as_optional(document):
    paths = document["paths"]

    for path in ("/api/v1/chores/{chore_id}/approve", "/api/v1/assignments/{assignment_id}/approve",
                 "/api/v1/families/invite-code", "/api/v1/families/invite-code/generate"):
        assert paths[path]["post"]["requestBody"]["required"] is False, path
    assert "requestBody" not in paths["/api/v1/chores/{chore_id}/complete"]["post"]
    assert "ChoreCreate" in str(paths["/api/v1/chores"]["post"]["requestBody"])
    assert document["components"]["schemas"]["ChoreCreate"]["required"] == ["title"]


async def test_the_pending_value_of_the_allowance_report_says_how_range_chores_count(document):
    schemas = document["components"]["schemas"]
    row = schemas["ReportChildRowOut"]["properties"]["pending_chores_value"]

    assert "each range chore 0" in row["description"]
    summary = document["paths"]["/api/v1/reports/allowance-summary"]["get"]
    assert "a range chore counts 0" in summary["description"]


async def test_error_responses_have_the_contract_shapes(document):
    responses = document["components"]["responses"]
    schemas = document["components"]["schemas"]

    assert responses["Unauthorized"]["headers"]["WWW-Authenticate"]
    assert responses["RateLimited"]["headers"]["Retry-After"]
    assert schemas["ErrorDetail"]["properties"] == {"detail": {"type": "string"}}
    assert schemas["ValidationErrorDetail"]["properties"]["detail"]["type"] == "array"
    assert set(schemas["RequestRejected"]["properties"]["error"]["required"]) == {"code", "message", "details"}
    for path, method, operation in operations(document):
        assert operation["responses"]["429"] == {"$ref": "#/components/responses/RateLimited"}, (path, method)
        assert "503" in operation["responses"], (path, method)
        if method in {"post", "put", "patch"} and path.startswith("/api/"):
            assert {"400", "413", "415"} <= set(operation["responses"]), (path, method)


async def test_swagger_ui_and_redoc_pages_are_served(client):
    swagger = await client.get("/docs")
    redoc = await client.get("/docs/redoc")

    assert swagger.status_code == redoc.status_code == 200
    assert swagger.headers["content-type"].startswith("text/html")
    assert "/docs/openapi.json" in swagger.text
    assert "/docs/openapi.json" in redoc.text


class TestWithRateLimits:
    @pytest.fixture
    def settings(self):
        return make_settings(rate_limit_enabled=True, redis_url=PLATFORM_REDIS_URL)

    async def test_reloading_the_docs_many_times_keeps_working(self, client):
        for _ in range(30):
            for path in ("/docs", "/docs/openapi.json", "/docs/swagger-config", "/openapi.json"):
                assert (await client.get(path)).status_code == 200, path


# ------------------------------------------------------------------------------------------------
# The builder on a small app of its own
# ------------------------------------------------------------------------------------------------


class Window(BaseModel):
    start: int = Field(ge=0)
    end: int | None = None


class Task(BaseModel):
    title: str = Field(min_length=1, max_length=20)
    kind: Literal["chore"] = "chore"
    windows: list[Window] = []
    best: Window | None = None
    weight: float = Field(default=1, gt=0)


class TaskPath(BaseModel):
    task_id: int


class TaskQuery(BaseModel):
    verbose: bool = False


class WindowOut(TypedDict):
    start: int
    end: int | None


class TaskOut(TypedDict):
    """A task as answered."""

    title: str
    windows: list[WindowOut]
    archived: None
    note: NotRequired[str]


def small_app() -> Sanic:
    application = Sanic("openapi_builder_test")

    @application.put("/api/v1/tasks/<task_id>")
    @authenticated
    @validate(path=TaskPath, query=TaskQuery, json=Task)
    @rate_limited(7)
    async def replace_task(request, user, path, query, body):
        """Replace a task.

        Every field is replaced.
        """
        return json({})

    @application.get("/api/v1/tasks")
    @responds(list[TaskOut], errors=[404])
    async def list_tasks(request):
        return json([])

    @application.post("/api/v1/tasks")
    @responds(TaskOut, status=201)
    @responds(TaskOut, status=200, description="Already there")
    async def add_task(request):
        return json({}, status=201)

    @application.delete("/api/v1/tasks/<task_id>")
    @responds(None, status=204)
    async def delete_task(request, task_id):
        return empty()

    application.finalize()
    return application


def test_nested_models_are_hoisted_into_components_with_working_references():
    document = build_document(small_app())

    schemas = document["components"]["schemas"]
    assert {"Task", "Window"} <= set(schemas)
    assert schemas["Task"]["properties"]["windows"]["items"] == {"$ref": "#/components/schemas/Window"}
    assert schemas["Task"]["properties"]["best"] == {
        "allOf": [{"$ref": "#/components/schemas/Window"}], "default": None, "nullable": True
    }
    assert "TaskPath" not in schemas and "TaskQuery" not in schemas


def test_an_operation_carries_its_parameters_body_security_limit_and_errors():
    operation = build_document(small_app())["paths"]["/api/v1/tasks/{task_id}"]["put"]

    assert operation["operationId"] == "put_replace_task"
    assert operation["summary"] == "Replace a task."
    assert operation["description"] == (
        "Every field is replaced.\n\nRate limit: 7 requests per minute.\n\nAPI tokens: not accepted (login token only)."
    )
    assert operation["parameters"] == [
        {"name": "task_id", "in": "path", "required": True, "schema": {"title": "Task Id", "type": "integer"}},
        {"name": "verbose", "in": "query", "required": False,
         "schema": {"default": False, "title": "Verbose", "type": "boolean"}},
    ]
    assert operation["requestBody"] == {
        "required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}
    }
    assert operation["security"] == [{"bearerAuth": []}]
    assert set(operation["responses"]) == {"2XX", "400", "401", "403", "404", "413", "415", "422", "429", "503"}


def test_declared_responses_become_component_schemas_per_status():
    document = build_document(small_app())
    schemas, paths = document["components"]["schemas"], document["paths"]

    listed = paths["/api/v1/tasks"]["get"]["responses"]["200"]
    assert listed["description"] == "OK"
    assert listed["content"] == {
        "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/TaskOut"}}}
    }
    added = paths["/api/v1/tasks"]["post"]["responses"]
    assert list(added)[:2] == ["200", "201"]
    assert added["200"]["description"] == "Already there"
    assert added["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/TaskOut"}
    assert paths["/api/v1/tasks/{task_id}"]["delete"]["responses"]["204"] == {"description": "No Content"}
    assert schemas["TaskOut"] == {
        "description": "A task as answered.",
        "properties": {
            "title": {"title": "Title", "type": "string"},
            "windows": {"items": {"$ref": "#/components/schemas/WindowOut"}, "title": "Windows", "type": "array"},
            "archived": {"title": "Archived", "nullable": True, "enum": [None]},
            "note": {"title": "Note", "type": "string"},
        },
        "required": ["title", "windows", "archived"],
        "title": "TaskOut",
        "type": "object",
    }
    assert schemas["WindowOut"]["properties"]["end"] == {"title": "End", "type": "integer", "nullable": True}


def test_declared_errors_join_those_the_operation_shape_implies():
    responses = build_document(small_app())["paths"]["/api/v1/tasks"]["get"]["responses"]

    assert list(responses) == ["200", "404", "429", "503"]
    assert responses["404"] == {"$ref": "#/components/responses/NotFound"}


def test_an_error_status_without_a_documented_response_is_refused():
    with pytest.raises(ValueError, match="418"):
        responds(TaskOut, errors=[418])


def test_a_handler_without_declared_response_gets_the_generic_success():
    responses = build_document(small_app())["paths"]["/api/v1/tasks/{task_id}"]["put"]["responses"]

    assert responses["2XX"] == {"description": "Success", "content": {"application/json": {"schema": {}}}}


def test_a_small_app_document_validates_as_a_whole():
    document = build_document(small_app())
    document.update({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}})
    document["components"]["securitySchemes"] = {"bearerAuth": {"type": "http", "scheme": "bearer"}}

    validate_openapi(document)


@pytest.mark.parametrize(
    "schema, expected",
    [
        ({"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
         {"type": "integer", "default": None, "nullable": True}),
        ({"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]},
         {"anyOf": [{"type": "integer"}, {"type": "string"}], "nullable": True}),
        ({"const": "bearer", "type": "string"}, {"enum": ["bearer"], "type": "string"}),
        ({"type": "number", "exclusiveMinimum": 0}, {"type": "number", "minimum": 0, "exclusiveMinimum": True}),
        ({"type": "integer", "exclusiveMaximum": 10}, {"type": "integer", "maximum": 10, "exclusiveMaximum": True}),
        ({"type": "string", "examples": ["a", "b"]}, {"type": "string", "example": "a"}),
        ({"$ref": "#/components/schemas/Mode", "default": "single"},
         {"allOf": [{"$ref": "#/components/schemas/Mode"}], "default": "single"}),
        ({"type": "string", "default": None}, {"type": "string", "default": None, "nullable": True}),
        ({"type": "null", "title": "Child"}, {"title": "Child", "nullable": True, "enum": [None]}),
        ({"type": "object", "properties": {"const": {"type": "string"}, "examples": {"type": "integer"}}},
         {"type": "object", "properties": {"const": {"type": "string"}, "examples": {"type": "integer"}}}),
    ],
)
def test_json_schema_is_rewritten_to_the_openapi_30_dialect(schema, expected):
    assert to_openapi30(schema) == expected


async def test_a_second_app_in_the_same_process_serves_the_same_document(db, settings, document):
    async with running(create_app(settings, manage_orm=False)) as second:
        transport = httpx.ASGITransport(app=second, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/openapi.json")

    assert response.json() == document


async def test_each_operation_names_the_api_token_scopes_it_accepts(client):
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert paths["/api/v1/chores"]["post"]["description"].endswith("API tokens: needs the `chores:write` scope.")
    assert paths["/api/v1/chores"]["get"]["description"].endswith("API tokens: needs the `kiosk` or `read` scope.")
    assert paths["/api/v1/tokens"]["post"]["description"].endswith("API tokens: not accepted (login token only).")
    assert set(paths["/api/v1/tokens/{token_id}"]) == {"delete"}
