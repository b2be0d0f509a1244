"""``python tests/benchmark/bench.py``: how long a report takes the plain way and with the runner, on this machine.

Scenarios, each a separate process tree timed from outside (wall clock), medians over ``--repeat`` runs:

plain        per notebook ``papermill`` CLI then ``jupyter nbconvert --to html`` CLI, then one
             ``jupyter nbconvert --to report_pdf`` CLI call over the executed notebooks (one PDF each)
cold         ``python -m analysis run`` with an empty cache (temporary cache and reports folders); kernels are
             forked from a warm template (the runner's default)
cold-nofork  the same with ``--no-fork``: every kernel started the ordinary way
unchanged    the same command again, nothing changed
edit-one     after a markdown cell of one notebook (in a temporary copy of the notebooks) changed
three-langs  ``-p lang en,kk,ru`` with an empty cache (forked kernels)
three-langs-nofork  the same with ``--no-fork``

Peak memory is the largest sum of the resident memory of the timed process and all its descendants (kernels,
CLI tools), sampled every 50 ms with psutil. ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is not used: it gives the
largest single process, not what runs at the same time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from analysis.config import NOTEBOOKS_DIR, PARAMS_DIR, PROJ_ROOT, REPORTS_DIR

GIB = 1024 ** 3
TARGETS = {
    "cold_vs_plain": ("cold (forked kernels) at least 8x faster than plain", 8.0),
    "unchanged_seconds": ("unchanged rebuild under 1 s", 1.0),
    "cold_vs_unchanged": ("unchanged rebuild at least 20x faster than cold", 20.0),
    "edit_one_executed": ("after editing one notebook only it is executed", 1),
    "edit_vs_cold": ("one notebook edited at most 0.3x cold", 0.3),
    "three_vs_one": ("three languages at most 1.6x one language", 1.6),
    "peak_memory_gib": ("peak memory under 1.5 GiB", 1.5),
}


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """Run ``cmd``; return (wall seconds, peak resident memory of its process tree in bytes). Fails loudly."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    watched = psutil.Process(proc.pid)

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(watched))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{output[-3000:]}")
    return seconds, peak[0]


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def plain_way(notebooks: list[Path], parameters: dict, work: Path) -> tuple[float, int]:
    """The plain way, one CLI process after another; returns total seconds and the largest peak."""
    executed_dir, html_dir, pdf_dir = work / "executed", work / "html", work / "pdf"
    for d in (executed_dir, html_dir, pdf_dir):
        d.mkdir(parents=True, exist_ok=True)
    params = []
    for name, value in {**parameters, "figures_dir": str(work / "figures")}.items():
        params += ["-p", name, str(value)]
    total, peak = 0.0, 0
    executed = []
    for nb in notebooks:
        out = executed_dir / nb.name
        seconds, rss = timed([_bin("papermill"), str(nb), str(out), *params, "--cwd", str(nb.parent),
                              "-k", "python3", "--no-progress-bar"])
        total, peak = total + seconds, max(peak, rss)
        seconds, rss = timed([_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(out),
                              "--output-dir", str(html_dir)])
        total, peak = total + seconds, max(peak, rss)
        executed.append(str(out))
    seconds, rss = timed([_bin("jupyter"), "nbconvert", "--to", "report_pdf", *executed, "--output-dir",
                          str(pdf_dir)])
    return total + seconds, max(peak, rss)


def run_cmd(params: Path, notebooks: Path, reports: Path, cache: Path, jobs: int | None, *extra) -> list[str]:
    cmd = [sys.executable, "-m", "analysis", "run", "--params", str(params), "--notebooks", str(notebooks),
           "--reports", str(reports), "--cache-dir", str(cache), *extra]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def executed_count(reports: Path) -> int:
    """Notebooks executed (not taken from the cache) by the last run, from the manifests' timings."""
    count = 0
    for manifest in reports.glob("*/manifest.json"):
        timings = json.loads(manifest.read_text(encoding="utf-8"))["timings"]["notebooks"]
        count += sum(1 for t in timings.values() if t["cache"] == "miss")
    return count


def touch_markdown(path: Path, text: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    cell["source"] = source + text
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def one_repetition(rep: int, params: Path, notebooks_dir: Path, jobs: int | None, skip_plain: bool) -> dict:
    from analysis.pipeline.plans import RunConfig, list_notebooks, prepare

    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        notebooks = tmp / "notebooks"
        shutil.copytree(notebooks_dir, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if not skip_plain:
            config = RunConfig(notebooks_dir=notebooks, cache_dir=tmp / "check-cache")
            [plan] = prepare([str(params)], [], config)
            out["plain"] = plain_way(list_notebooks(notebooks), plan.pset.parameters, tmp / "plain")
        reports, cache = tmp / "reports", tmp / "cache"
        out["cold_nofork"] = timed(run_cmd(params, notebooks, tmp / "reports-nofork", tmp / "cache-nofork", jobs,
                                           "--no-fork"))
        out["cold"] = timed(run_cmd(params, notebooks, reports, cache, jobs))
        out["cold_executed"] = executed_count(reports)
        out["unchanged"] = timed(run_cmd(params, notebooks, reports, cache, jobs))
        out["unchanged_executed"] = executed_count(reports)
        edited = list_notebooks(notebooks)[-1]
        touch_markdown(edited, f"\n\n(edit {rep})")
        out["edit_one"] = timed(run_cmd(params, notebooks, reports, cache, jobs))
        out["edit_one_executed"] = executed_count(reports)
        out["edited_notebook"] = edited.name
        reports3, cache3 = tmp / "reports3", tmp / "cache3"
        out["three_langs"] = timed(run_cmd(params, notebooks, reports3, cache3, jobs, "-p", "lang", "en,kk,ru"))
        out["three_langs_executed"] = executed_count(reports3)
        out["three_langs_nofork"] = timed(run_cmd(params, notebooks, tmp / "reports3-nofork", tmp / "cache3-nofork",
                                                  jobs, "-p", "lang", "en,kk,ru", "--no-fork"))
    return out


def summarize(reps: list[dict]) -> dict:
    def med(name):
        values = [r[name][0] for r in reps if name in r]
        return (statistics.median(values), values) if values else (None, [])

    scenarios = {}
    for name in ("plain", "cold", "cold_nofork", "unchanged", "edit_one", "three_langs", "three_langs_nofork"):
        median, values = med(name)
        if median is None:
            continue
        scenarios[name] = {"median_seconds": round(median, 3), "seconds": [round(v, 3) for v in values],
                           "peak_memory_mib": round(max(r[name][1] for r in reps) / 2 ** 20, 1)}
        executed = [r.get(f"{name}_executed") for r in reps if f"{name}_executed" in r]
        if executed:
            scenarios[name]["executed_notebooks"] = executed
    cold = scenarios["cold"]["median_seconds"]
    unchanged = scenarios["unchanged"]["median_seconds"]
    measured = {
        "cold_vs_plain": round(scenarios["plain"]["median_seconds"] / cold, 2) if "plain" in scenarios else None,
        "unchanged_seconds": unchanged,
        "cold_vs_unchanged": round(cold / unchanged, 1),
        "edit_one_executed": max(scenarios["edit_one"]["executed_notebooks"]),
        "edit_vs_cold": round(scenarios["edit_one"]["median_seconds"] / cold, 2),
        "three_vs_one": round(scenarios["three_langs"]["median_seconds"] / cold, 2),
        "peak_memory_gib": round(max(s["peak_memory_mib"] for n, s in scenarios.items() if n != "plain") / 1024,
                                 3),
    }
    # Not targets: how much the forked kernels save, and the ratios of the ordinary launch, side by side.
    ratios = {"cold_nofork_vs_cold": round(scenarios["cold_nofork"]["median_seconds"] / cold, 2)}
    if "plain" in scenarios:
        ratios["plain_vs_cold_nofork"] = round(scenarios["plain"]["median_seconds"]
                                               / scenarios["cold_nofork"]["median_seconds"], 2)
    ratios["three_nofork_vs_cold_nofork"] = round(scenarios["three_langs_nofork"]["median_seconds"]
                                                  / scenarios["cold_nofork"]["median_seconds"], 2)
    targets = {}
    for key, (label, limit) in TARGETS.items():
        value = measured[key]
        if value is None:
            met = None
        elif key in ("cold_vs_plain", "cold_vs_unchanged"):
            met = value >= limit
        elif key == "edit_one_executed":
            met = value == limit
        elif key == "unchanged_seconds":
            met = value < limit
        else:
            met = value <= limit if key in ("three_vs_one", "edit_vs_cold") else value < limit
        targets[key] = {"target": label, "measured": value, "met": met}
    return {"scenarios": scenarios, "targets": targets, "ratios": ratios}


def print_table(result: dict) -> None:
    print(f"{'scenario':<19} {'median s':>9} {'runs (s)':<28} {'peak MiB':>9}  executed")
    for name, s in result["scenarios"].items():
        runs = ", ".join(f"{v:.2f}" for v in s["seconds"])
        executed = ",".join(map(str, s.get("executed_notebooks", []))) or "-"
        print(f"{name:<19} {s['median_seconds']:>9.2f} {runs:<28} {s['peak_memory_mib']:>9.0f}  {executed}")
    print()
    for name, value in result.get("ratios", {}).items():
        print(f"{'ratio':<13} {name}: {value}")
    print()
    for t in result["targets"].values():
        met = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        print(f"{met:<13} {t['target']} (measured: {t['measured']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/benchmark/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every scenario (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the runner (default: its own)")
    parser.add_argument("--params", default=str(PARAMS_DIR / "astana-2025-en.yaml"), help="parameter file")
    parser.add_argument("--notebooks", default=str(NOTEBOOKS_DIR), help="notebooks folder")
    parser.add_argument("--skip-plain", action="store_true", help="leave out the slow plain way")
    parser.add_argument("-o", "--output", default=str(REPORTS_DIR / "bench.json"), help="where to write JSON")
    args = parser.parse_args(argv)
    reps = []
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    for rep in range(1, args.repeat + 1):
        print(f"repetition {rep}/{args.repeat} ...", flush=True)
        reps.append(one_repetition(rep, Path(args.params).resolve(), Path(args.notebooks).resolve(), args.jobs,
                                   args.skip_plain))
        times = {k: round(v[0], 2) for k, v in reps[-1].items() if isinstance(v, tuple)}
        print(f"  seconds: {times}", flush=True)
        # Written after every repetition, so an interrupted benchmark still leaves what it measured.
        result = summarize(reps)
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "platform": platform.platform(terse=True)}
        result["repeat"] = len(reps)
        result["plain_way"] = ("per notebook: papermill CLI, jupyter nbconvert --to html CLI; then one "
                               "jupyter nbconvert --to report_pdf CLI call over the executed notebooks")
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(result)
    print(f"\nwritten to {_shown(out)}")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
