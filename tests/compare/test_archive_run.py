"""mmbatch compare new/ --against archive/ on real sample cheques and rescans made from them:
the batch is checked against the pages earlier runs archived and finds the same duplicates as
one run over everything (the exact search)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from compare_fixtures import compare_dirs, compare_run, read  # noqa: F401 (fixtures)
from pipeline.cli import main
from pipeline.compare.run import CompareOptions, run_compare
from pipeline.runners.driver import RunOptions


def dup_pairs(rows, names=("duplicate", "near_duplicate")):
    return {(frozenset({Path(r["path_a"]).name, Path(r["path_b"]).name}), r["verdict"])
            for r in rows if r["verdict"] in names}


def test_batch_against_archive_finds_what_one_run_over_everything_finds(compare_dirs, compare_run):
    base, (inbox, archive) = compare_dirs
    first, _, out = compare_run                      # one run over inbox and archive together
    crossing = {p for p in dup_pairs(read(out, "comparisons", first.run_id))
                if len([n for n in p[0] if (Path(archive) / n).exists()]) == 1}
    assert (frozenset({"c01_presented_again.png", "cheque_01.png"}), "duplicate") in crossing
    assert (frozenset({"c05_rescan_a.jpg", "cheque_05.png"}), "duplicate") in crossing

    arch = base / "bank"
    run = RunOptions(cache_dir=str(base / "cache"), workers=1, quiet=True)
    seed = run_compare([archive], str(arch), CompareOptions(against=str(arch)), run=run)
    assert seed.archive_added == 3 and seed.archive_pages == 0
    batch = run_compare([inbox], str(arch), CompareOptions(against=str(arch)), run=run)
    assert batch.archive_pages == 3 and batch.archive_added == 3
    found = dup_pairs(read(arch, "comparisons", batch.run_id))
    got = {p for p in found if len([n for n in p[0] if (Path(archive) / n).exists()]) == 1}
    assert got == crossing

    # the CLI: --out defaults to --against; the same batch again is not a duplicate of itself
    r = CliRunner().invoke(main, ["compare", inbox, "--against", str(arch), "--workers", "1",
                                  "--cache", str(base / "cache")])
    assert r.exit_code == 0, r.output
    assert "checked against 6 archived pages, 0 added" in r.stderr
    runs = sorted((arch / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    again = read(arch, "comparisons", runs[-1].stem)
    assert not [r for r in again if r["path_a"] == r["path_b"]]
    assert {p for p in dup_pairs(again)
            if len([n for n in p[0] if (Path(archive) / n).exists()]) == 1} == crossing
