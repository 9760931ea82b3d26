# Stubs for the okoce package: everything comes from the compiled module.
from . import synth as synth
from ._core import CommunityBasis as CommunityBasis
from ._core import Error as Error
from ._core import IoError as IoError
from ._core import LicenceKind as LicenceKind
from ._core import LoadWarning as LoadWarning
from ._core import MentorKind as MentorKind
from ._core import Nik as Nik
from ._core import Participant as Participant
from ._core import Phase as Phase
from ._core import PhaseRule as PhaseRule
from ._core import PhaseRules as PhaseRules
from ._core import PhaseVerdict as PhaseVerdict
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
from ._core import save as save
from ._core import size_class as size_class
from ._core import size_limits as size_limits
from ._core import size_regime as size_regime
from ._core import whole_months_between as whole_months_between

__all__ = [
    "CommunityBasis",
    "Error",
    "IoError",
    "LicenceKind",
    "LoadWarning",
    "MentorKind",
    "Nik",
    "Participant",
    "Phase",
    "PhaseRule",
    "PhaseRules",
    "PhaseVerdict",
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
    "UnknownReferenceError",
    "ValidationError",
    "ValidationErrors",
    "__version__",
    "classify_phase",
    "export_for_analysts",
    "format_rupiah",
    "load",
    "naik_kelas",
    "next_step",
    "parse_rupiah",
    "pathway",
    "reached",
    "save",
    "size_class",
    "size_limits",
    "size_regime",
    "synth",
    "whole_months_between",
]
