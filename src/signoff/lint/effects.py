"""SO104: a side effect that runs before a pause in the same function, so it repeats on resume.

The node re-runs from its start on every resume; whatever ran before the `interrupt()` runs again.
That is harmless for reads and idempotent writes and wrong for the rest. The heuristics, by
syntax only:

- HTTP: `requests`/`httpx` `post`, `put`, `patch`, `delete`, `request` (not GET/HEAD/OPTIONS), the
  same methods on a client the module or function creates (`requests.Session()`,
  `httpx.Client()`, `aiohttp.ClientSession()`), `urllib.request.urlopen` with a body. A PUT is
  idempotent in theory only: the server may stamp, version or notify on every one.
- Processes: `subprocess.run/call/check_call/check_output/Popen`, `os.system`, `os.popen`.
- Files: `open(...)` with a write/append/create mode, `.write()`, `.writelines()`,
  `.write_text()`, `.write_bytes()`, and `os`/`shutil` calls that remove, move or copy files.
- Databases: `.execute()`/`.executemany()`/`.executescript()` unless the SQL is a literal read
  (`SELECT`, `PRAGMA`, ...) or an upsert (`ON CONFLICT`, `INSERT OR REPLACE`, `MERGE`), and
  `.commit()`.
- Names that create or send: `create_*`, `insert*`, `add_*`, `append*`, `send*`, `post*`,
  `charge*`, `publish*`, `enqueue*` (also camelCase), and Django-style `objects.create`. Idempotent
  names pass: `upsert*`, `set_*`, `put*`, `get*`, `*_or_create`, `*_or_update`.

Not side effects: `print`, logging, `sys.stdout`/`sys.stderr`, list/set methods on a local
container or on the node's state argument, LLM client `...completions.create`, and calls to
functions decorated with `@task` (their result is checkpointed and replayed, not re-run).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Set

from signoff.lint.context import FunctionNode, ModuleContext, Report, iter_scope
from signoff.lint.flow import FunctionFlow

_WRITE_VERBS = frozenset({"post", "put", "patch", "delete"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_HTTP = {f"{lib}.{verb}" for lib in ("requests", "httpx") for verb in _WRITE_VERBS}
_HTTP_REQUEST = {"requests.request", "httpx.request"}
_HTTP_CLIENTS = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient"}
    | {"aiohttp.ClientSession"}
)
_PROCESS = {f"subprocess.{n}" for n in ("run", "call", "check_call", "check_output", "Popen")}
_PROCESS |= {"os.system", "os.popen"}
_FILE_OPS = {f"os.{n}" for n in ("remove", "unlink", "rename", "replace", "rmdir")}
_FILE_OPS |= {f"shutil.{n}" for n in ("rmtree", "move", "copy", "copy2", "copyfile", "copytree")}
_STEMS = ("create", "insert", "add", "append", "send", "post", "charge", "publish", "enqueue")
_EXTRA_NAMES = frozenset({"sendmail", "sendall", "appendleft"})
_IDEMPOTENT = re.compile(r"^(upsert|set_|put|get)|upsert|_or_create|_or_update")
_LIST_METHODS = frozenset({"append", "appendleft", "extend", "insert", "add", "update"})
_LLM_PARTS = frozenset({"completions", "responses", "embeddings", "messages", "images"})
_LOGGERS = re.compile(r"^_?(log|logs|logger|logging|LOG|LOGGER)$|logger$")
_CONTAINER_CALLS = frozenset(
    {"list", "dict", "set", "deque", "defaultdict", "OrderedDict", "Counter", "StringIO", "BytesIO"}
    | {"copy", "deepcopy", "sorted"}
)
_SQL_READ = re.compile(r"^\s*(SELECT|WITH|PRAGMA|SHOW|EXPLAIN|DESCRIBE|BEGIN|SAVEPOINT)\b", re.I)
_SQL_UPSERT = re.compile(r"ON\s+CONFLICT|INSERT\s+OR\s+REPLACE|^\s*(REPLACE|MERGE|UPSERT)\b", re.I)
_SQL_CALLS = {"select": None, "insert": "INSERT", "update": "UPDATE", "delete": "DELETE"}


def check_side_effects(ctx: ModuleContext, fn: FunctionNode) -> Iterator[Report]:
    """Report each side effect in `fn` that a later pausing call would make run again."""
    sites = ctx.interrupt_sites(fn)
    if not sites:
        return
    flow = FunctionFlow(fn)
    exempt = _local_containers(fn) | _state_param(fn)
    clients = _http_clients(ctx, ctx.tree) | _http_clients(ctx, fn)
    for call in (n for n in iter_scope(fn) if isinstance(n, ast.Call)):
        if ctx.interrupt_kind(call) is not None:
            continue
        what = describe_effect(ctx, call, exempt, clients)
        if what is None:
            continue
        site = next((s for s in sites if flow.can_follow(call, s)), None)
        if site is not None:
            yield Report(call, "SO104", _message(call, what, site))


def _message(call: ast.Call, what: str, site: ast.Call) -> str:
    callee = ast.unparse(call.func)
    return (
        f"`{callee}()` {what} before the pause at line {site.lineno}; the node re-runs from its "
        "start on resume, so it runs again: move it after the pause or into an earlier node or "
        "@task, or make it idempotent (an upsert)"
    )


def describe_effect(
    ctx: ModuleContext, call: ast.Call, exempt: set[str], clients: Set[str] = frozenset()
) -> str | None:
    """What non-idempotent effect `call` has, or None if it looks safe to repeat; `clients` are
    the names bound to HTTP clients."""
    func = call.func
    qual = ctx.qualname(func)
    if qual is None and isinstance(func, ast.Name) and func.id not in ctx.bound:
        qual = f"builtins.{func.id}"
    known = _known_call(qual, call)
    if known is not None or qual in ("builtins.open", "io.open"):
        return known
    if isinstance(func, ast.Name):
        if func.id in ctx.tasks:
            return None
        return _by_name(func.id)
    if not isinstance(func, ast.Attribute) or _receiver_exempt(func, exempt):
        return None
    if isinstance(func.value, ast.Name) and func.value.id in clients:
        return _client_call(func.attr, call)
    return _by_method(func, call)


def _known_call(qual: str | None, call: ast.Call) -> str | None:
    if qual is None:
        return None
    if qual in _HTTP:
        return f"sends an HTTP {qual.rsplit('.', 1)[1].upper()} request"
    if qual in _HTTP_REQUEST:
        return _client_call("request", call)
    if qual == "urllib.request.urlopen" and (len(call.args) > 1 or _has_kw(call, "data")):
        return "sends an HTTP request with a body"
    if qual in _PROCESS:
        return "runs a subprocess"
    if qual in _FILE_OPS:
        return "changes files on disk"
    if qual in ("builtins.open", "io.open"):
        mode = _literal_arg(call, 1, "mode")
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return f"opens a file for writing (mode {mode!r})"
    return None


def _client_call(method: str, call: ast.Call) -> str | None:
    """What calling `method` on an HTTP client (or module) does."""
    if method in _WRITE_VERBS:
        return f"sends an HTTP {method.upper()} request"
    if method != "request":
        return None
    verb = _literal_arg(call, 0, "method")
    if isinstance(verb, str) and verb.upper() in _SAFE_METHODS:
        return None
    return "sends an HTTP request"


def _http_clients(ctx: ModuleContext, scope: ast.AST) -> set[str]:
    """Names `scope` binds to an HTTP client: `c = httpx.Client()`, `with Session() as c`."""
    names: set[str] = set()
    for node in iter_scope(scope):
        if isinstance(node, ast.Assign) and _makes_client(ctx, node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                var = item.optional_vars
                if isinstance(var, ast.Name) and _makes_client(ctx, item.context_expr):
                    names.add(var.id)
    return names


def _makes_client(ctx: ModuleContext, value: ast.expr) -> bool:
    return isinstance(value, ast.Call) and ctx.qualname(value.func) in _HTTP_CLIENTS


def _by_name(name: str) -> str | None:
    if _IDEMPOTENT.search(name):
        return None
    if name in _EXTRA_NAMES or any(_has_stem(name, stem) for stem in _STEMS):
        return "looks like it creates or sends something"
    return None


def _has_stem(name: str, stem: str) -> bool:
    if name == stem:
        return stem not in ("add", "create")
    rest = name[len(stem) :]
    return name.startswith(stem) and (rest[0] == "_" or rest[0].isupper())


def _by_method(func: ast.Attribute, call: ast.Call) -> str | None:
    name = func.attr
    chain = _attribute_chain(func.value)
    if name in ("execute", "executemany", "executescript"):
        return _sql_effect(call)
    if name == "commit":
        return "commits a database transaction"
    if name in ("write", "writelines", "write_text", "write_bytes"):
        return "writes to a file or stream"
    if name == "create" and chain and chain[-1] == "objects":
        return "creates a database record"
    if name == "create" and _LLM_PARTS & set(chain):
        return None
    return _by_name(name)


def _sql_effect(call: ast.Call) -> str | None:
    """Whether an `execute()` call writes, judged from its SQL when it is a literal."""
    if not call.args:
        return "runs a database statement that may write"
    sql = call.args[0]
    if isinstance(sql, ast.Call) and isinstance(sql.func, (ast.Name, ast.Attribute)):
        name = sql.func.id if isinstance(sql.func, ast.Name) else sql.func.attr
        if name in _SQL_CALLS:
            verb = _SQL_CALLS[name]
            return None if verb is None else f"runs a SQL {verb}"
        if name == "text" and sql.args:
            sql = sql.args[0]
    if isinstance(sql, ast.JoinedStr) and sql.values and isinstance(sql.values[0], ast.Constant):
        sql = sql.values[0]
    if isinstance(sql, ast.Constant) and isinstance(sql.value, str):
        text = sql.value
        if _SQL_READ.match(text) or _SQL_UPSERT.search(text):
            return None
        verb = text.split(None, 1)[0].upper() if text.strip() else "statement"
        return f"runs a SQL {verb}"
    return "runs a database statement that may write"


def _receiver_exempt(func: ast.Attribute, exempt: set[str]) -> bool:
    """Logging, stdout/stderr, and list-like methods on a local container or the state."""
    chain = _attribute_chain(func.value)
    if any(_LOGGERS.search(part) for part in chain):
        return True
    if chain[:2] in (["sys", "stdout"], ["sys", "stderr"]):
        return True
    return func.attr in _LIST_METHODS and bool(chain) and chain[0] in exempt


def _attribute_chain(expr: ast.expr) -> list[str]:
    """`self.db.log` → ["self", "db", "log"]; subscripts and calls are stepped through."""
    parts: list[str] = []
    while True:
        if isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        elif isinstance(expr, (ast.Subscript, ast.Call)):
            expr = expr.value if isinstance(expr, ast.Subscript) else expr.func
        else:
            break
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
    return list(reversed(parts))


def _local_containers(fn: FunctionNode) -> set[str]:
    """Local names only ever bound to a fresh list, dict, set, buffer or copy."""
    stores: dict[str, int] = {}
    fresh: dict[str, int] = {}
    for node in iter_scope(fn):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        if isinstance(node, ast.Assign | ast.AnnAssign) and _is_fresh_container(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (t.id for t in targets if isinstance(t, ast.Name)):
                fresh[name] = fresh.get(name, 0) + 1
    return {name for name, count in fresh.items() if stores.get(name) == count}


def _is_fresh_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in _CONTAINER_CALLS
    return False


def _state_param(fn: FunctionNode) -> set[str]:
    """The node's state argument: its first parameter after `self`/`cls`."""
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    return set(params[:1])


def _literal_arg(call: ast.Call, index: int, keyword: str) -> object:
    for kw in call.keywords:
        if kw.arg == keyword and isinstance(kw.value, ast.Constant):
            return kw.value.value
    arg = call.args[index] if len(call.args) > index else None
    return arg.value if isinstance(arg, ast.Constant) else None


def _has_kw(call: ast.Call, name: str) -> bool:
    return any(kw.arg == name for kw in call.keywords)
