"""Value types and helpers against hand-worked values."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

import okoce
from okoce import Phase, PhaseRule, Quarter, RegionCode, RegionLevel, Step, StepPolicy


# --- Quarter ------------------------------------------------------------------------------------

def test_quarter_text_and_days() -> None:
    q = Quarter(2019, 3)
    assert str(q) == "2019Q3" and repr(q) == "Quarter(2019, 3)"
    assert (q.year, q.number) == (2019, 3)
    assert q.index == 2019 * 4 + 2
    assert q.first_day() == dt.date(2019, 7, 1)
    assert q.last_day() == dt.date(2019, 9, 30)
    # A leap-year first quarter ends on 31 March whatever February was.
    assert Quarter(2020, 1).last_day() == dt.date(2020, 3, 31)
    assert type(q.first_day()) is dt.date


def test_quarter_arithmetic() -> None:
    assert Quarter(2019, 4) + 1 == Quarter(2020, 1)
    assert 1 + Quarter(2019, 4) == Quarter(2020, 1)
    assert Quarter(2020, 1) - 1 == Quarter(2019, 4)
    assert Quarter(2020, 1) - Quarter(2019, 3) == 2
    assert Quarter(2019, 3) - Quarter(2020, 1) == -2
    assert Quarter(2019, 4).next() == Quarter(2020, 1)
    assert Quarter(2020, 1).previous() == Quarter(2019, 4)
    # Four quarters back is the year-on-year comparison of the phase rules.
    assert Quarter(2020, 2) - 4 == Quarter(2019, 2)


def test_quarter_of_parse_order_hash_pickle() -> None:
    assert Quarter.of(dt.date(2020, 2, 29)) == Quarter(2020, 1)
    assert Quarter.of(dt.date(2019, 12, 31)) == Quarter(2019, 4)
    assert Quarter.of(dt.date(2019, 10, 1)) == Quarter(2019, 4)
    assert Quarter.parse("2019Q3") == Quarter(2019, 3)
    assert sorted([Quarter(2020, 1), Quarter(2019, 4), Quarter(2019, 1)]) == [
        Quarter(2019, 1), Quarter(2019, 4), Quarter(2020, 1)]
    assert Quarter(2019, 4) < Quarter(2020, 1) and not Quarter(2020, 1) <= Quarter(2019, 4)
    assert len({Quarter(2019, 3), Quarter.parse("2019Q3"), Quarter(2019, 4)}) == 2
    assert pickle.loads(pickle.dumps(Quarter(2021, 2))) == Quarter(2021, 2)


@pytest.mark.parametrize("q", [0, 5, -1])
def test_quarter_number_out_of_range(q: int) -> None:
    with pytest.raises(ValueError):
        Quarter(2019, q)


@pytest.mark.parametrize("text", ["2019Q5", "2019Q0", "2019-3", "19Q3", "", "2019Q3 "])
def test_quarter_parse_rejects(text: str) -> None:
    with pytest.raises(okoce.ValidationError):
        Quarter.parse(text)


def test_whole_months_between() -> None:
    # 31 January to 29 February: the day of month 31 is not reached, so no whole month.
    assert okoce.whole_months_between(dt.date(2020, 1, 31), dt.date(2020, 2, 29)) == 0
    assert okoce.whole_months_between(dt.date(2020, 1, 15), dt.date(2020, 2, 15)) == 1
    # 2015-01-01 to 2020-12-31: 5 years and 11 months.
    assert okoce.whole_months_between(dt.date(2015, 1, 1), dt.date(2020, 12, 31)) == 71
    assert okoce.whole_months_between(dt.date(2020, 2, 15), dt.date(2020, 1, 15)) == -1


# --- money --------------------------------------------------------------------------------------

def test_rupiah_parse_and_format() -> None:
    assert okoce.parse_rupiah("Rp1.250.000") == 1_250_000
    assert okoce.parse_rupiah("1250000") == 1_250_000
    assert okoce.parse_rupiah("Rp 300.000.000") == 300_000_000
    assert okoce.format_rupiah(1_250_000) == "Rp1.250.000"
    assert okoce.format_rupiah(999) == "Rp999"
    assert okoce.format_rupiah(-500) == "-Rp500"
    assert type(okoce.parse_rupiah("1")) is int


@pytest.mark.parametrize("text", ["1,5", "Rp1.25.000", "12.5", "abc", "", "Rp"])
def test_rupiah_rejects(text: str) -> None:
    with pytest.raises(okoce.ValidationError):
        okoce.parse_rupiah(text)


# --- regions ------------------------------------------------------------------------------------

def test_region_code_hierarchy() -> None:
    c = RegionCode("31.74.01.1001")
    assert str(c) == "31.74.01.1001" and repr(c) == "RegionCode('31.74.01.1001')"
    assert c.level == RegionLevel.kelurahan
    assert (c.province, c.kota, c.kecamatan, c.kelurahan) == (31, 74, 1, 1001)
    assert c.packed == 3174011001
    assert c.parent() == RegionCode("31.74.01")
    assert c.ancestor(RegionLevel.kota) == RegionCode("31.74")
    assert c.is_within(RegionCode("31.74")) and c.is_within(c)
    assert not c.is_within(RegionCode("31.75"))
    assert not RegionCode("31.74").is_within(c)
    assert RegionCode("31").parent() is None
    assert RegionCode.from_parts(31, 74) == RegionCode("31.74")
    assert RegionCode.parse("31.71") == RegionCode("31.71")


def test_region_code_order_is_depth_first() -> None:
    codes = ["31.75", "31.74.02", "31.74.01.1001", "31.74", "31.74.01"]
    assert [str(c) for c in sorted(RegionCode(x) for x in codes)] == [
        "31.74", "31.74.01", "31.74.01.1001", "31.74.02", "31.75"]
    assert len({RegionCode("31.74"), RegionCode.from_parts(31, 74)}) == 1
    assert pickle.loads(pickle.dumps(RegionCode("31.74.01"))) == RegionCode("31.74.01")


@pytest.mark.parametrize("text", ["3174", "31.7", "31.74.1", "31.74.01.101", "10", "31 .74", ""])
def test_region_code_rejects(text: str) -> None:
    with pytest.raises(okoce.ValidationError):
        RegionCode(text)


def test_ancestor_deeper_than_code_is_an_error() -> None:
    with pytest.raises(okoce.Error):
        RegionCode("31.74").ancestor(RegionLevel.kelurahan)


def test_dki_table() -> None:
    t = okoce.RegionTable.dki_jakarta()
    # 1 province, 6 kota/kabupaten, 44 kecamatan, 267 kelurahan.
    assert len(t) == 318
    assert [t.count(level) for level in RegionLevel] == [1, 6, 44, 267]
    assert t.name("31.74.01") == "Tebet"
    assert t.name(RegionCode("31.74.01.1001")) == "Tebet Timur"
    assert t.children() == [RegionCode("31")]
    assert [str(c) for c in t.children("31")] == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
    assert len(t.children("31.74")) == 10  # Jakarta Selatan's ten kecamatan
    assert "31.74.01" in t and "31.76" not in t
    assert t.roll_up(["31.74.01.1001", "31.71.01.1001", "31.74"], RegionLevel.kota) == [
        RegionCode("31.74"), RegionCode("31.71"), RegionCode("31.74")]
    assert t.roll_up(["31.74"], RegionLevel.kecamatan) == [None]
    assert t.index_of("31") == 0


def test_region_table_from_rows_and_csv(tmp_path: Path) -> None:
    t = okoce.RegionTable.from_rows([("32.01", "Bogor"), ("32", "Jawa Barat")], source="mine")
    assert len(t) == 2 and t.codes() == [RegionCode("32"), RegionCode("32.01")]
    assert t.source == "mine"
    path = tmp_path / "regions.csv"
    path.write_text("name,code\nJawa Barat,32\nBogor,32.01\n", encoding="utf-8")
    assert okoce.RegionTable.from_csv(str(path)).name("32.01") == "Bogor"
    assert okoce.RegionTable.from_csv(path).name("32.01") == "Bogor"  # os.PathLike too
    # A lone CR ends a line (the programme tables' reader): the bad code is on line 3.
    path.write_bytes(b"code,name\r32,Jawa Barat\r32.0x,Bogor\r")
    with pytest.raises(okoce.ValidationError) as e:
        okoce.RegionTable.from_csv(path)
    assert e.value.file == str(path) and e.value.line == 3 and e.value.column == "code"
    assert e.value.value == "32.0x"
    with pytest.raises(okoce.ValidationError) as e:
        okoce.RegionTable.from_rows([("32", "Jawa Barat"), ("32.01.01", "Cibinong")], source="mine")
    assert e.value.file == "mine" and e.value.line == 2 and e.value.value == "32.01.01"
    with pytest.raises(okoce.UnknownReferenceError):
        okoce.RegionTable.dki_jakarta().name("32")


# --- NIK ----------------------------------------------------------------------------------------

def test_nik_parts() -> None:
    # 31 74 01 | 55 07 85 | 0001: day 55 = 15 + 40, so a woman born 15 July 1985.
    n = okoce.Nik.parse("3174015507850001", dt.date(2017, 1, 1))
    assert (n.province_code, n.kota_code, n.kecamatan_code) == (31, 74, 1)
    assert n.region == RegionCode("31.74.01")
    assert n.sex == okoce.Sex.female
    assert n.birth_date == dt.date(1985, 7, 15)
    assert n.serial == 1
    assert n.digits() == "3174015507850001"
    assert n.masked() == "3174**********01"


def test_nik_century_follows_reference() -> None:
    # Born 15 July of '10': 2010 for a 2017 reference; 1910 for a 2009 reference.
    assert okoce.Nik.parse("3174011507100001", dt.date(2017, 1, 1)).birth_date == dt.date(2010, 7, 15)
    assert okoce.Nik.parse("3174011507100001", dt.date(2009, 1, 1)).birth_date == dt.date(1910, 7, 15)
    assert okoce.Nik.parse("3174011507100001", dt.date(2017, 1, 1)).sex == okoce.Sex.male


def test_nik_never_shows_its_digits() -> None:
    n = okoce.Nik.parse("3174015507850001", dt.date(2017, 1, 1))
    assert "5507850" not in str(n) and "5507850" not in repr(n)
    assert repr(n) == "Nik('3174**********01')"
    assert pickle.loads(pickle.dumps(n)) == n
    # packed is the number times two: the NIK in another form, so Python does not have it.
    assert not hasattr(n, "packed") and not hasattr(okoce.Nik, "from_packed")
    # Nor does its pickle state: the digits (as the README says a pickle holds) and the birth
    # century, which the two-digit year leaves open. 3174015507850001 * 2 was the state before.
    state = n.__getstate__()
    assert 3174015507850001 * 2 not in (state if isinstance(state, tuple) else (state,))
    assert state == ("3174015507850001", 1900)
    # The same digits born in 1910 and in 2010: the century survives the pickle.
    old = okoce.Nik.parse("3174011507100001", dt.date(2009, 1, 1))
    young = okoce.Nik.parse("3174011507100001", dt.date(2017, 1, 1))
    assert pickle.loads(pickle.dumps(old)).birth_date == dt.date(1910, 7, 15)
    assert pickle.loads(pickle.dumps(young)).birth_date == dt.date(2010, 7, 15)
    for bad in [("3174011507100001", 1800), ("3174011507100001",), ("31740115071000x1", 1900)]:
        with pytest.raises(okoce.Error):
            okoce.Nik.__new__(okoce.Nik).__setstate__(bad)


def test_nik_refuses_province_codes_below_11() -> None:
    # No province has 01-10 (Aceh, 11, is the lowest); they used to parse, and .region then
    # raised on a NIK that had parsed.
    for province in ["01", "05", "10"]:
        with pytest.raises(okoce.ValidationError) as e:
            okoce.Nik.parse(province + "74015507850001", dt.date(2017, 1, 1))
        assert e.value.value == province and "11" in e.value.expected
    assert okoce.Nik.parse("1101015507850001", dt.date(2017, 1, 1)).region == RegionCode("11.01.01")


PICKLE_EVERY_PROTOCOL = '''
import datetime as dt, pickle, okoce
values = [okoce.Quarter(2019, 3), okoce.RegionCode("31.74.01.1001"),
          okoce.Nik.parse("3174015507850001", dt.date(2017, 1, 1))]
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    for v in values:
        back = pickle.loads(pickle.dumps(v, protocol))
        assert type(back) is type(v) and back == v, (protocol, v)
print("ok", pickle.HIGHEST_PROTOCOL + 1)
'''


def test_pickle_at_every_protocol_never_aborts() -> None:
    # In a child process: protocols 0 and 1 used to abort the interpreter (pybind11's
    # py::pickle), which would take the whole test run with it.
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PICKLE_EVERY_PROTOCOL], capture_output=True,
                          text=True, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok", str(pickle.HIGHEST_PROTOCOL + 1)]
    import copy
    q = Quarter(2200, 4)
    assert copy.copy(q) == q and copy.deepcopy(q) == q


@pytest.mark.parametrize("digits", ["317401550785000", "317401550785000X", "3174019907850001",
                                    "3174015513850001", "3174013102850001", "3174015507850000"])
def test_nik_rejects_without_echoing(digits: str) -> None:
    with pytest.raises(okoce.ValidationError) as e:
        okoce.Nik.parse(digits, dt.date(2017, 1, 1))
    assert digits not in str(e.value)


# --- enums --------------------------------------------------------------------------------------

def test_enums_use_data_file_spellings() -> None:
    assert okoce.Sector("food_beverage") is okoce.Sector.food_beverage
    assert okoce.Sector.food_beverage == "food_beverage"
    assert [s.value for s in Step] == ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
    assert okoce.LicenceKind("IUMK") is okoce.LicenceKind.iumk
    assert okoce.Sex.female.value == "F"
    assert len(okoce.TargetMetric) == 9
    assert pickle.loads(pickle.dumps(okoce.Phase.stalled)) is okoce.Phase.stalled


def test_enum_labels() -> None:
    assert Step.p4.number == 4
    assert Step.p4.label_id == "Perizinan" and Step.p4.label_en == "Licensing"
    assert Step.p7.label_id == "Permodalan"
    assert okoce.Sector.food_beverage.label_en == "Food and beverage"
    assert okoce.Sector.retail.label_id == "Perdagangan eceran"
    assert Phase.stalled.label_id == "lama tapi skala belum berkembang"
    assert Phase.mid_stage.label_en == "mid-stage"
    assert okoce.TargetMetric.p4.step is Step.p4
    assert okoce.TargetMetric.licensed.step is None
    assert "36 months" in PhaseRule.no_growth.describe()
    assert "24 months" in PhaseRule.no_growth.describe(okoce.PhaseRules(stalled_from_months=24))


# --- size class ---------------------------------------------------------------------------------

def test_size_class_regimes_and_boundaries() -> None:
    before, after = dt.date(2021, 2, 1), dt.date(2021, 2, 2)
    # UU 20/2008: micro up to Rp300 juta turnover inclusive.
    v = okoce.size_class(before, turnover=300_000_000)
    assert (v.size, v.regime, v.by_turnover) == (okoce.SizeClass.micro, okoce.SizeRegime.uu_20_2008, True)
    assert okoce.size_class(before, turnover=300_000_001).size == okoce.SizeClass.small
    # PP 7/2021 from 2 February 2021: micro up to Rp2 miliar.
    assert okoce.size_class(after, turnover=2_000_000_000).size == okoce.SizeClass.micro
    assert okoce.size_class(after, turnover=2_000_000_001).size == okoce.SizeClass.small
    assert okoce.size_class(after, turnover=50_000_000_001).size == okoce.SizeClass.large
    # Capital decides only without turnover: Rp1 miliar is micro, one rupiah more is small.
    c = okoce.size_class(after, capital=1_000_000_000)
    assert (c.size, c.by_turnover) == (okoce.SizeClass.micro, False)
    assert okoce.size_class(after, capital=1_000_000_001).size == okoce.SizeClass.small
    assert okoce.size_limits(okoce.SizeRegime.pp_7_2021, True) == (
        2_000_000_000, 15_000_000_000, 50_000_000_000)
    assert okoce.size_limits(okoce.SizeRegime.uu_20_2008, False) == (
        50_000_000, 500_000_000, 10_000_000_000)
    assert okoce.size_regime(before) == okoce.SizeRegime.uu_20_2008
    assert okoce.naik_kelas(okoce.SizeClass.micro, okoce.SizeClass.small)
    assert not okoce.naik_kelas(okoce.SizeClass.small, okoce.SizeClass.small)


def test_size_class_bad_input() -> None:
    with pytest.raises(okoce.ArgumentError, match="both are absent"):
        okoce.size_class(dt.date(2022, 1, 1))
    with pytest.raises(okoce.ArgumentError) as e:
        okoce.size_class(dt.date(2022, 1, 1), turnover=-1)
    assert (e.value.argument, e.value.value) == ("annual_turnover", "-Rp1")


# --- phases and pathways ------------------------------------------------------------------------

def test_phase_rules_fields() -> None:
    r = okoce.PhaseRules()
    assert (r.starting_below_months, r.stalled_from_months, r.growth_threshold_bp,
            r.comparison_lag_quarters) == (12, 36, 1000, 4)
    r.growth_threshold_bp = 500
    assert r == okoce.PhaseRules(growth_threshold_bp=500)
    assert r != okoce.PhaseRules()


def test_classify_phase() -> None:
    as_of = dt.date(2020, 12, 31)
    started = dt.date(2015, 1, 1)  # 71 whole months before as_of
    # Year-on-year growth 100 -> 105 is 5%, below 10%: stalled.
    v = okoce.classify_phase(started, as_of, ["2019Q3", "2020Q3"], [100, 105])
    assert (v.phase, v.rule, v.age_months) == (Phase.stalled, PhaseRule.no_growth, 71)
    assert v.growth == pytest.approx(0.05) and v.latest == Quarter(2020, 3)
    # Exactly 10% is not below the threshold: mid-stage, growing.
    v = okoce.classify_phase(started, as_of, [Quarter(2019, 3), Quarter(2020, 3)], [100, 110])
    assert (v.phase, v.rule) == (Phase.mid_stage, PhaseRule.growing)
    # A 4% threshold makes 5% growth enough.
    v = okoce.classify_phase(started, as_of, ["2019Q3", "2020Q3"], [100, 105],
                             rules=okoce.PhaseRules(growth_threshold_bp=400))
    assert v.phase == Phase.mid_stage
    assert okoce.classify_phase(None, as_of, [], []).rule == PhaseRule.no_business_start
    young = okoce.classify_phase(dt.date(2020, 6, 1), as_of, [], [])
    assert (young.phase, young.rule, young.age_months) == (Phase.starting, PhaseRule.young_business, 6)
    # A report known only after as_of is not seen.
    late = okoce.classify_phase(started, as_of, ["2019Q4", "2020Q4"], [100, 100],
                                known_on=[dt.date(2020, 1, 10), dt.date(2021, 1, 10)])
    assert late.rule == PhaseRule.insufficient_monitoring_data
    with pytest.raises(ValueError):
        okoce.classify_phase(started, as_of, ["2019Q3"], [1, 2])


def test_pathways_and_next_step() -> None:
    assert okoce.pathway(Phase.starting, False) == list(Step)
    assert okoce.pathway(Phase.mid_stage, False) == [Step.p3, Step.p4, Step.p5, Step.p6, Step.p7]
    assert okoce.pathway(Phase.stalled, False) == [Step.p3, Step.p4, Step.p5, Step.p6, Step.p7]
    assert okoce.pathway(Phase.stalled, True) == [Step.p3, Step.p5, Step.p6, Step.p7]
    assert okoce.next_step(Phase.mid_stage, [Step.p1, Step.p3], False) == Step.p4
    # Holding a licence counts as P4 done, so the next step moves on to P5.
    assert okoce.next_step(Phase.mid_stage, [Step.p1, Step.p3], True) == Step.p5
    assert okoce.next_step(Phase.stalled, [Step.p3], True) == Step.p5
    assert okoce.next_step(Phase.stalled, [Step.p3, Step.p5, Step.p6, Step.p7], True) is None
    assert okoce.next_step(Phase.starting, [], False) == Step.p1


def test_step_policies() -> None:
    done = [Step.p1, Step.p3]
    assert not okoce.reached(done, Step.p3, StepPolicy.sequential)  # P2 missing
    assert okoce.reached(done, Step.p3, StepPolicy.a_la_carte)
    assert not okoce.reached([Step.p3], Step.p3, StepPolicy.a_la_carte)  # P1 is required
    assert okoce.reached([Step.p1, Step.p2, Step.p3], Step.p3, StepPolicy.sequential)


def test_programme_helpers(programme: okoce.Programme) -> None:
    assert programme.participant_count == 4 and len(programme) == 4
    assert programme.find_participant("P003") == 2 and programme.find_participant("X") is None
    assert programme.find_mentor("M02") == 1
    assert programme.steps_done("P001", dt.date(2018, 3, 1)) == [Step.p1, Step.p2]
    assert programme.steps_done(0, dt.date(2018, 12, 31)) == [Step.p1, Step.p2, Step.p4]
    assert programme.licensed_as_of("P001", dt.date(2018, 5, 20))
    assert not programme.licensed_as_of("P001", dt.date(2018, 5, 19))
    p = programme.participant("P002")
    assert p.exited_on == dt.date(2020, 6, 30) and p.business_started_on is None
    assert p.sex == okoce.Sex.male and p.kelurahan == RegionCode("31.73.01.1001")
    with pytest.raises(KeyError):
        programme.participant("nobody")
    with pytest.raises(IndexError):
        programme.participant(4)


def test_docstrings_are_there() -> None:
    for obj in (okoce.load, okoce.Programme.reports, okoce.Quarter, okoce.ProgrammeBuilder.add_report,
                okoce.synth.jakarta, okoce.ValidationError, okoce.Sector, okoce.size_class):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
