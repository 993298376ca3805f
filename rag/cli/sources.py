"""`rag watch` and `rag feeds …`: keeping the store up with folders and feeds (registered by rag/cli/main.py)."""

from __future__ import annotations

import json
import sys

from rag.cli.common import JSON_FLAG, add_action, print_report


def register(sub, add_common) -> None:
    p = sub.add_parser("watch", help="keep folders synced: new, changed, moved and deleted files within seconds")
    p.add_argument("paths", nargs="+", help="folders to watch (synced once at start, with --prune semantics)")
    add_common(p)
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove, sync")
    fsub = p.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    add_action(fsub, add_common, "add", "follow a feed and ingest its entries", cmd_feeds_add, (("url",), {}),
               (("--no-sync",), dict(action="store_true", help="only follow it; entries come with the next sync")),
               JSON_FLAG)
    add_action(fsub, add_common, "list", "followed feeds", cmd_feeds_list, JSON_FLAG)
    add_action(fsub, add_common, "remove",
               "stop following a feed (its stored entries stay; delete them with `rag delete`)", cmd_feeds_remove,
               (("url",), {}))
    add_action(fsub, add_common, "sync", "ingest new and changed entries of followed feeds", cmd_feeds_sync,
               (("urls",), dict(nargs="*", help="only these feeds (default: all)")), JSON_FLAG)


def cmd_feeds_add(args) -> int:
    from rag.cli.common import make_assistant

    return print_report(make_assistant(args).follow_feed(args.url, sync=not args.no_sync,
                                                         progress=sys.stderr.isatty()), args.json)


def cmd_feeds_sync(args) -> int:
    from rag.cli.common import make_assistant

    return print_report(make_assistant(args).sync_feeds(args.urls or None, progress=sys.stderr.isatty()), args.json)


def cmd_feeds_list(args) -> int:
    from rag.cli.common import make_assistant

    feeds = make_assistant(args).feeds()
    if args.json:
        print(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False))
        return 0
    for f in feeds:
        err = f"  last error: {f.last_error}" if f.last_error else ""
        print(f"{f.url}  {f.title[:50]!r}  {len(f.entries)} entries  synced {f.last_sync or 'never'}{err}")
    print(f"{len(feeds)} feeds")
    return 0


def cmd_feeds_remove(args) -> int:
    from rag.cli.common import make_assistant

    if make_assistant(args).unfollow_feed(args.url):
        print(f"no longer following {args.url}")
        return 0
    print(f"not a followed feed: {args.url} (see `rag feeds list`)", file=sys.stderr)
    return 1


def start_watching(assistant, paths, echo=print):
    """Sync the folders once (pruning vanished files), then watch them (``Assistant.watch_folders``), telling
    ``echo`` what each batch did; returns the started watcher."""
    def on_batch(batch, res):
        what = res.report.summary() if res.report is not None else "nothing to ingest"
        echo(f"watch: {len(batch)} changed paths: {what}; removed {len(res.removed_docs)} documents"
             + (f"; error: {res.error}" if res.error else ""))
        if res.report is not None:
            for f in res.report.failed:
                echo(f"  failed:  {f.path}: {f.reason}")

    watcher, report = assistant.watch_folders(paths, on_batch)
    echo(f"watch: initial sync: {report.summary()}")
    return watcher


def cmd_watch(args) -> int:
    import threading

    from rag.cli.common import make_assistant

    a = make_assistant(args)
    watcher = start_watching(a, args.paths, echo=lambda s: print(s, flush=True))
    print(f"watching {', '.join(watcher.roots)} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    return 0
