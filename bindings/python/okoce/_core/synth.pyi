# Stub for okoce._core.synth, the compiled generator that okoce.synth re-exports.
import datetime

from . import Programme

def jakarta(seed: int = 2017, scale: float = 1.0, until: datetime.date = ...) -> Programme: ...
