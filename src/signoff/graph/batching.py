"""`batch`, `abatch` and their `_as_completed` variants: many inputs, each its own `invoke`
(`ainvoke`), as on a langchain_core Runnable (which a LangGraph graph is).

Each input runs with its own config (one config for all, or a list as long as the inputs) on a
thread of a pool as wide as `max_concurrency` (first config), or as a task of the caller's event
loop; results come in input order, or as `(index, result)` pairs as they finish. With
`return_exceptions=True` a failed run's exception takes its place instead of being raised. An
interrupted run is a result like any other (its state with `__interrupt__`).
"""

from __future__ import annotations

import asyncio
import contextvars
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from signoff.checkpoint.base import RunnableConfig

T = TypeVar("T")

LANGCHAIN_RECURSION_LIMIT = 25
"""langchain_core's default, which its `batch` writes into every config it passes on."""


def config_list(
    config: RunnableConfig | Sequence[RunnableConfig] | None, length: int
) -> list[RunnableConfig]:
    """One config per input, as langchain_core's `get_config_list` gives them: a list must be as
    long as the inputs; a shared config's `run_id` names only the first run; and each config
    has langchain_core's recursion limit (25) unless it sets one, as LangGraph's batch runs do."""
    if isinstance(config, Sequence):
        if len(config) != length:
            raise ValueError(
                "config must be a list of the same length as inputs, "
                f"but got {len(config)} configs for {length} inputs"
            )
        return [_ensured(c) for c in config]
    if length > 1 and config and config.get("run_id") is not None:
        warnings.warn(
            "Provided run_id be used only for the first element of the batch.",
            category=RuntimeWarning,
            stacklevel=3,
        )
        rest = {k: v for k, v in config.items() if k != "run_id"}
        return [_ensured(config), *(_ensured(rest) for _ in range(length - 1))]
    return [_ensured(config) for _ in range(length)]


def _ensured(config: RunnableConfig | None) -> RunnableConfig:
    out: dict[str, Any] = {"recursion_limit": LANGCHAIN_RECURSION_LIMIT}
    out.update((k, v) for k, v in (config or {}).items() if v is not None)
    return out


def _pool(config: RunnableConfig) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=config.get("max_concurrency"))


class BatchAPI:
    """Mixed into compiled graphs (and so `@entrypoint`s): the batch entry points."""

    invoke: Callable[..., Any]
    ainvoke: Callable[..., Awaitable[Any]]

    def _one(self, kwargs: dict[str, Any], return_exceptions: bool) -> Callable[..., Any]:
        def run(input: Any, config: RunnableConfig) -> Any:
            if not return_exceptions:
                return self.invoke(input, config, **kwargs)
            try:
                return self.invoke(input, config, **kwargs)
            except Exception as exc:
                return exc

        return run

    def batch(
        self,
        inputs: Sequence[Any],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """`invoke` each input (in parallel threads); the results in input order."""
        if not inputs:
            return []
        configs = config_list(config, len(inputs))
        run = self._one(kwargs, return_exceptions)
        if len(inputs) == 1:
            return [run(inputs[0], configs[0])]
        with _pool(configs[0]) as pool:
            futures = [
                pool.submit(contextvars.copy_context().run, run, value, cfg)
                for value, cfg in zip(inputs, configs, strict=True)
            ]
            return [future.result() for future in futures]

    def batch_as_completed(
        self,
        inputs: Sequence[Any],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> Iterator[tuple[int, Any]]:
        """`invoke` each input (in parallel threads); `(index, result)` as each finishes."""
        if not inputs:
            return
        configs = config_list(config, len(inputs))
        run = self._one(kwargs, return_exceptions)
        if len(inputs) == 1:
            yield 0, run(inputs[0], configs[0])
            return
        with _pool(configs[0]) as pool:
            pending: set[Future[tuple[int, Any]]] = {
                pool.submit(contextvars.copy_context().run, _indexed, i, run, value, cfg)
                for i, (value, cfg) in enumerate(zip(inputs, configs, strict=True))
            }
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
            finally:
                for future in pending:
                    future.cancel()

    def _aone(
        self, kwargs: dict[str, Any], return_exceptions: bool, limit: asyncio.Semaphore | None
    ) -> Callable[..., Awaitable[Any]]:
        async def run(input: Any, config: RunnableConfig) -> Any:
            if limit is None:
                return await self._acall(input, config, kwargs, return_exceptions)
            async with limit:
                return await self._acall(input, config, kwargs, return_exceptions)

        return run

    async def _acall(
        self, input: Any, config: RunnableConfig, kwargs: dict[str, Any], return_exceptions: bool
    ) -> Any:
        if not return_exceptions:
            return await self.ainvoke(input, config, **kwargs)
        try:
            return await self.ainvoke(input, config, **kwargs)
        except Exception as exc:
            return exc

    async def abatch(
        self,
        inputs: Sequence[Any],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """`ainvoke` each input concurrently; the results in input order."""
        if not inputs:
            return []
        configs = config_list(config, len(inputs))
        run = self._aone(kwargs, return_exceptions, _limit(configs[0]))
        return list(await asyncio.gather(*map(run, inputs, configs)))

    async def abatch_as_completed(
        self,
        inputs: Sequence[Any],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> AsyncIterator[tuple[int, Any]]:
        """`ainvoke` each input concurrently; `(index, result)` as each finishes."""
        if not inputs:
            return
        configs = config_list(config, len(inputs))
        run = self._aone(kwargs, return_exceptions, _limit(configs[0]))

        async def indexed(i: int, value: Any, cfg: RunnableConfig) -> tuple[int, Any]:
            return i, await run(value, cfg)

        runs = [indexed(i, v, c) for i, (v, c) in enumerate(zip(inputs, configs, strict=True))]
        for finished in asyncio.as_completed(runs):
            yield await finished


def _indexed(i: int, run: Callable[..., T], value: Any, config: RunnableConfig) -> tuple[int, T]:
    return i, run(value, config)


def _limit(config: RunnableConfig) -> asyncio.Semaphore | None:
    limit = config.get("max_concurrency")
    return asyncio.Semaphore(limit) if limit else None
