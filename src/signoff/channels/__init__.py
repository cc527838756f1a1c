"""Channels: the typed slots graph state lives in, one small class per combining rule."""

from signoff.channels.barrier import NamedBarrierValue
from signoff.channels.base import MISSING, BaseChannel, EmptyChannelError
from signoff.channels.last_value import AnyValue, EphemeralValue, LastValue, LastValueAfterFinish
from signoff.channels.reducer import BinaryOperatorAggregate
from signoff.channels.topic import Topic

__all__ = [
    "MISSING",
    "AnyValue",
    "BaseChannel",
    "BinaryOperatorAggregate",
    "EmptyChannelError",
    "EphemeralValue",
    "LastValue",
    "LastValueAfterFinish",
    "NamedBarrierValue",
    "Topic",
]
