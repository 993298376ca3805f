"""The news set generator, run as ``python -m bench.news_set.make_news_set``."""
