"""Which entries of a feed one sync takes: new or changed ones, newest first, at most the cap, none that failed
recently. A failed entry waits ``retry_seconds``, doubled after each further failure (up to a week), unless the
feed's copy of it changes. Pure functions over the stored state (``FollowedFeed.entries``/``failures``)."""

from __future__ import annotations

from dataclasses import dataclass, field

RETRY_MAX_SECONDS = 7 * 86400.0  # a week: an entry that keeps failing is still tried now and then


@dataclass
class EntryPlan:
    take: list = field(default_factory=list)  # FeedEntry, newest first, at most the cap
    unchanged: list = field(default_factory=list)
    over_cap: list = field(default_factory=list)
    backing_off: list = field(default_factory=list)


def plan_entries(entries: list, seen: dict[str, str], failures: dict[str, dict], cap: int, now: float) -> EntryPlan:
    """Sort a feed's entries into taken now, stored already, over the cap and backing off."""
    plan = EntryPlan()
    pending = []
    for e in entries:
        failure = failures.get(e.key)
        if seen.get(e.key) == e.stamp:
            plan.unchanged.append(e)
        elif failure and failure.get("stamp") == e.stamp and failure.get("next_try", 0) > now:
            plan.backing_off.append(e)
        else:
            pending.append(e)
    # Newest first (a stable sort: undated entries keep the feed's order, after the dated ones).
    pending.sort(key=lambda e: e.published or e.date or "", reverse=True)
    plan.take, plan.over_cap = pending[:cap], pending[cap:]
    return plan


def record_outcomes(failures: dict[str, dict], entries: list, failed: dict[str, str], done: set[str],
                    now: float, retry_seconds: float) -> None:
    """Update ``failures`` after a sync: ``failed`` (key -> reason) wait longer, ``done`` keys are forgotten, and
    so are entries no longer in the feed (the state stays as small as the feed)."""
    by_key = {e.key: e for e in entries}
    for key, reason in failed.items():
        count = failures.get(key, {}).get("count", 0) + 1
        wait = min(retry_seconds * 2 ** (count - 1), RETRY_MAX_SECONDS)
        failures[key] = {"stamp": by_key[key].stamp, "count": count, "next_try": now + wait,
                         "reason": reason[:300]}
    for key in list(failures):
        if key in done or key not in by_key:
            del failures[key]
