"""YAML loading that remembers where each value came from, so validation errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from connectors.errors import MappingError

Location = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


def _walk(node: yaml.Node, loader: yaml.SafeLoader, path: Location, lines: dict[Location, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise MappingError(f"line {key_node.start_mark.line + 1}: keys must be text")
            if key in result:
                raise MappingError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
            result[key] = _walk(value_node, loader, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, loader, (*path, index), lines) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Location, int]]:
    """The document's data and a map from each value's location (keys/indices) to its 1-based line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read ({type(exc).__name__})") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Location, int] = {}
        data = {} if node is None else _walk(node, loader, (), lines)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise MappingError(f"{path}: {where}: not valid YAML ({getattr(exc, 'problem', 'syntax error')})") from None
    finally:
        loader.dispose()
    return data, lines


def line_of(location: Location, lines: dict[Location, int]) -> int | None:
    """The line of the deepest known prefix of a pydantic error location."""
    for end in range(len(location), -1, -1):
        line = lines.get(tuple(location[:end]))
        if line is not None:
            return line
    return None


def load_model(model: type[ModelT], path: Path) -> tuple[ModelT, dict[Location, int]]:
    """Parse and validate a YAML file into `model` (and its line map); errors name file, line and key path."""
    data, lines = load_yaml_with_lines(path)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            location = tuple(part for part in error["loc"] if isinstance(part, str | int))
            line = line_of(location, lines)
            dotted = ".".join(str(part) for part in location) or "(top level)"
            where = f"line {line}" if line is not None else "?"
            problems.append(f"{path.name}: {where}: {dotted}: {error['msg']}")
        raise MappingError("\n".join(problems)) from None
