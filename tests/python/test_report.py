"""The main job: python3 -m okoce report, on the built-in data and on bad input."""

import datetime as dt
import os
import re
import subprocess
import sys

import pandas as pd

import okoce
from okoce.report import build_report, main


def test_report_sections_and_counts(tmp_path):
    p = okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))
    as_of = dt.date(2020, 9, 30)
    report = build_report(p, as_of, str(tmp_path))
    text = open(report.html_path, encoding="utf-8").read()
    assert report.html_path.endswith("report-2020-09-30.html")
    assert text.count("<h2>") == 6
    assert text.count("data:image/png;base64,") >= 6
    assert "Pendaftaran" in text and "Permodalan" in text
    # The summary's registration count, recomputed from the participants table.
    people = p.participants()
    registered = int((pd.to_datetime(people["registered_on"]) <= pd.Timestamp(as_of)).sum())
    line = next(s for s in report.summary if s.startswith("registered by"))
    assert int(re.search(r": ([\d,]+);", line).group(1).replace(",", "")) == registered
    # Fewer than half are ever licensed: no median, so the line says why and gives the share
    # by 12 months and the restricted mean that the library computes.
    km = okoce.time_to(p, as_of)
    assert km.medians["median"].isna().all()
    line = next(s for s in report.summary if s.startswith("time to licence"))
    share_12 = km.reached.set_index("months").loc[12.0, "share"]
    assert "no median (fewer than half" in line and f"{share_12:.1%} licensed by 12 months" in line
    assert f"on average {km.restricted_mean['mean_days'].iloc[0]:.0f} of the first 730.5" in line
    assert "fewer than half of that kota were licensed" in text
    # No personal data reaches the HTML file.
    names = p.participants(personal=["name"])["name"]
    assert not any(n in text for n in names.head(50))


def test_report_on_a_folder(tmp_path):
    p = okoce.synth.jakarta(seed=6, scale=0.01, until=dt.date(2019, 12, 31))
    okoce.save(p, str(tmp_path / "data"))
    assert main([str(tmp_path / "data"), "--as-of", "2019-12-31", "--out",
                 str(tmp_path / "out")]) == 0
    assert os.path.exists(tmp_path / "out" / "report-2019-12-31.html")


def test_bad_input_gives_a_clear_error_and_no_traceback(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "participants.csv").write_text(
        "id,kelurahan,sector,registered_on\nA,31.74.01.1001,food_beverage,2019-02-30\n")
    run = subprocess.run([sys.executable, "-m", "okoce", "report", str(tmp_path / "bad"),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True,
                         env=dict(os.environ))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "participants.csv:2" in run.stderr and "registered_on" in run.stderr
    bad_date = subprocess.run([sys.executable, "-m", "okoce", "report", "--as-of", "2019-13-01"],
                              capture_output=True, text=True, env=dict(os.environ))
    assert bad_date.returncode == 2 and "2019-13-01" in bad_date.stderr


def test_report_lines_say_what_they_count(tmp_path):
    """Mentoring demand, licensed and the funnel's P4 each name their rule; the demand figure is
    recounted here from phases() and the assignments table."""
    p = okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))
    as_of = dt.date(2020, 9, 30)
    report = build_report(p, as_of, str(tmp_path))
    mentors = next(s for s in report.summary if s.startswith("mentors:"))
    assert "whose next step is mentoring (P3)" in mentors and "next_step" in mentors
    ph = okoce.phases(p, as_of)
    a = p.assignments()
    day = pd.Timestamp(as_of)
    paired = set(a["participant"].astype(str)[(pd.to_datetime(a["from"]) <= day)
                                              & (pd.to_datetime(a["to"]).isna()
                                                 | (pd.to_datetime(a["to"]) >= day))])
    needs = ph[ph["active"] & (ph["next_step"].astype(str) == "P3")
               & ~ph["id"].astype(str).isin(paired)]
    assert int(re.search(r"mentors: ([\d,]+) ", mentors).group(1).replace(",", "")) == len(needs)
    registered = next(s for s in report.summary if s.startswith("registered by"))
    assert "IUMK/SKU/NIB" in registered and "registration is P1" in registered
    funnel = next(s for s in report.summary if s.startswith("funnel"))
    assert "sequential" in funnel and "P4 is the recorded P4 step" in funnel
