"""Argument errors that name the argument and say what it takes.

The compiled converters (casters.hpp) raise a TypeError such as "expected a date: ...; got int
20190817" and attach the offending object as ``okoce_value``; they cannot know which parameter
it was passed as. :func:`friendly` wraps a function so that such an error, a strict-parse
ValidationError, and pybind11's own "incompatible function arguments" (a missing, unknown or
wrongly typed argument) come out as "load(): argument 'path' ...". :func:`date` and
:func:`quarter` convert one value up front the way every compiled date or quarter argument is
converted, naming ``name`` when it fails.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import os
import re
from typing import Any, Callable, TypeVar

from . import _core

F = TypeVar("F", bound=Callable[..., Any])

_MISSING = object()


def _renamed(error: BaseException, prefix: str) -> BaseException:
    """The same kind of error, attributes kept, with ``prefix`` in front of its message."""
    new = type(error)(f"{prefix}: {error}")
    new.__dict__.update(error.__dict__)
    new.okoce_named = True  # type: ignore[attr-defined]
    return new


def date(value: Any, name: str) -> _dt.date:
    """``value`` as a datetime.date (datetime.date, pandas.Timestamp or numpy.datetime64 at
    midnight, or 'YYYY-MM-DD'); a TypeError or ValueError naming ``name`` otherwise."""
    try:
        return _core._date(value)
    except (TypeError, ValueError) as e:
        raise _renamed(e, f"argument '{name}'") from None


def quarter(value: Any, name: str) -> _core.Quarter:
    """``value`` as an okoce.Quarter (a Quarter, '2022Q3' or pandas.Period(freq='Q'))."""
    try:
        return _core._quarter(value)
    except (TypeError, ValueError) as e:
        raise _renamed(e, f"argument '{name}'") from None


class _Param:
    def __init__(self, name: str, annotation: str, required: bool, keyword_only: bool) -> None:
        self.name = name
        self.annotation = annotation
        self.required = required
        self.keyword_only = keyword_only


def _split_top_level(text: str) -> list[str]:
    parts, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


def _params(func: Any) -> list[_Param] | None:
    """The parameters of a Python function, or of a pybind11 one from its signature line."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        sig = None
    if sig is not None and not any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values()):
        return [_Param(p.name,
                       "" if p.annotation is p.empty else str(p.annotation),
                       p.default is p.empty, p.kind == p.KEYWORD_ONLY)
                for p in sig.parameters.values() if p.kind != p.VAR_KEYWORD]
    doc = (getattr(func, "__doc__", None) or "").lstrip()
    first = doc.splitlines()[0] if doc else ""
    m = re.match(r"^[\w.]+\((.*)\)(?: -> .*)?$", first)
    if not m or "Overloaded function" in doc[:200]:
        return None
    out: list[_Param] = []
    keyword_only = False
    for part in _split_top_level(m.group(1)):
        if part == "*":
            keyword_only = True
            continue
        if part.startswith("*"):
            return None
        name, _, rest = part.partition(":")
        annotation, eq, _ = rest.partition(" = ")
        out.append(_Param(name.strip(), annotation.strip(), not eq, keyword_only))
    return out


def _fits(value: Any, annotation: str) -> bool:
    """A rough check of pybind11's basic conversions; True when it cannot tell."""
    options = [a.strip() for a in re.split(r"\|(?![^\[]*\])", annotation)]
    if annotation.startswith("Optional["):
        if value is None:
            return True
        options = [annotation[len("Optional["):-1]]
    checks = []
    for a in options:
        if a == "None":
            checks.append(value is None)
        elif a == "int":
            checks.append(hasattr(value, "__index__") and not isinstance(value, str))
        elif a == "float":
            checks.append(isinstance(value, (int, float)) or hasattr(value, "__float__"))
        elif a == "str":
            checks.append(isinstance(value, str))
        elif a == "bool":
            checks.append(isinstance(value, bool) or type(value).__name__ == "bool_")
        elif "PathLike" in a:
            checks.append(isinstance(value, (str, os.PathLike)))
        elif a.startswith(("List[", "list[")):
            checks.append(not isinstance(value, (str, bytes)) and hasattr(value, "__iter__"))
        elif a.startswith("okoce._core.") and "[" not in a:
            cls = getattr(_core, a[len("okoce._core."):], None)
            checks.append(not isinstance(cls, type) or isinstance(value, cls)
                          or issubclass(cls, str))
        else:
            return True
    return any(checks)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(annotation: str) -> str:
    return annotation.replace("okoce._core.", "okoce.").replace("os.PathLike", "str | os.PathLike")


def _explain(name: str, func: Any, error: BaseException, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> BaseException | None:
    if getattr(error, "okoce_named", False):
        return None
    params = _params(func)
    if params is None:
        return None
    bound: dict[str, Any] = {}
    positional = [p for p in params if not p.keyword_only]
    for p, v in zip(positional, args):
        bound[p.name] = v
    message = str(error)
    carried = getattr(error, "okoce_value", _MISSING)
    if carried is not _MISSING or (isinstance(error, _core.ValidationError) and not error.file):
        for k, v in kwargs.items():
            bound.setdefault(k, v)
        for p in params:
            v = bound.get(p.name, _MISSING)
            if v is _MISSING:
                continue
            hit = (v is carried if carried is not _MISSING
                   else isinstance(v, str) and v == getattr(error, "value", None))
            if not hit and carried is not _MISSING and isinstance(v, (list, tuple)):
                hit = any(x is carried for x in v)
            if hit:
                return _renamed(error, f"{name}() argument '{p.name}'")
        return None
    if not isinstance(error, TypeError) or "incompatible" not in message:
        return None
    signature = ", ".join(f"{p.name}: {_shown(p.annotation)}" if p.annotation else p.name
                          for p in params if p.name != "self")
    known = {p.name for p in params}
    for k in kwargs:
        if k not in known:
            return TypeError(f"{name}() got an unexpected keyword argument {k!r}; it takes "
                             f"({signature})")
    if len(args) > len(positional):
        return TypeError(f"{name}() takes {len(positional)} positional arguments but "
                         f"{len(args)} were given; it takes ({signature})")
    for k, v in kwargs.items():
        bound[k] = v
    for p in params:
        if p.required and p.name not in bound:
            how = f"pass {p.name}=..." if p.keyword_only else "it is required"
            return TypeError(f"{name}() missing argument '{p.name}' ({_shown(p.annotation)}): "
                             f"{how}; it takes ({signature})")
    for p in params:
        v = bound.get(p.name, _MISSING)
        if v is not _MISSING and p.annotation and not _fits(v, p.annotation):
            return TypeError(f"{name}() argument '{p.name}' expects {_shown(p.annotation)}; "
                             f"got {type(v).__name__} {_short(v)}")
    return TypeError(f"{name}() arguments do not match ({signature}); got "
                     + ", ".join([type(a).__name__ for a in args]
                                 + [f"{k}={type(v).__name__}" for k, v in kwargs.items()]))


def friendly(func: F, name: str | None = None) -> F:
    """``func`` with argument errors that name the argument (see the module docstring)."""
    shown = name or str(getattr(func, "__name__", "function"))

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (TypeError, ValueError) as e:
            better = _explain(shown, func, e, args, kwargs)
            if better is None:
                raise
            raise better from None

    return call  # type: ignore[return-value]


def friendly_methods(cls: type) -> None:
    """Wraps the public methods (and ``__init__``) of a compiled class with :func:`friendly`."""
    for attr, value in list(vars(cls).items()):
        if attr.startswith("_") and attr != "__init__":
            continue
        if isinstance(value, staticmethod):
            setattr(cls, attr, staticmethod(friendly(value.__func__, f"{cls.__name__}.{attr}")))
        elif type(value).__name__ == "instancemethod":
            setattr(cls, attr, friendly(value.__func__, f"{cls.__name__}.{attr}"))
