"""The timeline set generator, run as ``python -m bench.timeline_set.make_timeline_set``."""
