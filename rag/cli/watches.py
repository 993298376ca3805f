"""`rag watches …`: questions kept to watch for changed answers (registered by rag/cli/main.py).

`rag watch FOLDER` is the folder watcher (rag/cli/sources.py); kept questions are `rag watches`:
`rag watches` lists them with their latest answers, `rag watches add "question"` keeps one, `rag watches remove ID`
stops one, `rag watches check` re-checks them now.
"""

from __future__ import annotations

import json
import sys

from rag.cli.common import JSON_FLAG, add_action


def register(sub, add_common) -> None:
    p = sub.add_parser("watches", help="questions kept to watch for changed answers: list, add, remove, check")
    _list_flags(p, add_common)
    p.set_defaults(handler=cmd_list)
    wsub = p.add_subparsers(dest="watches_command", metavar="ACTION")
    a = wsub.add_parser("list", help="the kept questions with their latest answers (the default)")
    _list_flags(a, add_common)
    a.set_defaults(handler=cmd_list)
    add_action(wsub, add_common, "add", "keep a question: answered now, re-checked after every ingest", cmd_add,
               (("question",), {}), (("--user",), dict(default="", help="the owner (a UI login's name; default: none)")),
               JSON_FLAG)
    add_action(wsub, add_common, "remove", "stop watching a question (its id from `rag watches`)", cmd_remove,
               (("id",), {}), (("--user",), dict(default="", help="the owner (default: none)")))
    add_action(wsub, add_common, "check", "re-check every user's kept questions now", cmd_check, JSON_FLAG)


def _list_flags(p, add_common) -> None:
    p.add_argument("--user", default="", help="the owner (a UI login's name; default: none)")
    p.add_argument("--all", action="store_true", help="every answer over time, not only the latest")
    p.add_argument("--json", action="store_true", help="JSON: each watch with all its answers and citations")
    add_common(p)


def _print_answer(wa, out) -> None:
    from rag.cli.common import print_citations

    print(f"  answer {wa.number} ({wa.day}): {wa.answer.answer}", file=out)
    print_citations(wa.answer, out)


def cmd_list(args) -> int:
    from rag.cli.common import make_assistant

    watches = make_assistant(args).watches(user=args.user)
    if args.json:
        print(json.dumps([w.to_dict() for w in watches], ensure_ascii=False))
        return 0
    out = sys.stdout
    for w in watches:
        flag = "  CHANGED" if w.changed else ""
        print(f"{w.id}  {w.question}  ({len(w.answers)} answers){flag}", file=out)
        for wa in w.answers if args.all else w.answers[-1:]:
            _print_answer(wa, out)
    print(f"{len(watches)} watched questions, {sum(w.changed for w in watches)} changed", file=out)
    return 0


def cmd_add(args) -> int:
    from rag.cli.common import make_assistant
    from rag import WatchError

    try:
        w = make_assistant(args).watch(args.question, user=args.user)
    except WatchError as e:
        print(f"rag: error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(w.to_dict(), ensure_ascii=False))
        return 0
    print(f"watching {w.question!r} as {w.id} (re-checked after every ingest; `rag watches` lists changes)")
    _print_answer(w.latest, sys.stdout)
    return 0


def cmd_remove(args) -> int:
    from rag.cli.common import make_assistant

    if make_assistant(args).unwatch(args.id, user=args.user):
        print(f"no longer watching {args.id}")
        return 0
    print(f"no watched question {args.id!r} for this user (see `rag watches`)", file=sys.stderr)
    return 1


def cmd_check(args) -> int:
    from rag.cli.common import make_assistant

    result = make_assistant(args).check_watches()
    print(json.dumps(result.to_dict()) if args.json else result.summary())
    return 0
