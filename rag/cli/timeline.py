"""`rag timeline TOPIC`: a story's developments, oldest first, each line cited (registered by rag/cli/main.py)."""

from __future__ import annotations

import json
import sys

from rag.cli.common import day_arg, make_assistant


def register(sub, add_common) -> None:
    p = sub.add_parser("timeline", help="a story's developments, oldest first, one cited line each")
    p.add_argument("topic", help='the story ("the Cairo reconciliation talks"; a date in it such as "in October" '
                                 'sets the days)')
    p.add_argument("--as-of", type=day_arg, metavar="YYYY-MM-DD", help="as of this day: later articles are not used")
    p.add_argument("--since", type=day_arg, metavar="YYYY-MM-DD", help="only reports published on or after this day")
    p.add_argument("--until", type=day_arg, metavar="YYYY-MM-DD", help="only reports published on or before this day")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_common(p)
    p.set_defaults(handler=cmd_timeline)


def cmd_timeline(args, out=None) -> int:
    out = out or sys.stdout
    if args.since and args.until and args.since > args.until:
        print(f"rag: error: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    tl = make_assistant(args).timeline(args.topic, today=args.as_of, since=args.since, until=args.until)
    if args.json:
        print(json.dumps(tl.to_dict(), ensure_ascii=False), file=out)
        return 0
    if not tl.lines:
        print(tl.note, file=out)
        return 1
    for line in tl.lines:
        print(f"{line.day}  {line.text}", file=out)
        for c in line.citations:
            also = "".join(f"; also {o.title} — {o.source}" for o in c.also)
            print(f"            [{c.number}] {c.title} — {c.source} ({c.date}){also}", file=out)
    return 0
