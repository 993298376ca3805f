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
    from rag.sources.feeds import FeedSync

    return print_report(FeedSync(make_assistant(args)).add(args.url, sync=not args.no_sync,
                                                           progress=sys.stderr.isatty()), args.json)


def cmd_feeds_sync(args) -> int:
    from rag.cli.common import make_assistant
    from rag.sources.feeds import FeedSync

    return print_report(FeedSync(make_assistant(args)).sync(args.urls or None, progress=sys.stderr.isatty()),
                        args.json)


def cmd_feeds_list(args) -> int:
    from rag.cli.common import make_assistant
    from rag.sources.feeds import FeedList

    feeds = FeedList(make_assistant(args).settings.data_dir).load()
    if args.json:
        print(json.dumps([f.to_dict() for f in feeds.values()], ensure_ascii=False))
        return 0
    for f in feeds.values():
        err = f"  last error: {f.last_error}" if f.last_error else ""
        print(f"{f.url}  {f.title[:50]!r}  {len(f.entries)} entries  synced {f.last_sync or 'never'}{err}")
    print(f"{len(feeds)} feeds")
    return 0


def cmd_feeds_remove(args) -> int:
    from rag.cli.common import make_assistant
    from rag.sources.feeds import FeedList

    if FeedList(make_assistant(args).settings.data_dir).remove(args.url):
        print(f"no longer following {args.url}")
        return 0
    print(f"not a followed feed: {args.url} (see `rag feeds list`)", file=sys.stderr)
    return 1


def start_watching(assistant, paths, echo=print):
    """Sync the folders once (pruning vanished files), then watch them; returns the started FolderWatcher."""
    from ingest.watch import FolderWatcher, apply_batch

    def on_batch(batch):
        res = apply_batch(assistant, batch)
        what = res.report.summary() if res.report is not None else "nothing to ingest"
        echo(f"watch: {len(batch)} changed paths: {what}; removed {len(res.removed_docs)} documents"
             + (f"; error: {res.error}" if res.error else ""))
        if res.report is not None:
            for f in res.report.failed:
                echo(f"  failed:  {f.path}: {f.reason}")
        return res

    watcher = FolderWatcher(paths, on_batch, debounce=assistant.settings.fetch.watch_debounce,
                            ignore_under=[assistant.settings.data_dir])  # checks the folders first
    watcher.start()  # before the initial sync: a file saved during it is not missed
    report = assistant.ingest(paths, prune=True)
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
