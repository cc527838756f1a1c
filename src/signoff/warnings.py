"""Deprecation warnings, under LangGraph's names (`langgraph.warnings`), so filters written for
LangGraph (`-W error::...LangGraphDeprecationWarning`) keep working after the rename.

Each names the LangGraph version that deprecated the feature, because the API signoff follows is
LangGraph's: `str(warning)` reads "... Deprecated in LangGraph V0.5 to be removed in V2.0.".
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = (
    "LangGraphDeprecatedSinceV05",
    "LangGraphDeprecatedSinceV10",
    "LangGraphDeprecatedSinceV11",
    "LangGraphDeprecationWarning",
)


class LangGraphDeprecationWarning(DeprecationWarning):
    """A feature of the LangGraph API that is deprecated: since which version, and until when."""

    message: str
    since: tuple[int, int]
    expected_removal: tuple[int, int]

    def __init__(
        self,
        message: str,
        *args: object,
        since: tuple[int, int],
        expected_removal: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(message, *args)
        self.message = message.rstrip(".")
        self.since = since
        self.expected_removal = expected_removal or (since[0] + 1, 0)

    def __str__(self) -> str:
        return (
            f"{self.message}. Deprecated in LangGraph V{self.since[0]}.{self.since[1]}"
            f" to be removed in V{self.expected_removal[0]}.{self.expected_removal[1]}."
        )


class LangGraphDeprecatedSinceV05(LangGraphDeprecationWarning):
    """Deprecated since LangGraph 0.5."""

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args, since=(0, 5), expected_removal=(2, 0))


class LangGraphDeprecatedSinceV10(LangGraphDeprecationWarning):
    """Deprecated since LangGraph 1.0."""

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args, since=(1, 0), expected_removal=(2, 0))


class LangGraphDeprecatedSinceV11(LangGraphDeprecationWarning):
    """Deprecated since LangGraph 1.1."""

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args, since=(1, 1), expected_removal=(3, 0))


def renamed_argument(
    kwargs: dict[str, Any],
    old: str,
    new: str,
    category: type[LangGraphDeprecationWarning] = LangGraphDeprecatedSinceV05,
) -> Any:
    """Take the deprecated keyword argument `old` out of `kwargs` (None when not given), warning
    that `new` replaces it; the caller uses the value when `new` was not given."""
    if old not in kwargs:
        return None
    warnings.warn(
        f"`{old}` is deprecated and will be removed. Please use `{new}` instead.",
        category=category,
        stacklevel=3,  # the user's call of the function that takes the argument
    )
    return kwargs.pop(old)
