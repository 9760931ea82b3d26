// A synthetic DKI Jakarta programme for teaching, tests and benchmarks: participants spread over
// the 267 kelurahan by population, registering along the published OK OCE / JakPreneur counts,
// taking the seven steps under the policy of the day, with licences, quarterly reports, mentors,
// communities and targets. Every record is invented; only the calibration figures are real.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/programme.hpp"
#include "okoce/step.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace okoce::synth {

struct Options {
    // The same seed (and scale and until) gives the same programme, column for column, on every
    // platform: the generator uses its own random numbers, not <random>'s distributions.
    std::uint64_t seed = 2017;
    // 1.0 is Jakarta size (332,279 participants and about 2.2 million quarterly reports by
    // 2022-10-31); counts, funnels and target values scale with it. Mentors do not: 4 office
    // mentors per kecamatan is policy, whatever the caseload (plus 3 community mentors), so
    // small scales have mentors to spare and Jakarta size runs short.
    double scale = 1.0;
    // Nothing happens after this day: no registration, step, licence, report or exit.
    Date until = Date(2022, 10, 31);
};

// Kota and sectors differ around the Jakarta totals (their training and licensing propensities
// average 1, so the calibrated totals hold), Jakarta Barat's 2018 funnel is the published one,
// and participants without a business at registration may start one later, more often after
// training. A programme made until a day before 2020 has by then what a longer one has.
// Throws validation_error for a scale that is not a positive finite number (or so large that
// participants overflow a 32-bit index) and for an `until` that is not a date.
Programme jakarta(const Options& options = {});
Programme jakarta(std::uint64_t seed, double scale, Date until);

// A published cumulative count of registered participants, with the licensed ones where the
// same source gave them. Registrations between two figures are interpolated linearly.
struct PublishedFigure {
    Date on;
    std::int64_t registered;
    std::optional<std::int64_t> licensed;
    const char* source;
};
std::span<const PublishedFigure> published_registrations();

// A published step funnel: participants who reached each step (nullopt where not published).
// The generator shapes its funnels after these.
struct PublishedFunnel {
    const char* scope; // who was counted
    Date as_of;        // the day the generator compares against (the source gives a period)
    StepPolicy policy; // the policy of the day the figure was counted under
    std::array<std::optional<std::int64_t>, step_count> reached;
    const char* source;
};
std::span<const PublishedFunnel> published_funnels();

// Licensing figures published without a registration count beside them.
struct PublishedLicensing {
    Date on;
    std::optional<std::int64_t> licensed; // participants holding an IUMK or SKU
    std::optional<std::int64_t> iumk;     // of which IUMK
    std::optional<std::int64_t> permits;  // licence documents of every kind
    const char* source;
};
std::span<const PublishedLicensing> published_licensing();

} // namespace okoce::synth
