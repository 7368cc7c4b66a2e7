"""A real compare run (real OCR, encoders and cache) over sample cheques and copies of them."""
from __future__ import annotations

import json
from pathlib import Path

from compare_fixtures import compare_dirs, compare_run, pair, read  # noqa: F401 (fixtures)

RESCANS = ("cheque_05.png", "c05_rescan_a.jpg", "c05_rescan_b.jpg")


def test_rescans_of_a_cheque_are_duplicates(compare_run):
    first, _, out = compare_run
    rows = read(out, "comparisons", first.run_id)
    for a, b in [(RESCANS[0], RESCANS[1]), (RESCANS[0], RESCANS[2]), (RESCANS[1], RESCANS[2])]:
        r = pair(rows, a, b)
        assert r["verdict"] == "duplicate", r
        assert r["score"] >= 0.68 and r["micr_score"] == 1.0
        assert r["image_score"] > 0.7 and r["phash_score"] > 0.6


def test_same_template_other_payee_is_not_a_duplicate(compare_run):
    first, _, out = compare_run
    rows = read(out, "comparisons", first.run_id)
    for a in RESCANS:
        r = pair(rows, a, "cheque_06.png")
        assert r["verdict"] == "same_template", r
        assert r["micr_score"] == 0.5 and "another serial" in r["reason"]
    dup_rows = [r for r in rows if r["verdict"] == "duplicate"]
    assert not [r for r in dup_rows if "cheque_06.png" in (Path(r["path_a"]).name, Path(r["path_b"]).name)]


def test_duplicate_presentment_is_caught_whatever_the_image(compare_run):
    first, _, out = compare_run
    r = pair(read(out, "comparisons", first.run_id), "cheque_01.png", "c01_presented_again.png")
    assert r["verdict"] == "duplicate" and r["micr_score"] == 1.0
    assert r["reason"].startswith("same MICR routing, account and serial and the same amount")
    assert r["image_score"] < 0.95  # another layout, tint and pattern


def test_groups(compare_run):
    first, _, out = compare_run
    groups = read(out, "groups", first.run_id)
    dup = {}
    for g in groups:
        if g["kind"] == "duplicate":
            dup.setdefault(g["group_id"], set()).add(Path(g["path"]).name)
    assert set(map(frozenset, dup.values())) == {
        frozenset(RESCANS), frozenset({"c01_presented_again.png", "cheque_01.png"})}
    tpl = {}
    for g in groups:
        if g["kind"] == "template":
            tpl.setdefault(g["group_id"], set()).add(Path(g["path"]).name)
    assert set(RESCANS) | {"cheque_06.png"} in tpl.values()
    assert first.duplicate_groups == 2 and first.verdicts["duplicate"] == 4


def test_second_run_reads_everything_from_the_cache(compare_run):
    first, second, out = compare_run
    assert first.computed["image"] == first.pages == 6
    assert second.computed == {"image": 0, "text": 0, "minhash": 0, "aligned_pairs": 0}
    assert second.cached_pages == second.pages == 6
    a = read(out, "comparisons", first.run_id)
    b = read(out, "comparisons", second.run_id)
    key = lambda r: (r["path_a"], r["path_b"], r["verdict"], r["score"], r["image_score"])  # noqa: E731
    assert sorted(map(key, a)) == sorted(map(key, b))


def test_manifest_and_schema_version(compare_run):
    import pyarrow.parquet as pq

    from pipeline.output.schemas import COMPARISONS, SCHEMA_VERSION

    first, _, out = compare_run
    m = json.loads(Path(first.manifest_path).read_text())
    assert m["command"] == "compare" and m["counts"]["pages"] == 6
    assert m["models"]["img_opennsfw"]["sha256"].startswith("864bb37b")
    assert set(m["files"]) == {"comparisons", "groups"}
    f = out / m["files"]["comparisons"][0]
    t = pq.read_table(f)
    assert t.schema.metadata[b"mmbatch.schema_version"] == SCHEMA_VERSION.encode() == b"7"
    assert t.schema.remove_metadata().equals(COMPARISONS)
    assert not (out / "_staging").exists()


def test_recover_removes_a_compare_part_that_was_never_committed(compare_run, tmp_path):
    """A compare run killed between renaming its groups file and its comparisons file (the one
    that commits a part) leaves a groups part of its own: the next run's recover removes it,
    and the committed parts stay."""
    import shutil

    from pipeline.output.writer import recover

    out = tmp_path / "out"
    shutil.copytree(compare_run[2], out)
    committed = sorted(p.relative_to(out) for p in out.glob("*/run_date=*/*.parquet"))
    orphan = next(out.glob("groups/run_date=*/*.parquet"))
    dead = orphan.with_name("part-20990101T000000Z-dead00-0.parquet")
    shutil.copy(orphan, dead)
    (out / "_staging" / "20990101T000000Z-dead00").mkdir(parents=True)
    removed = recover(out)
    assert sorted(removed) == sorted([str(dead.relative_to(out)),
                                      "_staging/20990101T000000Z-dead00"])
    assert sorted(p.relative_to(out) for p in out.glob("*/run_date=*/*.parquet")) == committed


def test_compare_reads_its_pages_without_a_temporary_dataset(tmp_path, monkeypatch):
    """A compare killed at any moment leaves no /tmp/mmbatch-compare-* folder behind: the
    extract run it reads pages through writes no dataset at all."""
    import tempfile

    from pipeline.compare.pages import extract_pages
    from pipeline.runners.driver import RunOptions

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    from conftest import SAMPLES

    items, failed, summary = extract_pages([str(SAMPLES / "pdfs" / "born_digital.pdf")],
                                           RunOptions(use_cache=False, workers=1, quiet=True))
    assert len(items) == 1 and not failed and summary.documents == 1
    assert "Invoice No: INV-2026-0417" in items[0].text
    assert list(tmp_path.iterdir()) == []  # no folder made anywhere
