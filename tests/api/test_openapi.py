"""The OpenAPI document and the docs pages (contract §10): valid, complete, built from the routes."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from openapi_spec_validator import validate as validate_openapi
from pydantic import BaseModel, Field
from sanic import Sanic
from sanic.response import json
from sanic.router import Route

from api.app import create_app
from api.auth import authenticated
from api.openapi import build_document, path_template, to_openapi30
from api.ratelimit import rate_limited
from api.validation import validate
from tests.conftest import running
from tests.api.real_server import PLATFORM_REDIS_URL
from tests.conftest import make_settings

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
        variables = {part[1:-1] for part in path.split("/") if part.startswith("{")}
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
    assert operation["description"] == "Every field is replaced.\n\nRate limit: 7 requests per minute."
    assert operation["parameters"] == [
        {"name": "task_id", "in": "path", "required": True, "schema": {"title": "Task Id", "type": "integer"}},
        {"name": "verbose", "in": "query", "required": False,
         "schema": {"default": False, "title": "Verbose", "type": "boolean"}},
    ]
    assert operation["requestBody"] == {
        "required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}
    }
    assert operation["security"] == [{"bearerAuth": []}]
    assert set(operation["responses"]) == {"2XX", "400", "401", "403", "404", "413", "415", "422", "429"}


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
