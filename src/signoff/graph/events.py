"""`astream_events`: a run as langchain_core's stream of events, as a LangGraph graph (a
langchain_core Runnable) gives it.

langchain_core builds the stream from callbacks: it adds its event handler to the config and runs
`astream`, whose run reports itself to the config's callbacks (`runtime/callbacks.py`: the graph's
run, each node's, and what the nodes call — chat models, tools, custom events). So the events,
their filters (`include_names`, `exclude_tags`, ...) and their shapes are langchain_core's own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from signoff.checkpoint.base import RunnableConfig

_VERSIONS = ("v1", "v2")


class EventsAPI:
    """Mixed into compiled graphs (and so `@entrypoint`s): `astream_events`."""

    def astream_events(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        version: str = "v2",
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[dict[str, Any]]:
        """Run the graph (`astream` with `kwargs`: `stream_mode`, `context`, `durability`, ...)
        and yield its events: `on_chain_start`/`_stream`/`_end` for the graph and each node,
        `on_chat_model_*`, `on_tool_*`, `on_custom_event` for what the nodes call.

        `version="v1"` is langchain_core's older schema (deprecated there); LangGraph's
        experimental `"v3"` protocol is not implemented."""
        if version not in _VERSIONS:
            raise NotImplementedError(
                f"astream_events(version={version!r}) is not supported: use 'v2' (or 'v1')"
            )
        return self._events(
            input,
            config,
            version=version,
            filters={
                "include_names": include_names,
                "include_types": include_types,
                "include_tags": include_tags,
                "exclude_names": exclude_names,
                "exclude_types": exclude_types,
                "exclude_tags": exclude_tags,
            },
            kwargs=kwargs,
        )

    async def _events(
        self,
        input: Any,
        config: RunnableConfig | None,
        *,
        version: str,
        filters: dict[str, Sequence[str] | None],
        kwargs: dict[str, Any],
    ) -> AsyncIterator[dict[str, Any]]:
        from langchain_core.tracers import event_stream
        from langchain_core.utils.aiter import aclosing

        if version == "v1":
            from langchain_core._api import warn_deprecated

            warn_deprecated(  # as langchain_core warns every Runnable's v1 events
                since="1.3.3",
                message="astream_events version='v1' is deprecated. Use version='v2' or "
                "astream instead.",
                removal="2.0.0",
            )
            implementation: Any = event_stream._astream_events_implementation_v1
        else:
            implementation = event_stream._astream_events_implementation_v2
        events = implementation(self, input, config=config, **filters, **kwargs)
        async with aclosing(events):
            async for event in events:
                yield event

    def stream_events(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        version: str = "v2",
        **kwargs: Any,
    ) -> Any:
        """Not available, as on LangGraph for v1/v2 (langchain_core has no sync event stream);
        LangGraph's experimental v3 protocol is not implemented."""
        raise NotImplementedError(
            f"stream_events(version={version!r}) is not supported. Use astream_events() for v1/v2."
        )
