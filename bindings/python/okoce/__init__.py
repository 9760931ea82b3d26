"""okoce: Jakarta's entrepreneurship programme (OK OCE / JakPreneur) for analysts.

Load a programme (``okoce.load(path)``) or make a synthetic one
(``okoce.synth.jakarta(scale=0.1)``), then read its tables as pandas DataFrames and run the
analyses, which return DataFrames too.

The package's parts:

- **The store**: ``Programme`` (tables ``participants()``, ``steps()``, ``licences()``,
  ``reports()``, ``mentors()``, ``assignments()``, ``targets()``, ``communities()``,
  ``regions()``), ``ProgrammeBuilder`` (build one in code), ``Participant`` (one record),
  ``LoadWarning``.
- **Files**: ``load``, ``save`` (CSV folder or SQLite file) and ``export_for_analysts``
  (NIKs replaced by keyed pseudonyms; the export loads again and keeps ``nik_pseudonym``).
- **Data from the office**: ``from_frames`` (one DataFrame per table, validated as a load) and
  ``read_excel`` (a workbook with one sheet per table; errors name the cell).
- **Partitioned programmes** (module ``partitioned``): ``save(p, path,
  partition_by="kota")`` writes one partition per region with a manifest, ``open(path)`` gives
  a ``Dataset`` (nothing loaded) that the analyses accept, run one partition at a time or on a
  Dask client (``client=``); ``PartitionWriter`` writes one partition at a time. ``merge``
  combines the analyses' partial results (``*Partial``) exactly; ``partial_from_bytes`` reads
  one back from its bytes, checking every value (use it, never ``pickle.loads``, for bytes you
  do not trust).
- **Analyses** (module ``okoce.analysis``): ``phases``, ``phase_history``, ``funnel``,
  ``cohorts``, ``time_to``, ``kaplan_meier``, ``monitoring``, ``phase_mix``, ``reached_dates``,
  ``target_progress``, ``cascade``, ``assign_mentors`` (and ``assign_mentors_individual_optimum``, ``AssignmentCosts``);
  results ``PhaseHistory``, ``TimeTo``, ``Monitoring``, ``Assignment``.
- **Outcomes** (okoce/outcomes.hpp, each by any grouping, over a Dataset too, with an
  ``exposure=`` split that is descriptive, not an effect): ``naik_kelas`` (size class under a
  named law, result ``NaikKelas``), ``jobs``, ``sales_growth``, ``business_starts``,
  ``new_entrepreneurs`` (four named rules side by side).
- **Regions**: ``regions(programme)`` (code, name, level, parent: join names in one line),
  ``RegionCode``, ``RegionTable``, ``RegionLevel``; ``RegionTable.indonesia()`` for all of
  Indonesia, and ``PopulationTable`` (``PopulationTable.indonesia()``: one ``Population`` per
  province and kab/kota).
- **Values and rules**: ``Quarter``, ``Nik``, ``Sector``, ``Step``, ``StepPolicy``,
  ``Phase``, ``PhaseRule``, ``PhaseRules``, ``PhaseVerdict``, ``classify_phase``, ``pathway``,
  ``next_step``, ``reached``, ``LicenceKind``, ``Licence`` (one licence: in force, anomaly),
  ``licensed_as_of`` (``counting=`` e.g. OK OCE's IUMK+SKU), ``is_valid_nib``,
  ``OSS_RISK_BASED_START``, ``TargetMetric``, ``MentorKind``,
  ``CommunityBasis``, ``Sex``, ``SizeClass``, ``SizeRegime``, ``SizeVerdict``, ``size_class``,
  ``size_regime``, ``size_limits``, ``naik_kelas``, ``parse_rupiah``, ``format_rupiah``,
  ``whole_months_between``.
- **Did it work?** ``att_gt`` (module ``impact``): Callaway & Sant'Anna (2021)
  difference-in-differences with staggered adoption on any panel DataFrame, with its
  aggregations, uniform bands and pre-test (``AttGtResult``).
- **Synthetic data**: ``okoce.synth.jakarta``.
- **Errors**: ``Error``, ``ValidationError``, ``ValidationErrors``, ``UnknownReferenceError``,
  ``ArgumentError``, ``IoError``.

Conventions. A date argument takes a ``datetime.date``, a ``pandas.Timestamp`` or
``numpy.datetime64`` at midnight, or ``"YYYY-MM-DD"`` text; a ``datetime.datetime`` (a
Timestamp is one) is accepted only at midnight, and any other time of day is a TypeError rather
than silently truncated. A quarter argument takes an ``okoce.Quarter``, ``"2022Q3"`` or a
``pandas.Period`` with freq "Q". Dates come back as ``datetime.date`` from single values and as
datetime64 columns in DataFrames. Participant and mentor ids are plain str columns; region
codes, sectors, steps and phases are categoricals. Money is a plain ``int`` of whole rupiah;
enums are ``enum.Enum`` classes whose values are the data files' spellings
(``Sector.food_beverage == "food_beverage"``). A wrong argument raises an error naming the
argument and what it takes. Errors derive from ``okoce.Error``; bad input raises
``okoce.ValidationError`` (also a ``ValueError``) naming the file, line, column and value, and
an argument the library refuses raises ``okoce.ArgumentError`` (also a ``ValueError``) naming
the function, the argument and the value.
"""

from . import _args, analysis, impact, partitioned, synth
from ._core import (
    ArgumentError,
    AssignmentCosts,
    CommunityBasis,
    Dataset,
    Error,
    IoError,
    Licence,
    LicenceKind,
    LoadWarning,
    MentorKind,
    Nik,
    OSS_RISK_BASED_START,
    Participant,
    Phase,
    PhaseRule,
    PhaseRules,
    PartitionWriter,
    PhaseVerdict,
    Population,
    PopulationTable,
    Programme,
    ProgrammeBuilder,
    Quarter,
    RegionCode,
    RegionLevel,
    RegionTable,
    Sector,
    Sex,
    SizeClass,
    SizeRegime,
    SizeVerdict,
    Step,
    StepPolicy,
    TargetMetric,
    UnknownReferenceError,
    ValidationError,
    ValidationErrors,
    __version__,
    assign_mentors_individual_optimum,
    classify_phase,
    export_for_analysts,
    format_rupiah,
    is_valid_nib,
    licensed_as_of,
    load,
    next_step,
    parse_rupiah,
    pathway,
    reached,
    size_class,
    size_limits,
    size_regime,
    whole_months_between,
)
from .analysis import (
    Assignment,
    Monitoring,
    PhaseHistory,
    TimeTo,
    assign_mentors,
    cascade,
    cohorts,
    funnel,
    kaplan_meier,
    monitoring,
    phase_history,
    phases,
    regions,
    target_progress,
    time_to,
)
from .analysis import merge, partial_from_bytes, phase_mix, reached_dates
from ._from_frames import from_frames, read_excel
from .analysis import (
    NaikKelas,
    business_starts,
    jobs,
    naik_kelas,
    new_entrepreneurs,
    sales_growth,
)
from .partitioned import open, save
from .impact import AttGtResult, att_gt

# The compiled functions, with argument errors that name the argument (see okoce._args).
assign_mentors_individual_optimum = _args.friendly(assign_mentors_individual_optimum)
classify_phase = _args.friendly(classify_phase)
export_for_analysts = _args.friendly(export_for_analysts)
format_rupiah = _args.friendly(format_rupiah)
is_valid_nib = _args.friendly(is_valid_nib)
licensed_as_of = _args.friendly(licensed_as_of)
load = _args.friendly(load)
next_step = _args.friendly(next_step)
parse_rupiah = _args.friendly(parse_rupiah)
pathway = _args.friendly(pathway)
reached = _args.friendly(reached)
size_class = _args.friendly(size_class)
size_limits = _args.friendly(size_limits)
size_regime = _args.friendly(size_regime)
whole_months_between = _args.friendly(whole_months_between)
for _cls in (AssignmentCosts, Licence, Nik, PhaseRules, PopulationTable, Programme,
             ProgrammeBuilder, Quarter, RegionCode, RegionTable):
    _args.friendly_methods(_cls)

__all__ = [
    "ArgumentError",
    "Assignment",
    "AssignmentCosts",
    "AttGtResult",
    "CommunityBasis",
    "Dataset",
    "Error",
    "IoError",
    "Licence",
    "LicenceKind",
    "LoadWarning",
    "MentorKind",
    "Monitoring",
    "Nik",
    "OSS_RISK_BASED_START",
    "Participant",
    "Phase",
    "PartitionWriter",
    "PhaseHistory",
    "PhaseRule",
    "PhaseRules",
    "PhaseVerdict",
    "Population",
    "PopulationTable",
    "Programme",
    "ProgrammeBuilder",
    "Quarter",
    "RegionCode",
    "RegionLevel",
    "RegionTable",
    "Sector",
    "Sex",
    "SizeClass",
    "SizeRegime",
    "SizeVerdict",
    "Step",
    "StepPolicy",
    "TargetMetric",
    "TimeTo",
    "UnknownReferenceError",
    "ValidationError",
    "ValidationErrors",
    "__version__",
    "analysis",
    "assign_mentors",
    "assign_mentors_individual_optimum",
    "att_gt",
    "cascade",
    "classify_phase",
    "cohorts",
    "export_for_analysts",
    "format_rupiah",
    "from_frames",
    "funnel",
    "impact",
    "is_valid_nib",
    "kaplan_meier",
    "merge",
    "partial_from_bytes",
    "licensed_as_of",
    "load",
    "monitoring",
    "naik_kelas",
    "NaikKelas",
    "business_starts",
    "jobs",
    "new_entrepreneurs",
    "sales_growth",
    "next_step",
    "open",
    "parse_rupiah",
    "partitioned",
    "pathway",
    "phase_history",
    "phases",
    "phase_mix",
    "reached_dates",
    "reached",
    "read_excel",
    "regions",
    "save",
    "size_class",
    "size_limits",
    "size_regime",
    "synth",
    "target_progress",
    "time_to",
    "whole_months_between",
]
