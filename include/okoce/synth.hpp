// A synthetic DKI Jakarta programme for teaching, tests and benchmarks: participants spread over
// the 267 kelurahan by population, registering along the published OK OCE / JakPreneur counts,
// taking the seven steps under the policy of the day, with licences, quarterly reports, mentors,
// communities and targets. Every record is invented; only the calibration figures are real.
// The same rules, given a province's regions and a national calendar, make synth::indonesia: a
// national programme written one province at a time into a partitioned dataset.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/io/partitioned.hpp"
#include "okoce/phase.hpp"
#include "okoce/programme.hpp"
#include "okoce/step.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

namespace okoce::synth {

struct Options {
    // The same seed (and scale and until) gives the same programme, column for column, on every
    // platform: the generator uses its own random numbers, not <random>'s distributions.
    std::uint64_t seed = 2017;
    // 1.0 is Jakarta size (332,279 participants and about 2.2 million quarterly reports by
    // 2022-10-31); counts, funnels and target values scale with it. Mentors do not (see
    // `Truth` below for the mentoring model): per kecamatan 4 office mentors (policy), 4 PJLP
    // contracted mentors from 2020 who mentor in groups, and 3 community mentors, so small
    // scales have mentors to spare.
    double scale = 1.0;
    // Nothing happens after this day: no registration, step, licence, report or exit.
    Date until = Date(2022, 10, 31);
    // The true effects of training and mentoring (truth()) on revenue and employees. false
    // gives the same programme without them: the same people, steps and draws, so each report
    // is the treated one's counterfactual.
    bool effects = true;
    // Selection into mentoring on prospects: under JakPreneur, growing businesses take up
    // mentoring more often than flat or declining ones (truth().selection). false makes
    // take-up independent of prospects (the same mean), so a naive comparison is unbiased.
    bool selection = true;
};

// The effects built into the synthetic programme, for tests and lessons (the impact analysis
// estimates them). An effect is multiplicative on quarterly revenue and additive on employees
// (one more employee with that probability), from the first quarter that starts after the
// step's day, for as long as the participant reports; a participant both trained and mentored
// gets both. Its size depends on the phase the business is in on the step's day, by the
// generator's own rule, close to PhaseRules' defaults:
//   starting: no business yet, or one younger than 12 months;
//   stalled: 36 months or older and not on a growing path (flat or declining revenue);
//   mid_stage: the rest.
// Sizes are chosen against the literature: training raises sales or profits 5-10% (McKenzie
// 2020, meta-analysis); mentoring raised profits about 20% in Kenya, most among the weakest
// (Brooks, Donovan & Johnson 2018). KemenKopUKM's +36% turnover and +23% employees for 920
// mentored firms is a before/after figure without a control: growth and selection included.
struct Truth {
    // Revenue multiplier minus one, by the phase on the step's day (in Phase order).
    std::array<double, phase_count> training_revenue;
    std::array<double, phase_count> mentoring_revenue;
    // Probability of one more employee (so the mean employees added), by phase.
    std::array<double, phase_count> training_employees;
    std::array<double, phase_count> mentoring_employees;
    // Relative take-up of JakPreneur mentoring by revenue path when Options::selection is on
    // (a mean of 1 over the paths): growing (35% of businesses), flat (45%), declining or
    // dormant (20%).
    double selection_growing, selection_flat, selection_declining;
};
// The constants above (the same for every seed and scale).
const Truth& truth() noexcept;

// Kota and sectors differ around the Jakarta totals (their training and licensing propensities
// average 1, so the calibrated totals hold), Jakarta Barat's 2018 funnel is the published one,
// and participants without a business at registration may start one later, more often after
// training. A programme made until a day before 2020 has by then what a longer one has.
// JakPreneur's 2021 drive (training, group mentoring, NIB through OSS, marketing, bookkeeping,
// capital) reaches everyone still in the programme, in any order, and brings the funnel of
// 2021-10-27 to the published one (published_funnels()[3]); PJLP mentors in group cycles give
// the places it needs (see Options::scale). Revenue follows a path per business (dormant,
// growing, flat, declining) tilted by sector, with the true effects of truth().
// Throws argument_error for a scale that is not a positive finite number (or so large that
// participants overflow a 32-bit index) and for an `until` that is not a date.
Programme jakarta(const Options& options = {});
Programme jakarta(std::uint64_t seed, double scale, Date until);

// ---------------------------------------------------------------------------------------------
// The national programme: scale 1 is 65 million participants (about the number of micro, small
// and medium businesses in Indonesia), spread over the provinces and kab/kota by population
// (PopulationTable::indonesia()), registering evenly from national_registrations_from to
// national_registrations_to, with quarterly reports through national_until.
//
// Participants of a province at `scale`: round(65,000,000 * scale * population of the province /
// population of Indonesia) (284,973,643 people), rounded half away from zero in double precision.
// Each then follows Jakarta's rules under the a-la-carte (JakPreneur) policy: steps, licences
// (NIB after risk-based OSS, SKU from the lurah, P-IRT and halal for food), revenue, exits of
// about 1% a quarter, 4 office and 3 community mentors per kecamatan, communities per sector,
// organisation, kab/kota and every eighth kecamatan. A report is due for each full quarter
// after the registration quarter while the participant is in the programme; 15% are missed and
// a report dated after national_until is not in yet, which gives about 8.1 reports a
// participant (see the README's national section for the measured figure).
inline constexpr std::int64_t national_participants = 65'000'000;
inline const Date national_registrations_from{2023, 1, 1};
inline const Date national_registrations_to{2024, 12, 31};
inline const Date national_until{2026, 10, 31};

// The seed of one province's random streams: a mix of `seed` and the province's code, so a
// province's records do not depend on which other provinces are made, in which order or on how
// many threads.
std::uint64_t province_seed(std::uint64_t seed, RegionCode province) noexcept;

// One province of the national programme, alone: what indonesia() writes as its partition. Its
// region table is RegionTable::indonesia().within(province); ids carry the province code
// ("P32-000001", "MO32-001", "K32-01"), so ids are unique across the partitions. Throws
// argument_error for a bad scale or a code that is not a province of Indonesia.
Programme indonesia_province(std::uint64_t seed, double scale, RegionCode province);

// Writes the national programme to `folder` as a partitioned programme (io::Dataset), one
// partition per province keyed by its code ("11" ... "96"), in code order, and returns it
// opened. Each province is generated, saved through a PartitionWriter and released before the
// next, so memory holds at most `threads` provinces (Jawa Barat, the largest, is 18% of the
// total). With threads > 1 provinces are generated in parallel but saved in code order; the
// files, and so the manifest's checksums, are the same for any number of threads. Nothing
// changes at `folder` unless every province is written (the writer's atomic swap).
io::Dataset indonesia(std::uint64_t seed, double scale, const std::filesystem::path& folder,
                      unsigned threads = 1,
                      io::PartitionFormat format = io::PartitionFormat::sqlite);

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
