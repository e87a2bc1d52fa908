"""Benchmark: ingest the whole real folder (../shared/data/real) into a fresh database on SQLite
and on PostgreSQL, each in its own subprocess; records wall time and peak memory (ru_maxrss).

Run:  python benchmarks/ingest.py [--folder PATH] [--backend sqlite|postgresql]
Target: under 60 s and under 1 GB per back-end. The last results are written to
benchmarks/ingest.results.md (beside this script).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from results_file import write_results

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO.parent / "shared" / "data" / "real"
POSTGRES_URL = os.environ.get("SCHOOLBOT_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")

CHILD = r"""
import json, resource, sys, tempfile, time, uuid
from sqlalchemy import create_engine, text
from bot.db import make_engine, migrate
from bot.ingest import ingest_paths

backend, folder, pg = sys.argv[1:4]
cleanup = None
if backend == "sqlite":
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
else:
    schema = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(pg)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"
    def cleanup():
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
try:
    engine = make_engine(url)
    migrate(engine)
    start = time.perf_counter()
    report = ingest_paths(engine, [folder])
    seconds = time.perf_counter() - start
    engine.dispose()
finally:
    if cleanup:
        cleanup()
print(json.dumps({
    "seconds": round(seconds, 2),
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "files": len(report.loaded), "rows": report.rows_loaded,
}))
"""


def run(backend: str, folder: Path) -> dict:
    """Ingest `folder` in a fresh subprocess; its measurements plus the process wall time."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, backend, str(folder), POSTGRES_URL],
                         cwd=REPO, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - start, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
             f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f}"]
    for backend in backends:
        r = run(backend, args.folder)
        ok = r["seconds"] < 60 and r["peak_mb"] < 1024
        lines.append(f"{backend:<10} ingest {r['seconds']:6.1f} s (process {r['process_seconds']:.1f} s), "
                     f"peak {r['peak_mb']:.0f} MB, {r['files']} files, {r['rows']:,} rows "
                     f"-> {'within' if ok else 'OVER'} target (60 s, 1 GB)")
        print(lines[-1])
    write_results(__file__, lines)


if __name__ == "__main__":
    main()
