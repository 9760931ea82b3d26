"""The HTML report in a real browser: Debian's chromium, headless, opens the file the main job
writes, every chart must decode, and the page must ask nothing of the network. The screenshot
stays in the build folder (OKOCE_TEST_ARTEFACTS) for a person to look at."""

import datetime as dt
import os
from pathlib import Path

import re

import matplotlib.image
import pandas as pd
import pytest

import okoce
from okoce.report import build_report

from browser_check import check_page

ARTEFACTS = Path(os.environ.get("OKOCE_TEST_ARTEFACTS", "artefacts"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_renders_in_chromium(tmp_path, lang):
    p = okoce.synth.jakarta(seed=5, scale=0.02, until=dt.date(2020, 12, 31))
    report = build_report(p, dt.date(2020, 9, 30), str(tmp_path), lang=lang)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page = check_page(Path(report.html_path), ARTEFACTS / f"report-2020-09-30-{lang}.png")

    text = Path(report.html_path).read_text(encoding="utf-8")
    assert page.title == ("Laporan program OK OCE per 30 September 2020" if lang == "id"
                          else "OK OCE programme report as of September 30, 2020")
    assert page.images == text.count("<img"), "chromium saw a different number of images"
    assert page.images >= 5  # six charts; the shortfall one only when a kecamatan is short
    assert page.broken_images == []
    assert page.network_requests() == []
    # The screenshot is a real picture of a long page, not an empty frame.
    shot = matplotlib.image.imread(page.screenshot)
    height, width = shot.shape[:2]
    assert width > 1200 and height > 2000
    assert shot[..., :3].std() > 0.05
    if lang == "id":
        _indonesian_formats(page.text, p)


def _indonesian_formats(shown, p):
    """What the browser shows of the Indonesian report uses Indonesian conventions: figures
    counted here with pandas and written by hand (dots between thousands, a decimal comma),
    and quarters as "Triwulan"."""
    day = pd.Timestamp(2020, 9, 30)
    registered = int((pd.to_datetime(p.participants()["registered_on"]) <= day).sum())
    assert registered >= 1000
    assert f"Terdaftar\n{registered:,}".replace(",", ".") in shown
    per = okoce.monitoring(p, day.date()).participants
    share = per["received_on_time"].sum() / per["expected"].sum()
    assert (f"{share * 100:.1f}".replace(".", ",") + "%") in shown
    assert "Triwulan III 2020" in shown and "30 September 2020" in shown
    assert not re.search(r"\d,\d{3}(?!\d)", shown)  # no 1,234
    assert not re.search(r"\d{4}Q\d|\d{4}-\d\d-\d\d", shown)  # no 2020Q3, no ISO dates


def test_the_check_sees_broken_images_and_network_requests(tmp_path):
    # The checker itself: a page with one good image, one that does not decode and one from
    # the network must report exactly the last two.
    good = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
            "RU5ErkJggg==")  # a 1x1 PNG
    html = tmp_path / "page.html"
    html.write_text(f'<img alt="good" src="data:image/png;base64,{good}">'
                    '<img alt="broken" src="data:image/png;base64,AAAA">'
                    '<img alt="remote" src="http://192.0.2.1/x.png">')
    page = check_page(html, tmp_path / "page.png", timeout=30)
    assert page.images == 3
    assert sorted(page.broken_images) == ["broken", "remote"]
    assert page.network_requests() == ["http://192.0.2.1/x.png"]
