"""Load test of the browser app: concurrent chat sessions against a real `rag serve` while an ingest runs.

Starts `rag serve` itself on a free 127.0.0.1 port over a temp data dir (the demo corpus is ingested on first
run; ../shared/corpus/cairo-talks.txt is added through the app's upload action when present), then:

1. baseline: one chat session alone asks the question cycle below a few times (one warm-up cycle first);
2. load: N sessions, each its own gradio_client ``Client`` (its own session hash, so its own server-side
   conversation state, as a browser tab has), ask the same cycle for a bounded time, WHILE a background client
   uses the app's "Ingest a folder on the server" action (``/reingest``) over a generated folder of small
   articles: round 1 adds them all, later rounds (until the load window ends) change a quarter of them, so an
   ingest is in flight for the whole window.

The cycle, through the app's real chat endpoint (``/respond``, the Ask button's event; answers streamed):
  "Who led the Hamas delegation?"                    answer must contain "Khalil al-Hayya"
  "Who is the secretary-general of Islamic Jihad?"   must not error
  "Who is his deputy?"                               follow-up: must contain "al-Hindi" (per-session state)
  "What is the capital of Peru?"                     must be the refusal
then "New chat" (``/new_chat``).

Prints requests, errors, wrong answers, p50/p95/max latency, throughput, the single-session p50 and the ratio;
exits 1 on any error or wrong answer (or a failed ingest, or a traceback in the server log). Bounded: the load
window, a per-request timeout, a cap on requests; traffic goes to 127.0.0.1 only.

    .venv/bin/python -m bench.load_test                              # 20 sessions, 60 s, 100 articles
    .venv/bin/python -m bench.load_test --sessions 4 --seconds 10    # the small mode (tests/ui/test_load.py)
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import CAIRO, ROOT, percentile

HOST = "127.0.0.1"  # loopback only, always

FIXED_Q, FIXED_A = "Who led the Hamas delegation?", "Khalil al-Hayya"
CYCLE: list[tuple[str, str | None]] = [
    (FIXED_Q, FIXED_A),
    ("Who is the secretary-general of Islamic Jihad?", None),
    ("Who is his deputy?", "al-Hindi"),
    ("What is the capital of Peru?", "don't contain"),
]
_ANSWER = re.compile(r'<p class="rag-answer">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- the generated folder -------------------------------------------------------------------------------------

_TOPICS = ["city council", "regional railway", "harbour authority", "university hospital", "football club",
           "weather service", "public library", "water utility", "chamber of commerce", "orchestra",
           "fire brigade", "farmers' cooperative", "school board", "airport", "museum", "cycling federation"]
_PLACES = ["Northbridge", "Lakeside", "Eastvale", "Port Arlen", "Millbrook", "Westhaven", "Stonecross", "Redfield"]
_FIRST = ["Anna", "Tomas", "Maria", "Jonas", "Elena", "Pieter", "Sofia", "Lukas", "Ines", "Marek", "Clara", "Oskar"]
_LAST = ["Varga", "Lindqvist", "Moreau", "Okafor", "Brandt", "Sato", "Novak", "Castell", "Dunmore", "Ferreira"]
_SENTENCES = [
    "The {topic} in {place} announced on {day} that its budget for next year will rise by {n} percent.",
    "A delegation from the {topic} led by {name} visited {place2} to study how it runs its services.",
    "{name}, who chairs the {topic}, said the plan had been discussed for {n} months before the vote.",
    "Residents of {place} were invited to comment on the proposal at a public meeting on {day}.",
    "Critics said the {topic} had not explained how the {n} new posts would be paid for.",
    "The changes take effect in spring, according to a statement published by the {topic} in {place}.",
    "{name} told reporters that talks with the {topic} of {place2} would continue next week.",
    "Local newspapers reported that attendance at the {topic}'s events rose to {n} thousand last year.",
]


def write_articles(folder: Path, count: int, round_no: int, rng: random.Random, only: list[int] | None = None):
    """Small .md articles with front matter; ``round_no`` > 0 changes the text (the ingest sees an update)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in (only if only is not None else range(count)):
        r = random.Random(i)  # stable per article; the round adds a changed last paragraph
        topic, place, place2 = r.choice(_TOPICS), r.choice(_PLACES), r.choice(_PLACES)
        name = f"{r.choice(_FIRST)} {r.choice(_LAST)}"
        day = f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        title = f"{place} {topic} news {i:03d}"
        paras = []
        for _ in range(3):
            sents = [r.choice(_SENTENCES).format(topic=topic, place=place, place2=place2, name=name, day=day,
                                                 n=r.randint(2, 90)) for _ in range(4)]
            paras.append(" ".join(sents))
        if round_no:
            paras.append(f"Update {round_no}: {name} said a further statement would follow "
                         f"(revision {rng.randint(1, 10**6)}).")
        body = "\n\n".join(paras)
        (folder / f"article-{i:03d}.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\nauthor: {name}\n---\n# {title}\n\n{body}\n", encoding="utf-8")


# --- the server -------------------------------------------------------------------------------------------------

class Server:
    def __init__(self, work: Path, port: int, answerer: str, startup_timeout: float):
        self.work, self.port, self.log_path = work, port, work / "serve.log"
        self.url = f"http://{HOST}:{port}/"
        env = {**os.environ, "RAG_ANSWERER": answerer, "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "",
               "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
               "PYTHONUNBUFFERED": "1", "RAG_UI_INGEST_ROOTS": str(work)}
        env.pop("RAG_DATA_DIR", None)
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "rag.cli.main", "serve", "--host", HOST, "--port", str(port),
                 "--data-dir", str(work / "data")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rag serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"rag serve did not answer on {self.url} in {startup_timeout:.0f}s:\n"
                                   f"{self.log_tail()}")
            time.sleep(0.5)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def tracebacks(self) -> int:
        try:
            return self.log_path.read_text(errors="replace").count("Traceback (most recent call last)")
        except OSError:
            return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, max_workers=2, download_files=False, analytics_enabled=False)


# --- chat sessions ----------------------------------------------------------------------------------------------

@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    fixed_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    fixed_asked: int = 0
    fixed_wrong: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)


def answer_text(result) -> tuple[str | None, str]:
    """(the answer paragraph as text, or None for an error message; the raw HTML) from /respond's outputs."""
    chat = result[0]
    last = chat[-1] if chat else {}
    content = last.get("content")
    if isinstance(content, list):
        raw = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    else:
        raw = str(content or "")
    if "rag-error" in raw:
        return None, raw
    m = _ANSWER.search(raw)
    return (html.unescape(_TAG.sub("", m.group(1))) if m else None), raw


def ask(c, question: str, timeout: float):
    job = c.submit(question, "1", 5, [], "", "", "", api_name="/respond")  # number, top-k, documents, from, to, as of
    try:
        return job.result(timeout=timeout)
    except BaseException:
        job.cancel()
        raise


def run_session(url: str, deadline: float, stats: Stats, timeout: float, budget: threading.Semaphore,
                max_cycles: int | None = None, c=None) -> None:
    try:
        c = c or client(url)
    except Exception as e:
        with stats.lock:
            stats.errors.append(f"client: {type(e).__name__}: {e}")
        return
    cycles = 0
    while time.monotonic() < deadline and (max_cycles is None or cycles < max_cycles):
        for question, expected in CYCLE:
            if time.monotonic() >= deadline or not budget.acquire(blocking=False):
                return
            t0 = time.monotonic()
            try:
                result = ask(c, question, timeout)
            except Exception as e:
                with stats.lock:
                    stats.errors.append(f"{question!r}: {type(e).__name__}: {str(e)[:200]}")
                continue
            dt = time.monotonic() - t0
            text, raw = answer_text(result)
            with stats.lock:
                if text is None:
                    stats.errors.append(f"{question!r}: error shown: {html.unescape(_TAG.sub(' ', raw))[:200]}")
                    continue
                stats.latencies.append(dt)
                if question == FIXED_Q:
                    stats.fixed_asked += 1
                    stats.fixed_latencies.append(dt)
                if expected and expected.lower() not in text.lower():
                    stats.wrong.append(f"{question!r} -> {text[:160]!r}")
                    if question == FIXED_Q:
                        stats.fixed_wrong += 1
        try:
            c.predict("1", api_name="/new_chat")  # the number of the last question (ui/assets.py)
        except Exception as e:
            with stats.lock:
                stats.errors.append(f"new_chat: {type(e).__name__}: {e}")
        cycles += 1


# --- background ingest ------------------------------------------------------------------------------------------

@dataclass
class IngestLog:
    rounds: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    busy_s: float = 0.0


_SUMMARY = re.compile(r"added (\d+), updated (\d+), unchanged (\d+), removed (\d+), failed (\d+)")


def ingest_loop(url: str, folder: Path, articles: int, stop: threading.Event, log: IngestLog, timeout: float,
                max_rounds: int) -> None:
    rng = random.Random(1)
    try:
        c = client(url)
    except Exception as e:
        log.errors.append(f"client: {e}")
        return
    for round_no in range(max_rounds):
        if round_no and stop.is_set():
            break
        if round_no:  # change a quarter of the articles: the next ingest updates them
            write_articles(folder, articles, round_no, rng, only=rng.sample(range(articles), max(1, articles // 4)))
        t0 = time.monotonic()
        try:
            job = c.submit(str(folder), False, api_name="/reingest")
            out = job.result(timeout=timeout)
        except Exception as e:
            log.errors.append(f"round {round_no + 1}: {type(e).__name__}: {str(e)[:200]}")
            break
        dt = time.monotonic() - t0
        log.busy_s += dt
        text = html.unescape(_TAG.sub(" ", str(out[0])))
        m = _SUMMARY.search(text)
        if not m:
            log.errors.append(f"round {round_no + 1}: no ingest summary in {text[:300]!r}")
            break
        added, updated, unchanged, removed, failed = map(int, m.groups())
        log.rounds.append({"round": round_no + 1, "seconds": round(dt, 2), "added": added, "updated": updated,
                           "unchanged": unchanged, "failed": failed})
        expect_changed = articles if round_no == 0 else max(1, articles // 4)
        if failed or added + updated != expect_changed:
            log.errors.append(f"round {round_no + 1}: expected {expect_changed} added/updated, got {m.group(0)}")


# --- main -------------------------------------------------------------------------------------------------------

def summarize(stats: Stats, window: float) -> dict:
    lat = stats.latencies
    return {"requests": stats.requests, "ok": len(lat), "errors": len(stats.errors), "wrong": len(stats.wrong),
            "fixed_asked": stats.fixed_asked, "fixed_wrong": stats.fixed_wrong,
            "p50_s": round(percentile(lat, 50), 3), "p95_s": round(percentile(lat, 95), 3),
            "max_s": round(max(lat), 3) if lat else None,
            "fixed_p50_s": round(percentile(stats.fixed_latencies, 50), 3),
            "throughput_rps": round(len(lat) / window, 2) if window > 0 else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent chat sessions (default 20)")
    ap.add_argument("--seconds", type=float, default=60, help="load window in seconds (default 60)")
    ap.add_argument("--articles", type=int, default=100, help="generated articles ingested during the load")
    ap.add_argument("--baseline-cycles", type=int, default=3, help="question cycles for the single session")
    ap.add_argument("--max-requests", type=int, default=20000, help="cap on chat requests in the load window")
    ap.add_argument("--max-ingest-rounds", type=int, default=20, help="cap on background ingest rounds")
    ap.add_argument("--request-timeout", type=float, default=120, help="seconds before a chat request is an error")
    ap.add_argument("--startup-timeout", type=float, default=300)
    ap.add_argument("--answerer", default="extractive", help="RAG_ANSWERER for the server (default extractive)")
    ap.add_argument("--no-ingest", action="store_true", help="no background ingest during the load")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data, server log)")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.seconds <= 0:
        ap.error("--sessions must be >= 1 and --seconds > 0")

    work = Path(tempfile.mkdtemp(prefix="rag-load-"))
    started = time.monotonic()
    server = None
    failures: list[str] = []
    try:
        print(f"starting rag serve (answerer {args.answerer}) in {work} ...", flush=True)
        server = Server(work, free_port(), args.answerer, args.startup_timeout)
        print(f"server up on {server.url} after {time.monotonic() - started:.1f}s", flush=True)
        setup = client(server.url)
        if CAIRO.exists():
            from gradio_client import handle_file

            out = setup.submit([handle_file(str(CAIRO))], api_name="/upload").result(
                timeout=args.startup_timeout)
            text = html.unescape(_TAG.sub(" ", str(out[1])))
            m = _SUMMARY.search(text)
            print(f"uploaded {CAIRO.name}: {m.group(0) if m else text[:200]}", flush=True)
            if not m or int(m.group(5)):
                failures.append(f"upload of {CAIRO.name} failed: {text[:300]}")

        # 1. baseline: one session alone (one warm-up cycle, not counted)
        budget = threading.Semaphore(args.max_requests)
        base = client(server.url)
        run_session(server.url, time.monotonic() + args.startup_timeout, Stats(), args.request_timeout, budget,
                    max_cycles=1, c=base)
        base_stats = Stats()
        t0 = time.monotonic()
        run_session(server.url, time.monotonic() + args.startup_timeout, base_stats, args.request_timeout, budget,
                    max_cycles=args.baseline_cycles, c=base)
        base_sum = summarize(base_stats, time.monotonic() - t0)
        print(f"baseline (1 session, {base_sum['requests']} requests): p50 {base_sum['p50_s']:.3f}s "
              f"p95 {base_sum['p95_s']:.3f}s, errors {base_sum['errors']}, wrong {base_sum['wrong']}", flush=True)

        # 2. load: sessions connect first (not timed), then all start together with the ingest
        articles = work / "articles"
        if not args.no_ingest:
            write_articles(articles, args.articles, 0, random.Random(0))
        clients = []
        for _ in range(args.sessions):
            try:
                clients.append(client(server.url))
            except Exception as e:
                failures.append(f"could not connect a session: {e}")
        stats, ingest, stop = Stats(), IngestLog(), threading.Event()
        budget = threading.Semaphore(args.max_requests)
        t_start = time.monotonic()
        deadline = t_start + args.seconds
        ingest_thread = None
        if not args.no_ingest:
            ingest_thread = threading.Thread(target=ingest_loop, daemon=True, name="ingest",
                                             args=(server.url, articles, args.articles, stop, ingest,
                                                   args.startup_timeout, args.max_ingest_rounds))
            ingest_thread.start()
        threads = [threading.Thread(target=run_session, daemon=True, name=f"session-{i}",
                                    args=(server.url, deadline, stats, args.request_timeout, budget),
                                    kwargs={"c": c}) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()) + args.request_timeout + 30)
        window = time.monotonic() - t_start
        stop.set()
        if any(t.is_alive() for t in threads):
            failures.append("some sessions did not finish in time")
        if ingest_thread is not None:
            ingest_thread.join(timeout=args.startup_timeout)
            if ingest_thread.is_alive():
                failures.append("the background ingest did not finish in time")
            if not ingest.rounds:
                failures.append("no ingest round completed")
        load = summarize(stats, window)
        for c in [setup, base, *clients]:
            try:
                c.close()
            except Exception:
                pass
    except Exception as e:
        failures.append(f"{type(e).__name__}: {e}")
        load = base_sum = None
        stats = ingest = None
    finally:
        # Counted while it still serves: on stop, uvicorn cancels the connections a Gradio page keeps open (its
        # event streams) once its 5 s grace ends, and logs each cancellation as a traceback that is not an error.
        tracebacks = server.tracebacks() if server is not None else 0
        if server is not None:
            server.stop()
    if tracebacks:
        failures.append(f"{tracebacks} traceback(s) in the server log")

    figures = {"sessions": args.sessions, "seconds": args.seconds, "answerer": args.answerer,
               "baseline": base_sum, "load": load,
               "ingest": None if ingest is None else {"rounds": ingest.rounds, "busy_s": round(ingest.busy_s, 1),
                                                      "errors": ingest.errors},
               "server_tracebacks": tracebacks, "failures": failures,
               "cpu_count": os.cpu_count(), "total_s": round(time.monotonic() - started, 1)}
    if load and base_sum:
        ratio = load["p50_s"] / base_sum["p50_s"] if base_sum["p50_s"] else float("nan")
        figures["p50_ratio"] = round(ratio, 2)
        rounds = ", ".join("+%d/~%d in %.0fs" % (r["added"], r["updated"], r["seconds"]) for r in ingest.rounds)
        ing = "no ingest" if args.no_ingest else (
            f"ingest: {len(ingest.rounds)} round(s), busy {ingest.busy_s:.0f}s ({rounds})")
        print(f"\nload: {args.sessions} sessions for {window:.1f}s; {ing}")
        print(f"  requests     {load['requests']}  (ok {load['ok']})")
        print(f"  errors       {load['errors']}")
        print(f"  wrong        {load['wrong']}  (fixed question: {load['fixed_wrong']} of {load['fixed_asked']} "
              f"without {FIXED_A!r})")
        print(f"  latency      p50 {load['p50_s']:.3f}s  p95 {load['p95_s']:.3f}s  max {load['max_s']:.3f}s")
        print(f"  throughput   {load['throughput_rps']:.2f} answers/s")
        print(f"  single session p50 {base_sum['p50_s']:.3f}s  -> load p50 is {ratio:.1f}x")
        for label, items in (("error", stats.errors), ("wrong", stats.wrong),
                             ("ingest error", ingest.errors if ingest else [])):
            for item in items[:5]:
                print(f"  {label}: {item}")
        if base_sum["errors"] or base_sum["wrong"]:
            failures.append(f"baseline: {base_sum['errors']} error(s), {base_sum['wrong']} wrong answer(s)")
        if load["errors"] or load["wrong"]:
            failures.append(f"load: {load['errors']} error(s), {load['wrong']} wrong answer(s)")
        if ingest is not None and ingest.errors:
            failures.append(f"ingest: {'; '.join(ingest.errors[:3])}")
        if not load["ok"]:
            failures.append("no request succeeded under load")
    for f in failures:
        print(f"FAIL: {f}")
    if failures and server is not None:
        print(f"--- server log (tail) ---\n{server.log_tail()}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if args.keep or failures:
        print(f"(kept {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
