import datetime

from ._core import Programme

def jakarta(seed: int = 2017, scale: float = 1.0, until: datetime.date = ...) -> Programme: ...

__all__ = ["jakarta"]
