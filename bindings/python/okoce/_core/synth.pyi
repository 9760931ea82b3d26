# Stub for okoce._core.synth, the compiled generator that okoce.synth re-exports.
import datetime
import os

from . import Dataset, Programme, RegionCode

def jakarta(seed: int = 2017, scale: float = 1.0, until: datetime.date = ...) -> Programme: ...
def indonesia(seed: int = 2017, scale: float = 1.0, *, path: str | os.PathLike[str], threads: int = 1, format: str | None = None) -> Dataset: ...
def indonesia_province(seed: int, scale: float, province: RegionCode | str) -> Programme: ...

__all__ = ["indonesia", "indonesia_province", "jakarta"]
