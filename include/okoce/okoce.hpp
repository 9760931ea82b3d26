// okoce: a model of an entrepreneurship-development programme as DKI Jakarta runs one (OK OCE,
// later JakPreneur). Include this header for everything; each concept also has its own.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/error.hpp"
#include "okoce/io.hpp"
#include "okoce/licence.hpp"
#include "okoce/mentor.hpp"
#include "okoce/money.hpp"
#include "okoce/nik.hpp"
#include "okoce/participant.hpp"
#include "okoce/phase.hpp"
#include "okoce/privacy.hpp"
#include "okoce/programme.hpp"
#include "okoce/region.hpp"
#include "okoce/report.hpp"
#include "okoce/sector.hpp"
#include "okoce/size_class.hpp"
#include "okoce/step.hpp"
#include "okoce/synth.hpp"
#include "okoce/target.hpp"
#include "okoce/version.hpp"
