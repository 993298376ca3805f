"""The quiz set generator, run as ``python -m bench.quiz_set.make_quiz_set``."""
