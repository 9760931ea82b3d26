"""The quarterly programme report: a terminal summary and one self-contained HTML file.

``python3 -m okoce report [DATA] [--as-of DATE] [--out DIR] [--lang id|en]`` runs it;
:func:`build_report` is the same from Python. Every chart is a PNG embedded in the HTML
(base64), so the file can be mailed or opened offline; every chart has a table beside it with
the same numbers. The office works in Bahasa Indonesia, so ``id`` is the default language.

Every figure comes from the library (registration and first-licensed dates from
``reached_dates``, the funnel, the phase mix, the targets' progress and projection, the
mentoring demand, monitoring compliance); this module only orders, draws and words them, and
each headline card and summary line says what it counts: registration is P1, "licensed" is a
counting licence (IUMK/SKU/NIB) issued by the date, the funnel's P4 is the recorded P4 step
under the sequential policy, mentoring demand names its rule and monitoring its grace period.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import sys
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import _core
from . import analysis as _an

LANGS = ("id", "en")

# Every piece of report text, Indonesian and English side by side. Numbers are filled in with
# str.format; the figures themselves always come from the library.
_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Laporan program OK OCE per {day}", "OK OCE programme report as of {day}"),
    "data": ("data: {source}; {n:,} peserta tercatat", "data: {source}; {n:,} participants on file"),
    "synthetic": ("program sintetis Jakarta, seed {seed}, skala {scale}",
                  "synthetic Jakarta programme, seed {seed}, scale {scale}"),
    # headline cards
    "card_registered": ("Terdaftar", "Registered"),
    "card_registered_note": ("peserta yang mendaftar s.d. {day}; pendaftaran = langkah P1 "
                             "(Pendaftaran)",
                             "participants registered by {day}; registration is step P1 "
                             "(Pendaftaran)"),
    "card_licensed": ("Berizin", "Licensed"),
    "card_licensed_note": ("peserta dengan izin IUMK/SKU/NIB pertama terbit s.d. {day}, "
                           "dihitung sejak mendaftar",
                           "participants with a first IUMK/SKU/NIB licence issued by {day}, "
                           "counted from registration"),
    "card_target": ("Target berlaku: {id}", "Target in force: {id}"),
    "card_target_value": ("{actual:,} dari {value:,}", "{actual:,} of {value:,}"),
    "card_target_note": ("{metric} di {region}, {start} s.d. {end}; seharusnya {expected:,.0f} "
                         "per hari ini (jadwal garis lurus), proyeksi {projected:,.0f} "
                         "pada laju 90 hari terakhir",
                         "{metric} in {region}, {start} to {end}; {expected:,.0f} expected by "
                         "now (straight-line schedule), {projected:,.0f} projected at the last "
                         "90 days' rate"),
    "card_no_target": ("Tidak ada target berlaku", "No target in force"),
    "card_no_target_note": ("tidak ada target yang periodenya mencakup {day}",
                            "no target's period includes {day}"),
    "card_demand": ("Kebutuhan pendamping", "Mentoring demand"),
    "card_demand_value": ("{demand:,}; kurang {short:,}", "{demand:,}; {short:,} short"),
    "card_demand_note": ("aturan {rule}: {desc}, aktif dan tanpa pendamping; kurang = tetap tanpa pendamping setelah "
                         "penugasan, perlu {mentors:,} pendamping baru",
                         "rule {rule}: {desc}, active and without a mentor; short = still "
                         "without one after assignment, {mentors:,} more mentors needed"),
    "card_monitoring": ("Laporan tepat waktu", "Monitoring on time"),
    "card_monitoring_value": ("{rate:.1%} ({on_time:,} dari {expected:,})",
                              "{rate:.1%} ({on_time:,} of {expected:,})"),
    "card_monitoring_note": ("laporan triwulanan yang jatuh tempo ({grace} hari setelah "
                             "triwulan berakhir) dan diterima paling lambat pada tanggal itu",
                             "quarterly reports owed (due {grace} days after the quarter ends) "
                             "that were received by their due date"),
    "card_monitoring_none": ("belum ada", "none owed yet"),
    # sections
    "sec_targets": ("Target dan capaian", "Targets and progress"),
    "sec_funnel": ("Tujuh langkah (7 PAS) per kota", "The seven steps (7 PAS) by kota"),
    "sec_phases": ("Fase peserta dan perpindahannya", "Phases and the moves between them"),
    "sec_time": ("Waktu hingga berizin per kota", "Time to licence by kota"),
    "sec_mentors": ("Pendampingan: kekurangan dan beban pendamping",
                    "Mentoring: shortfall and caseloads"),
    "sec_monitoring": ("Kepatuhan pelaporan per kecamatan",
                       "Monitoring compliance per kecamatan"),
    # targets
    "in_force": ("Target yang berlaku per {day}", "Targets in force on {day}"),
    "upcoming": ("Target yang belum dimulai", "Targets not started yet"),
    "expired": ("Target yang sudah berakhir (ringkasan per tahun)",
                "Expired targets (summary per year)"),
    "expired_details": ("Semua {n:,} target yang sudah berakhir", "All {n:,} expired targets"),
    "none_in_force": ("Tidak ada target yang berlaku per {day}.", "No target is in force on {day}."),
    "target_cols": (("target", "ukuran", "wilayah", "mulai", "selesai", "target", "capaian",
                     "seharusnya", "selisih", "laju/hari", "proyeksi", "tercapai pada"),
                    ("target", "metric", "region", "start", "end", "value", "actual",
                     "expected", "gap", "rate/day", "projected", "reached on")),
    "expired_cols": (("tahun berakhir", "ukuran", "jumlah target", "total target",
                      "total capaian", "target tercapai"),
                     ("year ended", "metric", "targets", "total value", "total actual",
                      "targets met")),
    "metric_registered": ("pendaftaran", "registrations"),
    "metric_licensed": ("peserta berizin", "participants licensed"),
    "reg_chart_title": ("Pendaftaran dan izin kumulatif s.d. {day}",
                        "Cumulative registrations and licences up to {day}"),
    "reg_line": ("terdaftar (P1)", "registered (P1)"),
    "lic_line": ("izin pertama (IUMK/SKU/NIB)", "first licensed (IUMK/SKU/NIB)"),
    "target_line": ("jadwal target {id} ({value:,})", "target {id} schedule ({value:,})"),
    "proj_line": ("proyeksi pada laju 90 hari terakhir", "projection at the last 90 days' rate"),
    "cumulative": ("peserta (kumulatif, akhir bulan)", "participants (cumulative, month end)"),
    "targets_note": ("Selisih = capaian - seharusnya menurut jadwal garis lurus; proyeksi = "
                     "capaian ditambah laju 90 hari terakhir hingga akhir periode.",
                     "Gap = actual - expected on the straight-line schedule; projected = "
                     "actual plus the last 90 days' rate to the period's end."),
    # funnel
    "policy_sequential": ("kebijakan berurutan", "sequential policy"),
    "policy_a_la_carte": ("kebijakan à la carte", "à-la-carte policy"),
    "policy_note": ("Berurutan: sebuah langkah dihitung bila langkah sebelumnya selesai; "
                    "à la carte: setiap langkah yang tercatat dihitung. P1 adalah pendaftaran; "
                    "P4 adalah langkah P4 yang tercatat, bukan izin.",
                    "Sequential: a step counts once the steps before it are done; à la carte: "
                    "every recorded step counts. P1 is registration; P4 is the recorded P4 "
                    "step, not the licence."),
    "participants_log": ("peserta (skala log)", "participants (log scale)"),
    "kota": ("kota", "kota"),
    "kecamatan": ("kecamatan", "kecamatan"),
    "code": ("kode", "code"),
    "step": ("langkah", "step"),
    # phases
    "mix_title": ("Fase peserta aktif per {day}", "Phase of active participants on {day}"),
    "hist_title": ("Fase pada akhir tiap triwulan", "Phase at each quarter end"),
    "participants": ("peserta", "participants"),
    "insufficient": ("di antaranya: data pemantauan tidak cukup",
                     "of which: insufficient monitoring data"),
    "phase": ("fase", "phase"),
    "count": ("jumlah", "count"),
    "rule": ("aturan penentu", "deciding rule"),
    "rules_title": ("Aturan yang menentukan fase", "The rules that decided the phase"),
    "moves_title": ("Perpindahan fase dari {a} ke {b}", "Phase moves from {a} to {b}"),
    "moves_note": ("Baris: fase pada akhir {a} (dari). Kolom: fase pada akhir {b} (ke). "
                   "(tidak ada) = belum terdaftar atau sudah keluar.",
                   "Rows: phase at the end of {a} (from). Columns: phase at the end of {b} "
                   "(to). (absent) = not registered yet or exited."),
    "from": ("dari", "from"),
    "to": ("ke", "to"),
    "absent": ("(tidak ada)", "(absent)"),
    # time to licence
    "km_title": ("Waktu dari pendaftaran hingga izin pertama (Kaplan-Meier)",
                 "Time from registration to first licence (Kaplan-Meier)"),
    "months_since": ("bulan sejak mendaftar", "months since registration"),
    "share_licensed": ("proporsi berizin (1 - S)", "share licensed (1 - S)"),
    "km_cols": (("n", "berizin", "median (hari)", "berizin dalam 12 bulan",
                 "berizin dalam 24 bulan", "rata-rata hari belum berizin dari 24 bulan"),
                ("n", "licensed", "median (days)", "licensed by 12 months",
                 "licensed by 24 months", "mean days unlicensed of the first 24 months")),
    "km_note": ("Median kosong berarti kurang dari separuh peserta kota itu berizin selama "
                "waktu yang teramati, sehingga kurva tidak pernah turun ke separuh; yang "
                "diberikan adalah proporsi berizin 12 dan 24 bulan setelah mendaftar (1 bulan "
                "= 30,4375 hari) dan rata-rata hari belum berizin dalam 24 bulan pertama.",
                "An empty median means fewer than half of that kota were licensed within the "
                "time observed, so the Kaplan-Meier curve never falls to one half; the share "
                "licensed by 12 and 24 months after registration (a month is 30.4375 days) "
                "and the mean days spent unlicensed within the first 24 months are given "
                "instead."),
    # mentors
    "short_title": ("Kecamatan dengan kekurangan tempat pendampingan terbesar (setelah "
                    "penugasan)", "Kecamatan with the most mentoring places short (after "
                    "assignment)"),
    "short_axis": ("peserta tanpa pendamping", "participants without a mentor"),
    "no_shortfall": ("Tidak ada kecamatan yang kekurangan pendamping.",
                     "No kecamatan is short of mentors."),
    "short_cols": (("kebutuhan", "kapasitas sisa", "ditugaskan lokal", "tanpa pendamping",
                    "kekurangan", "pendamping tambahan"),
                   ("demand", "spare capacity", "assigned locally", "unassigned", "shortfall",
                    "additional mentors")),
    "short_note": ("Kebutuhan: {desc} (aturan {rule}), aktif dan tanpa pendamping, dihitung di "
                   "kecamatan tempat tinggal.",
                   "Demand: {desc} (rule {rule}), active and without a mentor, counted where "
                   "they live."),
    "caseloads": ("Beban pendamping", "Mentor caseloads"),
    "case_cols": (("pendamping", "jenis", "kecamatan", "aktif", "kapasitas", "pasangan lama",
                   "sisa", "ditugaskan baru"),
                  ("mentor", "kind", "kecamatan", "active", "capacity", "existing pairs",
                   "spare", "newly assigned")),
    "case_summary": ("{n:,} pendamping, {active:,} aktif: lihat beban masing-masing",
                     "{n:,} mentors, {active:,} active: show each caseload"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "case_note": ("Aktif = masa tugas pendamping mencakup {day}; pendamping tidak aktif "
                  "tidak menerima peserta baru.",
                  "Active = the mentor's term includes {day}; inactive mentors take no new "
                  "participants."),
    # monitoring
    "mon_title": ("Laporan triwulanan diterima tepat waktu / jatuh tempo (tenggang {grace} "
                  "hari)", "Quarterly reports received on time / owed ({grace} days' grace)"),
    "on_time_rate": ("tepat waktu", "on time"),
    "received_rate": ("diterima (termasuk terlambat)", "received (incl. late)"),
    "mon_cols": (("peserta", "jatuh tempo", "diterima", "tepat waktu", "belum ada",
                  "rasio diterima", "rasio tepat waktu"),
                 ("participants", "owed", "received", "on time", "missing", "received rate",
                  "on-time rate")),
    "overdue_title": ("Peserta aktif yang laporannya terlambat, per kecamatan",
                      "Overdue active participants, by kecamatan"),
    "overdue": ("terlambat", "overdue"),
    "exited_note": ("{n:,} peserta yang sudah keluar masih memiliki laporan yang belum masuk; "
                    "mereka tidak masuk daftar tindak lanjut.",
                    "{n:,} participants who exited still have reports missing; they are kept "
                    "off the follow-up lists."),
    "rows_note": ("{shown} pertama dari {n:,} baris.", "First {shown} of {n:,} rows."),
    # summary lines (terminal and top of the HTML)
    "line_registered": ("terdaftar s.d. {day} (pendaftaran = P1): {registered:,}; berizin "
                        "(izin IUMK/SKU/NIB pertama terbit s.d. tanggal itu, sejak mendaftar): "
                        "{licensed:,}",
                        "registered by {day} (registration is P1): {registered:,}; licensed "
                        "(a first IUMK/SKU/NIB licence issued by then, counted from "
                        "registration): {licensed:,}"),
    "line_target": ("target {id} ({metric}, {region}, {start} s.d. {end}): {actual:,} dari "
                    "{value:,}; seharusnya {expected:,.0f} per hari ini, selisih {gap:+,}; "
                    "proyeksi {projected:,.0f} di akhir periode",
                    "target {id} ({metric}, {region}, {start} to {end}): {actual:,} of "
                    "{value:,}; {expected:,.0f} expected by now, gap {gap:+,}; projected "
                    "{projected:,.0f} at the period's end"),
    "line_expired": ("target yang sudah berakhir: {n:,} (ditampilkan setelah yang berlaku)",
                     "expired targets: {n:,} (shown after the ones in force)"),
    "line_funnel": ("langkah P1..P7 (kebijakan berurutan: langkah dihitung bila langkah "
                    "sebelumnya selesai; P1 = pendaftaran, P4 = langkah P4 tercatat, bukan "
                    "izin): {values}",
                    "funnel P1..P7 (sequential policy: a step counts once the steps before it "
                    "are done; P1 is registration, P4 is the recorded P4 step, not the "
                    "licence): {values}"),
    "line_phases": ("fase peserta aktif (terdaftar dan belum keluar): {values}; "
                    "{insufficient:,} di antaranya sudah menengah karena data pemantauan tidak "
                    "cukup",
                    "phases of the active participants (registered, not exited): {values}; "
                    "{insufficient:,} of them mid-stage for insufficient monitoring data"),
    "line_time_median": ("waktu hingga berizin (IUMK/SKU/NIB, sejak mendaftar): median "
                         "{median:g} hari",
                         "time to licence (IUMK/SKU/NIB, from registration): median "
                         "{median:g} days"),
    "line_time_none": ("waktu hingga berizin (IUMK/SKU/NIB, sejak mendaftar): tidak ada median "
                       "(kurang dari separuh berizin selama waktu yang teramati); {parts}",
                       "time to licence (IUMK/SKU/NIB, from registration): no median (fewer "
                       "than half are licensed within the time observed); {parts}"),
    "share_by": ("{share:.1%} berizin dalam {m:g} bulan", "{share:.1%} licensed by {m:g} months"),
    "nobody_by": ("belum ada yang diikuti {m:g} bulan", "nobody followed {m:g} months yet"),
    "rmst": ("rata-rata {mean:.0f} dari {h:g} hari pertama belum berizin",
             "on average {mean:.0f} of the first {h:g} days spent unlicensed"),
    "rmst_none": ("belum ada rata-rata dalam {h:g} bulan", "no mean within {h:g} months yet"),
    "line_mentors": ("pendampingan: {demand:,} {desc} (aturan kebutuhan {rule}; {without:,} "
                     "peserta aktif tanpa pendamping sama sekali): {pairs:,} pasangan baru "
                     "(biaya total {cost:,}), {unassigned:,} tetap tanpa pendamping, "
                     "{mentors:,} pendamping tambahan akan menutup kekurangan",
                     "mentors: {demand:,} {desc} (demand rule {rule}; {without:,} active "
                     "participants have no mentor at all): {pairs:,} new pairs (total cost "
                     "{cost:,}), {unassigned:,} left without a mentor, {mentors:,} more "
                     "mentors would close the gap"),
    "line_monitoring": ("pemantauan: {received:,} dari {expected:,} laporan triwulanan yang "
                        "jatuh tempo ({grace} hari setelah triwulan berakhir) diterima "
                        "({received_rate:.1%}), {on_time:,} tepat waktu ({on_time_rate:.1%}); "
                        "{overdue:,} peserta aktif terlambat, {exited:,} sudah keluar dengan "
                        "laporan belum masuk",
                        "monitoring: {received:,} of {expected:,} quarterly reports owed (due "
                        "{grace} days after the quarter ends) were received "
                        "({received_rate:.1%}), {on_time:,} on time ({on_time_rate:.1%}); "
                        "{overdue:,} active participants overdue, {exited:,} exited with "
                        "reports missing"),
    "line_monitoring_none": ("pemantauan: belum ada laporan jatuh tempo (laporan jatuh tempo "
                             "{grace} hari setelah triwulan berakhir)",
                             "monitoring: no reports due yet (a report is due {grace} days "
                             "after its quarter ends)"),
    "html_at": ("Laporan HTML: {path}", "HTML report: {path}"),
}

# The deciding rules in Indonesian; English comes from PhaseRule.describe().
_RULE_ID = {
    "no_business_start": "belum ada tanggal mulai usaha",
    "young_business": "usaha berumur kurang dari 12 bulan",
    "established": "usaha berumur 12 sampai 36 bulan",
    "growing": "usaha minimal 36 bulan, tumbuh minimal 10% setahun",
    "insufficient_monitoring_data": "usaha minimal 36 bulan; data pemantauan tidak cukup "
                                    "untuk menunjukkan pertumbuhan",
    "no_growth": "usaha minimal 36 bulan, tumbuh kurang dari 10% setahun",
    "zero_revenue": "usaha minimal 36 bulan, omzet nol setahun berselang",
}
# The demand rules in Indonesian; English is the library's Assignment.demand_description.
_DEMAND_ID = {
    "next_step": "peserta yang langkah berikutnya Pendampingan (P3)",
    "until_pathway_done": "peserta sejak P3 menjadi langkah berikutnya hingga jalurnya selesai",
    "all_active": "semua peserta aktif",
}
# One colour per phase in every chart.
PHASE_COLOURS = {"starting": "#4c72b0", "mid_stage": "#55a868", "stalled": "#c44e52",
                 "(absent)": "#bbbbbb"}
PHASES = tuple(p.value for p in _core.Phase)


class _Words:
    """The report's wording in one language."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang: expected one of {', '.join(LANGS)}; got {lang!r}")
        self.lang = lang
        self.k = LANGS.index(lang)

    def __call__(self, key: str, **values: Any) -> str:
        return str(_TEXT[key][self.k]).format(**values)

    def cols(self, key: str) -> list[str]:
        return list(_TEXT[key][self.k])

    def step(self, code: str) -> str:
        s = _core.Step(code)
        # The programme's own step names are Indonesian; English adds its translation.
        return (f"{code} {s.label_id}" if self.lang == "id"
                else f"{code} {s.label_id} ({s.label_en})")

    def phase(self, value: str) -> str:
        if value == "(absent)":
            return self("absent")
        phase = _core.Phase(value)
        return phase.label_id if self.lang == "id" else phase.label_en

    def rule(self, value: str) -> str:
        return _RULE_ID[value] if self.lang == "id" else _core.PhaseRule(value).describe()

    def metric(self, value: str) -> str:
        key = f"metric_{value}"
        if key in _TEXT:
            return self(key)
        return self.step(value) if value.startswith("P") else value

    def demand(self, a: Any) -> str:
        return _DEMAND_ID.get(a.demand, a.demand_description) if self.lang == "id" \
            else a.demand_description

    def date(self, value: Any) -> str:
        return "" if pd.isna(value) else str(pd.Timestamp(value).date())


@dataclass
class Report:
    """What :func:`build_report` produced: the summary lines and the HTML file's path."""

    summary: list[str]
    html_path: str
    sections: list[str] = field(default_factory=list)
    lang: str = "id"


def default_as_of(programme: _core.Programme) -> _dt.date:
    """The last quarter end on or before the latest registration in the data."""
    reg = programme.participants()["registered_on"]
    if len(reg) == 0:
        return _dt.date.today()
    latest = pd.Timestamp(reg.max()).date()
    q = _core.Quarter.of(latest)
    return latest if latest == q.last_day() else q.previous().last_day()


def _png(fig: Any, alt: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return (f'<img alt="{html.escape(alt)}" src="data:image/png;base64,'
            + base64.b64encode(buf.getvalue()).decode("ascii") + '">')


def _table(frame: pd.DataFrame, w: _Words, max_rows: int = 60) -> str:
    shown = frame.head(max_rows)
    out = shown.to_html(index=False, float_format=lambda v: f"{v:,.3f}", na_rep="",
                        border=0, classes="t")
    if len(frame) > max_rows:
        out += f"<p class='note'>{html.escape(w('rows_note', shown=max_rows, n=len(frame)))}</p>"
    return out


def _legend_below(ax: Any, ncol: int = 3) -> None:
    # Below the axes, so that it never covers data.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=ncol, fontsize=8,
              frameon=False)


class _Names:
    """Region names from the library's region table, shortened for charts."""

    def __init__(self, programme: _core.Programme) -> None:
        regions = _an.regions(programme)
        self.full = dict(zip(regions["code"].astype(str), regions["name"].astype(str)))

    def short(self, code: Any) -> str:
        name = self.full.get(str(code), str(code))
        return name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")

    def labelled(self, code: Any) -> str:
        """"Name (code)": the name to read, the code to join on."""
        c = str(code)
        return f"{self.short(c)} ({c})" if c in self.full else c


# --- sections -------------------------------------------------------------------------------

@dataclass
class _Figures:
    """The library results the headline cards and several sections share (computed once)."""

    registered: int
    licensed: int
    reg_dates: pd.Series
    lic_dates: pd.Series
    targets: pd.DataFrame
    assignment: _an.Assignment
    monitoring: _an.Monitoring
    monitoring_by: _an.Monitoring


def _target_state(targets: pd.DataFrame, day: _dt.date) -> pd.Series:
    """"in_force", "expired" or "upcoming" for each target, by its period and the as-of date."""
    t = pd.Timestamp(day)
    start, end = pd.to_datetime(targets["start"]), pd.to_datetime(targets["end"])
    return pd.Series(np.where(end < t, "expired", np.where(start > t, "upcoming", "in_force")),
                     index=targets.index)


def _main_target(targets: pd.DataFrame, day: _dt.date) -> pd.Series | None:
    """The target the headline card shows: in force, preferring registrations, then the widest
    region (the shortest code)."""
    live = targets[_target_state(targets, day) == "in_force"]
    if not len(live):
        return None
    order = live.assign(_reg=live["metric"].astype(str) != "registered",
                        _len=live["region"].astype(str).str.len())
    return live.loc[order.sort_values(["_reg", "_len"]).index[0]]


def _cards(f: _Figures, day: _dt.date, w: _Words, names: _Names) -> tuple[str, list[str]]:
    cards = [("registered", w("card_registered"), f"{f.registered:,}",
              w("card_registered_note", day=day), f.registered),
             ("licensed", w("card_licensed"), f"{f.licensed:,}",
              w("card_licensed_note", day=day), f.licensed)]
    t = _main_target(f.targets, day)
    if t is not None:
        cards.append(("target", w("card_target", id=t["id"]),
                      w("card_target_value", actual=int(t["actual"]), value=int(t["value"])),
                      w("card_target_note", metric=w.metric(str(t["metric"])),
                        region=names.labelled(t["region"]), start=w.date(t["start"]),
                        end=w.date(t["end"]), expected=float(t["expected"]),
                        projected=float(t["projected"])), int(t["actual"])))
    else:
        cards.append(("target", w("card_no_target"), "-", w("card_no_target_note", day=day), ""))
    a = f.assignment
    mentors = int(a.shortfall["additional_mentors"].sum())
    cards.append(("demand", w("card_demand"),
                  w("card_demand_value", demand=a.demand_count, short=len(a.unassigned)),
                  w("card_demand_note", rule=a.demand, desc=w.demand(a),
                    mentors=mentors), a.demand_count))
    row = f.monitoring.summary.iloc[0]
    if int(row["expected"]):
        value = w("card_monitoring_value", rate=float(row["on_time_rate"]),
                  on_time=int(row["received_on_time"]), expected=int(row["expected"]))
        raw: Any = f"{float(row['on_time_rate']):.6f}"
    else:
        value, raw = w("card_monitoring_none"), ""
    cards.append(("monitoring", w("card_monitoring"), value,
                  w("card_monitoring_note", grace=f.monitoring.grace_days), raw))
    out = "<div class='cards'>"
    for key, title, value, note, data in cards:
        out += (f"<div class='card' data-figure='{key}' data-value='{html.escape(str(data))}'>"
                f"<div class='ct'>{html.escape(title)}</div>"
                f"<div class='cv'>{html.escape(value)}</div>"
                f"<div class='cn'>{html.escape(note)}</div></div>")
    return out + "</div>", []


def _monthly_at_month_end(dates: pd.Series, day: _dt.date) -> pd.Series:
    """Cumulative counts of the dates, each month's total plotted at the month's last day (the
    current month's at the as-of date), so the line reaches the as-of date."""
    if not len(dates):
        return pd.Series(dtype=float)
    counts = dates.dt.to_period("M").value_counts().sort_index()
    months = pd.period_range(counts.index.min(), pd.Period(day, "M"), freq="M")
    cum = counts.reindex(months, fill_value=0).cumsum()
    ends = months.to_timestamp(how="end").normalize()
    ends = ends.where(ends <= pd.Timestamp(day), pd.Timestamp(day))
    first = months[0].to_timestamp()
    return pd.concat([pd.Series([0], index=[first]), pd.Series(cum.values, index=ends)])


def _targets(f: _Figures, day: _dt.date, plt: Any, w: _Words,
             names: _Names) -> tuple[str, list[str]]:
    reg = _monthly_at_month_end(f.reg_dates, day)
    lic = _monthly_at_month_end(f.lic_dates, day)
    fig, ax = plt.subplots(figsize=(10, 4))
    if len(reg):
        ax.plot(reg.index, reg.values, color="#1f77b4", label=w("reg_line"))
    if len(lic):
        ax.plot(lic.index, lic.values, color="#ff7f0e", label=w("lic_line"))
    t = _main_target(f.targets, day)
    if t is not None and str(t["metric"]) == "registered":
        start, end = pd.Timestamp(t["start"]), pd.Timestamp(t["end"])
        # The curve's level when the target period began, so the schedule sits on the curve.
        base = float(reg[reg.index < start].iloc[-1]) if (reg.index < start).any() else 0.0
        ax.plot([start, end], [base, base + int(t["value"])], "--", color="grey",
                label=w("target_line", id=t["id"], value=int(t["value"])))
        ax.plot([pd.Timestamp(day), end], [base + int(t["actual"]),
                                           base + float(t["projected"])], ":",
                color="black", label=w("proj_line"))
    ax.set_ylabel(w("cumulative"))
    ax.set_title(w("reg_chart_title", day=day))
    _legend_below(ax, ncol=4)

    cols = ["id", "metric", "region", "start", "end", "value", "actual", "expected", "gap",
            "run_rate_per_day", "projected", "projected_reach_on"]
    shown = f.targets[cols].copy()
    state = _target_state(f.targets, day)
    shown["metric"] = shown["metric"].astype(str).map(w.metric)
    shown["region"] = shown["region"].astype(str).map(names.labelled)
    for c in ("start", "end", "projected_reach_on"):
        shown[c] = shown[c].map(w.date)
    shown.columns = w.cols("target_cols")
    lines = []
    body = _png(fig, w("reg_chart_title", day=day))
    body += f"<h3>{html.escape(w('in_force', day=day))}</h3>"
    live = shown[state == "in_force"]
    if len(live):
        body += _table(live, w) + f"<p class='note'>{html.escape(w('targets_note'))}</p>"
        for _, r in f.targets[state == "in_force"].iterrows():
            lines.append(w("line_target", id=r["id"], metric=w.metric(str(r["metric"])),
                           region=names.labelled(r["region"]), start=w.date(r["start"]),
                           end=w.date(r["end"]), actual=int(r["actual"]),
                           value=int(r["value"]), expected=float(r["expected"]),
                           gap=int(r["gap"]), projected=float(r["projected"])))
    else:
        body += f"<p>{html.escape(w('none_in_force', day=day))}</p>"
    upcoming = shown[state == "upcoming"]
    if len(upcoming):
        body += f"<h3>{html.escape(w('upcoming'))}</h3>" + _table(upcoming, w)
    old = f.targets[state == "expired"]
    if len(old):
        lines.append(w("line_expired", n=len(old)))
        # After its end a target's expected value is its whole value, so gap >= 0 means met.
        per_year = (old.assign(year=pd.to_datetime(old["end"]).dt.year,
                               metric=old["metric"].astype(str).map(w.metric),
                               met=old["gap"] >= 0)
                    .groupby(["year", "metric"], observed=True)
                    .agg(n=("id", "size"), value=("value", "sum"), actual=("actual", "sum"),
                         met=("met", "sum")).reset_index())
        per_year.columns = w.cols("expired_cols")
        body += (f"<h3>{html.escape(w('expired'))}</h3>" + _table(per_year, w)
                 + f"<details><summary>{html.escape(w('expired_details', n=len(old)))}"
                 "</summary>" + _table(shown[state == "expired"], w, max_rows=100_000)
                 + "</details>")
    return body, lines


def _funnel(p: _core.Programme, day: _dt.date, plt: Any, w: _Words,
            names: _Names) -> tuple[str, list[str]]:
    steps = [s.value for s in _core.Step]
    parts = []
    for policy in (sp.value for sp in _core.StepPolicy):
        parts.append((policy, _an.funnel(p, day, policy=policy, by="kota")))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for ax, (policy, fr) in zip(axes, parts):
        x = np.arange(len(steps))
        width = 0.8 / max(len(fr), 1)
        for k, (_, row) in enumerate(fr.iterrows()):
            ax.bar(x + k * width, [max(int(row[s]), 0) for s in steps], width,
                   label=names.short(row["group"]))
        ax.set_xticks(x + 0.4 - width / 2, [w.step(s).replace(" ", "\n") for s in steps],
                      fontsize=7)
        ax.set_yscale("log")
        ax.set_title(w(f"policy_{policy}"))
    axes[0].set_ylabel(w("participants_log"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=6,
               fontsize=8, frameon=False)
    total = _an.funnel(p, day, policy="sequential").iloc[0]
    lines = [w("line_funnel", values=" / ".join(f"{int(total[s]):,}" for s in steps))]
    body = (_png(fig, w("sec_funnel")) + f"<p class='note'>{html.escape(w('policy_note'))}</p>")
    for policy, fr in parts:
        table = pd.DataFrame({w("kota"): fr["group"].map(names.short),
                              w("code"): fr["group"].astype(str)})
        for s in steps:
            table[w.step(s)] = fr[s]
        body += f"<h3>{html.escape(w(f'policy_{policy}'))}</h3>" + _table(table, w)
    return body, lines


def _phases(p: _core.Programme, day: _dt.date, plt: Any, w: _Words) -> tuple[str, list[str]]:
    ph = _an.phases(p, day)
    ph = ph[ph["active"]]
    mix = _an.phase_mix(p, day).iloc[0]
    # How many mid-stage verdicts rest on too few reports, counted by the library.
    insufficient = int(mix["insufficient_data"])
    end = _core.Quarter.of(day)
    if end.last_day() != day:
        end = end.previous()
    hist = _an.phase_history(p, end - 4, end)
    moves = hist.transitions
    last = moves[moves["to_quarter"].astype(str) == str(end)]
    order = list(PHASES) + ["(absent)"]
    matrix = (last.assign(**{"from": last["from"].astype(str), "to": last["to"].astype(str)})
              .pivot_table(index="from", columns="to", values="count", aggfunc="sum",
                           fill_value=0)
              .reindex(index=order, columns=order, fill_value=0))
    # The mix at each quarter's end, from the library (the quarters phase_history moved over).
    quarters = [end - k for k in range(4, -1, -1)]
    per_q = pd.DataFrame([_an.phase_mix(p, q.last_day()).iloc[0][list(PHASES)] for q in quarters],
                         index=[str(q) for q in quarters])

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    labels = [textwrap.fill(w.phase(k), 16) for k in PHASES]
    values = [int(mix[k]) for k in PHASES]
    axes[0].bar(labels, values, color=[PHASE_COLOURS[k] for k in PHASES])
    # The insufficient-data part of mid-stage, hatched over the mid-stage bar, not hidden in it.
    axes[0].bar([labels[1]], [insufficient], color=PHASE_COLOURS["mid_stage"], hatch="//",
                edgecolor="white", label=w("insufficient"))
    axes[0].set_ylabel(w("participants"))
    axes[0].set_title(w("mix_title", day=day))
    axes[0].tick_params(axis="x", labelsize=8)
    _legend_below(axes[0], ncol=1)
    bottom = np.zeros(len(per_q))
    qs = [str(q) for q in per_q.index]
    for k in PHASES:
        axes[1].bar(qs, per_q[k].values, bottom=bottom, color=PHASE_COLOURS[k],
                    label=w.phase(k))
        bottom += per_q[k].values
    axes[1].set_title(w("hist_title"))
    axes[1].set_ylabel(w("participants"))
    _legend_below(axes[1], ncol=3)
    values_text = ", ".join(f"{w.phase(k)} {int(mix[k]):,}" for k in PHASES)
    lines = [w("line_phases", values=values_text, insufficient=insufficient)]

    counts = ph["rule"].astype(str).value_counts()
    rules = pd.DataFrame({w("phase"): [w.phase(str(ph.loc[ph["rule"].astype(str) == r,
                                                            "phase"].iloc[0])) for r in counts.index],
                          w("rule"): [w.rule(r) for r in counts.index],
                          w("count"): counts.values})
    a, b = str(end - 1), str(end)
    shown = matrix.copy()
    shown.index = [f"{w('from')} {a}: {w.phase(k)}" for k in order]
    shown.columns = [f"{w('to')} {b}: {w.phase(k)}" for k in order]
    body = (_png(fig, w("sec_phases")) + f"<h3>{html.escape(w('rules_title'))}</h3>"
            + _table(rules, w)
            + f"<h3>{html.escape(w('moves_title', a=a, b=b))}</h3>"
            + f"<p class='note'>{html.escape(w('moves_note', a=a, b=b))}</p>"
            + shown.to_html(border=0, classes="t"))
    return body, lines


def _time_to_licence(p: _core.Programme, day: _dt.date, plt: Any, w: _Words,
                     names: _Names) -> tuple[str, list[str]]:
    km = _an.time_to(p, day, milestone="licensed", by="kota")
    fig, ax = plt.subplots(figsize=(10, 4))
    for group, curve in km.curves.groupby("group", sort=True, observed=True):
        ax.step(curve["time"] / 30.4375, 1 - curve["survival"], where="post",
                label=names.short(group))
    ax.set_xlabel(w("months_since"))
    ax.set_ylabel(w("share_licensed"))
    ax.set_title(w("km_title"))
    _legend_below(ax, ncol=6)
    med = km.medians
    shares = km.reached.pivot(index="group", columns="months", values="share")
    rmst = km.restricted_mean.set_index("group")
    c = w.cols("km_cols")
    table = pd.DataFrame({w("kota"): med["group"].map(names.short),
                          w("code"): med["group"].astype(str), c[0]: med["n"],
                          c[1]: med["n_events"], c[2]: med["median"]})
    for months, col in ((12.0, c[3]), (24.0, c[4])):
        if months in shares.columns:
            table[col] = med["group"].map(shares[months]).map(
                lambda v: "" if pd.isna(v) else f"{v:.1%}")
    table[c[5]] = med["group"].map(rmst["mean_days"]).round(0)
    note = f"<p class='note'>{html.escape(w('km_note'))}</p>" if med["median"].isna().any() else ""
    lines = [_time_to_line(_an.time_to(p, day, milestone="licensed"), w)]
    return _png(fig, w("km_title")) + note + _table(table, w), lines


def _time_to_line(km: Any, w: _Words | None = None) -> str:
    """One summary line for the whole programme: the median if it exists, else why not and
    the shares and restricted mean that do."""
    w = w or _Words("en")
    median = km.medians["median"].iloc[0]
    if not pd.isna(median):
        return w("line_time_median", median=median)
    shares = km.reached.set_index("months")["share"]
    r = km.restricted_mean.iloc[0]
    # NaN: nobody has been in the programme that long yet.
    parts = [w("share_by", share=shares[m], m=m) if not pd.isna(shares[m])
             else w("nobody_by", m=m) for m in shares.index if m in (12.0, 24.0)]
    parts.append(w("rmst", mean=r["mean_days"], h=r["horizon_days"])
                 if not pd.isna(r["mean_days"]) else w("rmst_none", h=r["horizon_months"]))
    return w("line_time_none", parts="; ".join(parts))


def _mentors(p: _core.Programme, f: _Figures, day: _dt.date, plt: Any, w: _Words,
             names: _Names) -> tuple[str, list[str]]:
    a = f.assignment
    short = a.shortfall.sort_values("shortfall", ascending=False)
    key = short.columns[0]
    top = short[short["shortfall"] > 0].head(15)
    body = ""
    if len(top):
        fig, ax = plt.subplots(figsize=(10, 0.35 * len(top) + 1.2))
        ax.barh([names.labelled(c) for c in top[key]][::-1], top["shortfall"].values[::-1],
                color="#8172b2")
        ax.set_xlabel(w("short_axis"))
        ax.set_title(w("short_title"))
        body += _png(fig, w("short_title"))
    else:
        body += f"<p>{html.escape(w('no_shortfall'))}</p>"
    lines = [w("line_mentors", demand=a.demand_count, desc=w.demand(a), rule=a.demand,
               without=a.active_without_pair, pairs=len(a.pairs), cost=a.total_cost,
               unassigned=len(a.unassigned),
               mentors=int(short["additional_mentors"].sum()))]
    table = pd.DataFrame({w("kecamatan"): short[key].map(names.short),
                          w("code"): short[key].astype(str)})
    for col, label in zip(["demand", "spare_capacity", "assigned_locally", "unassigned",
                           "shortfall", "additional_mentors"], w.cols("short_cols")):
        table[label] = short[col]
    mentors = p.mentors().set_index("id")
    cl = a.caseloads.sort_values(a.caseloads.columns[0])
    ids = cl[cl.columns[0]].astype(str)
    active = pd.Series(cl["active"].to_numpy(), index=ids)
    cc = w.cols("case_cols")
    caseloads = pd.DataFrame({cc[0]: ids,
                              cc[1]: ids.map(mentors["kind"].astype(str)),
                              cc[2]: ids.map(mentors["kecamatan"].astype(str)).map(names.labelled),
                              cc[3]: ids.map(active).map({True: w("yes"), False: w("no")}),
                              cc[4]: cl["capacity"], cc[5]: cl["existing"], cc[6]: cl["spare"],
                              cc[7]: cl["assigned"]})
    body += (f"<p class='note'>{html.escape(w('short_note', desc=w.demand(a), rule=a.demand))}"
             "</p>" + _table(table, w)
             + f"<h3>{html.escape(w('caseloads'))}</h3>"
             + f"<p class='note'>{html.escape(w('case_note', day=day))}</p>"
             + "<details><summary>" + html.escape(w("case_summary", n=len(caseloads),
                                                    active=int(ids.map(active).sum())))
             + "</summary>" + _table(caseloads, w, max_rows=100_000) + "</details>")
    return body, lines


def _monitoring(f: _Figures, day: _dt.date, plt: Any, w: _Words,
                names: _Names) -> tuple[str, list[str]]:
    mon = f.monitoring_by
    grace = mon.grace_days
    s = mon.summary.sort_values("on_time_rate", na_position="first")
    fig, ax = plt.subplots(figsize=(10, 0.22 * len(s) + 1.5))
    labels = [names.labelled(g) for g in s["group"]]
    ax.barh(labels, s["received_rate"].fillna(0), color="#c6dbef", label=w("received_rate"))
    ax.barh(labels, s["on_time_rate"].fillna(0), color="#2171b5", label=w("on_time_rate"))
    ax.set_xlim(0, 1)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(w("mon_title", grace=grace))
    _legend_below(ax, ncol=2)
    row = f.monitoring.summary.iloc[0]
    if int(row["expected"]):
        lines = [w("line_monitoring", received=int(row["received"]),
                   expected=int(row["expected"]), grace=grace,
                   received_rate=float(row["received_rate"]),
                   on_time=int(row["received_on_time"]),
                   on_time_rate=float(row["on_time_rate"]),
                   overdue=len(f.monitoring.overdue_by_kecamatan),
                   exited=f.monitoring.exited_with_missing)]
    else:
        lines = [w("line_monitoring_none", grace=grace)]
    table = pd.DataFrame({w("kecamatan"): s["group"].map(names.short),
                          w("code"): s["group"].astype(str)})
    for col, label in zip(["participants", "expected", "received", "received_on_time",
                           "missing", "received_rate", "on_time_rate"], w.cols("mon_cols")):
        table[label] = s[col]
    over = f.monitoring.overdue_by_kecamatan
    body = _png(fig, w("mon_title", grace=grace)) + _table(table, w)
    body += f"<h3>{html.escape(w('overdue_title'))}</h3>"
    if len(over):
        counts = over.groupby(over["group"].astype(str)).size()
        body += _table(pd.DataFrame({w("kecamatan"): counts.index.map(names.short),
                                     w("code"): counts.index,
                                     w("overdue"): counts.values}), w)
    body += (f"<p class='note'>{html.escape(w('exited_note', n=f.monitoring.exited_with_missing))}"
             "</p>")
    return body, lines


_CSS = """body{font-family:sans-serif;max-width:1200px;margin:auto;color:#222;padding:0 1em}
h2{border-bottom:1px solid #ccc;margin-top:2em} table.t{border-collapse:collapse;font-size:12px}
table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right}
.note{color:#666;font-size:12px} img{max-width:100%}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:1em 0}
.card{flex:1 1 200px;border:1px solid #ccd;border-radius:6px;padding:10px;background:#f7f9fc}
.ct{font-size:13px;color:#446;font-weight:bold} .cv{font-size:24px;margin:4px 0}
.cn{font-size:11px;color:#555} pre{white-space:pre-wrap;font-size:12px}
details summary{cursor:pointer;color:#336}"""


def build_report(programme: _core.Programme, as_of: _dt.date | None = None,
                 out_dir: str = "okoce-report", source: str = "",
                 progress: Callable[[str], None] | None = None, lang: str = "id") -> Report:
    """Computes every section as of ``as_of`` and writes ``<out_dir>/report-<as_of>-<lang>.html``.

    ``as_of`` defaults to :func:`default_as_of`. ``lang`` is "id" (Bahasa Indonesia, default)
    or "en". ``progress`` is called with each step's title before it is computed (the command
    line passes a tqdm bar).
    """
    w = _Words(lang)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    day = as_of if as_of is not None else default_as_of(programme)
    names = _Names(programme)
    holder: list[_Figures] = []

    def figures() -> tuple[str, list[str]]:
        reg = _an.reached_dates(programme, day, "P1")["reached_on"].dropna()
        lic = _an.reached_dates(programme, day, "licensed")["reached_on"].dropna()
        registered = int(_an.funnel(programme, day)["P1"].iloc[0])
        holder.append(_Figures(registered, len(lic), reg, lic,
                               _an.target_progress(programme, day),
                               _an.assign_mentors(programme, day),
                               _an.monitoring(programme, day),
                               _an.monitoring(programme, day, by="kecamatan")))
        return _cards(holder[0], day, w, names)

    steps: list[tuple[str, Callable[[], tuple[str, list[str]]]]] = [
        ("", figures),
        (w("sec_targets"), lambda: _targets(holder[0], day, plt, w, names)),
        (w("sec_funnel"), lambda: _funnel(programme, day, plt, w, names)),
        (w("sec_phases"), lambda: _phases(programme, day, plt, w)),
        (w("sec_time"), lambda: _time_to_licence(programme, day, plt, w, names)),
        (w("sec_mentors"), lambda: _mentors(programme, holder[0], day, plt, w, names)),
        (w("sec_monitoring"), lambda: _monitoring(holder[0], day, plt, w, names)),
    ]
    summary = [w("title", day=day),
               w("data", source=source or "-", n=programme.participant_count)]
    body = []
    cards = ""
    for title, make in steps:
        if progress:
            progress(title or w("card_registered"))
        content, lines = make()
        if not title:
            f = holder[0]
            summary.append(w("line_registered", day=day, registered=f.registered,
                             licensed=f.licensed))
            cards = content
            continue
        summary.extend(lines)
        body.append(f"<h2>{html.escape(title)}</h2>{content}")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"report-{day}-{lang}.html")
    doc = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
           f"<title>{html.escape(w('title', day=day))}</title><style>{_CSS}</style></head>"
           f"<body><h1>{html.escape(w('title', day=day))}</h1>{cards}"
           + "<pre>" + html.escape("\n".join(summary[1:])) + "</pre>" + "".join(body)
           + "</body></html>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(doc)
    return Report(summary, path, [t for t, _ in steps if t], lang)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python3 -m okoce report``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python3 -m okoce report",
                                     description="Quarterly programme report (HTML + summary).")
    parser.add_argument("data", nargs="?", help="CSV folder or SQLite file; default: the "
                        "built-in synthetic Jakarta programme")
    parser.add_argument("--as-of", help="YYYY-MM-DD; default: the last quarter end in the data")
    parser.add_argument("--out", default="okoce-report", help="output folder (default: %(default)s)")
    parser.add_argument("--lang", choices=LANGS, default="id",
                        help="language of the report: id (Bahasa Indonesia, default) or en")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the built-in programme (1.0 = Jakarta, default)")
    parser.add_argument("--seed", type=int, default=2017, help="seed of the built-in programme")
    args = parser.parse_args(argv)
    w = _Words(args.lang)
    try:
        as_of = None
        if args.as_of:
            try:
                as_of = _dt.date.fromisoformat(args.as_of)
            except ValueError:
                raise _core.ValidationError(f"--as-of: bad value '{args.as_of}'; expected a "
                                            "date YYYY-MM-DD") from None
        from tqdm import tqdm

        # Progress only for a person watching: quiet when stderr is not a terminal.
        bar = tqdm(total=8, file=sys.stderr, disable=not sys.stderr.isatty(), unit="step")
        bar.set_description("loading")
        if args.data:
            programme = _core.load(args.data)
            source = args.data
        else:
            from . import synth

            until = as_of or _dt.date(2022, 10, 31)
            programme = synth.jakarta(seed=args.seed, scale=args.scale, until=until)
            source = w("synthetic", seed=args.seed, scale=args.scale)
        bar.update()

        def step(title: str) -> None:
            bar.set_description(title[:40])
            bar.update()

        report = build_report(programme, as_of, args.out, source, step, args.lang)
        bar.close()
    except (_core.Error, OSError) as e:
        print(f"okoce report: error: {e}", file=sys.stderr)
        return 2
    print("\n".join(report.summary))
    print("\n" + w("html_at", path=os.path.abspath(report.html_path)))
    return 0
