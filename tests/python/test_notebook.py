"""The analyst notebook executes from top to bottom; a failing cell fails the test."""

import os
import pathlib

import nbclient
import nbformat

NOTEBOOK = (pathlib.Path(__file__).resolve().parents[2] / "examples" / "notebooks"
            / "quarterly_review.ipynb")


def test_notebook_runs(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    # The first cell printed the participant count the programme reports.
    first = nb.cells[1]["outputs"][0]["text"]
    assert "participants; columns:" in first
    assert "nik" not in first.split("columns:")[1]
