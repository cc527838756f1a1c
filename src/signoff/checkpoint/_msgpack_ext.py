"""The msgpack extension types of `signoff.checkpoint.serde`: codes, encoders, fixed-type decoders.

Encoding needs no allowlist, so it lives here as plain functions: `pack` hands ormsgpack the
`default=` hook, which ormsgpack calls only for values it cannot store natively. Decoding of fixed
stdlib types is here too; rebuilding classes named by stored data (which does need the allowlist) is
in `serde.py`. `uuid`, `decimal`, `pathlib` and `zoneinfo` are only looked up in `sys.modules` or
imported when a value needs them, to keep `import signoff` fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import threading
import weakref
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

import ormsgpack

if TYPE_CHECKING:
    import pathlib

PACK_OPTIONS = (
    ormsgpack.OPT_NON_STR_KEYS
    | ormsgpack.OPT_PASSTHROUGH_BIG_INT
    | ormsgpack.OPT_PASSTHROUGH_DATACLASS
    | ormsgpack.OPT_PASSTHROUGH_DATETIME
    | ormsgpack.OPT_PASSTHROUGH_ENUM
    | ormsgpack.OPT_PASSTHROUGH_TUPLE
    | ormsgpack.OPT_PASSTHROUGH_UUID
)
UNPACK_OPTIONS = ormsgpack.OPT_NON_STR_KEYS

# Extension codes. Stored data depends on them: never renumber, only add.
EXT_TUPLE = 1
EXT_SET = 2
EXT_FROZENSET = 3
EXT_DATETIME = 4
EXT_DATE = 5
EXT_TIME = 6
EXT_TIMEDELTA = 7
EXT_UUID = 8
EXT_DECIMAL = 9
EXT_PATH = 10
EXT_BIG_INT = 11
EXT_ENUM = 20
EXT_DATACLASS = 21
EXT_PYDANTIC = 22
EXT_PYDANTIC_V1 = 23
EXT_NAMEDTUPLE = 24
EXT_INTERRUPT = 30
EXT_SEND = 31
CLASS_CODES = frozenset({EXT_ENUM, EXT_DATACLASS, EXT_PYDANTIC, EXT_PYDANTIC_V1, EXT_NAMEDTUPLE})

HINT = (
    "interrupt() payloads and graph state must be JSON-like data, dataclasses, Pydantic models, "
    "enums or langchain messages"
)

# Classes defined inside functions cannot be found by name; remember the ones this process stored.
LOCAL_CLASSES: weakref.WeakValueDictionary[tuple[str, str], type] = weakref.WeakValueDictionary()
_failure = threading.local()  # ormsgpack hides hook exceptions; the first one is kept here


def remember_failure(exc: BaseException) -> None:
    if getattr(_failure, "error", None) is None:
        _failure.error = exc


def take_failure() -> BaseException | None:
    """The first exception a hook raised since the last call (ormsgpack replaces it with its own)."""
    error: BaseException | None = getattr(_failure, "error", None)
    _failure.error = None
    return error


def type_name(obj: object) -> str:
    cls = type(obj)
    if cls.__module__ == "builtins" or cls.__module__.startswith("_"):
        return cls.__name__
    return f"{cls.__module__}.{cls.__qualname__}"


def pydantic_base(module: str) -> Any:
    """`BaseModel` of `pydantic.main` / `pydantic.v1.main` if imported (never imports pydantic)."""
    main = sys.modules.get(module)
    return None if main is None else getattr(main, "BaseModel", None)


# --- encoding -------------------------------------------------------------------------------------


def pack(value: object) -> bytes:
    return ormsgpack.packb(value, default=_default, option=PACK_OPTIONS)


def _default(obj: object) -> ormsgpack.Ext:
    try:
        cls = type(obj)
        encode = _ENCODERS.get(cls) or _CHOSEN.get(cls)
        if encode is None:
            encode = _CHOSEN[cls] = _encoder_for(cls)
        return encode(obj)
    except BaseException as exc:
        remember_failure(exc)
        raise


def _class_record(cls: type, state: object) -> bytes:
    origin = getattr(cls, "__pydantic_generic_metadata__", {}).get("origin")
    if origin is not None:  # Model[int] is rebuilt as Model; its fields are already validated
        cls = origin
    module, qualname = cls.__module__, cls.__qualname__
    if "<locals>" in qualname:
        LOCAL_CLASSES[(module, qualname)] = cls
    return pack((module, qualname, state))


def _with_fold(text: str, fold: int) -> bytes:
    return f"{text}[fold]".encode() if fold else text.encode()


def _odd_offset(value: dt.datetime | dt.time) -> str | None:
    """`offset:<microseconds>` for a fixed offset with a fraction of a second, which ISO text
    cannot carry back (`fromisoformat` misreads such offsets); None for every other value."""
    if not isinstance(value.tzinfo, dt.timezone):
        return None
    offset = value.utcoffset()
    if offset is None or not offset.microseconds:
        return None
    return f"offset:{offset // dt.timedelta(microseconds=1)}"


def _encode_datetime(value: dt.datetime) -> ormsgpack.Ext:
    """ISO text, then `[Zone/Key]` for a ZoneInfo (RFC 9557 style) or `[offset:<µs>]` for an
    offset with a fraction of a second (after naive ISO text), then `[fold]` if fold=1."""
    odd = _odd_offset(value)
    if odd is not None:
        return ormsgpack.Ext(
            EXT_DATETIME, _with_fold(f"{value.replace(tzinfo=None).isoformat()}[{odd}]", value.fold)
        )
    text = value.isoformat()
    zoneinfo = sys.modules.get("zoneinfo")
    if zoneinfo is not None and isinstance(value.tzinfo, zoneinfo.ZoneInfo) and value.tzinfo.key:
        text = f"{text}[{value.tzinfo.key}]"
    return ormsgpack.Ext(EXT_DATETIME, _with_fold(text, value.fold))


def _encode_time(value: dt.time) -> ormsgpack.Ext:
    odd = _odd_offset(value)
    text = value.isoformat() if odd is None else f"{value.replace(tzinfo=None).isoformat()}[{odd}]"
    return ormsgpack.Ext(EXT_TIME, _with_fold(text, value.fold))


def _encode_big_int(value: int) -> ormsgpack.Ext:
    size = value.bit_length() // 8 + 1
    return ormsgpack.Ext(EXT_BIG_INT, value.to_bytes(size, "big", signed=True))


def _encode_path(value: pathlib.PurePath) -> ormsgpack.Ext:
    import pathlib

    flavour = "windows" if isinstance(value, pathlib.PureWindowsPath) else "posix"
    kind = flavour if isinstance(value, pathlib.Path) else f"pure_{flavour}"
    return ormsgpack.Ext(EXT_PATH, pack((kind, str(value))))


_ENCODERS: dict[type, Callable[[Any], ormsgpack.Ext]] = {
    tuple: lambda v: ormsgpack.Ext(EXT_TUPLE, pack(list(v))),
    set: lambda v: ormsgpack.Ext(EXT_SET, pack(list(v))),
    frozenset: lambda v: ormsgpack.Ext(EXT_FROZENSET, pack(list(v))),
    dt.datetime: _encode_datetime,
    dt.date: lambda v: ormsgpack.Ext(EXT_DATE, v.isoformat().encode()),
    dt.time: _encode_time,
    dt.timedelta: lambda v: ormsgpack.Ext(EXT_TIMEDELTA, pack([v.days, v.seconds, v.microseconds])),
    int: _encode_big_int,
}
# Subclasses of these are stored as the base type (datetime before date: it is a date subclass).
_BASES: list[type] = [dt.datetime, dt.date, dt.time, dt.timedelta, int, set, frozenset]


def _register_lazy_types() -> None:
    """Add encoders for stdlib types whose modules signoff does not import up front."""
    uuid, decimal, pathlib = (sys.modules.get(m) for m in ("uuid", "decimal", "pathlib"))
    if uuid is not None and uuid.UUID not in _ENCODERS:
        _ENCODERS[uuid.UUID] = lambda v: ormsgpack.Ext(EXT_UUID, v.bytes)
        _BASES.append(uuid.UUID)
    if decimal is not None and decimal.Decimal not in _ENCODERS:
        _ENCODERS[decimal.Decimal] = lambda v: ormsgpack.Ext(EXT_DECIMAL, str(v).encode())
        _BASES.append(decimal.Decimal)
    if pathlib is not None and pathlib.PurePath not in _ENCODERS:
        for cls in (pathlib.PurePath, pathlib.PurePosixPath, pathlib.PureWindowsPath):
            _ENCODERS[cls] = _encode_path
        _ENCODERS[type(pathlib.Path())] = _encode_path
        _BASES.append(pathlib.PurePath)


_CHOSEN: weakref.WeakKeyDictionary[type, Callable[[Any], ormsgpack.Ext]] = (
    weakref.WeakKeyDictionary()
)
"""The encoder `_encoder_for` chose, by class: the choice depends on the class alone, and making
it (isinstance checks against ABCs, a metaclass `__getattr__`) costs more than encoding a message."""


def _encoder_for(cls: type) -> Callable[[Any], ormsgpack.Ext]:
    """How values of a class that is not an exactly registered type are encoded: enums, records,
    subclasses, lazily registered types."""
    if issubclass(cls, Enum):
        return lambda v: ormsgpack.Ext(EXT_ENUM, _class_record(type(v), v.value))
    if hasattr(cls, "__dataclass_fields__"):
        return _encode_dataclass
    if cls.__module__ == "signoff.types" and cls.__qualname__ == "Interrupt":
        return lambda v: ormsgpack.Ext(EXT_INTERRUPT, pack([v.value, v.id, v.response_schema]))
    if cls.__module__ == "signoff.types" and cls.__qualname__ == "Send":
        return lambda v: ormsgpack.Ext(EXT_SEND, pack([v.node, v.arg, v.timeout]))
    model = pydantic_base("pydantic.main")
    if model is not None and issubclass(cls, model):
        own_iteration = getattr(cls, "__iter__", None) is not model.__iter__
        return _encode_iterated_model if own_iteration else _encode_model
    model = pydantic_base("pydantic.v1.main")
    if model is not None and issubclass(cls, model):
        return _encode_v1_model
    if issubclass(cls, tuple):
        if hasattr(cls, "_fields"):
            return lambda v: ormsgpack.Ext(EXT_NAMEDTUPLE, _class_record(type(v), list(v)))
        return _ENCODERS[tuple]
    _register_lazy_types()
    for base in _BASES:
        if issubclass(cls, base):
            return _ENCODERS[base]
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    raise TypeError(f"{name} is not serializable; {HINT}")


def _encode_dataclass(obj: Any) -> ormsgpack.Ext:
    state = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return ormsgpack.Ext(EXT_DATACLASS, _class_record(type(obj), state))


def _encode_model(obj: Any) -> ormsgpack.Ext:
    """A Pydantic model: its fields, then any extras (what `dict(obj)` gives, without its slow
    iteration), and which fields were set."""
    fields = dict(obj.__dict__)
    extra = obj.__pydantic_extra__
    if extra:
        fields.update(extra)
    values = [fields, sorted(obj.model_fields_set)]
    return ormsgpack.Ext(EXT_PYDANTIC, _class_record(type(obj), values))


def _encode_iterated_model(obj: Any) -> ormsgpack.Ext:
    """A Pydantic model whose class defines its own iteration: the fields it iterates."""
    values = [dict(obj), sorted(obj.model_fields_set)]
    return ormsgpack.Ext(EXT_PYDANTIC, _class_record(type(obj), values))


def _encode_v1_model(obj: Any) -> ormsgpack.Ext:
    values = [dict(obj.__dict__), sorted(obj.__fields_set__)]
    return ormsgpack.Ext(EXT_PYDANTIC_V1, _class_record(type(obj), values))


# --- decoding of fixed types ----------------------------------------------------------------------


def _split_fold(data: bytes) -> tuple[str, int]:
    text = data.decode()
    return (text[: -len("[fold]")], 1) if text.endswith("[fold]") else (text, 0)


def _zone(name: str) -> dt.tzinfo:
    if name.startswith("offset:"):
        return dt.timezone(dt.timedelta(microseconds=int(name.removeprefix("offset:"))))
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


def _decode_datetime(data: bytes) -> dt.datetime:
    text, fold = _split_fold(data)
    stamp, _, zone = text.removesuffix("]").partition("[")
    value = dt.datetime.fromisoformat(stamp).replace(fold=fold)
    return value.replace(tzinfo=_zone(zone)) if zone else value


def _decode_time(data: bytes) -> dt.time:
    text, fold = _split_fold(data)
    stamp, _, zone = text.removesuffix("]").partition("[")
    value = dt.time.fromisoformat(stamp).replace(fold=fold)
    return value.replace(tzinfo=_zone(zone)) if zone else value


def _decode_uuid(data: bytes) -> Any:
    import uuid

    return uuid.UUID(bytes=data)


def _decode_decimal(data: bytes) -> Any:
    import decimal

    return decimal.Decimal(data.decode())


def decode_path(kind: str, text: str) -> pathlib.PurePath:
    """A concrete path is rebuilt as `Path` only on a system of its flavour, else as a pure path."""
    import pathlib

    pure: type[pathlib.PurePath] = (
        pathlib.PureWindowsPath if kind.endswith("windows") else pathlib.PurePosixPath
    )
    if kind.startswith("pure_") or not isinstance(pathlib.Path(), pure):
        return pure(text)
    return pathlib.Path(text)


BYTES_DECODERS: dict[int, Callable[[bytes], Any]] = {
    EXT_DATETIME: _decode_datetime,
    EXT_DATE: lambda d: dt.date.fromisoformat(d.decode()),
    EXT_TIME: _decode_time,
    EXT_UUID: _decode_uuid,
    EXT_DECIMAL: _decode_decimal,
    EXT_BIG_INT: lambda d: int.from_bytes(d, "big", signed=True),
}
