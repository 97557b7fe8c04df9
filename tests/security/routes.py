"""What the router and the handlers' own code tell about each route: its id parameters, its parent-only gate.

Both are read from the application, so a new route is covered by the security tests as soon
as it exists: they fail until the route has an entry in their tables.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
from sanic import Sanic
from sanic.router import Route

NOT_OPERATIONS = {"OPTIONS", "HEAD"}
PARENT_GATES = {"require_parent", "_require_parent"}
PARAMETER = re.compile(r"<(\w+)(?::[^>]*)?>")


def operations(app: Sanic) -> list[Route]:
    """Every route that answers something else than OPTIONS or HEAD."""
    return [route for route in app.router.routes if route.methods - NOT_OPERATIONS]


def name_of(app: Sanic, route: Route) -> str:
    """``blueprint.handler``, e.g. ``chores.get_chore``."""
    return route.name.removeprefix(f"{app.name}.")


def method_of(route: Route) -> str:
    [method] = route.methods - NOT_OPERATIONS
    return method


def url_of(route: Route, values: dict[str, Any]) -> str:
    return "/" + PARAMETER.sub(lambda match: str(values[match.group(1)]), route.path)


def path_parameters(route: Route) -> set[str]:
    return set(PARAMETER.findall(route.path))


@dataclass(frozen=True)
class Probe:
    """One request to a route: its path values, query, and a JSON or form body."""

    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None


async def send(client: httpx.AsyncClient, route: Route, probe: Probe, headers: dict[str, str]) -> httpx.Response:
    body: dict[str, Any] = {"data": probe.form} if probe.form is not None else {}
    if probe.json is not None:
        body["json"] = probe.json
    return await client.request(
        method_of(route), url_of(route, probe.path), params=probe.query, headers=headers, **body
    )


def is_authenticated(route: Route) -> bool:
    return getattr(route.handler, "__authenticated__", False)


def id_parameters(route: Route) -> set[str]:
    """Path parameters, and the query, JSON or form fields named ``*_id`` or ``*_ids``."""
    names = path_parameters(route)
    validation = getattr(route.handler, "__validation__", None) or {}
    for part in ("query", "json", "form"):
        model = validation.get(part)
        if model is not None:
            names |= {name for name in model.model_fields if name.endswith(("_id", "_ids"))}
    return names


def is_parent_only(route: Route) -> bool:
    """Whether the handler, or a use case it awaits, refuses children before doing anything else.

    A gate is a ``parent_required`` decorator, or a first-level statement of the handler or of the
    use case that calls ``require_parent``/``_require_parent`` or raises when ``not user.is_parent``.
    """
    if not is_authenticated(route):
        return False
    chain = _decorator_chain(route.handler)
    if any(_defined_in(layer, "parent_required") for layer in chain):
        return True
    handler = chain[-1]
    return _has_gate(handler) or any(_has_gate(use_case) for use_case in _awaited_use_cases(handler))


def _decorator_chain(handler: Callable[..., Any]) -> list[Callable[..., Any]]:
    chain = [handler]
    while hasattr(chain[-1], "__wrapped__"):
        chain.append(chain[-1].__wrapped__)
    return chain


def _defined_in(layer: Callable[..., Any], decorator: str) -> bool:
    """Whether ``layer`` is the wrapper ``decorator`` made (``functools.wraps`` hides it but in its code)."""
    code = getattr(layer, "__code__", None)
    return code is not None and code.co_qualname.startswith(f"{decorator}.")


def _body_of(function: Callable[..., Any]) -> list[ast.stmt]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    [definition] = tree.body
    assert isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef))
    return definition.body


def _has_gate(function: Callable[..., Any]) -> bool:
    return any(_is_gate(statement) for statement in _body_of(function))


def _is_gate(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        callee = statement.value.func
        return isinstance(callee, ast.Name) and callee.id in PARENT_GATES
    if isinstance(statement, ast.If) and isinstance(statement.test, ast.UnaryOp):
        negated = statement.test
        return (
            isinstance(negated.op, ast.Not)
            and isinstance(negated.operand, ast.Attribute)
            and negated.operand.attr == "is_parent"
            and all(isinstance(inner, ast.Raise) for inner in statement.body)
        )
    return False


def _awaited_use_cases(handler: Callable[..., Any]) -> list[Callable[..., Any]]:
    """The ``module.function`` calls the handler awaits, resolved in its module (e.g. ``service.create_chore``)."""
    found = []
    for node in ast.walk(ast.Module(body=_body_of(handler), type_ignores=[])):
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            callee = node.value.func
            if isinstance(callee, ast.Attribute) and isinstance(callee.value, ast.Name):
                module = handler.__globals__.get(callee.value.id)
                if isinstance(module, ModuleType) and callable(getattr(module, callee.attr, None)):
                    found.append(getattr(module, callee.attr))
    return found
