"""The checkpoint serializer: what round-trips, what is refused, and what is never imported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import io
import pathlib
import re
import socket
import subprocess
import sys
import textwrap
import uuid
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

import ormsgpack
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_core.documents import Document
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
    ToolMessage,
)

from signoff.checkpoint import _msgpack_ext as ext
from signoff.checkpoint.serde import Serializer, check_serializable, default_serializer
from signoff.errors import ClassNotLoadedError, CorruptCheckpointError
from signoff.types import Command, Interrupt, Send, TimeoutPolicy

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class Color(enum.Enum):
    RED = "red"
    BLUE = (0, 0, 255)


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Mode(str, enum.Enum):
    FAST = "fast"


class Perm(enum.Flag):
    READ = 1
    WRITE = 2


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int


@dataclasses.dataclass
class Plan:
    title: str
    points: list[Point]
    tags: frozenset[str] = frozenset()
    origin: Point | None = None
    created: dt.datetime | None = None
    steps: int = dataclasses.field(default=0, init=False)


@dataclasses.dataclass(slots=True)
class Slotted:
    name: str
    level: Level


class Pair(NamedTuple):
    left: Any
    right: Any


class Address(pydantic.BaseModel):
    city: str
    zip: str | None = None


class Person(pydantic.BaseModel):
    name: str
    when: dt.datetime
    address: Address
    point: Point | None = None
    nicknames: set[str] = set()


class Rebuilt(pydantic.BaseModel, extra="allow"):
    a: int = 0


@dataclasses.dataclass
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("value must not be negative")


def roundtrip(value: Any, serializer: Serializer | None = None) -> Any:
    ser = serializer or default_serializer()
    return ser.loads_typed(ser.dumps_typed(value))


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 and [1] == (1,) are not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (dt.datetime, dt.time)):
        return (
            a == b
            and a.tzname() == b.tzname()
            and a.fold == b.fold
            and a.utcoffset() == b.utcoffset()
        )
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


SUPPORTED = [
    {"a": [1, 2.5, "x", None, True], "b": {"c": b"\x00\xff"}},
    (1, (2, "three"), []),
    {1, 2, 3},
    frozenset({"a", "b"}),
    {(1, 2): "tuple key", 3: "int key"},
    dt.datetime(2024, 5, 1, 12, 30, 15, 123456),
    dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc),
    dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30))),
    dt.datetime(2024, 7, 1, 9, 0, tzinfo=PARIS),
    dt.datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=PARIS),
    dt.datetime(2024, 3, 31, 2, 30, tzinfo=PARIS),
    dt.date(1999, 12, 31),
    dt.time(23, 59, 59, 999999),
    dt.time(8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    dt.timedelta(days=-3, seconds=5, microseconds=7),
    uuid.UUID("12345678-1234-5678-1234-567812345678"),
    Decimal("1.10"),
    Decimal("-0"),
    Decimal("Infinity"),
    Color.RED,
    Color.BLUE,
    Level.HIGH,
    Mode.FAST,
    Perm.READ | Perm.WRITE,
    pathlib.Path("/tmp/some file.txt"),
    pathlib.PurePosixPath("a/b"),
    pathlib.PureWindowsPath(r"C:\Users\me"),
    2**64,
    -(2**200),
    b"raw bytes",
    bytearray(b"mutable"),
    Point(1, 2),
    Slotted("s", Level.LOW),
    Pair(Point(0, 0), {"k": (1,)}),
    Interrupt({"question": "ok?"}, "abc", response_schema={"type": "boolean"}),
    Send("worker", {"item": (1, 2)}),
    Send("worker", 3, timeout=2.5),
    Command(resume={"id1": "yes"}, goto=[Send("n", 1)], update={"x": 1}),
    TimeoutPolicy(run_timeout=1.0),
]


@pytest.mark.parametrize("value", SUPPORTED, ids=lambda v: type(v).__name__)
def test_supported_values_round_trip_with_their_types(value: Any) -> None:
    assert same(roundtrip(value), value)


def test_none_and_bytes_use_their_own_type_tags() -> None:
    ser = default_serializer()
    assert ser.dumps_typed(None) == ("null", b"")
    assert ser.dumps_typed(b"abc") == ("bytes", b"abc")
    assert ser.dumps_typed({"a": 1})[0] == "msgpack"
    assert ser.loads_typed(("json", b'{"a": [1]}')) == {"a": [1]}
    assert ser.loads(ser.dumps([1, "x"])) == [1, "x"]


def test_pickle_tag_is_refused() -> None:
    with pytest.raises(CorruptCheckpointError, match=r"'pickle'.*never unpickles"):
        default_serializer().loads_typed(("pickle", b"cos\nsystem\n."))


def test_nested_dataclasses_round_trip_and_keep_init_false_fields() -> None:
    plan = Plan(
        "p", [Point(1, 2), Point(3, 4)], frozenset({"x"}), Point(0, 0), dt.datetime(2024, 1, 1)
    )
    plan.steps = 7
    back = roundtrip({"plan": plan})["plan"]
    assert back == plan
    assert back.steps == 7
    assert type(back.points[0]) is Point and type(back.tags) is frozenset


def test_dataclass_is_rebuilt_through_its_constructor() -> None:
    data = default_serializer().dumps(Checked(5))
    assert default_serializer().loads(data) == Checked(5)
    crafted = ormsgpack.packb(
        ormsgpack.Ext(ext.EXT_DATACLASS, ormsgpack.packb([__name__, "Checked", {"value": -1}]))
    )
    with pytest.raises(CorruptCheckpointError, match=r"Checked could not be rebuilt.*negative"):
        default_serializer().loads(crafted)


def test_class_defined_in_a_function_round_trips_in_the_same_process() -> None:
    @dataclasses.dataclass
    class Local:
        n: int

    assert roundtrip([Local(3)]) == [Local(3)]


def test_pydantic_models_round_trip_nested_with_fields_set() -> None:
    person = Person(
        name="Ada",
        when=dt.datetime(2024, 1, 2, 3, 4, tzinfo=PARIS),
        address=Address(city="Paris"),
        point=Point(1, 1),
        nicknames={"a"},
    )
    back = roundtrip({"who": person})["who"]
    assert back == person
    assert type(back.address) is Address and type(back.point) is Point
    assert back.address.model_fields_set == {"city"}
    assert back.when.tzinfo == PARIS
    extra = Rebuilt(a=1, other=(1, 2))  # type: ignore[call-arg]  # extra="allow" takes unknown keys
    assert roundtrip(extra).model_extra == {"other": (1, 2)}


HELPER_SOURCE = """
from typing import Generic, TypeVar

import pydantic
from pydantic import v1

T = TypeVar("T")


class Box(pydantic.BaseModel, Generic[T]):
    item: T


class Old(v1.BaseModel):
    a: int
    b: tuple = ()
"""


@pytest.fixture(scope="module")
def helper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real module on disk, imported the ordinary way, holding classes tests need at top level."""
    folder = tmp_path_factory.mktemp("helper")
    (folder / "signoff_serde_helper.py").write_text(HELPER_SOURCE)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("signoff_serde_helper")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("signoff_serde_helper", None)


def test_parametrized_generic_pydantic_model_round_trips(helper: Any) -> None:
    box = helper.Box[int](item=3)
    assert roundtrip(box) == helper.Box(item=3)
    assert type(roundtrip(box)) is helper.Box


def test_pydantic_v1_model_round_trips(helper: Any) -> None:
    old = helper.Old(a=1, b=(2,))
    back = roundtrip({"old": old})["old"]
    assert type(back) is helper.Old and back == old and back.b == (2,)


def test_langchain_messages_round_trip() -> None:
    messages = [
        SystemMessage("be brief"),
        HumanMessage("hello", id="human-1"),
        AIMessage(
            "",
            id="ai-1",
            tool_calls=[{"name": "search", "args": {"q": "x", "n": 2}, "id": "call-1"}],
            usage_metadata={"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        ),
        ToolMessage("result", tool_call_id="call-1", name="search", artifact={"raw": [1]}),
        AIMessageChunk(content="partial", id="chunk-1"),
        RemoveMessage(id="human-1"),
    ]
    back = roundtrip({"messages": messages})["messages"]
    assert back == messages
    assert [type(m) for m in back] == [type(m) for m in messages]
    assert back[2].tool_calls[0]["args"] == {"q": "x", "n": 2}
    assert back[3].tool_call_id == "call-1"


def test_document_round_trips() -> None:
    doc = Document("text", metadata={"source": "a.txt", "page": 2}, id="d1")
    assert roundtrip(doc) == doc


def test_large_nested_state_round_trips() -> None:
    state = {
        f"key{i}": {"items": list(range(30)), "text": "x" * 170, "nested": {"f": 0.5, "ok": True}}
        for i in range(1000)
    }
    data = default_serializer().dumps(state)
    assert len(data) > 240_000
    assert default_serializer().loads(data) == state


# --- property tests ---------------------------------------------------------------------------

hashables = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.uuids()
    | st.dates()
)
fixed_zones = st.builds(
    dt.timezone, st.timedeltas(min_value=-dt.timedelta(hours=23), max_value=dt.timedelta(hours=23))
)
leaves = (
    hashables
    | st.floats(allow_nan=False)
    | st.datetimes(timezones=st.none() | st.timezones() | fixed_zones)
    | st.times(timezones=st.none() | fixed_zones)
    | st.timedeltas()
    | st.decimals(allow_nan=False)
)
json_like = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(
            st.text(max_size=6) | st.integers(-(2**63), 2**63 - 1), children, max_size=4
        )
        | st.frozensets(hashables, max_size=4)
        | st.sets(hashables, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_round_trip_property(value: Any) -> None:
    assert same(roundtrip(value), value)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=10),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=4),
            max_leaves=12,
        ),
        max_size=6,
    )
)
def test_check_serializable_accepts_json_like_data(value: Any) -> None:
    check_serializable(value)


# --- refusing unsafe stored data ----------------------------------------------------------------


def crafted(code: int, module: str, qualname: str, state: Any = None) -> bytes:
    return ormsgpack.packb(ormsgpack.Ext(code, ormsgpack.packb([module, qualname, state or {}])))


@pytest.mark.parametrize("module", ["antigravity", "signoff_no_such_module_xyz", "this"])
def test_stored_module_that_is_not_imported_is_never_imported(module: str) -> None:
    assert module not in sys.modules
    with pytest.raises(CorruptCheckpointError, match=rf"{module}\.Thing is not rebuilt.*import it"):
        default_serializer().loads(crafted(ext.EXT_DATACLASS, module, "Thing"))
    assert module not in sys.modules


def test_stored_name_of_a_function_is_refused() -> None:
    with pytest.raises(CorruptCheckpointError, match=r"os\.system is not defined in module os"):
        default_serializer().loads(crafted(ext.EXT_DATACLASS, "os", "system", {"command": "x"}))


def test_stored_class_of_the_wrong_kind_is_refused() -> None:
    for module, name in [("subprocess", "Popen"), ("signoff.errors", "CorruptCheckpointError")]:
        with pytest.raises(CorruptCheckpointError, match=rf"{name} is not a dataclass"):
            default_serializer().loads(crafted(ext.EXT_DATACLASS, module, name, {"args": "ls"}))
    with pytest.raises(CorruptCheckpointError, match="Point is not a dataclass, Pydantic model"):
        default_serializer().loads(crafted(ext.EXT_ENUM, __name__, "Point", "x"))


def test_reexported_class_is_refused_under_the_name_that_reexports_it() -> None:
    with pytest.raises(CorruptCheckpointError, match=r"pathlib\.Path is not defined in module"):
        default_serializer().loads(crafted(ext.EXT_DATACLASS, __name__, "pathlib.Path"))
    with pytest.raises(CorruptCheckpointError, match=r"\.Document is not defined in module"):
        default_serializer().loads(crafted(ext.EXT_PYDANTIC, __name__, "Document", [{}, []]))
    with pytest.raises(CorruptCheckpointError, match=r"Command\.x is not defined in module"):
        default_serializer().loads(crafted(ext.EXT_DATACLASS, "signoff.types", "Command.x"))


def test_unknown_extension_and_garbage_bytes_are_corrupt() -> None:
    with pytest.raises(CorruptCheckpointError, match="unknown msgpack extension type 99"):
        default_serializer().loads(ormsgpack.packb({"a": ormsgpack.Ext(99, b"")}))
    with pytest.raises(CorruptCheckpointError, match="not valid msgpack"):
        default_serializer().loads(default_serializer().dumps({"a": "b" * 40})[:-5])
    with pytest.raises(CorruptCheckpointError, match="malformed"):
        default_serializer().loads(crafted(ext.EXT_DATACLASS, 3, "x"))  # type: ignore[arg-type]


def test_allowed_modules_list_restricts_and_may_import(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "signoff_user_state.py").write_text(
        "import dataclasses\n@dataclasses.dataclass\nclass Ticket:\n    id: int\n"
    )
    data = crafted(ext.EXT_DATACLASS, "signoff_user_state", "Ticket", {"id": 4})
    with pytest.raises(ClassNotLoadedError, match="signoff_user_state") as info:
        default_serializer().loads(data)
    assert (info.value.module, info.value.qualname) == ("signoff_user_state", "Ticket")
    assert isinstance(info.value, CorruptCheckpointError)  # still one for callers catching that
    assert "signoff_user_state" not in sys.modules
    strict = Serializer(allowed_modules=["signoff_user_state"])
    try:
        ticket = strict.loads(data)
        assert type(ticket).__name__ == "Ticket" and ticket.id == 4
        assert default_serializer().loads(data) == ticket  # now imported: the default accepts it
    finally:
        sys.modules.pop("signoff_user_state", None)
    with pytest.raises(
        CorruptCheckpointError, match=rf"{re.escape(__name__)}.*not imported or allowed"
    ):
        strict.loads(strict.dumps(Point(1, 2)))
    assert strict.loads(strict.dumps([HumanMessage("hi")])) == [HumanMessage("hi")]


def test_langchain_core_module_is_imported_on_demand() -> None:
    script = textwrap.dedent(
        """
        import sys
        from signoff.checkpoint.serde import default_serializer
        data = bytes.fromhex(sys.argv[1])
        assert "langchain_core.messages.human" not in sys.modules
        print(type(default_serializer().loads(data)).__name__)
        """
    )
    data = default_serializer().dumps(HumanMessage("hi", id="1")).hex()
    out = subprocess.run([sys.executable, "-c", script, data], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "HumanMessage"


def test_importing_serde_does_not_import_langchain_core_or_pydantic() -> None:
    script = (
        "import sys, signoff.checkpoint.serde\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('langchain_core', 'pydantic')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- refusing unstorable values -----------------------------------------------------------------


def _gen() -> Any:
    yield 1


class Plain:
    pass


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (len, "builtin_function_or_method"),
        (lambda: 1, "function"),
        (_gen(), "generator"),
        (Plain(), "Plain"),
        (Point, "type"),
        (object(), "object"),
        (io.StringIO("x"), "StringIO"),
    ],
)
def test_unsupported_values_raise_type_error(value: Any, name: str) -> None:
    with pytest.raises(TypeError, match=rf"{name} is not serializable"):
        default_serializer().dumps({"x": [value]})


def test_open_file_and_socket_raise_type_error(tmp_path: pathlib.Path) -> None:
    with open(tmp_path / "f.txt", "w") as handle, pytest.raises(TypeError, match="TextIOWrapper"):
        default_serializer().dumps_typed({"file": handle})
    with socket.socket() as sock, pytest.raises(TypeError, match="socket"):
        default_serializer().dumps_typed([sock])


def test_error_raised_while_encoding_becomes_type_error() -> None:
    class Exploding(pydantic.BaseModel):
        def __iter__(self) -> Any:
            raise RuntimeError("boom")

    with pytest.raises(TypeError, match="RuntimeError while encoding: boom"):
        default_serializer().dumps(Exploding())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"validator": lambda v: v}, r"^payload\['validator'\]: function is not serializable; "),
        ({"a": [1, {"b": len}]}, r"^payload\['a'\]\[1\]\['b'\]: builtin_function_or_method is"),
        ([Plan("t", [Point(1, Plain())])], r"^payload\[0\]\.points\[0\]\.y: .*Plain is not"),  # type: ignore[arg-type]
        ({"p": Address.model_construct(city=_gen())}, r"^payload\['p'\]\.city: generator is"),
        ((1, {2, 3}, object()), r"^payload\[2\]: object is not serializable"),
        (Interrupt({"f": print}), r"^payload\.value\['f'\]: builtin_function_or_method"),
        ({frozenset({1}): 1}, r"^payload: dict key frozenset\(\{1\}\) \(frozenset\) is not"),
    ],
)
def test_check_serializable_names_the_path(value: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message) as info:
        check_serializable(value)
    assert "interrupt() payloads" in str(info.value)


def test_check_serializable_uses_the_root_name_and_reports_cycles() -> None:
    loop: dict[str, Any] = {"ok": 1}
    loop["self"] = [loop]
    with pytest.raises(TypeError, match=r"^state\['self'\]\[0\]: a reference back"):
        check_serializable(loop, "state")


def test_check_serializable_accepts_supported_values() -> None:
    for value in SUPPORTED:
        check_serializable(value)
    check_serializable({"messages": [AIMessage("x", id="1")], "who": Address(city="x")})


@pytest.mark.parametrize(
    "offset",
    [dt.timedelta(microseconds=1), dt.timedelta(seconds=-5, microseconds=1), dt.timedelta(0)],
    ids=["plus-1us", "minus-5s-plus-1us", "utc"],
)
def test_fixed_offsets_with_fractions_of_a_second_round_trip(offset: dt.timedelta) -> None:
    """ISO text cannot carry such offsets back (`fromisoformat` reads +00:00:00.000001 as UTC)."""
    zone = dt.timezone(offset)
    for value in (dt.datetime(2030, 1, 2, 3, 4, 5, 6, tzinfo=zone), dt.time(1, 2, tzinfo=zone)):
        for fold in (0, 1):
            back = roundtrip(value.replace(fold=fold))
            assert back == value and back.utcoffset() == offset and back.fold == fold
