# Stubs for the okoce package: everything comes from the compiled module.
from . import synth as synth
from ._core import AssignmentCosts as AssignmentCosts
from ._core import assign_mentors_individual_optimum as assign_mentors_individual_optimum
from . import analysis as analysis
from .analysis import Assignment as Assignment
from .analysis import Monitoring as Monitoring
from .analysis import PhaseHistory as PhaseHistory
from .analysis import TimeTo as TimeTo
from .analysis import assign_mentors as assign_mentors
from .analysis import cascade as cascade
from .analysis import cohorts as cohorts
from .analysis import funnel as funnel
from .analysis import kaplan_meier as kaplan_meier
from .analysis import monitoring as monitoring
from .analysis import phase_history as phase_history
from .analysis import phases as phases
from .analysis import regions as regions
from .analysis import merge as merge
from .analysis import phase_mix as phase_mix
from .analysis import reached_dates as reached_dates
from .analysis import target_progress as target_progress
from .analysis import time_to as time_to
from ._core import CommunityBasis as CommunityBasis
from ._core import Error as Error
from ._core import IoError as IoError
from ._core import Licence as Licence
from ._core import LicenceKind as LicenceKind
from ._core import OSS_RISK_BASED_START as OSS_RISK_BASED_START
from ._core import is_valid_nib as is_valid_nib
from ._core import licensed_as_of as licensed_as_of
from ._core import LoadWarning as LoadWarning
from ._core import MentorKind as MentorKind
from ._core import Nik as Nik
from ._core import Participant as Participant
from ._core import Phase as Phase
from ._core import PhaseRule as PhaseRule
from ._core import PhaseRules as PhaseRules
from ._core import PhaseVerdict as PhaseVerdict
from ._core import Population as Population
from ._core import PopulationTable as PopulationTable
from ._core import Programme as Programme
from ._core import ProgrammeBuilder as ProgrammeBuilder
from ._core import Quarter as Quarter
from ._core import RegionCode as RegionCode
from ._core import RegionLevel as RegionLevel
from ._core import RegionTable as RegionTable
from ._core import Sector as Sector
from ._core import Sex as Sex
from ._core import SizeClass as SizeClass
from ._core import SizeRegime as SizeRegime
from ._core import SizeVerdict as SizeVerdict
from ._core import Step as Step
from ._core import StepPolicy as StepPolicy
from ._core import TargetMetric as TargetMetric
from ._core import UnknownReferenceError as UnknownReferenceError
from ._core import ValidationError as ValidationError
from ._core import ValidationErrors as ValidationErrors
from ._core import __version__ as __version__
from ._core import classify_phase as classify_phase
from ._core import export_for_analysts as export_for_analysts
from ._core import format_rupiah as format_rupiah
from ._core import load as load
from ._core import naik_kelas as naik_kelas
from ._core import next_step as next_step
from ._core import parse_rupiah as parse_rupiah
from ._core import pathway as pathway
from ._core import reached as reached
from .partitioned import save as save
from .partitioned import open as open
from . import partitioned as partitioned
from ._core import Dataset as Dataset
from ._core import PartitionWriter as PartitionWriter
from ._core import size_class as size_class
from ._core import size_limits as size_limits
from ._core import size_regime as size_regime
from ._core import whole_months_between as whole_months_between

__all__ = [
    "Assignment",
    "AssignmentCosts",
    "CommunityBasis",
    "Error",
    "IoError",
    "Licence",
    "LicenceKind",
    "OSS_RISK_BASED_START",
    "is_valid_nib",
    "licensed_as_of",
    "LoadWarning",
    "MentorKind",
    "Monitoring",
    "Nik",
    "Participant",
    "Phase",
    "PhaseHistory",
    "PhaseRule",
    "PhaseRules",
    "PhaseVerdict",
    "Population",
    "PopulationTable",
    "Programme",
    "Dataset",
    "PartitionWriter",
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
    "cascade",
    "classify_phase",
    "cohorts",
    "export_for_analysts",
    "format_rupiah",
    "funnel",
    "kaplan_meier",
    "merge",
    "load",
    "monitoring",
    "naik_kelas",
    "next_step",
    "open",
    "partitioned",
    "parse_rupiah",
    "pathway",
    "phase_history",
    "phases",
    "phase_mix",
    "reached_dates",
    "reached",
    "save",
    "size_class",
    "size_limits",
    "size_regime",
    "synth",
    "target_progress",
    "time_to",
    "whole_months_between",
]
