"""The version has one source, the project() call of CMakeLists.txt: the module says the same."""
import re
from pathlib import Path

import okoce


def test_version_is_the_cmake_project_version() -> None:
    cmake = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    declared = re.search(r"project\(okoce VERSION (\d+\.\d+\.\d+)", cmake)
    assert declared is not None
    assert okoce.__version__ == declared.group(1)
    assert okoce._core.__version__ == declared.group(1)
