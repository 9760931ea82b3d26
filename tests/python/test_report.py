"""The main job: python3 -m okoce report, on the built-in data and on bad input."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

import okoce
from okoce.report import build_report, main, progress_steps
from okoce.report.sections import GLOSSARY, SECTIONS
from okoce.report.text import Words

AS_OF = dt.date(2020, 9, 30)
# The catalogues' sources (the package holds only the compiled .mo files).
CATALOGUES = Path(__file__).resolve().parents[2] / "bindings/python/okoce/report/locale"


@pytest.fixture(scope="module")
def jakarta_2020():
    return okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))


@pytest.fixture(scope="module")
def reports(jakarta_2020, tmp_path_factory):
    """Both languages' reports of the same programme, built once: (report, HTML text)."""
    out = tmp_path_factory.mktemp("report")
    built = {}
    for lang in ("id", "en"):
        r = build_report(jakarta_2020, AS_OF, str(out), lang=lang)
        built[lang] = (r, Path(r.html_path).read_text(encoding="utf-8"))
    return built


def _visible(html):
    """The page's text as a reader sees it: no tags, no embedded images."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", html)))


def _thousands_id(n):
    return f"{n:,}".replace(",", ".")


def _cards(text):
    return dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', text))


def _registered(p, day):
    return int((pd.to_datetime(p.participants()["registered_on"]) <= pd.Timestamp(day)).sum())


def _on_time_share(p, day):
    per = okoce.monitoring(p, day).participants
    return per["received_on_time"].sum() / per["expected"].sum()


def test_report_sections_come_from_the_registry(reports):
    for lang, (report, text) in reports.items():
        assert report.html_path.endswith(f"report-2020-09-30-{lang}.html")
        assert re.findall(r'<section id="(\w+)">', text) == [s.key for s in SECTIONS]
        assert re.findall(r"<h2>([^<]*)</h2>", text) == report.sections
        assert len(report.sections) == len(SECTIONS)
        assert text.count("data:image/png;base64,") >= 5
    # The registry ends with the glossary, and no console dump sits under the cards.
    assert SECTIONS[-1].key == "glossary"
    assert all("<pre" not in text for _, text in reports.values())


def test_progress_is_called_once_per_step(jakarta_2020, tmp_path):
    seen = []
    report = build_report(jakarta_2020, AS_OF, str(tmp_path), progress=seen.append, lang="en")
    assert len(seen) == progress_steps() == 1 + len(SECTIONS)
    assert seen[1:] == report.sections


def test_summary_lines_against_figures_counted_here(jakarta_2020, reports):
    p = jakarta_2020
    report, text = reports["en"]
    assert "Pendaftaran" in text and "Permodalan" in text
    line = next(s for s in report.summary if s.startswith("registered by"))
    count = re.search(r"P1\): ([\d,]+);", line).group(1)
    assert int(count.replace(",", "")) == _registered(p, AS_OF)
    # Fewer than half are ever licensed: no median, so the line says why and gives the share
    # by 12 months and the restricted mean that the library computes, written by hand here.
    km = okoce.time_to(p, AS_OF)
    assert km.medians["median"].isna().all()
    line = next(s for s in report.summary if s.startswith("time to licence"))
    share_12 = km.reached.set_index("months").loc[12.0, "share"]
    assert "no median (fewer than half" in line
    assert f"{round(share_12 * 100, 1)}% licensed within 12 months" in line
    mean = round(km.restricted_mean["mean_days"].iloc[0])
    assert f"on average {mean} of the first 730.5 days (24 months)" in line
    assert "fewer than half of that kota got licensed" in text
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
    bad_lang = subprocess.run([sys.executable, "-m", "okoce", "report", "--lang", "fr"],
                              capture_output=True, text=True, env=dict(os.environ))
    assert bad_lang.returncode == 2 and "invalid choice: 'fr'" in bad_lang.stderr


def _needs_a_mentor(p, day):
    """Active, next step P3 and no pair on the date: recounted from phases() and assignments()."""
    ph = okoce.phases(p, day)
    a = p.assignments()
    t = pd.Timestamp(day)
    paired = set(a["participant"].astype(str)[(pd.to_datetime(a["from"]) <= t)
                                              & (pd.to_datetime(a["to"]).isna()
                                                 | (pd.to_datetime(a["to"]) >= t))])
    return int((ph["active"] & (ph["next_step"].astype(str) == "P3")
                & ~ph["id"].astype(str).isin(paired)).sum())


def test_report_lines_say_what_they_count(jakarta_2020, reports):
    """Mentoring demand, licensed and the funnel's P4 each say what they count; the demand
    figure is recounted here."""
    report, _ = reports["en"]
    mentors = next(s for s in report.summary if s.startswith("mentors:"))
    assert "whose next step is mentoring (P3)" in mentors
    assert int(re.search(r"mentors: ([\d,]+) ", mentors).group(1).replace(",", "")) \
        == _needs_a_mentor(jakarta_2020, AS_OF)
    registered = next(s for s in report.summary if s.startswith("registered by"))
    assert "IUMK/SKU/NIB" in registered and "registration is P1" in registered
    funnel = next(s for s in report.summary if s.startswith("funnel"))
    assert "steps in order" in funnel and "P4 is the recorded P4 step" in funnel


@pytest.mark.parametrize("lang", ["id", "en"])
def test_headline_cards_match_figures_counted_here(jakarta_2020, reports, lang):
    p, day = jakarta_2020, pd.Timestamp(AS_OF)
    _, text = reports[lang]
    cards = _cards(text)
    assert list(cards) == ["registered", "licensed", "target", "demand", "monitoring"]
    people = p.participants()
    reg = pd.to_datetime(people["registered_on"])
    assert int(cards["registered"]) == _registered(p, AS_OF)
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
    assert int(cards["demand"]) == _needs_a_mentor(p, AS_OF)
    # On time: the per-participant table's sums, against the summary rate the card shows.
    assert float(cards["monitoring"]) == pytest.approx(_on_time_share(p, AS_OF), abs=1e-6)
    # Each card says what it counts.
    notes = re.findall(r'<div class="cn">([^<]*)</div>', text)
    assert len(notes) == 5 and all(len(n) > 30 for n in notes)
    assert "P1" in notes[0] and "IUMK" in notes[1] and "(P3)" in notes[3]
    assert "30" in notes[4]


def test_indonesian_numbers_dates_and_quarters(jakarta_2020, reports):
    """The Indonesian report writes 1.234 and 56,4%, dates as 30 September 2020 and quarters
    as Triwulan III 2020, in the cards, the tables and the summary alike."""
    p = jakarta_2020
    report, text = reports["id"]
    values = re.findall(r'<div class="cv">([^<]*)</div>', text)
    registered = _registered(p, AS_OF)
    assert registered >= 1000  # so that the thousands separator shows
    assert values[0] == _thousands_id(registered)
    share = _on_time_share(p, AS_OF)
    per = okoce.monitoring(p, AS_OF).participants
    assert values[4] == (f"{share * 100:.1f}".replace(".", ",") + "% ("
                         + _thousands_id(int(per["received_on_time"].sum())) + " dari "
                         + _thousands_id(int(per["expected"].sum())) + ")")
    assert report.summary[2].startswith("terdaftar s.d. 30 September 2020 (pendaftaran = P1): "
                                        + _thousands_id(registered) + ";")
    # The funnel table's P1 for Jakarta Timur (31.75), counted here from the participants.
    people = p.participants()
    timur = ((pd.to_datetime(people["registered_on"]) <= pd.Timestamp(AS_OF))
             & people["kelurahan"].astype(str).str.startswith("31.75.")).sum()
    assert timur >= 1000
    assert re.search(r"<td>Jakarta Timur</td>\s*<td>31\.75</td>\s*<td class=\"n\">"
                     + re.escape(_thousands_id(int(timur))) + "</td>", text)
    shown = _visible(text)
    assert "Perpindahan fase dari Triwulan II 2020 ke Triwulan III 2020" in shown
    assert "1 Januari 2020" in shown and "31 Desember 2020" in shown
    # None of the English or raw forms: 1,234 thousands, 0.848 shares, ISO dates, 2020Q3.
    assert not re.search(r"\d,\d{3}(?!\d)", shown)
    assert not re.search(r"(?<![\d.])0\.\d", shown)
    assert not re.search(r"\d{4}-\d\d-\d\d", shown)
    assert not re.search(r"\d{4}Q\d", shown)
    # Every number in a table is a whole number grouped by dots, or has one decimal after a
    # comma, or is a percentage; days are whole (not 707.000): under 730,5 they have no dot.
    cells = re.findall(r'<td class="n">([^<]*)</td>', text)
    assert cells and all(re.fullmatch(r"([+-]?\d{1,3}(\.\d{3})*(,\d)?%?)?", c) for c in cells)
    time = text[text.index('<section id="time">'):text.index('<section id="mentors">')]
    days = re.findall(r'<td class="n">([^<]*)</td>\s*</tr>', time)
    assert len(days) == 6 and all(re.fullmatch(r"\d{1,3}", d) for d in days)


def test_formats_through_babel():
    f = Words("id").f
    assert f.count(1234567) == "1.234.567" and f.count(29917.808) == "29.918"
    assert f.percent(0.564) == "56,4%" and f.decimal(30.4375, 4) == "30,4375"
    assert f.date(dt.date(2022, 9, 30)) == "30 September 2022"
    assert f.quarter("2022Q3") == "Triwulan III 2022" and f.quarter("2023Q4") == "Triwulan IV 2023"
    assert f.signed(-1234) == "-1.234" and f.signed(818) == "+818" and f.count(None) == ""
    e = Words("en").f
    assert e.count(1234567) == "1,234,567" and e.percent(0.564) == "56.4%"
    assert e.date(dt.date(2022, 9, 30)) == "September 30, 2022" and e.quarter("2022Q3") == "Q3 2022"


def _placeholders(text):
    return set(re.findall(r"\{(\w+)\}", text))


def test_catalogues_have_the_same_messages_and_placeholders():
    catalogues = {}
    for po in sorted(CATALOGUES.glob("*/LC_MESSAGES/okoce-report.po")):
        with open(po, "rb") as fh:
            catalogues[po.parent.parent.name] = {m.id: m.string for m in read_po(fh) if m.id}
    assert set(catalogues) >= {"id", "en"}
    ids = set(catalogues["en"])
    for lang, messages in catalogues.items():
        assert set(messages) == ids, lang
        for key, text in messages.items():
            assert text, (lang, key)
            assert _placeholders(text) <= _placeholders(catalogues["en"][key]) | {
                "label_id", "label_en", "roman", "number", "year"}, (lang, key)


def test_rule_wording_comes_from_the_library_rules():
    rules = okoce.PhaseRules(starting_below_months=6, stalled_from_months=48,
                             growth_threshold_bp=1500)
    en, id_ = Words("en", rules), Words("id", rules)
    for rule in okoce.PhaseRule:
        # The English wording is the library's own description under the same rules.
        assert en.rule(rule.value) == rule.describe(rules)
    assert id_.rule("young_business") == "usaha berumur kurang dari 6 bulan"
    assert id_.rule("no_growth") == "usaha minimal 48 bulan, tumbuh kurang dari 15% setahun"
    # The demand wording is the library's description of the same rule.
    p = okoce.synth.jakarta(seed=5, scale=0.005, until=dt.date(2020, 12, 31))
    for demand in ("next_step", "until_pathway_done", "all_active"):
        a = okoce.assign_mentors(p, AS_OF, demand=demand)
        assert en.demand(demand) == a.demand_description


def test_a_third_language_is_one_catalogue(tmp_path, monkeypatch):
    from babel.messages.mofile import write_mo

    from okoce.report import text

    # French from the English catalogue, untranslated: Babel already formats fr dates.
    for lang in ("id", "en", "fr"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        source = CATALOGUES / ("en" if lang == "fr" else lang) / "LC_MESSAGES/okoce-report.po"
        with open(source, "rb") as fh, open(folder / "okoce-report.mo", "wb") as out:
            write_mo(out, read_po(fh))
    monkeypatch.setattr(text, "LOCALE_DIR", tmp_path)
    assert text.languages() == ("id", "en", "fr")
    assert Words("fr").f.date(dt.date(2022, 9, 30)) == "30 septembre 2022"


def test_technical_terms_are_explained(reports):
    for lang, (_, text) in reports.items():
        w = Words(lang)
        glossary = text[text.index('<section id="glossary">'):]
        for term in GLOSSARY:
            assert f"<dt>{w(f'term.{term}')}</dt>" in glossary, (lang, term)
        shown = _visible(text)
        for jargon in ("next_step", "(1 - S)", "à la carte", "garis lurus", "straight-line",
                       "1 - S"):
            assert jargon not in shown, (lang, jargon)


def test_targets_in_force_come_before_expired_ones(reports):
    _, text = reports["en"]
    in_force = text.index("Targets in force on September 30, 2020")
    expired = text.index("Expired targets")
    funnel = text.index('<section id="funnel">')
    # The 2020 registration target is in force; the 267 kelurahan licence targets of 2018
    # ended and sit folded after it, before the funnel.
    assert text.index("T-REG-2020") < in_force  # the headline card names it first
    assert in_force < text.index("T-REG-2020", in_force) < expired < text.index("T-LIC-") < funnel
    assert text.index("<details>") < text.index("T-LIC-")
    assert in_force < text.index("T-REG-2021") < expired  # not started yet: listed, not "expired"


def test_indonesian_report_uses_the_library_labels_and_names(jakarta_2020, reports):
    p = jakarta_2020
    report, text = reports["id"]
    assert report.lang == "id" and '<html lang="id">' in text
    for step in okoce.Step:
        assert f"{step.value} {step.label_id}" in text
    for phase in okoce.Phase:
        assert phase.label_id in text
    assert "mid_stage" not in text and "insufficient_monitoring_data" not in text
    assert "data pemantauan tidak cukup" in text
    # Names, with the code in brackets or beside: every kota and kecamatan of the data.
    regions = okoce.regions(p)
    for level in ("kota", "kecamatan"):
        for code, name in regions.loc[regions["level"] == level, ["code", "name"]].values:
            short = name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")
            assert short in text, (level, code)
    assert "Gambir (31.71.01)" in text
    # Mentors' activity: MO002's term ended on 2020-01-31 (see mentors()).
    assert re.search(r"<td>MO002</td>\s*<td>kantor</td>\s*<td>[^<]*</td>\s*<td>tidak</td>", text)
    # No personal data.
    people = p.participants(personal=["name", "nik"])
    assert not any(n in text for n in people["name"].head(200))
    assert not any(str(n) in text for n in people["nik"].dropna().head(200))


def test_lang_is_checked(tmp_path, jakarta_2020):
    with pytest.raises(ValueError, match="lang"):
        build_report(jakarta_2020, AS_OF, str(tmp_path), lang="fr")


# --- the results section: every figure is the library's outcome measure, as the page writes it

def _count_as(lang, n):
    """A whole number written by hand as the language writes it: 1.234 or 1,234."""
    return _thousands_id(int(n)) if lang == "id" else f"{int(n):,}"


def _percent_as(lang, share):
    text = f"{share * 100:.1f}%"
    return text.replace(".", ",") if lang == "id" else text


def _results(text):
    return text[text.index('<section id="results">'):text.index('<section id="glossary">')]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_results_section_shows_the_library_outcomes(jakarta_2020, reports, lang):
    from markupsafe import escape

    p = jakarta_2020
    report, text = reports[lang]
    w = Words(lang)
    assert ("Hasil" if lang == "id" else "Results") in w("section.results")
    assert f'<h2>{w("section.results")}</h2>' in text
    part = _results(text)
    # New entrepreneurs: one row per rule, saying what it counts, with okoce's count.
    ne = okoce.new_entrepreneurs(p, AS_OF).iloc[0]
    assert ne["licensed_okoce"] < ne["licensed"]  # the rules differ on this programme
    for rule in ("licensed_okoce", "licensed", "capital", "verified_in_business"):
        row = (rf"<td>{re.escape(str(escape(w(f'results.rule.{rule}'))))}</td>\s*"
               rf"<td>{re.escape(str(escape(w(f'results.rule.{rule}.what'))))}</td>\s*"
               rf'<td class="n">{re.escape(_count_as(lang, ne[rule]))}</td>')
        assert re.search(row, part), (lang, rule)
    assert "IUMK" in w("results.rule.licensed_okoce.what")
    assert "NIB" not in w("results.rule.licensed_okoce.what")
    assert "2018" in w("results.rule.licensed_okoce.what") and "P7" in w("results.rule.capital.what")
    # Naik kelas: two years before the report's date to it, both under the law of the later date.
    nk = okoce.naik_kelas(p, dt.date(2018, 9, 30), AS_OF, regime="later")
    assert nk.law_end == nk.law_start == "UU 20/2008"
    assert "UU 20/2008" in part and ("30 September 2018" if lang == "id"
                                     else "September 30, 2018") in part
    # Jobs: created, lost and net, with the participants who have data.
    j = okoce.jobs(p, AS_OF).iloc[0]
    assert j["jobs_created"] > 0 and j["jobs_lost"] > 0
    jobs_line = next(s for s in report.summary
                     if s.startswith("jobs by" if lang == "en" else "lapangan kerja s.d."))
    words = ("created", "lost", "net") if lang == "en" else ("tercipta", "hilang", "bersih")
    assert (f"{_count_as(lang, j['jobs_created'])} {words[0]}, "
            f"{_count_as(lang, j['jobs_lost'])} {words[1]}, "
            f"{words[2]} +{_count_as(lang, j['net'])}") in jobs_line
    assert f"{_count_as(lang, j['with_data'])} " in jobs_line
    # Revenue growth: the median, the shares growing and falling, of the same quarter a year on.
    g = okoce.sales_growth(p, AS_OF)
    row = g.iloc[0]
    assert g.attrs["quarter"] == "2020Q3" and row["with_data"] > 0
    growth = next(s for s in report.summary if s.startswith(
        "revenue growth" if lang == "en" else "pertumbuhan omzet"))
    assert f"median {_percent_as(lang, row['median_growth'])}" in growth
    assert _percent_as(lang, row["share_growing"]) in growth
    assert _percent_as(lang, row["share_falling"]) in growth
    assert ("Q3 2020" if lang == "en" else "Triwulan III 2020") in growth


def test_naik_kelas_matrix_after_the_change_of_law(tmp_path):
    """In 2022 both dates are classified under PP 7/2021 (the law on the later date), and the
    matrix cells are okoce.naik_kelas's."""
    day = dt.date(2022, 6, 30)
    p = okoce.synth.jakarta(seed=5, scale=0.005, until=day)
    report = build_report(p, day, str(tmp_path), lang="en")
    part = _results(Path(report.html_path).read_text(encoding="utf-8"))
    nk = okoce.naik_kelas(p, dt.date(2020, 6, 30), day)
    assert nk.law_start == nk.law_end == "PP 7/2021" and not nk.mixes_laws
    assert "under PP 7/2021, the law in force on the later date (June 30, 2022)" in part
    m = nk.matrix.set_index(["from", "to"])["count"]
    assert m.sum() > 0 and m[("micro", "micro")] > 0
    sizes = ["micro", "small", "medium", "large", "unknown"]
    assert "<th>class on June 30, 2020 \\ on June 30, 2022</th>" in part
    row = re.search(r"<td>micro</td>((?:\s*<td class=\"n\">[^<]*</td>){5})", part)
    assert row, "no micro row in the naik kelas matrix"
    cells = re.findall(r'<td class="n">([^<]*)</td>', row.group(1))
    assert cells == [f"{int(m[('micro', s)]):,}" for s in sizes]
    s = nk.summary.iloc[0]
    line = next(x for x in report.summary if x.startswith("naik kelas"))
    assert (f"{int(s['up']):,} up, {int(s['down']):,} down, {int(s['same']):,} same, "
            f"{int(s['unclassified']):,} without a class, of {int(s['participants']):,} "
            "registered by June 30, 2020") in line


def test_counting_names_the_licence_rule_and_changes_the_licensed_figure(tmp_path, capsys):
    """--counting IUMK,SKU counts OK OCE's 2018 rule: the licensed card becomes
    okoce.new_entrepreneurs' licensed_okoce, and the rule is written beside it."""
    day = dt.date(2020, 9, 30)
    p = okoce.synth.jakarta(seed=5, scale=0.005, until=day)
    ne = okoce.new_entrepreneurs(p, day).iloc[0]
    assert ne["licensed_okoce"] < ne["licensed"]
    common = ["--scale", "0.005", "--seed", "5", "--as-of", "2020-09-30", "--lang", "en"]
    assert main(common + ["--out", str(tmp_path / "all")]) == 0
    capsys.readouterr()
    assert main(common + ["--out", str(tmp_path / "okoce"), "--counting", "IUMK,SKU"]) == 0
    # The time to licence follows the same rule, and says so.
    assert "time to licence (IUMK/SKU, from registration)" in capsys.readouterr().out
    default = (tmp_path / "all" / "report-2020-09-30-en.html").read_text(encoding="utf-8")
    okoce_rule = (tmp_path / "okoce" / "report-2020-09-30-en.html").read_text(encoding="utf-8")
    assert int(_cards(default)["licensed"]) == ne["licensed"]
    assert int(_cards(okoce_rule)["licensed"]) == ne["licensed_okoce"]
    notes = re.findall(r'<div class="cn">([^<]*)</div>', okoce_rule)
    assert "(IUMK/SKU)" in notes[1] and "NIB" not in notes[1]
    assert "(IUMK/SKU/NIB)" in re.findall(r'<div class="cn">([^<]*)</div>', default)[1]
    assert "&#34;licensed&#34; counts these licence kinds: IUMK/SKU." in _results(okoce_rule)
    bad = subprocess.run([sys.executable, "-m", "okoce", "report", "--counting", "IUMK,FOO"],
                         capture_output=True, text=True, env=dict(os.environ))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "--counting" in bad.stderr and "'FOO'" in bad.stderr
