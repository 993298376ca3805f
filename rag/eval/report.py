"""Write an eval run to a folder: report.json (settings + metrics), results.jsonl (one line per question,
for error analysis), and eval.png (recall@k curve and latency histogram; matplotlib's Agg backend, no display).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from rag.eval.runner import EvalReport

log = logging.getLogger(__name__)


def write_report(report: EvalReport, directory: str | Path) -> dict[str, Path]:
    out = Path(directory).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    paths = {"report": out / "report.json", "results": out / "results.jsonl", "plot": out / "eval.png"}
    paths["report"].write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    with paths["results"].open("w", encoding="utf-8") as f:
        for r in report.results:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    plot(report, paths["plot"])
    return paths


def plot(report: EvalReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: works on machines without a display
    import matplotlib.pyplot as plt

    m = report.metrics
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ks = sorted(m.recall)
    ax1.plot(ks, [m.recall[k] for k in ks], marker="o")
    ax1.set(xlabel="k (documents)", ylabel="recall@k", ylim=(0, 1.02), xticks=ks,
            title=f"{report.dataset}: retrieval (MRR {m.mrr or 0:.3f})")
    ax1.grid(alpha=0.3)
    search = [r.search_ms for r in report.results]
    ask = [r.ask_ms for r in report.results if r.ask_ms is not None]
    bins = 30
    ax2.hist(search, bins=bins, alpha=0.6, label="search")
    if ask:
        ax2.hist(ask, bins=bins, alpha=0.6, label=f"ask ({report.answerer})")
    ax2.set(xlabel="latency per question (ms)", ylabel="questions", title="latency")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
