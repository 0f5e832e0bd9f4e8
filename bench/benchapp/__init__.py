"""A page type for the benchmarks only: the same as the test app's ``PlainPage`` without the
participation block."""
