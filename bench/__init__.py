"""Side-by-side benchmarks of signoff against LangGraph: run `python bench/run.py` (see README.md)."""
