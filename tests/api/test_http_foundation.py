"""The HTTP layer every route shares: the request guard (§14), 404/405 shapes, trailing slashes,
path-id validation (§0.1, §0.5) and CORS (§15)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from sanic.router import Route

from models import User
from tests.api.real_server import running_server, server_environment
from tests.conftest import make_settings
from tests.factories import auth_headers, make_family, make_parent

ALLOWED_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
MAX_BYTES = 1_048_576
ORIGIN = "http://localhost:3000"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
async def parent():
    return await make_parent(family=await make_family())


@pytest.fixture
def headers(parent, settings):
    return auth_headers(parent, settings)


def unsupported(content_type: str) -> dict:
    return {
        "error": {
            "code": "UNSUPPORTED_MEDIA_TYPE",
            "message": f"Content-Type '{content_type}' is not supported",
            "details": {"allowed_types": ALLOWED_TYPES},
        }
    }


def too_large(size: int) -> dict:
    return {
        "error": {
            "code": "REQUEST_TOO_LARGE",
            "message": "Request body too large",
            "details": {"max_size_bytes": MAX_BYTES, "request_size_bytes": size},
        }
    }


# ------------------------------------------------------------------------------------------------
# Request guard (§14)
# ------------------------------------------------------------------------------------------------


async def test_an_unsupported_content_type_is_415_with_the_lowercased_header(client):
    response = await client.post(
        "/api/v1/users/login", content=b"username=a", headers={"Content-Type": "Text/Plain; Charset=UTF-8"}
    )

    assert response.status_code == 415
    assert response.json() == unsupported("text/plain; charset=utf-8")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
async def test_415_answers_before_routing_even_for_unknown_api_paths(client, method):
    response = await client.request(
        method, "/api/v1/no-such-route", content=b"<a/>", headers={"Content-Type": "text/xml"}
    )

    assert response.status_code == 415
    assert response.json() == unsupported("text/xml")


@pytest.mark.parametrize(
    "method, path, expected",
    [
        ("DELETE", "/api/v1/no-such-route", 404),
        ("GET", "/api/v1/health", 200),
        ("POST", "/metrics", 405),
    ],
)
async def test_the_content_type_is_not_checked_for_deletes_reads_or_root_paths(client, method, path, expected):
    response = await client.request(method, path, content=b"x", headers={"Content-Type": "text/plain"})

    assert response.status_code == expected


async def test_the_three_accepted_types_and_a_missing_header_pass_the_guard(client):
    json_body = await client.post(
        "/api/v1/no-such-route", content=b"{}", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    multipart = await client.post("/api/v1/users/login", files={"username": (None, "x"), "password": (None, "y")})
    form = await client.post("/api/v1/users/login", data={"username": "x", "password": "wrong-password"})
    no_type = await client.post("/api/v1/users/login")

    assert json_body.status_code == 404
    assert multipart.status_code == form.status_code == 401
    assert no_type.status_code == 422


async def test_a_body_over_one_mebibyte_is_413_and_nothing_is_stored(client, headers):
    users_before = await User.all().count()
    body = json.dumps({"username": "kid", "password": "password123", "pad": "x" * MAX_BYTES}).encode()

    response = await client.post("/api/v1/users", content=body, headers={**headers, **JSON})

    assert response.status_code == 413
    assert response.json() == too_large(len(body))
    assert await User.all().count() == users_before


async def test_413_answers_for_unknown_api_paths_and_exactly_one_mebibyte_passes(client):
    over = await client.post("/api/v1/no-such-route", content=b"[" + b" " * (MAX_BYTES - 1) + b"]", headers=JSON)
    exact = await client.post("/api/v1/no-such-route", content=b'"' + b"x" * (MAX_BYTES - 2) + b'"', headers=JSON)

    assert over.status_code == 413
    assert over.json() == too_large(MAX_BYTES + 1)
    assert exact.status_code == 404


@pytest.mark.parametrize("body", [b'{"username": "kid",', b"{'single': 'quotes'}", b"[1, 2,, 3]", b"nul"])
async def test_malformed_json_is_400_with_the_parser_message_and_position(client, headers, body):
    users_before = await User.all().count()

    response = await client.post("/api/v1/users", content=body, headers={**headers, **JSON})

    assert response.status_code == 400
    with pytest.raises(json.JSONDecodeError) as parsed:
        json.loads(body)
    assert response.json() == {
        "error": {
            "code": "MALFORMED_JSON",
            "message": "Invalid JSON in request body",
            "details": {"error": parsed.value.msg, "position": parsed.value.pos},
        }
    }
    assert await User.all().count() == users_before


async def test_malformed_json_is_refused_before_routing(client):
    unknown = await client.put("/api/v1/no-such-route/1", content=b"{oops", headers=JSON)
    wrong_method = await client.patch("/api/v1/users/login", content=b"{oops", headers=JSON)

    assert unknown.status_code == wrong_method.status_code == 400
    assert unknown.json()["error"]["code"] == wrong_method.json()["error"]["code"] == "MALFORMED_JSON"


async def test_malformed_json_is_refused_before_authentication(client):
    response = await client.post("/api/v1/users", content=b"{oops", headers=JSON)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


async def test_a_body_that_is_not_utf8_is_malformed_json(client):
    response = await client.post("/api/v1/users/login", content=b'{"a": "\xff\xfe"}', headers=JSON)

    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert isinstance(details["position"], int) and details["error"]


async def test_an_empty_json_body_passes_the_guard_and_the_endpoint_answers_422(client, headers):
    response = await client.post("/api/v1/users", content=b"", headers={**headers, **JSON})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]}


# ------------------------------------------------------------------------------------------------
# Routing: 404, 405, trailing slashes, path ids
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-route", "/no-such-page", "/api/v2/users/me", "/api/v1/users/me/extra"]
)
async def test_unknown_paths_are_404_not_found(client, path):
    response = await client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("method, path", [("GET", "/api/v1/users/login"), ("DELETE", "/api/v1/health"), ("PUT", "/")])
async def test_a_known_path_with_the_wrong_method_is_405(client, method, path):
    response = await client.request(method, path)

    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


@pytest.mark.parametrize("path", ["/api/v1/users/me", "/api/v1/users"])
async def test_both_trailing_slash_forms_answer_the_same_without_redirect(client, headers, path):
    bare = await client.get(path, headers=headers)
    slashed = await client.get(f"{path}/", headers=headers)

    assert bare.status_code == slashed.status_code == 200
    assert bare.json() == slashed.json()


async def test_a_form_post_works_with_a_trailing_slash(client, parent):
    response = await client.post("/api/v1/users/login/", data={"username": parent.username, "password": "password123"})

    assert response.status_code == 200


def api_routes_with_ids(application) -> list[Route]:
    return [
        route for route in application.router.routes
        if route.path.startswith("api/") and "<" in route.path and not route.name.endswith(("_head", "_options"))
        and ":ext=" not in route.path  # a file name (a calendar feed's secret), no id
    ]


async def test_a_non_integer_id_in_any_path_is_422_at_its_location(app, client, headers):
    checked = []
    for route in api_routes_with_ids(app):
        method = sorted(route.methods)[0]
        path = "/" + re.sub(r"<[^>]+>", "abc", route.path)
        response = await client.request(method, path, headers=headers, json={} if method != "GET" else None)

        assert response.status_code == 422, (route.name, response.status_code, response.text[:200])
        path_errors = [error for error in response.json()["detail"] if error["loc"][0] == "path"]
        assert path_errors and all(error["type"] == "int_parsing" for error in path_errors), route.name
        checked.append(route.name)
    assert checked


async def test_a_10kb_id_is_a_422_not_a_500(client, headers, parent):
    response = await client.post(
        f"/api/v1/users/children/{'9' * 10_000}/reset-password", json="new-password", headers=headers
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "child_id"]


# ------------------------------------------------------------------------------------------------
# CORS (§15)
# ------------------------------------------------------------------------------------------------


def preflight(method: str = "POST", headers: str | None = "content-type,authorization", origin: str = ORIGIN) -> dict:
    request = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        request["Access-Control-Request-Headers"] = headers
    return request


async def test_an_allowed_origin_gets_credentials_and_exposed_headers(client):
    response = await client.get("/api/v1/health", headers={"Origin": ORIGIN})

    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert set(response.headers["access-control-expose-headers"].split(",")) == {"content-length", "content-type"}
    assert response.headers["vary"] == "origin"


async def test_cors_headers_are_also_on_error_responses(client):
    response = await client.get("/api/v1/users/me", headers={"Origin": ORIGIN})

    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == ORIGIN


async def test_a_disallowed_origin_gets_no_cors_headers(client):
    response = await client.get("/api/v1/health", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-credentials" not in response.headers


async def test_an_allowed_preflight_is_cached_for_ten_minutes(client):
    requested = "content-type,authorization,accept"
    response = await client.options("/api/v1/users/login", headers=preflight(headers=requested))

    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-max-age"] == "600"
    assert "POST" in response.headers["access-control-allow-methods"].split(",")
    assert set(response.headers["access-control-allow-headers"].split(",")) == set(requested.split(","))


async def test_a_preflight_for_another_header_is_refused_with_400(client):
    response = await client.options("/api/v1/users/login", headers=preflight(headers="content-type,x-custom"))

    assert response.status_code == 400
    assert response.text == "Disallowed CORS headers"


async def test_a_preflight_from_a_disallowed_origin_is_refused_without_allow_origin(client):
    response = await client.options("/api/v1/users/login", headers=preflight(origin="https://evil.example"))

    assert response.status_code == 400
    assert response.text == "Disallowed CORS origin"
    assert "access-control-allow-origin" not in response.headers


async def test_a_preflight_names_every_failure_in_order(client):
    response = await client.options(
        "/api/v1/users/login", headers=preflight(method="TRACE", headers="x-custom", origin="https://evil.example")
    )

    assert response.status_code == 400
    assert response.text == "Disallowed CORS origin, method, headers"


async def test_a_preflight_without_requested_headers_is_allowed(client):
    response = await client.options("/api/v1/health", headers=preflight(method="GET", headers=None))

    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN


async def test_a_plain_options_request_is_not_a_preflight(client):
    response = await client.options("/api/v1/users/login", headers={"Access-Control-Request-Headers": "x-custom"})

    assert response.status_code == 204


class TestWithConfiguredOrigins:
    @pytest.fixture
    def settings(self):
        return make_settings(cors_origins=("https://chores.example",))

    async def test_only_the_configured_origins_are_allowed(self, client):
        configured = await client.get("/api/v1/health", headers={"Origin": "https://chores.example"})
        default = await client.get("/api/v1/health", headers={"Origin": ORIGIN})

        assert configured.headers["access-control-allow-origin"] == "https://chores.example"
        assert "access-control-allow-origin" not in default.headers

    async def test_a_request_without_an_origin_gets_no_cors_headers(self, client):
        response = await client.get("/api/v1/health")

        assert response.status_code == 200
        assert not [name for name in response.headers if name.startswith("access-control-") or name == "vary"]


def test_a_real_http1_server_gives_the_same_guard_answers(tmp_path):
    with running_server(server_environment(tmp_path), tmp_path / "server.log") as base, httpx.Client() as http:
        big = http.post(f"{base}/api/v1/users/login", content=b"[" + b" " * (MAX_BYTES - 1) + b"]", headers=JSON)
        malformed = http.post(f"{base}/api/v1/users/login", content=b"{oops", headers=JSON)
        unsupported_type = http.post(f"{base}/api/v1/users/login", content=b"x", headers={"Content-Type": "text/csv"})

    assert big.status_code == 413
    assert big.json() == too_large(MAX_BYTES + 1)
    assert malformed.status_code == 400
    assert malformed.json()["error"]["details"]["position"] == 1
    assert unsupported_type.status_code == 415
    assert unsupported_type.json() == unsupported("text/csv")
