"""Numbers in text as normalised keys, so that "1.5 million", "1,500,000" and "1500000" compare equal, and "two"
= "2", "40%" = "40 percent". Used by the support check (rag/answer/verify.py) and the refusal gate (rag/answer/refusal.py).

Hand-written: number-word parsers such as word2number turn one number phrase into a value; none finds every number
of a sentence, with its position, in digits and words alike.
"""

from __future__ import annotations

import re

SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
         "trillion": 1e12, "tn": 1e12, "hundred": 1e2, "dozen": 12}
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
                "thousand": 1000, "dozen": 12, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
                "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "half": 0.5, "once": 1,
                "twice": 2, "thrice": 3}
NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?"  # 1,500,000 · 1.5 · 9th · 2025
    r"(?:\s*(%)|\s*(percent|per\s+cent|thousand|million|billion|trillion|mln|bn|tn|dozen|hundred|k|m|b)\b)?", re.I)
SPELLED = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b(?:[\s-]+(thousand|million|billion|trillion))?",
                     re.I)


def num_key(value: float) -> str:
    return f"{value:.6g}"


def number_spans(text: str) -> list[tuple[str, int, int]]:
    """(normalised key, start, end) of each number in ``text``: "1.5 million", "1,500,000" and "1500000" give one
    key."""
    found: list[tuple[str, int, int]] = []
    for m in NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        value = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
        unit = (m.group(3) or m.group(4) or "").lower()
        if unit in ("%", "percent") or unit.startswith("per"):
            key = num_key(value) + "%"
        else:
            key = num_key(value * SCALE[unit]) if unit else num_key(value)
        found.append((key, m.start(), m.end()))
    for m in SPELLED.finditer(text):
        value = WORD_NUMBERS[m.group(1).lower()]
        if m.group(2):
            value *= SCALE[m.group(2).lower()]
        found.append((num_key(value), m.start(), m.end()))
    return found


def numbers_in(text: str) -> set[str]:
    """Numeric values in ``text`` as normalised keys (number_spans)."""
    return {key for key, _, _ in number_spans(text)}


def percent_aware(nums: set[str]) -> set[str]:
    # "40%" in a sentence is supported by "40 percent" (same key) and by a bare "40" next to "per cent" wording.
    return nums | {n.rstrip("%") for n in nums}
