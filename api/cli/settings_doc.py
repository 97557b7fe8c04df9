"""``chores settings-doc``: the table of settings in ``docs/configuration.md``, generated from
:class:`settings.Settings` so that the two cannot disagree (a test compares them)."""

from __future__ import annotations

import argparse
import types
from typing import Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from api.cli.common import CommandError
from settings import PROJECT_ROOT, Settings, variable_name

CONFIGURATION_DOC = PROJECT_ROOT / "docs" / "configuration.md"
TABLE_START = "<!-- settings table: generated from settings.py by `chores settings-doc --write`; edit it there -->"
TABLE_END = "<!-- end of the settings table -->"
KINDS = {str: "text", int: "integer", bool: "boolean", tuple: "list"}


def settings_table() -> str:
    """Every setting as a Markdown table: variable, type, default and meaning."""
    lines = ["| Variable | Type | Default | Meaning |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        lines.append(f"| `{variable_name(name)}` | {_kind(field)} | {_default(field)} | {field.description} |")
    return "\n".join(lines)


def _kind(field: FieldInfo) -> str:
    extra = field.json_schema_extra
    if isinstance(extra, dict) and "shown_kind" in extra:
        return str(extra["shown_kind"])
    annotation: Any = field.annotation
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    kind = KINDS[get_origin(annotation) or annotation]
    low = next((rule.ge for rule in field.metadata if hasattr(rule, "ge")), None)
    high = next((rule.le for rule in field.metadata if hasattr(rule, "le")), None)
    if low is not None and high is not None:
        return f"{kind}, {low}–{high}"
    return f"{kind} ≥ {low}" if low is not None else kind


def _default(field: FieldInfo) -> str:
    extra = field.json_schema_extra
    if isinstance(extra, dict) and "shown_default" in extra:
        return str(extra["shown_default"])
    value: Any = field.default
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"`{','.join(value)}`" if value else "empty"
    return f"`{str(value).replace(str(PROJECT_ROOT), '<project>')}`"


def with_current_table(document: str) -> str:
    """``document`` with the text between the table's markers replaced by :func:`settings_table`."""
    before, start, rest = document.partition(TABLE_START)
    _, end, after = rest.partition(TABLE_END)
    if not start or not end:
        raise CommandError(f"the settings table's markers are missing; put {TABLE_START} and {TABLE_END} "
                           "on lines of their own where the table belongs")
    return f"{before}{TABLE_START}\n{settings_table()}\n{TABLE_END}{after}"


def cmd_settings_doc(args: argparse.Namespace) -> int:
    """Print the table of every setting (--write: update it in docs/configuration.md)."""
    if not args.write:
        print(settings_table())
        return 0
    CONFIGURATION_DOC.write_text(with_current_table(CONFIGURATION_DOC.read_text()))
    print(f"updated {CONFIGURATION_DOC}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    doc = commands.add_parser("settings-doc", help=cmd_settings_doc.__doc__)
    doc.add_argument("--write", action="store_true", help=f"update the table in {CONFIGURATION_DOC}")
    doc.set_defaults(func=cmd_settings_doc)
