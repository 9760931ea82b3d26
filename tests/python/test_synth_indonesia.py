"""The national synthetic programme (okoce.synth.indonesia) at a tiny scale: one partition per
province sized by population, the same files with one thread or two, and an analysis over the
dataset (the h15 driver, here and on a two-process Dask LocalCluster) against pandas counts of
the partitions' own step tables. The population figures were copied by hand from
../shared/data/penduduk_kabkota.csv; nothing reads that folder at test time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import okoce

SCALE = 0.0002  # 13,000 participants
INDONESIA = 284_973_643  # the CSV's INDONESIA row
# Some provinces' totals (column `total` of the rows without a dot).
POPULATION = {"11": 5_623_479, "31": 11_038_216, "32": 51_316_378, "35": 41_919_906,
              "65": 770_627, "93": 562_220, "96": 623_186}
AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> okoce.Dataset:
    return okoce.synth.indonesia(seed=9, scale=SCALE,
                                 path=tmp_path_factory.mktemp("nat") / "indonesia")


def test_provinces_sized_by_population(national: okoce.Dataset) -> None:
    parts = national.partitions.set_index("key")
    assert len(parts) == 38
    for code, people in POPULATION.items():
        # round(65e6 * 0.0002 * people / 284,973,643), e.g. Jawa Timur 1,912.3 -> 1,912
        assert parts.loc[code, "participants"] == round(13_000 * people / INDONESIA), code
    assert abs(int(parts["participants"].sum()) - 13_000) <= 19


def test_same_seed_same_files_whatever_the_threads(national: okoce.Dataset,
                                                   tmp_path: Path) -> None:
    two = okoce.synth.indonesia(seed=9, scale=SCALE, path=tmp_path / "two", threads=2)
    other = okoce.synth.indonesia(seed=10, scale=SCALE, path=tmp_path / "other", threads=2)
    a = national.partitions.set_index("key")["sha256"]
    assert two.partitions.set_index("key")["sha256"].equals(a)
    assert (other.partitions.set_index("key")["sha256"] != a).all()


def test_a_partition_is_the_province_alone(national: okoce.Dataset) -> None:
    i = national.find("96")
    assert i is not None
    loaded = national.load(i).participants()
    alone = okoce.synth.indonesia_province(9, SCALE, "96").participants()
    pd.testing.assert_frame_equal(loaded, alone)
    assert loaded["id"].str.startswith("P96-").all()
    assert loaded["kelurahan"].astype(str).str.startswith("96.").all()


def _reached_by_pandas(dataset: okoce.Dataset) -> list[int]:
    """Participants with each step done by AS_OF (a-la-carte: any order), counted with pandas
    from each partition's steps table."""
    counts = [0] * 7
    for i in range(len(dataset)):
        steps = dataset.load(i).steps()
        done = steps[pd.to_datetime(steps["completed_on"]) <= pd.Timestamp(AS_OF)]
        per_step = done.groupby(done["step"].astype(str))["participant"].nunique()
        for k in range(7):
            counts[k] += int(per_step.get(f"P{k + 1}", 0))
    return counts


def test_funnel_over_the_dataset_here_and_on_dask(national: okoce.Dataset) -> None:
    distributed = pytest.importorskip("distributed")
    expected = _reached_by_pandas(national)
    assert expected[0] == int(national.partitions["participants"].sum())
    here = okoce.funnel(national, as_of=AS_OF, policy="a_la_carte")
    assert [int(here[f"P{k + 1}"].iloc[0]) for k in range(7)] == expected
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            there: Any = okoce.funnel(national, as_of=AS_OF, policy="a_la_carte",
                                      client=client)
    pd.testing.assert_frame_equal(here, there)


def test_target_progress_over_provinces_with_their_own_targets(national: okoce.Dataset) -> None:
    # Each province carries only the targets set inside it, so the national table is each
    # province's own table, one after the other in the manifest's order.
    whole = okoce.target_progress(national, as_of=AS_OF)
    per = okoce.partitioned.map_partitions(
        national, lambda p: okoce.target_progress(p, as_of=AS_OF))
    expected = pd.concat(per, ignore_index=True)
    assert len(whole) > len(per[0]) > 0
    assert whole["id"].is_unique
    pd.testing.assert_frame_equal(whole, expected, check_exact=True)
