#include "okoce/survival.hpp"

#include "partial_codec.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

namespace okoce {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// One distinct time of a group: events and censorings at it.
struct Row {
    double time;
    std::int64_t events;
    std::int64_t censored;
};

// Phi^-1(p) for 0 < p < 1. Acklam's rational approximation (relative error about 1e-9) made
// exact to double precision by two Halley steps on erfc, so z matches scipy's norm.ppf.
double normal_quantile(double p) {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    for (int k = 0; k < 2; ++k) {
        const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
        const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return x;
}

void check_options(const SurvivalOptions& options) {
    OKOCE_REQUIRE(options.alpha > 0 && options.alpha < 1, "SurvivalOptions", "alpha",
                  number_text(options.alpha), "a number strictly between 0 and 1");
    OKOCE_REQUIRE(options.suppression.below >= 0, "SurvivalOptions", "suppression",
                  std::to_string(options.suppression.below), "0 (off) or a positive count");
    for (std::size_t k = 0; k < options.horizons_months.size(); ++k) {
        const double h = options.horizons_months[k];
        OKOCE_REQUIRE(h >= 0 && std::isfinite(h), "SurvivalOptions",
                      "horizons_months[" + std::to_string(k) + "]", number_text(h),
                      "a finite number of months, 0 or more");
    }
    OKOCE_REQUIRE(options.restricted_mean_months > 0 &&
                      std::isfinite(options.restricted_mean_months),
                  "SurvivalOptions", "restricted_mean_months",
                  number_text(options.restricted_mean_months), "a finite number of months above 0");
}

// Applied to a finished curve: the median needs the true event counts to find the event rows.
void suppress_curve(SurvivalCurve& c, Suppression rule) {
    if (suppress(c.n, rule) == suppressed) {
        c.n = c.n_events = suppressed;
        c.time.clear();
        c.at_risk.clear();
        c.events.clear();
        c.censored.clear();
        c.survival.clear();
        c.std_err.clear();
        c.ci_lower.clear();
        c.ci_upper.clear();
        c.median = c.median_lower = c.median_upper = nan_v;
        for (HorizonShare& h : c.reached_by) h.share = h.std_err = h.ci_lower = h.ci_upper = nan_v;
        c.restricted_mean.mean_days = c.restricted_mean.std_err = nan_v;
        return;
    }
    c.n_events = suppress(c.n_events, rule);
    for (auto* column : {&c.at_risk, &c.events, &c.censored})
        for (auto& x : *column) x = suppress(x, rule);
}

// The complementary log-log transform and its derivative, as statsmodels' quantile_ci uses.
double cloglog(double s) {
    return std::log(-std::log(s));
}
double cloglog_prime(double s) {
    return -1 / (s * std::log(s));
}

// The whole curve from its distinct times, ascending. Follows statsmodels'
// _calc_survfunc_right operation by operation (S as the exponential of a sum of logs,
// Greenwood's sum in double) so the results agree to rounding.
SurvivalCurve make_curve(std::string label, const std::vector<Row>& rows, double z) {
    SurvivalCurve c;
    c.group = std::move(label);
    const std::size_t m = rows.size();
    c.time.resize(m);
    c.at_risk.resize(m);
    c.events.resize(m);
    c.censored.resize(m);
    c.survival.resize(m);
    c.std_err.resize(m);
    c.ci_lower.resize(m);
    c.ci_upper.resize(m);
    for (const Row& r : rows) c.n += r.events + r.censored;

    std::int64_t at_risk = c.n;
    double log_s = 0, greenwood = 0;
    double s = 1, se = 0, lo = 1, hi = 1;
    for (std::size_t k = 0; k < m; ++k) {
        const Row& r = rows[k];
        c.time[k] = r.time;
        c.at_risk[k] = at_risk;
        c.events[k] = r.events;
        c.censored[k] = r.censored;
        c.n_events += r.events;
        if (r.events > 0) {
            const auto n = static_cast<double>(at_risk), d = static_cast<double>(r.events);
            if (r.events == at_risk) {
                // Everyone left has the event: S drops to 0 and Greenwood's term is infinite.
                s = 0;
                se = nan_v;
            } else {
                log_s += std::log(1 - d / n);
                s = std::exp(log_s);
                greenwood += d / (n * (n - d));
                se = s * std::sqrt(greenwood);
            }
            if (s > 0 && std::isfinite(se)) {
                const double g = cloglog(s), width = z * se / (s * -std::log(s));
                lo = std::exp(-std::exp(g + width));
                hi = std::exp(-std::exp(g - width));
            } else {
                lo = hi = nan_v;
            }
        }
        c.survival[k] = s;
        c.std_err[k] = se;
        c.ci_lower[k] = lo;
        c.ci_upper[k] = hi;
        at_risk -= r.events + r.censored;
    }

    // quantile(0.5) and quantile_ci(0.5) run over the event times only.
    constexpr double p = 0.5;
    c.median = c.median_lower = c.median_upper = nan_v;
    std::vector<std::size_t> event_rows;
    for (std::size_t k = 0; k < m; ++k)
        if (c.events[k] > 0) event_rows.push_back(k);
    for (const std::size_t k : event_rows)
        if (c.survival[k] < 1 - p) {
            c.median = c.time[k];
            break;
        }
    const double g_p = cloglog(1 - p);
    std::size_t first = event_rows.size(), last = 0;
    for (std::size_t e = 0; e < event_rows.size(); ++e) {
        const std::size_t k = event_rows[e];
        const double sk = c.survival[k];
        const double stat = (cloglog(sk) - g_p) / (cloglog_prime(sk) * c.std_err[k]);
        if (std::abs(stat) <= z) { // false for NaN, as numpy's comparison
            if (first == event_rows.size()) first = e;
            last = e;
        }
    }
    if (first < event_rows.size()) {
        c.median_lower = c.time[event_rows[first]];
        c.median_upper = last + 1 == event_rows.size() ? std::numeric_limits<double>::infinity()
                                                       : c.time[event_rows[last + 1]];
    }
    return c;
}

// The shares reached by the horizons and the restricted mean of a finished curve (true counts).
void add_horizons(SurvivalCurve& c, const SurvivalOptions& options) {
    const std::size_t m = c.time.size();
    // Beyond the last observed time S is only known if it already fell to 0.
    const bool known_beyond = m > 0 && c.survival[m - 1] == 0;
    const double last_time = m > 0 ? c.time[m - 1] : 0;
    c.reached_by.clear();
    for (const double months : options.horizons_months) {
        HorizonShare h;
        h.months = months;
        h.days = months * days_per_month;
        if (h.days > last_time && !known_beyond) {
            h.share = h.std_err = h.ci_lower = h.ci_upper = nan_v;
        } else {
            // The last row at or before the horizon; S is 1 (and its interval [1, 1]) before
            // the first row.
            const auto k = static_cast<std::size_t>(
                std::upper_bound(c.time.begin(), c.time.end(), h.days) - c.time.begin());
            const bool before_first = k == 0;
            h.share = before_first ? 0 : 1 - c.survival[k - 1];
            h.std_err = before_first ? 0 : c.std_err[k - 1];
            h.ci_lower = before_first ? 0 : 1 - c.ci_upper[k - 1];
            h.ci_upper = before_first ? 0 : 1 - c.ci_lower[k - 1];
        }
        c.reached_by.push_back(h);
    }

    RestrictedMean& r = c.restricted_mean;
    r.horizon_months = options.restricted_mean_months;
    r.horizon_days = r.horizon_months * days_per_month;
    const double tau = r.horizon_days;
    if (tau > last_time && !known_beyond) {
        r.mean_days = r.std_err = nan_v;
        return;
    }
    // Walk back from tau: `area` is the integral of S from the current row's time to tau, which
    // is A_i at an event row. S is right-continuous, so row k's S holds on [time[k], next).
    const auto rows = static_cast<std::size_t>(std::upper_bound(c.time.begin(), c.time.end(), tau) -
                                               c.time.begin());
    double area = 0, variance = 0, next = tau;
    for (std::size_t k = rows; k-- > 0;) {
        area += c.survival[k] * (next - c.time[k]);
        next = c.time[k];
        const std::int64_t n = c.at_risk[k], d = c.events[k];
        if (d > 0 && d < n)
            variance += area * area * static_cast<double>(d) /
                        (static_cast<double>(n) * static_cast<double>(n - d));
    }
    area += next; // S is 1 from 0 to the first row
    r.mean_days = area;
    r.std_err = std::sqrt(variance);
}

struct Obs {
    double time;
    std::uint8_t event;
};

// The distinct times of a group's observations (times already checked finite and >= 0), with
// events and censorings at each. Times are usually whole days, so a tally per day replaces the
// sort, unless the times are fractional or too spread out for the tally to be cheaper.
void distinct_times(std::span<Obs> obs, std::vector<Row>& rows, std::vector<std::int64_t>& tally) {
    rows.clear();
    double longest = 0;
    bool whole = true;
    for (const Obs& o : obs) {
        longest = std::max(longest, o.time);
        whole = whole && o.time == std::floor(o.time);
    }
    if (whole && longest <= static_cast<double>(8 * obs.size() + 65536)) {
        const auto range = static_cast<std::size_t>(longest) + 1;
        tally.assign(2 * range, 0);
        for (const Obs& o : obs) ++tally[2 * static_cast<std::size_t>(o.time) + (o.event ? 0 : 1)];
        for (std::size_t t = 0; t < range; ++t)
            if (tally[2 * t] + tally[2 * t + 1] > 0)
                rows.push_back({static_cast<double>(t), tally[2 * t], tally[2 * t + 1]});
        return;
    }
    std::sort(obs.begin(), obs.end(), [](const Obs& a, const Obs& b) { return a.time < b.time; });
    for (const Obs& o : obs) {
        if (rows.empty() || rows.back().time != o.time) rows.push_back({o.time, 0, 0});
        (o.event ? rows.back().events : rows.back().censored) += 1;
    }
}

// The distinct times of each group (key order), from observations already checked.
std::vector<std::vector<Row>> group_rows(std::span<const double> time,
                                         std::span<const std::uint8_t> event,
                                         std::span<const std::uint32_t> group, std::size_t groups) {
    const std::size_t n = time.size();
    // Counting sort by group, then each group's observations by time.
    std::vector<std::size_t> start(groups + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++start[(group.empty() ? 0 : group[i]) + 1];
    for (std::size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
    std::vector<Obs> obs(n);
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            obs[next[group.empty() ? 0 : group[i]]++] = {time[i], event[i]};
    }
    std::vector<std::vector<Row>> rows(groups);
    std::vector<std::int64_t> tally;
    for (std::size_t g = 0; g < groups; ++g) {
        if (start[g] == start[g + 1]) continue;
        distinct_times(std::span(obs).subspan(start[g], start[g + 1] - start[g]), rows[g], tally);
    }
    return rows;
}

SurvivalCurve finish_curve(std::string label, const std::vector<Row>& rows, double z,
                           const SurvivalOptions& options) {
    SurvivalCurve c = make_curve(std::move(label), rows, z);
    add_horizons(c, options);
    suppress_curve(c, options.suppression);
    return c;
}

// Appends a group's rows to a partial from its tally of codes (time_to_partial: 2 * days + 1
// when censored), ascending by day; a group with no code is left out.
void add_group_rows(TimeToPartial& p, const std::string& label,
                    std::span<const std::uint32_t> tally) {
    std::vector<double> time;
    std::vector<std::int64_t> events, censored;
    for (std::size_t c = 0; c < tally.size(); c += 2) {
        const std::uint32_t e = tally[c], k = c + 1 < tally.size() ? tally[c + 1] : 0;
        if (e == 0 && k == 0) continue;
        time.push_back(static_cast<double>(c / 2));
        events.push_back(std::int64_t{e});
        censored.push_back(std::int64_t{k});
    }
    if (time.empty()) return;
    p.group.push_back(label);
    p.time.push_back(std::move(time));
    p.events.push_back(std::move(events));
    p.censored.push_back(std::move(censored));
}

} // namespace

std::vector<SurvivalCurve> kaplan_meier(std::span<const double> time,
                                        std::span<const std::uint8_t> event,
                                        std::span<const std::uint32_t> group,
                                        std::span<const std::string> labels,
                                        const SurvivalOptions& options) {
    check_options(options);
    const std::size_t n = time.size();
    OKOCE_REQUIRE(event.size() == n, "kaplan_meier", "event",
                  std::to_string(event.size()) + " values",
                  "one per time (" + std::to_string(n) + ")");
    OKOCE_REQUIRE(group.empty() || group.size() == n, "kaplan_meier", "group",
                  std::to_string(group.size()) + " values",
                  "none, or one per time (" + std::to_string(n) + ")");
    const std::size_t groups = group.empty() ? 1 : labels.size();
    const auto at = [](const char* name, std::size_t i) {
        return std::string(name) + "[" + std::to_string(i) + "]";
    };
    for (std::size_t i = 0; i < n; ++i) {
        OKOCE_REQUIRE(time[i] >= 0 && std::isfinite(time[i]), "kaplan_meier", at("time", i),
                      number_text(time[i]), "a finite time of 0 or more");
        OKOCE_REQUIRE(event[i] <= 1, "kaplan_meier", at("event", i), std::to_string(event[i]),
                      "1 (event) or 0 (censored)");
        OKOCE_REQUIRE(group.empty() || group[i] < groups, "kaplan_meier", at("group", i),
                      std::to_string(group[i]),
                      "a key below the number of labels (" + std::to_string(groups) + ")");
    }
    const std::vector<std::vector<Row>> rows = group_rows(time, event, group, groups);
    const double z = normal_quantile(1 - options.alpha / 2);
    std::vector<SurvivalCurve> curves;
    for (std::size_t g = 0; g < groups; ++g) {
        if (rows[g].empty()) continue;
        curves.push_back(
            finish_curve(g < labels.size() ? labels[g] : std::string("all"), rows[g], z, options));
    }
    return curves;
}

void TimeToPartial::check() const {
    for (const auto& days : time)
        for (const double t : days)
            if (!(t >= 0 && t <= max_days && t == std::floor(t)))
                detail::bad_partial(kind, "time",
                                    "a time that is not a whole number of days from 0");
}

TimeToPartial time_to_partial(const Programme& programme, Date as_of, const Milestone& milestone,
                              GroupBy by) {
    OKOCE_REQUIRE(!as_of.is_special(), "time_to", "as_of", format_date(as_of), "a date");
    const Groups groups = group_participants(programme, by, as_of);
    const auto& pc = programme.participants();
    const auto& lc = programme.licences();
    const std::size_t n = pc.size();

    // Each participant as one code, 2 * days to the milestone or to censoring + 1 when
    // censored, or not_counted when registered after as_of. Days are whole and at most
    // as_of - the earliest registration, so codes are tallied per group and day, with no sort.
    constexpr std::uint32_t not_counted = std::numeric_limits<std::uint32_t>::max();
    Date earliest = as_of;
    for (const Date d : pc.registered_on) earliest = std::min(earliest, d);
    const std::size_t cells = 2 * static_cast<std::size_t>((as_of - earliest).days()) + 2;
    const bool by_licence = milestone.kind == Milestone::Kind::licensed;
    const auto code_of = [&](std::size_t i) -> std::uint32_t {
        const Date joined = pc.registered_on[i];
        if (joined > as_of) return not_counted;
        // Most participants hold no licence: their milestone date is none without the call.
        const Date reached =
            by_licence && lc.begin(static_cast<Index>(i)) == lc.end(static_cast<Index>(i))
                ? no_date
                : reached_on(programme, static_cast<Index>(i), milestone, as_of);
        const Date exit = pc.exited_on[i];
        Date stop = as_of;
        bool reached_first = false;
        if (!reached.is_special() && (exit.is_special() || reached <= exit)) {
            stop = reached;
            reached_first = true;
        } else if (!exit.is_special() && exit < as_of) {
            stop = exit;
        }
        const auto days = std::max<std::int64_t>(0, (stop - joined).days());
        return static_cast<std::uint32_t>(2 * days) + (reached_first ? 0u : 1u);
    };

    TimeToPartial p;
    p.as_of = as_of;
    p.milestone = milestone;
    p.by = by;
    if (groups.size() * cells <= 2 * n + 65536) {
        // Few groups (the usual case): each half of the participants tallied on its own thread
        // into a table of every group and code, then the two added.
        std::array<std::vector<std::uint32_t>, 2> tally;
        detail::for_chunks(n, [&](std::size_t begin, std::size_t end) {
            auto& mine = tally[begin == 0 ? 0 : 1];
            mine.assign(groups.size() * cells, 0);
            for (std::size_t i = begin; i < end; ++i)
                if (const std::uint32_t c = code_of(i); c != not_counted)
                    ++mine[groups.key[i] * cells + c];
        });
        auto& sum = tally[0];
        sum.resize(groups.size() * cells, 0); // n == 0: no half ran
        for (std::size_t k = 0; k < tally[1].size(); ++k) sum[k] += tally[1][k];
        for (std::size_t g = 0; g < groups.size(); ++g)
            add_group_rows(p, groups.label[g], std::span(sum).subspan(g * cells, cells));
        return p;
    }
    // Many groups over a long time (kelurahan of a whole country): a table of every group and
    // day would not fit, so the codes are sorted by group first and each group tallied alone.
    std::vector<std::uint32_t> code(n);
    detail::for_chunks(n, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) code[i] = code_of(i);
    });
    std::vector<std::size_t> start(groups.size() + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (code[i] != not_counted) ++start[groups.key[i] + 1];
    for (std::size_t g = 0; g < groups.size(); ++g) start[g + 1] += start[g];
    std::vector<std::uint32_t> sorted(start.back());
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            if (code[i] != not_counted) sorted[next[groups.key[i]]++] = code[i];
    }
    std::vector<std::uint32_t> tally;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto mine = std::span(sorted).subspan(start[g], start[g + 1] - start[g]);
        if (mine.empty()) continue;
        tally.assign(std::size_t{*std::max_element(mine.begin(), mine.end())} + 1, 0);
        for (const std::uint32_t c : mine) ++tally[c];
        add_group_rows(p, groups.label[g], tally);
    }
    return p;
}

std::vector<SurvivalCurve> finish(const TimeToPartial& partial, const SurvivalOptions& options) {
    check_partial(partial);
    check_options(options);
    const double z = normal_quantile(1 - options.alpha / 2);
    std::vector<SurvivalCurve> curves;
    std::vector<Row> rows;
    for (std::size_t g = 0; g < partial.group.size(); ++g) {
        rows.clear();
        for (std::size_t k = 0; k < partial.time[g].size(); ++k)
            rows.push_back({partial.time[g][k], partial.events[g][k], partial.censored[g][k]});
        curves.push_back(finish_curve(partial.group[g], rows, z, options));
    }
    return curves;
}

std::vector<SurvivalCurve> time_to(const Programme& programme, Date as_of,
                                   const Milestone& milestone, GroupBy by,
                                   const SurvivalOptions& options) {
    check_options(options);
    return finish(time_to_partial(programme, as_of, milestone, by), options);
}

} // namespace okoce

OKOCE_PARTIAL(okoce::TimeToPartial);
