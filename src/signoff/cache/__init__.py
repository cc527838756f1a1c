"""Caches for node results (`add_node(..., cache_policy=CachePolicy())` with `compile(cache=...)`).

`signoff.cache.base.BaseCache` is the interface, `signoff.cache.memory.InMemoryCache` the
in-process implementation, as `langgraph.cache`.
"""
