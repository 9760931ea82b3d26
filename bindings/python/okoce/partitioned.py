"""Partitioned programmes: saving one, opening one, and running a computation over its partitions.

A partitioned programme is a folder with one SQLite file (or CSV folder) per region and a
manifest, ``okoce-partitions.csv``, that lists each partition's key, file, row counts and
SHA-256. ``save(p, path, partition_by="kota")`` writes one; ``open(path)`` reads the manifest
and loads nothing. The analyses of :mod:`okoce.analysis` accept the Dataset in place of a
Programme, with ``client=``:

- ``client=None`` (the embedded default): one process, one partition at a time, so peak
  memory is bounded by the largest partition rather than the whole programme;
- ``client=distributed.Client(...)`` (Dask): the partial computations are mapped over the
  workers; each worker opens its own partition file by path (the manifest's folder must be
  readable there, as it is on one machine or a shared filesystem), and only the small partial
  results travel back, where the library merges them.

Both give exactly the unpartitioned result. A partition that is missing, corrupt or fails to
load raises (IoError or ValidationError naming its file), and then no result is returned at all.
Every analysis of an open Dataset reads the manifest and partitions of the save it was opened on,
while other processes save the folder again (see ``okoce.Dataset``).
"""

from __future__ import annotations

import os
from typing import Any, Callable, TypeVar

from . import _core

T = TypeVar("T")

Dataset = _core.Dataset


def open(path: str | os.PathLike[str]) -> _core.Dataset:  # noqa: A001 (okoce.open, by design)
    """Open a partitioned programme: read and check its manifest, load no partition.

    Raises IoError when the folder or the manifest cannot be read (or the folder is not a
    partitioned programme), ValidationError naming the manifest's line, column and value for a
    bad entry. A partition's own file is checked when it is loaded (``Dataset.load``).
    """
    return _core.Dataset(path)


def save(programme: _core.Programme, path: str | os.PathLike[str],
         partition_by: Any = None, format: str | None = None) -> None:  # noqa: A002
    """Save a programme: whole (SQLite when ``path`` ends in .sqlite, .sqlite3 or .db, otherwise a
    CSV folder), or partitioned by region when ``partition_by`` is given.

    ``partition_by``: None, "province", "kota" or "kecamatan" (or an okoce.RegionLevel): one
    partition per region at that level, keyed by its code, in the folder ``path`` with a
    manifest (see :func:`open`); ``format``: "sqlite" (default) or "csv", per partition. Either
    way the new copy is written beside the path and swapped in whole, so a crash leaves the old
    copy or the new one.
    """
    if partition_by is None:
        if format is not None:
            raise ValueError("argument 'format': only for a partitioned save "
                             "(give partition_by too); a whole save takes it from the path")
        _core.save(programme, path)
        return
    _core.save_partitioned(programme, path, partition_by, format)


def _run_on_worker(dataset: _core.Dataset, index: int,
                   partial: Callable[[_core.Programme], T]) -> T:
    """One task: load partition ``index`` here, where the task runs. The Dataset arrives as its
    folder and the manifest the client read, so every task loads the same save."""
    return partial(dataset.load(index))


def _partition_count(dataset: _core.Dataset) -> int:
    if not isinstance(dataset, _core.Dataset):
        raise TypeError(f"expected an okoce.Dataset (okoce.open(path)); "
                        f"got {type(dataset).__name__}")
    return len(dataset)


def _submit(dataset: _core.Dataset, partial: Callable[[_core.Programme], T], client: Any) -> Any:
    """One task per partition on ``client``, each loading its partition where it runs."""
    n = len(dataset)
    return client.map(_run_on_worker, [dataset] * n, list(range(n)), [partial] * n, pure=False)


def map_partitions(dataset: _core.Dataset, partial: Callable[[_core.Programme], T],
                   client: Any = None) -> list[T]:
    """``partial`` applied to each partition, in the manifest's order.

    ``client=None``: here, one partition loaded at a time (and released before the next).
    Otherwise a ``distributed.Client``: one task per partition, each loading its partition on
    the worker, so ``partial`` must be picklable (a module-level function, or
    ``functools.partial`` of one) and so must what it returns. Raises the first partition's
    error and returns nothing when any partition fails.
    """
    n = _partition_count(dataset)
    if client is None:
        return [partial(dataset.load(i)) for i in range(n)]
    futures = _submit(dataset, partial, client)
    try:
        results: list[T] = client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    return results


def reduce_partitions(dataset: _core.Dataset, partial: Callable[[_core.Programme], T],
                      combine: Callable[[T, T], T], client: Any = None) -> T:
    """``partial`` applied to each partition, its results folded into one with ``combine``
    as they come, so that at most the fold and one result are held, not every partition's.

    ``combine(a, b)`` may change and return ``a``; it must be associative and commutative (as
    the partials' ``merge`` is), since on a ``distributed.Client`` results are folded in the
    order they finish. ``client=None`` runs here, one partition at a time, in the manifest's
    order. A Dataset has at least one partition (``open`` refuses an empty manifest with a
    ValidationError). When a partition fails, raises its error (on Dask the first failure to
    arrive, with the other tasks cancelled) and returns nothing.
    """
    n = _partition_count(dataset)
    if client is None:
        acc = partial(dataset.load(0))
        for i in range(1, n):
            acc = combine(acc, partial(dataset.load(i)))
        return acc
    import distributed  # only with a client, so Dask stays optional

    futures = _submit(dataset, partial, client)
    folded: list[T] = []
    try:
        # distributed has no annotations; its as_completed yields (future, result) pairs here.
        as_completed: Any = distributed.as_completed
        arrivals = as_completed(futures, with_results=True)
        for future, result in arrivals:
            folded = [combine(folded[0], result) if folded else result]
            future.release()  # the worker may drop its copy now
    except BaseException:
        client.cancel(futures)
        raise
    return folded[0]
