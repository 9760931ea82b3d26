"""The main job: python3 -m okoce report, on the built-in data and on bad input."""

import datetime as dt
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

import okoce
from okoce.report import build_report, main


def test_report_sections_and_counts(tmp_path):
    p = okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))
    as_of = dt.date(2020, 9, 30)
    report = build_report(p, as_of, str(tmp_path), lang="en")
    text = open(report.html_path, encoding="utf-8").read()
    assert report.html_path.endswith("report-2020-09-30-en.html")
    assert text.count("<h2>") == 6
    assert text.count("data:image/png;base64,") >= 5
    assert "Pendaftaran" in text and "Permodalan" in text
    # The summary's registration count, recomputed from the participants table.
    people = p.participants()
    registered = int((pd.to_datetime(people["registered_on"]) <= pd.Timestamp(as_of)).sum())
    line = next(s for s in report.summary if s.startswith("registered by"))
    assert int(re.search(r"P1\): ([\d,]+);", line).group(1).replace(",", "")) == registered
    # Fewer than half are ever licensed: no median, so the line says why and gives the share
    # by 12 months and the restricted mean that the library computes.
    km = okoce.time_to(p, as_of)
    assert km.medians["median"].isna().all()
    line = next(s for s in report.summary if s.startswith("time to licence"))
    share_12 = km.reached.set_index("months").loc[12.0, "share"]
    assert "no median (fewer than half" in line and f"{share_12:.1%} licensed by 12 months" in line
    assert f"on average {km.restricted_mean['mean_days'].iloc[0]:.0f} of the first 730.5" in line
    assert "fewer than half of that kota were licensed" in text
    assert "mid_stage" not in text and "a_la_carte" not in text
    # No personal data reaches the HTML file.
    names = p.participants(personal=["name"])["name"]
    assert not any(n in text for n in names.head(50))


def test_report_on_a_folder(tmp_path):
    p = okoce.synth.jakarta(seed=6, scale=0.01, until=dt.date(2019, 12, 31))
    okoce.save(p, str(tmp_path / "data"))
    assert main([str(tmp_path / "data"), "--as-of", "2019-12-31", "--out",
                 str(tmp_path / "out")]) == 0
    assert os.path.exists(tmp_path / "out" / "report-2019-12-31-id.html")


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
    report = build_report(p, as_of, str(tmp_path), lang="en")
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


def _cards(text):
    return dict(re.findall(r"data-figure='(\w+)' data-value='([^']*)'", text))


@pytest.fixture(scope="module")
def jakarta_2020():
    return okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_headline_cards_match_figures_counted_here(tmp_path, jakarta_2020, lang):
    p, as_of = jakarta_2020, dt.date(2020, 9, 30)
    day = pd.Timestamp(as_of)
    text = open(build_report(p, as_of, str(tmp_path), lang=lang).html_path,
                encoding="utf-8").read()
    cards = _cards(text)
    assert list(cards) == ["registered", "licensed", "target", "demand", "monitoring"]
    people = p.participants()
    reg = pd.to_datetime(people["registered_on"])
    assert int(cards["registered"]) == int((reg <= day).sum())
    # Licensed: an IUMK/SKU/NIB licence issued by the date that was still in force on or after
    # registration (a licence held before joining counts from joining), per participant.
    lic = p.licences()
    lic = lic[lic["kind"].astype(str).isin(["IUMK", "SKU", "NIB"])
              & (pd.to_datetime(lic["issued_on"]) <= day)]
    lic = lic.merge(people[["id", "registered_on"]], left_on="participant", right_on="id")
    lic = lic[(pd.to_datetime(lic["registered_on"]) <= day)
              & (lic["valid_until"].isna() | (pd.to_datetime(lic["valid_until"])
                                               >= pd.to_datetime(lic["registered_on"])))]
    assert int(cards["licensed"]) == lic["participant"].nunique()
    # The registration target in force in 2020: actual = registrations in its period.
    in_2020 = ((reg >= pd.Timestamp("2020-01-01")) & (reg <= day)).sum()
    assert int(cards["target"]) == int(in_2020)
    assert "T-REG-2020" in text
    # Demand: active, no current pair, next step P3 (phases() and assignments() in pandas).
    ph = okoce.phases(p, as_of)
    a = p.assignments()
    paired = set(a["participant"].astype(str)[(pd.to_datetime(a["from"]) <= day)
                                              & (pd.to_datetime(a["to"]).isna()
                                                 | (pd.to_datetime(a["to"]) >= day))])
    needs = ph[ph["active"] & (ph["next_step"].astype(str) == "P3")
               & ~ph["id"].astype(str).isin(paired)]
    assert int(cards["demand"]) == len(needs)
    # On time: the per-participant table's sums, against the summary rate the card shows.
    per = okoce.monitoring(p, as_of).participants
    assert float(cards["monitoring"]) == pytest.approx(
        per["received_on_time"].sum() / per["expected"].sum(), abs=1e-6)
    # Each card says what it counts.
    notes = re.findall(r"<div class='cn'>([^<]*)</div>", text)
    assert len(notes) == 5 and all(len(n) > 30 for n in notes)
    assert "P1" in notes[0] and "IUMK/SKU/NIB" in notes[1] and "next_step" in notes[3]
    assert "30" in notes[4]


def test_targets_in_force_come_before_expired_ones(tmp_path, jakarta_2020):
    text = open(build_report(jakarta_2020, dt.date(2020, 9, 30), str(tmp_path),
                             lang="en").html_path, encoding="utf-8").read()
    in_force = text.index("Targets in force on 2020-09-30")
    expired = text.index("Expired targets")
    funnel = text.index("<h2>The seven steps")
    # The 2020 registration target is in force; the 267 kelurahan licence targets of 2018
    # ended and sit folded after it, before the funnel.
    assert text.index("T-REG-2020") < in_force  # the headline card names it first
    assert in_force < text.index("T-REG-2020", in_force) < expired < text.index("T-LIC-") < funnel
    assert text.index("<details>") < text.index("T-LIC-")
    assert in_force < text.index("T-REG-2021") < expired  # not started yet: listed, not "expired"


def test_indonesian_report_uses_the_library_labels_and_names(tmp_path, jakarta_2020):
    p = jakarta_2020
    report = build_report(p, dt.date(2020, 9, 30), str(tmp_path))
    text = open(report.html_path, encoding="utf-8").read()
    assert report.lang == "id" and "<html lang='id'>" in text
    for step in okoce.Step:
        assert f"{step.value} {step.label_id}" in text
    for phase in okoce.Phase:
        assert phase.label_id in text
    assert "mid_stage" not in text and "insufficient_monitoring_data" not in text
    assert "data pemantauan tidak cukup" in text
    assert "Perpindahan fase" in text and "dari 2020Q2" in text and "ke 2020Q3" in text
    # Names, with the code in brackets or beside: every kota and kecamatan of the data.
    regions = okoce.regions(p)
    for level in ("kota", "kecamatan"):
        for code, name in regions.loc[regions["level"] == level, ["code", "name"]].values:
            short = name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")
            assert short in text, (level, code)
    assert "Gambir (31.71.01)" in text
    # Mentors' activity: MO002's term ended on 2020-01-31 (see mentors()).
    assert re.search(r"<td>MO002</td>\s*<td>office</td>\s*<td>[^<]*</td>\s*<td>tidak</td>", text)
    assert report.summary[2].startswith("terdaftar s.d. 2020-09-30")
    # No personal data.
    people = p.participants(personal=["name", "nik"])
    assert not any(n in text for n in people["name"].head(200))
    assert not any(str(n) in text for n in people["nik"].dropna().head(200))


def test_lang_is_checked(tmp_path, jakarta_2020):
    with pytest.raises(ValueError, match="lang"):
        build_report(jakarta_2020, dt.date(2020, 9, 30), str(tmp_path), lang="fr")
