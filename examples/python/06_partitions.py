"""A programme in parts: the Python twin of examples/06_partitions.cpp.

A national programme does not fit in one process, so it is saved as partitions (one per
province, kota or kecamatan) with a manifest, opened without loading (``okoce.open``), and
analysed part by part: each analysis that sums over participants makes a partial per partition
(counts, never records), the partials are merged in C++, and the merge is finished into the
frame the whole programme gives. The merge adds counts, not results: a median of medians would
be wrong. The same call runs the partitions here, one at a time, or on a Dask
``distributed.Client`` (each worker opens its own partition files).

Four participants of 2019 in two kota; every figure is worked out by hand in the comments and
printed as "= what: value" by lesson_check.figure, like the C++ twin.
"""

import datetime
import functools
import math
import operator
import tempfile
from pathlib import Path

import pandas as pd

import okoce
from lesson_check import figure
from okoce import LicenceKind, Sector, Step
from okoce.partitioned import reduce_partitions

date = datetime.date


def licensed_on(day: datetime.date, part: okoce.Programme) -> int:
    """Participants of one partition licensed on the day (module level, so Dask can send it)."""
    return int(okoce.phases(part, day)["licensed"].sum())


def main() -> None:
    # 1. Two in Tebet Timur (Jakarta Selatan, 31.74), two in Pisangan Baru (Jakarta Timur, 31.75).
    #      ani    Selatan  registered 2019-01-01, trained (P2), SKU 2019-01-31: 30 days
    #      bayu   Selatan  registered 2019-01-01, trained (P2), nothing since
    #      candra Timur    registered 2019-02-01, IUMK 2019-05-02: 90 days
    #      dedi   Timur    registered 2019-03-01, left 2019-04-10 (40 days) unlicensed
    b = okoce.ProgrammeBuilder()
    for pid, kelurahan, registered, exited in [
            ("ani", "31.74.01.1001", date(2019, 1, 1), None),
            ("bayu", "31.74.01.1001", date(2019, 1, 1), None),
            ("candra", "31.75.01.1001", date(2019, 2, 1), None),
            ("dedi", "31.75.01.1001", date(2019, 3, 1), date(2019, 4, 10))]:
        b.add_participant(pid, kelurahan, Sector.food_beverage, registered, exited_on=exited)
    for pid, step, on in [("ani", Step.p2, date(2019, 1, 10)), ("ani", Step.p4, date(2019, 1, 31)),
                          ("bayu", Step.p2, date(2019, 2, 1)), ("candra", Step.p4, date(2019, 5, 2))]:
        b.add_step(pid, step, on)
    b.add_licence("ani", LicenceKind.sku, date(2019, 1, 31))
    b.add_licence("candra", LicenceKind.iumk, date(2019, 5, 2))
    whole = b.build()
    as_of = date(2019, 12, 31)

    with tempfile.TemporaryDirectory() as tmp:
        # 2. Saved by kota: one partition per kota where someone lives, in code order (31.74,
        #    31.75), and a manifest with each one's rows and checksum. Opening loads nothing.
        path = Path(tmp) / "programme"
        okoce.save(whole, path, partition_by="kota")
        dataset = okoce.open(path)
        figure("parts", len(dataset), 2)
        figure("participants in Jakarta Selatan", dataset.load(0).participant_count, 2)

        # 3. The funnel (a-la-carte). Selatan: P1 2, P2 2, P4 1. Timur: P1 2, P2 0, P4 1.
        #    Merged: P1 4, P2 2, P4 2, what the whole programme gives.
        merged = okoce.funnel(dataset, as_of, "a_la_carte")
        direct = okoce.funnel(whole, as_of, "a_la_carte")
        figure("merged funnel P1", merged.loc[0, "P1"], 4)
        figure("merged funnel P2", merged.loc[0, "P2"], 2)
        figure("merged funnel P4", merged.loc[0, "P4"], 2)
        figure("merged funnel equals the whole", merged.equals(direct), True)

        # 4. Time to licence (Kaplan-Meier, days from registration). Whole: ani's licence at 30 (4
        #    at risk: S = 3/4), dedi censored at 40, candra's at 90 (2 at risk: S = 3/8), bayu
        #    censored at 364; the median (first S < 0.5) is day 90. Selatan alone has S(30) = 1/2
        #    and no median, so no rule on the parts' medians could give 90: the merge adds the
        #    counts per day instead.
        km = okoce.time_to(dataset, as_of)
        selatan = okoce.time_to(dataset.load(0), as_of)
        figure("Jakarta Selatan alone: median days", selatan.medians.loc[0, "median"], math.nan,
               tolerance=0)
        figure("merged survival at each time", list(km.curves["survival"]),
               [0.75, 0.75, 0.375, 0.375], tolerance=1e-12)
        figure("merged median days", km.medians.loc[0, "median"], 90.0, tolerance=0)
        whole_km = okoce.time_to(whole, as_of)
        figure("merged curve equals the whole", km.curves.equals(whole_km.curves), True)

        # 5. Any other figure over the parts is a fold: ``reduce_partitions`` computes it per
        #    partition and combines the results as they come. Licensed on the date (a licence of
        #    a counting kind in force, SKU among them): ani in Selatan and candra in Timur,
        #    1 + 1 = 2. A count adds up; a median or a rate would not, which is why the analyses
        #    above merge counts.
        count = functools.partial(licensed_on, as_of)
        folded = reduce_partitions(dataset, count, operator.add)
        figure("licensed participants, folded over the parts", folded, 2)

        # 6. The same calls on Dask: a LocalCluster of two worker processes stands in for a cluster
        #    (on a real one, the folder must be readable by every worker). Only the partial counts
        #    travel; the frames are exactly the ones above.
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # python3-distributed is installed by scripts/setup.sh
            print("(Dask's distributed is not installed: step 6 skipped)")
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                on_dask = okoce.funnel(dataset, as_of, "a_la_carte", client=client)
                pd.testing.assert_frame_equal(on_dask, merged, check_exact=True)
                km_dask = okoce.time_to(dataset, as_of, client=client)
                pd.testing.assert_frame_equal(km_dask.curves, km.curves, check_exact=True)
                assert reduce_partitions(dataset, count, operator.add, client=client) == folded
                print("Dask: the funnel, the curve and the fold equal the ones made here")


# Dask starts its worker processes by importing this file again, so the lesson runs only as the
# main program.
if __name__ == "__main__":
    main()
