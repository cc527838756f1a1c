"""How checkpoint values become bytes and back: msgpack with extension types, never pickle.

Plain JSON-like data (dict, list, str, int, float, bool, None, bytes) goes straight through `ormsgpack`
with no Python walk; only other objects reach the `default=` hook, which encodes each as a msgpack
extension. Loading rebuilds fixed stdlib types directly, and rebuilds classes named by stored data
(dataclasses, Pydantic models, enums, named tuples, langchain_core messages) only when all of these hold:

- the class's module is already imported, or is `signoff.*` / `langchain_core.*` (imported on demand),
  or the serializer was built with `allowed_modules=[...]` naming it (then only listed modules, plus
  those two, are accepted);
- the name resolves, through module and class dicts (no `__getattr__` hooks), to a class defined there;
- the class is of the kind the extension says (a dataclass for a dataclass record, and so on).

Anything else is a `CorruptCheckpointError` naming the type. Nothing named by stored data is imported
outside the allowlist, and nothing is ever unpickled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Any

import ormsgpack

from signoff.checkpoint import _msgpack_ext as ext
from signoff.errors import ClassNotLoadedError, CorruptCheckpointError

__all__ = ["Serializer", "check_serializable", "default_serializer"]

_ALWAYS_ALLOWED = ("signoff", "langchain_core")
_MODULE_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\Z")


def _is_kind(cls: type, code: int) -> bool:
    """Whether `cls` is of the kind extension `code` may rebuild (the explicit deny of all else)."""
    if code == ext.EXT_ENUM:
        return issubclass(cls, Enum)
    if code == ext.EXT_DATACLASS:
        return dataclasses.is_dataclass(cls)
    if code == ext.EXT_NAMEDTUPLE:
        return issubclass(cls, tuple) and hasattr(cls, "_fields")
    base = ext.pydantic_base("pydantic.main" if code == ext.EXT_PYDANTIC else "pydantic.v1.main")
    return base is not None and issubclass(cls, base)


@dataclasses.dataclass(frozen=True, slots=True)
class Encoded:
    """A value already encoded by `Serializer.dumps_typed`, which hands it back as it is: what a
    write held for later carries, so the code that made the value may go on changing it."""

    kind: str
    data: bytes


class Serializer:
    """Turns checkpoint values into `(type tag, bytes)` and back; see the module docstring.

    `allowed_modules=None` (the default) rebuilds classes from any module already imported in this
    process, so a user's own state classes round-trip. A list of module names (prefixes on dot
    boundaries) restricts rebuilding to those modules plus `signoff` and `langchain_core`; listed
    modules may be imported on demand.
    """

    def __init__(self, *, allowed_modules: Iterable[str] | None = None) -> None:
        self._allowed = None if allowed_modules is None else tuple(allowed_modules)
        importable = _ALWAYS_ALLOWED + (self._allowed or ())
        self._importable = tuple(importable)

    # -- typed API used by savers

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        if type(obj) is Encoded:
            return obj.kind, obj.data
        if obj is None:
            return "null", b""
        if type(obj) is bytes:
            return "bytes", obj
        if type(obj) is bytearray:
            return "bytearray", bytes(obj)
        return "msgpack", self.dumps(obj)

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        tag, payload = data
        if tag == "null":
            return None
        if tag == "bytes":
            return bytes(payload)
        if tag == "bytearray":
            return bytearray(payload)
        if tag == "msgpack":
            return self.loads(payload)
        if tag == "json":
            import json

            return json.loads(payload)
        raise CorruptCheckpointError(
            f"stored value has type tag {tag!r}, which signoff does not load (it never unpickles)"
        )

    # -- untyped API

    def dumps(self, obj: Any) -> bytes:
        """Encode `obj`; raises `TypeError` naming the first value that cannot be stored."""
        try:
            return ext.pack(obj)
        except TypeError as exc:
            cause = ext.take_failure()
            if cause is None or isinstance(cause, TypeError):
                raise (cause or exc) from None
            if not isinstance(cause, Exception):
                raise cause from None
            raise TypeError(f"{ext.type_name(cause)} while encoding: {cause}") from cause

    def loads(self, data: bytes) -> Any:
        """Decode bytes from `dumps`; raises `CorruptCheckpointError` on anything it will not rebuild."""
        try:
            return ormsgpack.unpackb(data, ext_hook=self._ext_hook, option=ext.UNPACK_OPTIONS)
        except ValueError as exc:
            cause = ext.take_failure()
            if cause is not None:
                raise cause from None
            raise CorruptCheckpointError(f"stored value is not valid msgpack: {exc}") from None

    # -- decoding internals

    def _unpack(self, data: bytes) -> Any:
        return ormsgpack.unpackb(data, ext_hook=self._ext_hook, option=ext.UNPACK_OPTIONS)

    def _ext_hook(self, code: int, data: bytes) -> Any:
        try:
            return self._decode(code, data)
        except CorruptCheckpointError as exc:
            ext.remember_failure(exc)
            raise
        except Exception as exc:
            error = CorruptCheckpointError(
                f"stored extension type {code} could not be decoded: {exc}"
            )
            ext.remember_failure(error)
            raise error from exc
        except BaseException as exc:
            ext.remember_failure(exc)
            raise

    def _decode(self, code: int, data: bytes) -> Any:
        simple = ext.BYTES_DECODERS.get(code)
        if simple is not None:
            return simple(data)
        if code in (ext.EXT_TUPLE, ext.EXT_SET, ext.EXT_FROZENSET):
            kind = {ext.EXT_TUPLE: tuple, ext.EXT_SET: set, ext.EXT_FROZENSET: frozenset}[code]
            return kind(self._unpack(data))
        if code == ext.EXT_TIMEDELTA:
            days, seconds, micros = self._unpack(data)
            return dt.timedelta(days=days, seconds=seconds, microseconds=micros)
        if code == ext.EXT_PATH:
            return ext.decode_path(*self._unpack(data))
        if code == ext.EXT_INTERRUPT:
            value, interrupt_id, schema = self._unpack(data)
            return self._signoff_class("Interrupt")(value, interrupt_id, response_schema=schema)
        if code == ext.EXT_SEND:
            node, arg, timeout = self._unpack(data)
            return self._signoff_class("Send")(node, arg, timeout=timeout)
        if code in ext.CLASS_CODES:
            return self._rebuild(code, data)
        raise CorruptCheckpointError(f"stored value uses unknown msgpack extension type {code}")

    def _signoff_class(self, name: str) -> Any:
        return getattr(importlib.import_module("signoff.types"), name)

    def _rebuild(self, code: int, data: bytes) -> Any:
        module, qualname, state = self._unpack(data)
        cls = self._find_class(module, qualname, code)
        try:
            return _construct(cls, code, state)
        except Exception as exc:
            raise CorruptCheckpointError(
                f"stored {module}.{qualname} could not be rebuilt: {type(exc).__name__}: {exc}"
            ) from exc

    def _find_class(self, module: str, qualname: str, code: int) -> type:
        """The class stored data names, if this serializer may rebuild it; never imports others."""
        name = f"{module}.{qualname}"
        if not isinstance(module, str) or not isinstance(qualname, str):
            raise CorruptCheckpointError(f"stored class name {module!r}.{qualname!r} is malformed")
        if not _MODULE_NAME.match(module):
            raise CorruptCheckpointError(f"stored class {name!r} has an invalid module name")
        mod = sys.modules.get(module)
        if not self._module_allowed(module, imported=mod is not None):
            raise ClassNotLoadedError(
                f"stored class {name} is not rebuilt: module {module!r} is not imported or allowed; "
                f"import it first or pass Serializer(allowed_modules=[{module.split('.')[0]!r}])",
                module=module,
                qualname=qualname,
            )
        if mod is None:
            try:
                mod = importlib.import_module(module)
            except ImportError as exc:
                raise CorruptCheckpointError(f"stored class {name}: {exc}") from None
        cls = ext.LOCAL_CLASSES.get((module, qualname)) or _lookup(mod, qualname)
        if not isinstance(cls, type) or cls.__module__ != module or cls.__qualname__ != qualname:
            raise CorruptCheckpointError(f"stored class {name} is not defined in module {module}")
        if not _is_kind(cls, code):
            raise CorruptCheckpointError(
                f"stored class {name} is not a dataclass, Pydantic model, enum or named tuple "
                "of the kind recorded; signoff rebuilds nothing else"
            )
        return cls

    def _module_allowed(self, module: str, *, imported: bool) -> bool:
        if any(module == p or module.startswith(p + ".") for p in self._importable):
            return True
        return self._allowed is None and imported


def _lookup(mod: object, qualname: str) -> object:
    found: object = mod
    for part in qualname.split("."):
        found = vars(found).get(part) if hasattr(found, "__dict__") else None
        if found is None:
            return None
    return found


def _construct(cls: Any, code: int, state: Any) -> Any:
    if code == ext.EXT_ENUM:
        return cls(state)
    if code == ext.EXT_NAMEDTUPLE:
        return cls(*state)
    if code == ext.EXT_PYDANTIC:
        values, fields_set = state
        return cls.model_construct(_fields_set=set(fields_set), **values)
    if code == ext.EXT_PYDANTIC_V1:
        values, fields_set = state
        return cls.construct(_fields_set=set(fields_set), **values)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    obj = cls(**{k: v for k, v in state.items() if k in fields and fields[k].init})
    for key, value in state.items():
        if key in fields and not fields[key].init:
            object.__setattr__(obj, key, value)
    return obj


# --- payload checks -------------------------------------------------------------------------------

_DEFAULT = Serializer()


def default_serializer() -> Serializer:
    """The shared serializer savers use when none is given."""
    return _DEFAULT


def check_serializable(value: Any, root: str = "payload") -> None:
    """Raise `TypeError` naming the path of the first value in `value` that cannot be stored.

    Called at every `interrupt()`, so the common case is one `dumps`; the walk runs only on failure.
    """
    try:
        _DEFAULT.dumps(value)
    except TypeError:
        path, problem = _first_problem(value, root, set())
        raise TypeError(f"{path}: {problem}; {ext.HINT}") from None


def _stores(value: Any) -> bool:
    try:
        _DEFAULT.dumps(value)
    except TypeError:
        return False
    return True


def _first_problem(value: Any, path: str, enclosing: set[int]) -> tuple[str, str]:
    if id(value) in enclosing:
        return path, "a reference back to an enclosing container is not serializable"
    enclosing.add(id(value))
    for suffix, child in _children(value):
        if not _stores(child):
            return _first_problem(child, path + suffix, enclosing)
    if isinstance(value, dict):
        for key in value:
            if not _stores({key: None}):
                return path, f"dict key {key!r} ({ext.type_name(key)}) is not serializable"
    return path, f"{ext.type_name(value)} is not serializable"


def _children(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"[{key!r}]", item
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield f"[{index}]", item
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield f".{field.name}", getattr(value, field.name)
    elif isinstance(value, Enum):
        yield ".value", value.value
    elif type(value).__module__ == "signoff.types" and hasattr(value, "__slots__"):
        for name in ("value", "response_schema", "arg"):
            if hasattr(value, name):
                yield f".{name}", getattr(value, name)
    elif hasattr(type(value), "model_fields_set") or hasattr(type(value), "__fields_set__"):
        for name, item in dict(value).items():
            yield f".{name}", item
