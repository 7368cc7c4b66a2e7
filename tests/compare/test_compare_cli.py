"""mmbatch compare and extract --compare through the CLI."""
import shutil

from click.testing import CliRunner

from conftest import SAMPLES, read_table
from pipeline.cli import main


def test_extract_with_compare_writes_comparisons_and_groups(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in ("cheque_05.png", "cheque_06.png"):
        shutil.copy(SAMPLES / "cheques" / n, src)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["extract", str(src), "--out", str(out), "--compare",
                                  "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "mmbatch compare: 2 pages of 2 documents" in r.stderr
    (pair,) = [p for p in read_table(out, "comparisons").to_pylist() if p["verdict"] != "different"]
    assert {pair["path_a"].split("/")[-1], pair["path_b"].split("/")[-1]} == {"cheque_05.png", "cheque_06.png"}
    assert pair["verdict"] == "same_template" and "another serial" in pair["reason"]
    # compare alone on the same inputs reads every page from the cache
    r = CliRunner().invoke(main, ["compare", str(src), "--out", str(tmp_path / "out2"),
                                  "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert read_table(tmp_path / "out2", "groups").num_rows >= 2
