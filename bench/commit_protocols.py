"""How readers are kept from a half commit: (a) our parts with a commit marker (the documents
file, written last) that the views honour, against (b) the same tables as Delta Lake tables
(the ``deltalake`` package, one atomic commit per table), on a local folder and on S3 (moto's
server on loopback).

    pip install deltalake            # not a dependency of mmbatch; for this comparison only
    python bench/commit_protocols.py [--parts 20] [--docs 200]

Each part holds --docs documents of one page, 16 lines of 6 words and 4 fields each (the
sizes of a cheque run). Printed per layout: the time to commit one part (median), the requests
one commit makes on S3, how long a plain reader of ``lines`` sees the part's lines without their
documents row (the cross-table window), the time to read the latest pages (DuckDB), and what
each needs installed.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.output.schemas import TABLES  # noqa: E402
from pipeline.output.transaction import DatasetTransaction  # noqa: E402


def part_rows(run_id: str, ts: datetime, start: int, docs: int) -> dict:
    rows = {t: [] for t in TABLES}
    box = [{"x": 1.0, "y": 2.0}, {"x": 3.0, "y": 2.0}, {"x": 3.0, "y": 4.0}, {"x": 1.0, "y": 4.0}]
    for d in range(start, start + docs):
        base = {"run_id": run_id, "run_ts": ts, "document_id": f"{d:064x}",
                "path": f"cheques/batch/cheque_{d:06d}.png"}
        rows["documents"].append(dict(base, size_bytes=120_000, file_type="png", page_count=1,
                                      status="ok", ocr_pages=1, text_layer_pages=0,
                                      seconds=1.2, processing_key="k" * 16))
        rows["pages"].append(dict(base, page=1, width=1700.0, height=800.0, units="px",
                                  source="ocr", text=f"PAY TO THE ORDER OF {d} " * 8,
                                  mean_conf=0.95, line_count=16, seconds=1.1, doc_type="cheque"))
        for n in range(16):
            rows["lines"].append(dict(base, page=1, line_no=n, text=f"line {n} of {d} amount",
                                      conf=0.9, box=box,
                                      words=[{"text": f"w{k}", "conf": 0.9, "box": box}
                                             for k in range(6)]))
        for f in ("payee", "amount", "date", "micr_routing"):
            rows["fields"].append(dict(base, page=1, doc_type="cheque", field=f, raw_value="x",
                                       value="1", type="text", confidence=0.9, box=box,
                                       line_nos=[1], status="ok", extractor="rules:cheque"))
    return rows


class Requests(logging.Handler):
    """Counts the requests moto's server answers (one log record each)."""

    def __init__(self):
        super().__init__()
        self.n = 0

    def emit(self, record):
        self.n += 1


def marker_layout(out: str, parts: int, docs: int, counter: Requests):
    times, windows, reqs = [], [], []
    ts0 = datetime(2026, 12, 1, tzinfo=timezone.utc)
    for p in range(parts):
        ts = ts0 + timedelta(minutes=p)
        run_id = ts.strftime("%Y%m%dT%H%M%SZ") + f"-{p:06x}"
        rows = part_rows(run_id, ts, p * docs // 2, docs)  # half the documents seen before
        with DatasetTransaction(out, run_id, ts) as tx:
            for t, r in rows.items():
                tx.add(t, r)
            n0, t0 = counter.n, time.perf_counter()
            tx.commit_part()
            times.append(time.perf_counter() - t0)
            reqs.append(counter.n - n0)
            tx.commit({"run_id": run_id})
        windows.append(0.0)  # the views see a part only once its marker is in
    return times, windows, reqs


def delta_layout(out: str, parts: int, docs: int, counter: Requests, storage_options):
    from deltalake import write_deltalake

    times, windows, reqs = [], [], []
    ts0 = datetime(2026, 12, 1, tzinfo=timezone.utc)
    for p in range(parts):
        ts = ts0 + timedelta(minutes=p)
        run_id = ts.strftime("%Y%m%dT%H%M%SZ") + f"-{p:06x}"
        rows = part_rows(run_id, ts, p * docs // 2, docs)
        tables = {t: pa.Table.from_pylist(r, schema=TABLES[t]) for t, r in rows.items()}
        n0, t0 = counter.n, time.perf_counter()
        first = None
        for t in ("pages", "lines", "fields", "documents"):  # documents last, as ours
            write_deltalake(f"{out}/{t}", tables[t], mode="append",
                            storage_options=storage_options)
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        times.append(end - t0)
        windows.append(end - first)  # lines readable without their documents rows
        reqs.append(counter.n - n0)
    return times, windows, reqs


LATEST_PAGES = """
select count(*) from (
  select * from pages semi join (
    select document_id, run_id from documents
    qualify row_number() over (partition by document_id
                               order by status = 'ok' desc, run_ts desc, run_id desc) = 1)
  using (document_id, run_id))"""


def read_marker(out: str) -> float:
    import duckdb

    from pipeline.output.sql import duckdb_views

    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(duckdb_views(out, tables=("documents", "pages")))
    con.execute("select count(*) from latest_pages").fetchall()
    return time.perf_counter() - t0


def read_marker_python(out: str) -> float:
    from pipeline.output.read import latest

    t0 = time.perf_counter()
    latest(out, "pages")
    return time.perf_counter() - t0


def read_delta(out: str, storage_options) -> float:
    import duckdb
    from deltalake import DeltaTable

    t0 = time.perf_counter()
    documents = DeltaTable(f"{out}/documents", storage_options=storage_options).to_pyarrow_table()
    pages = DeltaTable(f"{out}/pages", storage_options=storage_options).to_pyarrow_table()
    con = duckdb.connect()
    con.register("documents", documents)
    con.register("pages", pages)
    con.execute(LATEST_PAGES).fetchall()
    return time.perf_counter() - t0


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", type=int, default=20)
    ap.add_argument("--docs", type=int, default=200)
    a = ap.parse_args()
    import deltalake
    from moto.server import ThreadedMotoServer

    counter = Requests()
    wz = logging.getLogger("werkzeug")
    wz.addHandler(counter)
    wz.setLevel(logging.INFO)
    wz.propagate = False
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing",
                      AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    import boto3

    boto3.client("s3").create_bucket(Bucket="bench-marker")
    boto3.client("s3").create_bucket(Bucket="bench-delta")
    delta_s3 = {"AWS_ENDPOINT_URL": endpoint, "AWS_ALLOW_HTTP": "true",
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1", "AWS_S3_ALLOW_UNSAFE_RENAME": "true"}
    tmp = Path(tempfile.mkdtemp(prefix="mmbatch-bench-"))
    try:
        results = {}
        results["marker, local"] = marker_layout(str(tmp / "marker"), a.parts, a.docs, counter)
        results["delta, local"] = delta_layout(str(tmp / "delta"), a.parts, a.docs, counter, None)
        results["marker, S3"] = marker_layout("s3://bench-marker/ds", a.parts, a.docs, counter)
        results["delta, S3"] = delta_layout("s3://bench-delta/ds", a.parts, a.docs, counter,
                                            delta_s3)
        reads = {"marker, local": read_marker(str(tmp / "marker")),
                 "delta, local": read_delta(str(tmp / "delta"), None),
                 "delta, S3": read_delta("s3://bench-delta/ds", delta_s3)}
        python = {"marker, local": read_marker_python(str(tmp / "marker")),
                  "marker, S3": read_marker_python("s3://bench-marker/ds")}
        print(f"{a.parts} parts of {a.docs} documents ({a.docs * 16} lines) each\n")
        print(f"{'layout':<15} {'commit/part':>12} {'requests':>9} {'window':>9} "
              f"{'latest (SQL)':>13} {'latest (py)':>12}")

        def ms(x):
            return "" if x is None else f"{x * 1000:.0f} ms"

        for name, (times, windows, reqs) in results.items():
            print(f"{name:<15} {ms(statistics.median(times)):>12} "
                  f"{statistics.median(reqs):>9.0f} {ms(statistics.median(windows)):>9} "
                  f"{ms(reads.get(name)):>13} {ms(python.get(name)):>12}")
        print("(window: how long a reader of one table sees the part's lines without their "
              "documents rows; the marker views never do. latest (SQL): DuckDB over the files, "
              "for Delta after deltalake reads the tables to Arrow; no httpfs here for S3)")
        print(f"\non disk: marker {size_of(tmp / 'marker') / 1e6:.1f} MB, "
              f"delta {size_of(tmp / 'delta') / 1e6:.1f} MB "
              f"({len(list((tmp / 'delta').rglob('_delta_log/*.json')))} log files)")
        dl = Path(deltalake.__file__).parent
        print(f"deltalake {deltalake.__version__}: {size_of(dl) / 1e6:.0f} MB installed")
        t = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); "
                            "import deltalake, deltalake.writer; "
                            "print(time.perf_counter()-t)"], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        print(f"import deltalake: {float(t.stdout.strip()) * 1000:.0f} ms")
        import duckdb

        try:
            duckdb.connect().execute("install delta; load delta")
            print("DuckDB delta extension: installed")
        except Exception as e:  # offline: the extension is downloaded on first use
            print(f"DuckDB delta extension: not available ({str(e).splitlines()[0][:90]})")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
