"""``python tests/benchmark/scale.py [--rows 10000 100000]``: how the checks grow with the facts table.

A synthetic facts table repeats the bundled briefing for as many regions as the row count needs (each region a
copy with its own ids), then three steps are timed, each in this process, best of ``--repeat``:

facts       load and validate the whole table (``python -m analysis facts``)
claims      every claim check of the whole table (``python -m analysis claims``)
one-region  what a run for one region does before any kernel starts: ``prepare`` with ``-p region`` (the table
            validated, the claims of that region checked, the source record verified), with an empty cache

Prints one line per size and step, and a JSON summary: seconds of wall time and of this process's CPU time (on a
shared machine the CPU time is the steadier of the two).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.config import DEFAULT_FACTS, NOTEBOOKS_DIR, PARAMS_DIR
from analysis.core.claims import check_claims
from analysis.core.facts import load_facts
from analysis.pipeline.runner import RunConfig, prepare


def synthetic_facts(rows: int, folder: Path) -> tuple[Path, str]:
    """A facts file of about ``rows`` rows: the bundled rows repeated for regions R00000, R00001, ..."""
    with DEFAULT_FACTS.open(encoding="utf-8", newline="") as handle:
        base = list(csv.DictReader(handle))
    fields = list(base[0])
    path = folder / f"facts-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        written, region = 0, 0
        while written < rows:
            name = f"R{region:05d}"
            for row in base:
                if written >= rows:
                    break
                copy = dict(row, region=name, fact_id=f"{row['fact_id']}-{name.lower()}")
                if copy["relates_to"]:
                    copy["relates_to"] = f"{row['relates_to']}-{name.lower()}"
                writer.writerow(copy)
                written += 1
            region += 1
    # The labels of the themes and metrics are the bundled ones; each synthetic region gets its own.
    meta = DEFAULT_FACTS.with_suffix(".meta.yaml").read_text(encoding="utf-8")
    labels = "".join(f"  R{r:05d}: {{en: R{r:05d}, kk: R{r:05d}, ru: R{r:05d}}}\n" for r in range(region))
    path.with_suffix(".meta.yaml").write_text(meta.replace("\nregions:\n", "\nregions:\n" + labels, 1),
                                              encoding="utf-8")
    # The last region may be cut short (a relation to a missing row); name a complete one.
    return path, "R00000"


def best(fn, repeat: int) -> dict[str, float]:
    """The shortest wall time and the shortest CPU time of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {"wall": min(wall), "cpu": min(cpu)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    summary = {}
    tmp = Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        for rows in args.rows:
            # Whole regions only, so every relation finds its row.
            per_region = sum(1 for _ in DEFAULT_FACTS.open(encoding="utf-8")) - 1
            rows = max(per_region, rows // per_region * per_region)
            path, region = synthetic_facts(rows, tmp)
            facts = load_facts(path)
            timings = {
                "facts": best(lambda p=path: load_facts(p), args.repeat),
                "claims": best(lambda f=facts: check_claims(f), args.repeat),
            }

            def one_region(p=path, r=region, n=rows):
                cache = tmp / f"cache-{n}-{time.perf_counter_ns()}"
                config = RunConfig(notebooks_dir=NOTEBOOKS_DIR, reports_dir=tmp / "reports", cache_dir=cache)
                prepare([str(PARAMS_DIR / "astana-2025-en.yaml")], [("facts", str(p)), ("region", r)], config)
                shutil.rmtree(cache, ignore_errors=True)

            timings["one-region"] = best(one_region, args.repeat)
            summary[rows] = {step: {k: round(v, 2) for k, v in t.items()} for step, t in timings.items()}
            for step, t in timings.items():
                print(f"{rows:>7} rows  {step:<10} {t['wall']:7.2f} s  (cpu {t['cpu']:7.2f} s)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
