"""A target whose module raises while importing."""

raise RuntimeError("configuration missing")
