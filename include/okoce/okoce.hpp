// okoce: a model of an entrepreneurship-development programme as DKI Jakarta runs one (OK OCE,
// later JakPreneur). Include this header for everything; each concept also has its own. The
// groups below are the library's layers from the bottom up: a layer builds on those above it.
#pragma once

// Value types and the rules on a single value: dates and quarters, money, region codes, the
// NIK, sectors, the seven steps, phases, licences, business size; errors and the version.
#include "okoce/calendar.hpp"
#include "okoce/error.hpp"
#include "okoce/licence.hpp"
#include "okoce/money.hpp"
#include "okoce/nik.hpp"
#include "okoce/phase.hpp"
#include "okoce/population.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/size_class.hpp"
#include "okoce/step.hpp"
#include "okoce/version.hpp"

// Records: one row each of what a programme holds, as a builder takes them.
#include "okoce/mentor.hpp"
#include "okoce/participant.hpp"
#include "okoce/quarterly_report.hpp"
#include "okoce/target.hpp"

// Programme: the validated, immutable column store and the builder that makes one.
#include "okoce/programme.hpp"

// Analyses over a Programme as of a date: groupings and milestones, then the tables built on
// them (funnel, cohorts, time to a milestone, phases, monitoring, targets, mentor assignment).
#include "okoce/assignment.hpp"
#include "okoce/cohort.hpp"
#include "okoce/funnel.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/monitoring.hpp"
#include "okoce/outcomes.hpp"
#include "okoce/partial.hpp"
#include "okoce/partition.hpp"
#include "okoce/phase_analysis.hpp"
#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"

// Impact estimation on any panel (Callaway & Sant'Anna difference-in-differences).
#include "okoce/impact.hpp"

// io: programmes in and out (CSV folder, SQLite file); privacy: the analyst export with
// pseudonymised NIKs, and the small-count rule (Suppression) that analyses apply, which is why
// privacy.hpp needs nothing but the NIK.
#include "okoce/io.hpp"
#include "okoce/privacy.hpp"

// Synthetic programmes for teaching, tests and benchmarks.
#include "okoce/synth.hpp"
