// Outcome measures: what became of the businesses, one definition each. Annual turnover and size
// class (naik kelas) under a named law, jobs at baseline and now, year-on-year sales growth,
// business starts, and "new entrepreneurs" under four named rules side by side. Each sums over
// participants and has a partial with an exact merge (partial.hpp), so it runs on a Programme,
// on a Dataset's parts and on Dask with equal results.
//
// A measure taken on a date reads the reports for quarters that have ended by then
// (last_full_quarter), whenever they arrived: an outcome describes the quarter, from the reports
// held (a report of 2021Q4 sent in January counts for 2021-12-31). Every result carries the
// rules it used (the law, the turnover rule, the exposure split).
//
// Outcomes by exposure: each partial takes `exposure`, a set of steps; when it is not empty,
// every group is split in two rows, those who had reached all of those steps (a-la-carte, by
// the measure's date) and those who had not. That is a descriptive comparison, not an effect:
// who reaches mentoring is not chosen at random.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/grouping.hpp"
#include "okoce/licence.hpp"
#include "okoce/money.hpp"
#include "okoce/programme.hpp"
#include "okoce/size_class.hpp"
#include "okoce/step.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace okoce {

// ---- annual turnover ------------------------------------------------------------------------

// What to do with fewer than four quarterly reports in the year to a quarter.
enum class TurnoverRule : std::uint8_t {
    four_quarters, // fewer than four: no annual turnover (the participant stays unclassified)
    annualise,     // one to three: their sum x 4 / n (rounded down), flagged as annualised
};

template <>
struct enum_traits<TurnoverRule> {
    static constexpr char name[] = "TurnoverRule";
    static constexpr std::string_view what = "a turnover rule";
    static constexpr auto entries = enum_names<TurnoverRule>({"four_quarters", "annualise"});
};

struct AnnualTurnover {
    std::optional<Rupiah> amount; // nullopt: no report, or fewer than four under four_quarters
    std::int32_t quarters = 0;    // reports found among the four quarters, 0..4
    bool annualised = false;      // amount scaled up from fewer than four quarters
};

// The annual turnover at quarter `q`: the sum of the revenues reported for q-3, q-2, q-1 and q
// (reports known by `known_by`; every report when known_by is no_date), or under
// TurnoverRule::annualise, with one to three of them, sum x 4 / n.
AnnualTurnover annual_turnover(const Programme& programme, Index participant, Quarter q,
                               TurnoverRule rule, Date known_by = no_date);

// The latest quarter that has ended on or before `d` (the quarter of d when d is its last day).
Quarter last_full_quarter(Date d);

// ---- common options -------------------------------------------------------------------------

// Every finish() takes a Suppression (privacy.hpp): a group of fewer participants than
// `below` shows each of its counts as `suppressed` (-1) and its rates as NaN, zeros included,
// since its counts would reveal the size of the group. Per-participant lists are not counts
// and are kept (naik kelas's classes of each participant: leave them out of a shared table).

// Said in every result that splits by exposure; the label of the comparison.
inline constexpr std::string_view descriptive_note =
    "descriptive comparison of who reached the steps and who did not; not an effect";

// ---- size class and naik kelas --------------------------------------------------------------

// Which law classifies the two dates of naik kelas.
enum class NaikKelasRegime : std::uint8_t {
    later,     // both dates under the law in force on the later date (the default)
    each_date, // each date under its own law; the result is flagged when the laws differ
    uu20_2008, // both under UU 20/2008 (micro <= Rp300 juta turnover, small <= 2.5 miliar, ...)
    pp7_2021,  // both under PP 7/2021 (micro <= Rp2 miliar turnover, small <= 15 miliar, ...)
};

template <>
struct enum_traits<NaikKelasRegime> {
    static constexpr char name[] = "NaikKelasRegime";
    static constexpr std::string_view what = "a naik kelas regime";
    static constexpr auto entries =
        enum_names<NaikKelasRegime>({"later", "each_date", "uu20_2008", "pp7_2021"});
};

// Micro, small, medium, large, then unknown (no annual turnover under the rule).
inline constexpr std::size_t size_classes_with_unknown = 5;
inline constexpr std::array<std::string_view, size_classes_with_unknown> size_class_names{
    "micro", "small", "medium", "large", "unknown"};
inline constexpr std::uint8_t unknown_size = 4;

// The class (0..3, SizeClass; unknown_size) on day `d` under `law`, by annual turnover at
// last_full_quarter(d). Size by turnover only: capital decides under
// both laws only for a business with no turnover, and reports always carry one.
std::uint8_t size_class_on(const Programme& programme, Index participant, Date d, SizeRegime law,
                           TurnoverRule rule);

// The laws naik kelas applies to the start and the end date under `regime`.
std::pair<SizeRegime, SizeRegime> naik_kelas_laws(Date start, Date end, NaikKelasRegime regime);

// Naik kelas from `start` to `end` over participants registered on or before start, grouped as
// of end. matrix[g][from * 5 + to] counts participants by their class at start (from) and at
// end (to). Participant rows are in id order.
struct NaikKelas {
    // The rules, by name: regime, the laws of each date ("UU 20/2008", "PP 7/2021") and the
    // turnover rule; mixes_laws is 1 under each_date across 2021-02-02, where a change of
    // thresholds counts as movement.
    std::string regime, law_start, law_end, turnover, exposure, comparison;
    std::int32_t mixes_laws = 0;
    std::vector<std::string> group;
    std::vector<std::array<std::int64_t, 25>> matrix;
    std::vector<std::int64_t> participants, up, down, same, unclassified;
    std::vector<std::string> id;
    std::vector<std::int32_t> from, to; // per participant, as in the matrix

    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using R = NaikKelas;
        return std::tuple{field("regime", &R::regime),
                          field("law_start", &R::law_start),
                          field("law_end", &R::law_end),
                          field("turnover", &R::turnover),
                          field("exposure", &R::exposure),
                          field("comparison", &R::comparison),
                          field("mixes_laws", &R::mixes_laws),
                          field("group", &R::group),
                          field("matrix", &R::matrix),
                          field("participants", &R::participants),
                          field("up", &R::up),
                          field("down", &R::down),
                          field("same", &R::same),
                          field("unclassified", &R::unclassified),
                          field("id", &R::id),
                          field("from", &R::from),
                          field("to", &R::to)};
    }
};

struct NaikKelasPartial {
    static constexpr std::string_view kind = "NaikKelasPartial";
    Date start, end;
    NaikKelasRegime regime = NaikKelasRegime::later;
    TurnoverRule turnover = TurnoverRule::four_quarters;
    GroupBy by = GroupBy::none;
    StepSet exposure;
    std::int32_t with_participants = 1; // 0: the matrix only (id, from and to left empty)
    std::vector<std::string> group;
    std::vector<std::array<std::int64_t, 25>> matrix;
    std::vector<std::string> id;
    std::vector<std::int32_t> from, to;

    static constexpr auto fields() {
        using P = NaikKelasPartial;
        return std::tuple{as::option("start", &P::start),
                          as::option("end", &P::end),
                          as::option("regime", &P::regime),
                          as::option("turnover", &P::turnover),
                          as::option("grouping", &P::by),
                          as::option("exposure", &P::exposure),
                          as::option("with_participants", &P::with_participants),
                          as::key("group", &P::group),
                          as::sum("matrix", &P::matrix),
                          as::rows("id", &P::id),
                          as::rows("from", &P::from),
                          as::rows("to", &P::to)};
    }
    void check() const; // start <= end; classes in 0..4; a 0/1 flag
};
NaikKelasPartial naik_kelas_partial(const Programme& programme, Date start, Date end,
                                    NaikKelasRegime regime = NaikKelasRegime::later,
                                    GroupBy by = GroupBy::none,
                                    TurnoverRule turnover = TurnoverRule::four_quarters,
                                    StepSet exposure = {}, bool with_participants = true);
NaikKelas finish(const NaikKelasPartial& partial, Suppression suppression = {});
NaikKelas naik_kelas(const Programme& programme, Date start, Date end,
                     NaikKelasRegime regime = NaikKelasRegime::later, GroupBy by = GroupBy::none,
                     TurnoverRule turnover = TurnoverRule::four_quarters, StepSet exposure = {});

// ---- jobs -----------------------------------------------------------------------------------

// Over participants registered by as_of. Baseline: the employees of the first report (by
// quarter) with employees, for the registration quarter or the next. Now: the
// employees of the latest report with employees for one of the four quarters to
// last_full_quarter(as_of), and for a later quarter than the baseline's. With
// both (with_data), the change is now - baseline: jobs_created sums the positive changes,
// jobs_lost the negative ones (as a positive number), net = created - lost.
struct Jobs {
    Date as_of;
    std::string exposure, comparison;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, with_data, baseline_employees, employees_now,
        jobs_created, jobs_lost, net;
    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using R = Jobs;
        return std::tuple{field("exposure", &R::exposure),
                          field("comparison", &R::comparison),
                          field("group", &R::group),
                          field("participants", &R::participants),
                          field("with_data", &R::with_data),
                          field("baseline_employees", &R::baseline_employees),
                          field("employees_now", &R::employees_now),
                          field("jobs_created", &R::jobs_created),
                          field("jobs_lost", &R::jobs_lost),
                          field("net", &R::net)};
    }
};

struct JobsPartial {
    static constexpr std::string_view kind = "JobsPartial";
    Date as_of;
    GroupBy by = GroupBy::none;
    StepSet exposure;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, with_data, baseline, now, created, lost;

    static constexpr auto fields() {
        using P = JobsPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grouping", &P::by),
                          as::option("exposure", &P::exposure),
                          as::key("group", &P::group),
                          as::sum("participants", &P::participants),
                          as::sum("with_data", &P::with_data),
                          as::sum("baseline", &P::baseline),
                          as::sum("now", &P::now),
                          as::sum("created", &P::created),
                          as::sum("lost", &P::lost)};
    }
};
JobsPartial jobs_partial(const Programme& programme, Date as_of, GroupBy by = GroupBy::none,
                         StepSet exposure = {});
Jobs finish(const JobsPartial& partial, Suppression suppression = {});
Jobs jobs(const Programme& programme, Date as_of, GroupBy by = GroupBy::none,
          StepSet exposure = {});

// ---- sales growth ---------------------------------------------------------------------------

// Year-on-year growth of the same quarter: q = last_full_quarter(as_of), against q - 4. with_data:
// both reports, and revenue in q - 4 above zero; growth = (revenue(q) - revenue(q-4)) /
// revenue(q-4). growing / falling / flat split with_data by the sign; from_zero counts those with
// both reports and revenue zero in q - 4 (no growth rate). median_growth is the median over
// with_data (NaN when none); the partial keeps a count per exact growth value, so the merged median
// is exactly the whole programme's.
struct SalesGrowth {
    Date as_of;
    std::string quarter; // the quarter compared with the same quarter a year before ("2021Q3")
    std::string exposure, comparison;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, with_data, growing, falling, flat, from_zero;
    std::vector<double> share_growing, share_falling, median_growth;
    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using R = SalesGrowth;
        return std::tuple{field("quarter", &R::quarter),
                          field("exposure", &R::exposure),
                          field("comparison", &R::comparison),
                          field("group", &R::group),
                          field("participants", &R::participants),
                          field("with_data", &R::with_data),
                          field("growing", &R::growing),
                          field("falling", &R::falling),
                          field("flat", &R::flat),
                          field("from_zero", &R::from_zero),
                          field("share_growing", &R::share_growing),
                          field("share_falling", &R::share_falling),
                          field("median_growth", &R::median_growth)};
    }
};

struct SalesGrowthPartial {
    static constexpr std::string_view kind = "SalesGrowthPartial";
    Date as_of;
    GroupBy by = GroupBy::none;
    StepSet exposure;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, growing, falling, flat, from_zero;
    std::vector<std::vector<double>> growth;      // per group, the distinct growth values
    std::vector<std::vector<std::int64_t>> count; // per group and value, participants

    static constexpr auto fields() {
        using P = SalesGrowthPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grouping", &P::by),
                          as::option("exposure", &P::exposure),
                          as::key("group", &P::group),
                          as::sum("participants", &P::participants),
                          as::sum("growing", &P::growing),
                          as::sum("falling", &P::falling),
                          as::sum("flat", &P::flat),
                          as::sum("from_zero", &P::from_zero),
                          as::series_key("growth", &P::growth),
                          as::series_sum("count", &P::count)};
    }
};
SalesGrowthPartial sales_growth_partial(const Programme& programme, Date as_of,
                                        GroupBy by = GroupBy::none, StepSet exposure = {});
SalesGrowth finish(const SalesGrowthPartial& partial, Suppression suppression = {});
SalesGrowth sales_growth(const Programme& programme, Date as_of, GroupBy by = GroupBy::none,
                         StepSet exposure = {});

// ---- business starts ------------------------------------------------------------------------

// Over participants registered by as_of with no business at registration (business_started_on
// empty or after registered_on). A start is the earlier of business_started_on (when after
// registration and by as_of) and the first day of the first quarter to last_full_quarter(as_of)
// with revenue above zero (never before registration). started = by_date + by_revenue_only;
// median_days_to_start from registration (NaN when none started); the partial keeps a count
// per exact number of days, so the median merges exactly.
struct BusinessStarts {
    Date as_of;
    std::string exposure, comparison;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, without_business, started, by_date, by_revenue_only;
    std::vector<double> share_started, median_days_to_start;
    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using R = BusinessStarts;
        return std::tuple{field("exposure", &R::exposure),
                          field("comparison", &R::comparison),
                          field("group", &R::group),
                          field("participants", &R::participants),
                          field("without_business", &R::without_business),
                          field("started", &R::started),
                          field("by_date", &R::by_date),
                          field("by_revenue_only", &R::by_revenue_only),
                          field("share_started", &R::share_started),
                          field("median_days_to_start", &R::median_days_to_start)};
    }
};

struct BusinessStartsPartial {
    static constexpr std::string_view kind = "BusinessStartsPartial";
    Date as_of;
    GroupBy by = GroupBy::none;
    StepSet exposure;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, without_business, by_date, by_revenue_only;
    std::vector<std::vector<std::int32_t>> days; // per group, distinct days to start
    std::vector<std::vector<std::int64_t>> count;

    static constexpr auto fields() {
        using P = BusinessStartsPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grouping", &P::by),
                          as::option("exposure", &P::exposure),
                          as::key("group", &P::group),
                          as::sum("participants", &P::participants),
                          as::sum("without_business", &P::without_business),
                          as::sum("by_date", &P::by_date),
                          as::sum("by_revenue_only", &P::by_revenue_only),
                          as::series_key("days", &P::days),
                          as::series_sum("count", &P::count)};
    }
    void check() const; // days >= 0
};
BusinessStartsPartial business_starts_partial(const Programme& programme, Date as_of,
                                              GroupBy by = GroupBy::none, StepSet exposure = {});
BusinessStarts finish(const BusinessStartsPartial& partial, Suppression suppression = {});
BusinessStarts business_starts(const Programme& programme, Date as_of, GroupBy by = GroupBy::none,
                               StepSet exposure = {});

// ---- new entrepreneurs ----------------------------------------------------------------------

// The licences of OK OCE's 2018 P4 indicator.
inline constexpr LicenceKinds okoce_counting{LicenceKind::iumk, LicenceKind::sku};

// Over participants registered by as_of, one count per rule:
// - licensed_okoce: first licensed (first_licensed_on, milestone.hpp) by as_of with an IUMK or
//   SKU, OK OCE's 2018 P4 indicator;
// - licensed: the same with an IUMK, SKU or NIB;
// - capital: reached P7 (capital access) by as_of, a-la-carte, the DPRD's reading;
// - verified_in_business: since registration holds a licence (IUMK, SKU or NIB, as licensed),
//   or has a report for a quarter ended by as_of with revenue above zero or at least one employee;
//   the SBA's rule for a business start since October 2023.
struct NewEntrepreneurs {
    Date as_of;
    std::string exposure, comparison;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, licensed_okoce, licensed, capital, verified_in_business;
    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using R = NewEntrepreneurs;
        return std::tuple{field("exposure", &R::exposure),
                          field("comparison", &R::comparison),
                          field("group", &R::group),
                          field("participants", &R::participants),
                          field("licensed_okoce", &R::licensed_okoce),
                          field("licensed", &R::licensed),
                          field("capital", &R::capital),
                          field("verified_in_business", &R::verified_in_business)};
    }
};

struct NewEntrepreneursPartial {
    static constexpr std::string_view kind = "NewEntrepreneursPartial";
    Date as_of;
    GroupBy by = GroupBy::none;
    StepSet exposure;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, licensed_okoce, licensed, capital, verified_in_business;

    static constexpr auto fields() {
        using P = NewEntrepreneursPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grouping", &P::by),
                          as::option("exposure", &P::exposure),
                          as::key("group", &P::group),
                          as::sum("participants", &P::participants),
                          as::sum("licensed_okoce", &P::licensed_okoce),
                          as::sum("licensed", &P::licensed),
                          as::sum("capital", &P::capital),
                          as::sum("verified_in_business", &P::verified_in_business)};
    }
};
NewEntrepreneursPartial new_entrepreneurs_partial(const Programme& programme, Date as_of,
                                                  GroupBy by = GroupBy::none,
                                                  StepSet exposure = {});
NewEntrepreneurs finish(const NewEntrepreneursPartial& partial, Suppression suppression = {});
NewEntrepreneurs new_entrepreneurs(const Programme& programme, Date as_of,
                                   GroupBy by = GroupBy::none, StepSet exposure = {});

// The label of a row split by exposure: the group, a tab, then "reached P3" or "not P3".
inline constexpr char exposure_separator = '\t';

} // namespace okoce
