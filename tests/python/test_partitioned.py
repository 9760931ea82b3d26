"""Partitioned programmes: Jakarta's synthetic programme (scale 0.05) saved by kota and by
kecamatan, run partition by partition here and on a two-process Dask LocalCluster, against the
unpartitioned programme; and the errors for a corrupt, truncated or missing partition and a bad
manifest."""

from __future__ import annotations

import operator
import shutil
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pytest

import okoce
from okoce.partitioned import map_partitions, reduce_partitions

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def whole() -> okoce.Programme:
    return okoce.synth.jakarta(seed=2017, scale=0.05)


@pytest.fixture(scope="module")
def saved(whole: okoce.Programme, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("partitioned")
    out = {}
    for level in ("kota", "kecamatan"):
        okoce.save(whole, root / level, partition_by=level)
        out[level] = root / level
    return out


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # One cluster for the module: starting worker processes is the slow part.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def test_manifest_counts_participants_per_region(whole: okoce.Programme,
                                                 saved: dict[str, Path]) -> None:
    people = whole.participants()
    for level in ("kota", "kecamatan"):
        d = okoce.open(saved[level])
        manifest = d.partitions.set_index("key")
        # pandas' own count of participants per region of the whole programme.
        expected = people[level].astype(str).value_counts()
        counted = manifest["participants"]
        assert counted[counted > 0].sort_index().to_dict() == expected.sort_index().to_dict()
        assert d.total_rows()["reports"] == len(whole.reports())
        assert d.total_rows()["participants"] == len(people)
    assert len(okoce.open(saved["kota"])) == 6
    assert len(okoce.open(saved["kecamatan"])) == 44


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
def test_partitions_hold_the_whole_here_and_on_dask(whole: okoce.Programme,
                                                    saved: dict[str, Path], client: Any,
                                                    level: str) -> None:
    d = okoce.open(saved[level])
    count = len
    here = map_partitions(d, count)
    there = map_partitions(d, count, client=client)
    assert here == there == list(d.partitions["participants"])
    assert sum(here) == len(whole)
    # The participants' ids, partition by partition, are the whole programme's ids.
    parts = map_partitions(d, operator.methodcaller("participants"), client=client)
    ids = pd.concat([p["id"].astype(str) for p in parts])
    assert sorted(ids) == sorted(whole.participants()["id"].astype(str))


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
def test_reduce_folds_every_partition_once(whole: okoce.Programme, saved: dict[str, Path],
                                           client: Any, level: str) -> None:
    d = okoce.open(saved[level])
    # Each partition's participant ids, folded by concatenation: every id of the whole
    # programme exactly once, whichever order the partitions finish in.
    def ids(p: okoce.Programme) -> list[str]:
        return list(p.participants()["id"].astype(str))

    def concat(a: list[str], b: list[str]) -> list[str]:
        a.extend(b)
        return a

    expected = sorted(whole.participants()["id"].astype(str))
    assert sorted(reduce_partitions(d, ids, concat)) == expected
    assert sorted(reduce_partitions(d, ids, concat, client=client)) == expected
    assert reduce_partitions(d, len, operator.add, client=client) == len(whole)


def test_reduce_raises_a_partitions_error(copy: Path, client: Any) -> None:
    f = _first_file(copy)
    f.unlink()
    d = okoce.open(copy)
    with pytest.raises(okoce.IoError, match=rf"{f}: partition '31\.\d\d' is missing"):
        reduce_partitions(d, len, operator.add)
    with pytest.raises(Exception, match=rf"{f}: partition '31\.\d\d' is missing"):
        reduce_partitions(d, len, operator.add, client=client)
    with pytest.raises(TypeError, match="expected an okoce.Dataset"):
        reduce_partitions(copy, len, operator.add)  # type: ignore[arg-type]


def test_writer_one_partition_at_a_time(whole: okoce.Programme, tmp_path: Path) -> None:
    people = whole.participants()
    tebet = people.index[people["kecamatan"].astype(str) == "31.74.01"]
    with okoce.PartitionWriter(tmp_path / "ds") as w:
        w.add("a", whole)
        assert not (tmp_path / "ds").exists()
    d = okoce.open(tmp_path / "ds")
    assert d.keys == ["a"]
    assert len(d.load(0)) == len(whole)
    assert len(tebet) > 0
    # An exception inside the block leaves nothing behind.
    with pytest.raises(RuntimeError):
        with okoce.PartitionWriter(tmp_path / "other") as w:
            w.add("a", whole)
            raise RuntimeError("generator failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_writer_refuses_a_participant_in_two_partitions(whole: okoce.Programme,
                                                       tmp_path: Path) -> None:
    people = whole.participants()
    # The same programme under a second key would put every participant in two partitions.
    w = okoce.PartitionWriter(tmp_path / "ds")
    w.add("a", whole)
    with pytest.raises(okoce.ArgumentError) as bad:
        w.add("b", whole)
    assert (bad.value.function, bad.value.argument, bad.value.value) == (
        "PartitionWriter::add", "partition", "b")
    first = str(people["id"].iloc[0])  # the first id the second partition holds
    assert f"'{first}' is already in partition 'a'" in str(bad.value)
    w.commit()
    d = okoce.open(tmp_path / "ds")
    assert d.keys == ["a"]
    assert sum(len(d.load(i)) for i in range(len(d.keys))) == len(whole)


def test_writer_misuse_raises_okoce_errors(whole: okoce.Programme, tmp_path: Path) -> None:
    w = okoce.PartitionWriter(tmp_path / "ds")
    with pytest.raises(okoce.ArgumentError) as bad:
        w.add("../up", whole)
    assert (bad.value.function, bad.value.argument, bad.value.value) == (
        "PartitionWriter::add", "key", "../up")
    w.add("a", whole)
    w.commit()
    # Once a std::logic_error, which came out as a bare RuntimeError: now okoce.Error.
    with pytest.raises(okoce.Error, match="after commit"):
        w.commit()
    with pytest.raises(okoce.Error, match="after commit"):
        w.add("b", whole)


@pytest.fixture()
def copy(saved: dict[str, Path], tmp_path: Path) -> Path:
    target = tmp_path / "kota"
    shutil.copytree(saved["kota"], target)
    return target


def _first_file(folder: Path) -> Path:
    return folder / okoce.open(folder).partitions["file"][0]


def test_corrupt_partition_names_its_file(copy: Path, client: Any) -> None:
    f = _first_file(copy)
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0x5A
    f.write_bytes(bytes(data))
    d = okoce.open(copy)
    with pytest.raises(okoce.IoError, match=rf"{f}: partition '31\.\d\d' is corrupt"):
        map_partitions(d, len)
    with pytest.raises(Exception, match=rf"{f}: partition '31\.\d\d' is corrupt"):
        map_partitions(d, len, client=client)


def test_truncated_partition_names_its_file(copy: Path) -> None:
    f = _first_file(copy)
    f.write_bytes(f.read_bytes()[:4096])
    with pytest.raises(okoce.IoError, match=rf"{f}: partition .* truncated"):
        okoce.open(copy).load(0)


def test_missing_partition_names_its_file(copy: Path) -> None:
    f = _first_file(copy)
    f.unlink()
    with pytest.raises(okoce.IoError,
                       match=rf"{f}: partition '31\.\d\d' is missing \(listed at "
                             rf".*okoce-partitions\.csv:2\)"):
        map_partitions(okoce.open(copy), len)


def test_bad_manifest_names_line_column_and_value(copy: Path) -> None:
    manifest = copy / "okoce-partitions.csv"
    lines = manifest.read_text().splitlines()
    fields = lines[2].split(",")
    fields[3] = "not-a-checksum"
    lines[2] = ",".join(fields)
    manifest.write_text("\n".join(lines) + "\n")
    with pytest.raises(okoce.ValidationError) as e:
        okoce.open(copy)
    assert (Path(e.value.file), e.value.line, e.value.column, e.value.value) == (
        manifest, 3, "sha256", "not-a-checksum")
    manifest.unlink()
    with pytest.raises(okoce.IoError, match="not a partitioned programme"):
        okoce.open(copy)


def test_save_refuses_format_without_partitions(whole: okoce.Programme, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="argument 'format'"):
        okoce.save(whole, tmp_path / "x", format="csv")
    with pytest.raises(ValueError, match="argument 'format'"):
        okoce.save(whole, tmp_path / "x", partition_by="kota", format="parquet")


AS_OF = "2022-09-30"
# Each analysis over a Dataset, next to the same call on the whole programme.
ANALYSES = {
    "funnel_sequential_kota": lambda p, **kw: okoce.funnel(p, as_of=AS_OF, by="kota", **kw),
    "funnel_a_la_carte_kecamatan": lambda p, **kw: okoce.funnel(
        p, as_of="2019-12-31", policy="a_la_carte", by="kecamatan", suppress_below=5, **kw),
    "funnel_sector": lambda p, **kw: okoce.funnel(p, as_of=AS_OF, by="sector", **kw),
    "funnel_community": lambda p, **kw: okoce.funnel(p, as_of=AS_OF, by="community", **kw),
    "cohorts": lambda p, **kw: okoce.cohorts(p, as_of=AS_OF, **kw),
    "cohorts_p2": lambda p, **kw: okoce.cohorts(p, as_of=AS_OF, milestone="P2",
                                                policy="sequential", suppress_below=10, **kw),
    "phase_mix_kota": lambda p, **kw: okoce.phase_mix(p, as_of=AS_OF, by="kota", **kw),
    "phase_mix_all": lambda p, **kw: okoce.phase_mix(p, as_of=AS_OF, **kw),
    "target_progress": lambda p, **kw: okoce.target_progress(p, as_of=AS_OF, **kw),
    "target_progress_sequential_2020": lambda p, **kw: okoce.target_progress(
        p, as_of="2020-06-30", policy="sequential", **kw),
    # Outcome measures (okoce/outcomes.hpp): every table of each, one with an exposure split.
    "naik_kelas_summary": lambda p, **kw: okoce.naik_kelas(
        p, "2020-12-31", AS_OF, regime="uu20_2008", by="kota", **kw).summary,
    "naik_kelas_matrix": lambda p, **kw: okoce.naik_kelas(
        p, "2020-12-31", AS_OF, regime="each_date", exposure="P3", **kw).matrix,
    "naik_kelas_participants": lambda p, **kw: okoce.naik_kelas(
        p, "2020-12-31", AS_OF, turnover="annualise", **kw).participants,
    "jobs_kecamatan": lambda p, **kw: okoce.jobs(p, AS_OF, by="kecamatan", **kw),
    "sales_growth_sector": lambda p, **kw: okoce.sales_growth(p, AS_OF, by="sector", **kw),
    "business_starts_p3": lambda p, **kw: okoce.business_starts(p, AS_OF, exposure="P3", **kw),
    "new_entrepreneurs_kota": lambda p, **kw: okoce.new_entrepreneurs(p, AS_OF, by="kota", **kw),
}


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_analysis_over_partitions_equals_the_whole(whole: okoce.Programme,
                                                   saved: dict[str, Path], client: Any,
                                                   level: str, analysis: str) -> None:
    run = ANALYSES[analysis]
    expected = run(whole)
    d = okoce.open(saved[level])
    pd.testing.assert_frame_equal(run(d), expected, check_exact=True)
    pd.testing.assert_frame_equal(run(d, client=client), expected, check_exact=True)


def test_client_only_with_a_dataset(whole: okoce.Programme) -> None:
    with pytest.raises(TypeError, match="argument 'client'"):
        okoce.funnel(whole, as_of=AS_OF, client=object())
    for run in (lambda: okoce.monitoring(whole, as_of=AS_OF, client=object()),
                lambda: okoce.target_progress(whole, as_of=AS_OF, client=object()),
                lambda: okoce.phase_history(whole, "2020Q1", "2020Q2", client=object()),
                lambda: okoce.time_to(whole, as_of=AS_OF, client=object())):
        with pytest.raises(TypeError, match="argument 'client'"):
            run()


def _frames_equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.attrs == want.attrs


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
@pytest.mark.parametrize("by", [None, "kota", "mentor_kind"])
def test_monitoring_over_partitions_equals_the_whole(whole: okoce.Programme,
                                                     saved: dict[str, Path], client: Any,
                                                     level: str, by: str | None) -> None:
    expected = okoce.monitoring(whole, as_of=AS_OF, by=by, suppress_below=3, grace_days=45)
    # The lists have someone to follow up, so an empty list from the partitions would fail.
    assert len(expected.overdue_by_mentor) > 0 and len(expected.exited_missing) > 0
    d = okoce.open(saved[level])
    for got in (okoce.monitoring(d, as_of=AS_OF, by=by, suppress_below=3, grace_days=45),
                okoce.monitoring(d, as_of=AS_OF, by=by, suppress_below=3, grace_days=45,
                                 client=client)):
        for name in ("summary", "overdue_by_mentor", "overdue_by_kecamatan", "exited_missing"):
            _frames_equal(getattr(got, name), getattr(expected, name))
        assert (got.grace_days, got.exited_with_missing) == (45, expected.exited_with_missing)
        # One row per participant is not a sum: the partitioned run gives its shape only.
        assert len(got.participants) == 0
        assert list(got.participants.columns) == list(expected.participants.columns)
        assert [str(t) for t in got.participants.dtypes] == \
            [str(t) for t in expected.participants.dtypes]
    # Independently of okoce's counting: pandas' count of participants registered by AS_OF.
    people = whole.participants()
    registered = int((people["registered_on"] <= pd.Timestamp(AS_OF)).sum())
    if by is None:
        assert expected.summary["participants"].tolist() == [registered]


TIME_TO = {
    "licensed_all": dict(as_of=AS_OF),
    "licensed_kota": dict(as_of=AS_OF, by="kota", horizons_months=(3, 6, 12, 60)),
    "p3_kecamatan_suppressed": dict(as_of="2021-06-30", milestone="P3", policy="sequential",
                                    by="kecamatan", suppress_below=20, alpha=0.1,
                                    restricted_mean_months=12),
}


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
@pytest.mark.parametrize("case", sorted(TIME_TO))
def test_time_to_over_partitions_equals_the_whole(whole: okoce.Programme,
                                                  saved: dict[str, Path], client: Any,
                                                  level: str, case: str) -> None:
    kwargs: dict[str, Any] = TIME_TO[case]
    expected = okoce.time_to(whole, **kwargs)
    assert len(expected.curves) > 0
    d = okoce.open(saved[level])
    for got in (okoce.time_to(d, **kwargs), okoce.time_to(d, **kwargs, client=client)):
        for name in ("curves", "medians", "reached", "restricted_mean"):
            _frames_equal(getattr(got, name), getattr(expected, name))


@pytest.mark.parametrize("level", ["kota", "kecamatan"])
@pytest.mark.parametrize("suppress_below", [0, 10])
def test_phase_history_over_partitions_equals_the_whole(whole: okoce.Programme,
                                                        saved: dict[str, Path], client: Any,
                                                        level: str, suppress_below: int) -> None:
    expected = okoce.phase_history(whole, "2019Q4", "2021Q3", suppress_below=suppress_below)
    assert expected.transitions["count"].sum() > 0
    d = okoce.open(saved[level])
    for got in (okoce.phase_history(d, "2019Q4", "2021Q3", suppress_below=suppress_below),
                okoce.phase_history(d, "2019Q4", "2021Q3", suppress_below=suppress_below,
                                    client=client)):
        _frames_equal(got.transitions, expected.transitions)
        # The per-participant phases are not a sum: empty, with the whole's columns and dtypes.
        _frames_equal(got.phases, expected.phases.iloc[:0])


def test_bad_option_over_partitions_raises_as_on_the_whole(whole: okoce.Programme,
                                                           saved: dict[str, Path]) -> None:
    d = okoce.open(saved["kota"])
    for p in (whole, d):
        # 0..365 days, checked in C++ (per partition for a Dataset): the same error either way.
        with pytest.raises(okoce.ArgumentError, match="grace_days"):
            okoce.monitoring(p, as_of=AS_OF, grace_days=400)
        with pytest.raises(ValueError, match="milestone"):
            okoce.time_to(p, as_of=AS_OF, milestone="P9")
        with pytest.raises(okoce.ArgumentError):
            okoce.phase_history(p, "2021Q1", "2020Q4")


# ---- saves from another process while this one loads and analyses -------------------------

SAVES = 30
# The saver: programme `seed` for seed 1..SAVES, saved in turn over the same folder.
_SAVER = """
import sys, okoce
path, fmt, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
for seed in range(1, saves + 1):
    okoce.save(okoce.synth.jakarta(seed=seed, scale=0.001), path, partition_by="kota",
               format=fmt)
"""


def _people(p: okoce.Programme) -> dict[str, tuple[str, ...]]:
    """Per kota, the participants as 'id@kelurahan', sorted: a partition's fingerprint (pandas
    on the loaded tables)."""
    t = p.participants()
    labels = t["id"].astype(str) + "@" + t["kelurahan"].astype(str)
    return {str(k): tuple(sorted(g)) for k, g in labels.groupby(t["kota"].astype(str))}


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_loads_and_analyses_during_saves_read_one_save(fmt: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "ds"
    wholes = {seed: okoce.synth.jakarta(seed=seed, scale=0.001) for seed in range(SAVES + 1)}
    # What each save holds, from its whole programme: per kota its people, and the funnel.
    expected = {seed: _people(p) for seed, p in wholes.items()}
    assert len({tuple(sorted(e.items())) for e in expected.values()}) == SAVES + 1
    funnels = {seed: okoce.funnel(p, as_of=AS_OF, by="kota") for seed, p in wholes.items()}
    okoce.save(wholes[0], path, partition_by="kota", format=fmt)
    saver = subprocess.Popen([sys.executable, "-c", _SAVER, str(path), fmt, str(SAVES)])
    loads = {"tried": 0, "mixed": 0, "failed": 0}
    analyses = {"tried": 0, "mixed": 0, "failed": 0}
    seen: set[int] = set()
    errors: list[str] = []
    try:
        while saver.poll() is None or loads["tried"] < 5:
            loads["tried"] += 1
            try:
                d = okoce.open(path)
                got: dict[str, tuple[str, ...]] = {}
                for i in range(len(d)):
                    got.update(_people(d.load(i)))
            except okoce.Error as e:
                loads["failed"] += 1
                errors.append(str(e))
                continue
            match = [seed for seed, e in expected.items() if e == got]
            if not match:
                loads["mixed"] += 1
                continue
            seen.add(match[0])
            # An analysis of the Dataset just loaded: the funnel of that save's programme.
            analyses["tried"] += 1
            try:
                frame = okoce.funnel(d, as_of=AS_OF, by="kota")
            except okoce.Error as e:
                analyses["failed"] += 1
                errors.append(str(e))
                continue
            try:
                pd.testing.assert_frame_equal(frame, funnels[match[0]], check_exact=True)
            except AssertionError:
                analyses["mixed"] += 1
    finally:
        saver.wait(timeout=120)
    d = None  # the last Dataset loaded holds its save's files while it lives
    print(f"{fmt}: loads {loads}, analyses {analyses}, saves seen {len(seen)} of {SAVES + 1}")
    assert saver.returncode == 0
    assert (loads["mixed"], loads["failed"], analyses["mixed"], analyses["failed"]) == (
        0, 0, 0, 0), errors[:3]
    assert len(seen) >= 3  # the loads did overlap the saves
    # Once no Dataset holds them, one more save leaves the last save and the one before it.
    okoce.save(wholes[SAVES], path, partition_by="kota", format=fmt)
    last = okoce.open(path)
    got = {}
    for i in range(len(last)):
        got.update(_people(last.load(i)))
    assert got == expected[SAVES]
    assert len([p for p in path.iterdir() if not p.name.startswith(".")]) <= 2 * len(last) + 1
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]


def test_open_dataset_across_resaves_here_and_on_dask(whole: okoce.Programme, client: Any,
                                                      tmp_path: Path) -> None:
    import gc
    import pickle

    path = tmp_path / "ds"
    other = okoce.synth.jakarta(seed=99, scale=0.01)
    okoce.save(whole, path, partition_by="kota")
    old = okoce.open(path)
    per_kota = whole.participants()["kota"].astype(str).value_counts()
    expected = [int(per_kota[k]) for k in old.keys]
    okoce.save(other, path, partition_by="kota")
    okoce.save(other, path, partition_by="kecamatan")
    # Two saves later, the open Dataset is still the old programme, here, on Dask (the pickled
    # Dataset carries its manifest) and in an analysis.
    assert map_partitions(old, len) == expected
    assert map_partitions(old, len, client=client) == expected
    pd.testing.assert_frame_equal(okoce.funnel(old, as_of=AS_OF, by="kota", client=client),
                                  okoce.funnel(whole, as_of=AS_OF, by="kota"), check_exact=True)
    now = okoce.open(path)
    assert len(now) == 44 and sum(map_partitions(now, len)) == len(other)
    # A Dataset pickled, closed, and unpickled after two more saves: its files are gone (no
    # open Dataset held them), and it says so, here and on Dask.
    okoce.save(okoce.synth.jakarta(seed=7, scale=0.005), path, partition_by="kota")
    shipped = pickle.dumps(okoce.open(path))
    gc.collect()
    okoce.save(other, path, partition_by="kota")
    okoce.save(other, path, partition_by="province")
    late = pickle.loads(shipped)
    message = rf"{path}: the dataset was re-saved since it was opened; open it again"
    with pytest.raises(okoce.IoError, match=message):
        map_partitions(late, len)
    with pytest.raises(Exception, match=message):
        map_partitions(late, len, client=client)
    with pytest.raises(okoce.IoError, match=message):
        okoce.funnel(late, as_of=AS_OF)


def test_manifest_without_partitions_is_an_okoce_error(copy: Path) -> None:
    manifest = copy / "okoce-partitions.csv"
    manifest.write_text(manifest.read_text().splitlines()[0] + "\n")
    with pytest.raises(okoce.ValidationError) as e:
        okoce.open(copy)
    assert (Path(e.value.file), e.value.line) == (manifest, 2)
    assert "at least one partition" in str(e.value)


def test_one_partition_under_two_keys_is_refused(copy: Path) -> None:
    manifest = copy / "okoce-partitions.csv"
    lines = manifest.read_text().splitlines()
    first, second = lines[1].split(","), lines[2].split(",")
    # The second key gets a copy of the first partition, named and summed as the first's.
    twin = f"{second[0]}-{first[3][:16]}.sqlite"
    shutil.copyfile(copy / first[1], copy / twin)
    lines[2] = ",".join([second[0], twin, "sqlite", first[3]] + first[4:])
    manifest.write_text("\n".join(lines) + "\n")
    with pytest.raises(okoce.ValidationError) as e:
        okoce.open(copy)
    assert (e.value.line, e.value.column, e.value.value) == (3, "sha256", first[3])


def test_total_rows_that_would_wrap_are_refused(copy: Path) -> None:
    manifest = copy / "okoce-partitions.csv"
    lines = manifest.read_text().splitlines()
    header = lines[0].split(",")
    col = header.index("reports")
    row = lines[1].split(",")
    row[col] = str(2**64 - 1)
    lines[1] = ",".join(row)
    manifest.write_text("\n".join(lines) + "\n")
    with pytest.raises(okoce.ValidationError) as e:
        okoce.open(copy)
    assert (e.value.line, e.value.column) == (3, "reports")
    assert "fits 64 bits" in str(e.value)
