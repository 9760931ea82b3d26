"""The analyst notebook executes from top to bottom, draws every chart inline, and prints figures
that pandas recomputes from the participants table; the README's HTML export command works."""

import datetime as dt
import os
import pathlib
import re
import subprocess
import sys

import nbclient
import nbformat
import pandas as pd
import pytest

import okoce

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "quarterly_review.ipynb"
# Sections 1 to 4 and monitoring each draw at least one chart.
MIN_CHARTS = 6
# The kernel runs in another folder, so it finds the package this test imports by absolute path.
PACKAGE_PARENT = str(pathlib.Path(okoce.__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [PACKAGE_PARENT, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {
                                         "path": str(tmp_path_factory.mktemp("nb"))}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def people():
    # The notebook's own programme, rebuilt here: the same seed, scale and end.
    programme = okoce.synth.jakarta(seed=2017, scale=0.05, until=dt.date(2022, 10, 31))
    return programme.participants()


def test_notebook_runs(executed):
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # The first cell printed the participant count the programme reports.
    first = executed.cells[1]["outputs"][0]["text"]
    assert "participants; columns:" in first
    assert "nik" not in first.split("columns:")[1]


def test_every_chart_cell_shows_its_chart(executed):
    charts = [c for c in executed.cells
              if c.cell_type == "code" and "chart" in c.metadata.get("tags", [])]
    assert len(charts) >= MIN_CHARTS
    for cell in charts:
        images = [o for o in cell.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert images, f"chart cell {cell.get('id')} produced no image/png output"
    # Nothing forces a non-interactive backend, which would leave the notebook without images.
    assert not any("matplotlib.use(" in c.source for c in executed.cells)


def test_target_in_force_counts_registrations(executed, people):
    printed = "\n".join(_text(c) for c in executed.cells if c.cell_type == "code")
    m = re.search(r"(\S+): ([\d,]+) participants registered in (.+?) from (\d{4}-\d\d-\d\d) to "
                  r"(\d{4}-\d\d-\d\d) against a target of ([\d,]+) by (\d{4}-\d\d-\d\d)", printed)
    assert m, printed
    count = int(m.group(2).replace(",", ""))
    start, as_of, end = (pd.Timestamp(m.group(k)) for k in (4, 5, 7))
    assert m.group(1) == "T-REG-2022" and m.group(3) == "Daerah Khusus Ibukota Jakarta"
    assert start <= as_of <= end  # the target shown is the one in force on the review date
    # The province-wide target counts every registration in its period seen by the review date.
    registered = people["registered_on"]
    expected = int(((registered >= start) & (registered <= as_of)).sum())
    assert count == expected


def test_active_participants_by_phase(executed, people):
    printed = "\n".join(_text(c) for c in executed.cells if c.cell_type == "code")
    m = re.search(r"([\d,]+) participants active on (\d{4}-\d\d-\d\d) \(registered, not exited\): "
                  r"([\d,]+) starting, ([\d,]+) mid_stage, ([\d,]+) stalled", printed)
    assert m, printed
    total, *parts = (int(m.group(k).replace(",", "")) for k in (1, 3, 4, 5))
    day = pd.Timestamp(m.group(2))
    # Active: registered on or before the day and not exited on or before it.
    active = (people["registered_on"] <= day) & ~(people["exited_on"] <= day)
    assert total == int(active.sum())
    assert sum(parts) == total


def test_html_export_as_the_readme_says(tmp_path):
    # The README's command (PYTHONPATH holds the package by absolute path: the kernel runs in
    # the notebook's folder).
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    out = pathlib.Path(os.environ.get("OKOCE_TEST_ARTEFACTS", tmp_path))
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--execute", str(NOTEBOOK),
                    "--output-dir", str(out)], check=True, env=env, cwd=ROOT,
                   capture_output=True, timeout=600)
    html = (out / "quarterly_review.html").read_text(encoding="utf-8")
    charts = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells
              if "chart" in c.metadata.get("tags", [])]
    assert html.count('<img src="data:image/png;base64,') == len(charts) >= MIN_CHARTS
    assert "Traceback" not in html
