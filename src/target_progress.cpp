#include "okoce/target_progress.hpp"

#include "okoce/milestone.hpp"

#include "partial_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace okoce {

namespace {

__extension__ typedef unsigned __int128 u128;

std::int64_t days_between(Date from, Date to) {
    return static_cast<std::int64_t>((to - from).days());
}

// Participants ordered by the packed code of their kelurahan. Because packed codes sort
// depth-first, the participants within any region form one contiguous run of this order.
struct ByRegion {
    std::vector<Index> order;
    std::vector<std::uint64_t> code; // packed kelurahan, in `order` order

    explicit ByRegion(const ParticipantColumns& pc) : order(pc.size()) {
        std::iota(order.begin(), order.end(), Index{0});
        std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
            return pc.kelurahan[a].packed() < pc.kelurahan[b].packed();
        });
        code.reserve(order.size());
        for (const Index i : order) code.push_back(pc.kelurahan[i].packed());
    }
    // Positions in `order` of the participants within `region` (RegionCode::is_within).
    std::pair<std::size_t, std::size_t> within(RegionCode region) const {
        if (!region.valid()) return {0, 0};
        const std::uint64_t lo = region.packed();
        const std::uint64_t hi = lo + RegionCode::subtree_width(region.level());
        const auto b = std::lower_bound(code.begin(), code.end(), lo);
        const auto e = std::lower_bound(b, code.end(), hi);
        return {static_cast<std::size_t>(b - code.begin()),
                static_cast<std::size_t>(e - code.begin())};
    }
};

// The targets' definitions (id, metric, region, period and value), from the programme's
// target table into a partial, or from a partial into its result: the three share the names.
template <class From, class To>
void copy_definitions(const From& from, To& to) {
    to.id = from.id;
    to.metric = from.metric;
    to.region = from.region;
    to.start = from.start;
    to.end = from.end;
    to.value = from.value;
}

} // namespace

void TargetProgressPartial::check() const {
    for (std::size_t t = 0; t < id.size(); ++t) {
        if (end[t] < start[t])
            detail::bad_partial(kind, "end", "a target that ends before it starts");
        const Date seen_end = std::min(end[t], as_of);
        const std::int64_t seen = seen_end < start[t] ? 0 : days_between(start[t], seen_end) + 1;
        for (const std::int32_t d : day[t])
            if (d < 0 || d >= seen)
                detail::bad_partial(kind, "day", "a day outside the target's seen period");
    }
}

TargetProgressPartial target_progress_partial(const Programme& programme, Date as_of,
                                              StepPolicy policy, LicenceKinds counting) {
    OKOCE_REQUIRE(!as_of.is_special(), "target_progress", "as_of", format_date(as_of), "a date");
    const auto& pc = programme.participants();
    const auto& tc = programme.targets();
    const ByRegion by_region(pc);

    // The day each participant reached each metric used (in by_region order), computed once
    // per metric however many targets count it.
    std::array<std::optional<std::vector<Date>>, 9> reached;
    const auto dates_for = [&](TargetMetric metric) -> const std::vector<Date>& {
        auto& slot = reached[static_cast<std::size_t>(metric)];
        if (slot) return *slot;
        std::vector<Date> d(by_region.order.size(), no_date);
        std::optional<Milestone> milestone;
        if (metric == TargetMetric::licensed)
            milestone = Milestone::licensed(counting);
        else if (const auto step = step_of(metric))
            milestone = Milestone::reached(*step, policy);
        for (std::size_t k = 0; k < d.size(); ++k) {
            const Index i = by_region.order[k];
            if (!milestone) {
                if (pc.registered_on[i] <= as_of) d[k] = pc.registered_on[i];
            } else {
                d[k] = reached_on(programme, i, *milestone, as_of);
            }
        }
        slot = std::move(d);
        return *slot;
    };

    TargetProgressPartial p;
    p.as_of = as_of;
    p.policy = policy;
    p.counting = counting;
    copy_definitions(tc, p);
    p.day.resize(tc.size());
    p.events.resize(tc.size());
    std::vector<std::int64_t> per_day;
    for (std::size_t t = 0; t < tc.size(); ++t) {
        const Date start = tc.start[t];
        const Date seen_end = std::min(tc.end[t], as_of);
        if (seen_end < start) continue; // nothing of the period seen yet
        const auto elapsed = static_cast<std::size_t>(days_between(start, seen_end) + 1);
        per_day.assign(elapsed, 0);
        const auto& dates = dates_for(tc.metric[t]);
        const auto [b, e] = by_region.within(tc.region[t]);
        for (std::size_t k = b; k < e; ++k) {
            const Date d = dates[k];
            if (d.is_special() || d < start || d > seen_end) continue;
            ++per_day[static_cast<std::size_t>(days_between(start, d))];
        }
        for (std::size_t k = 0; k < elapsed; ++k)
            if (per_day[k] > 0) {
                p.day[t].push_back(static_cast<std::int32_t>(k));
                p.events[t].push_back(per_day[k]);
            }
    }
    return p;
}

std::size_t TargetProgress::row_of(std::string_view target_id) const {
    for (std::size_t r = 0; r < id.size(); ++r)
        if (id[r] == target_id) return r;
    throw argument_error("TargetProgress::row_of", "target_id", std::string(target_id),
                         "the id of a target in the result");
}

TargetProgress finish(const TargetProgressPartial& partial) {
    check_partial(partial);
    const Date as_of = partial.as_of;
    TargetProgress out;
    copy_definitions(partial, out);
    const std::size_t n = partial.id.size();
    out.actual.resize(n);
    out.expected.resize(n);
    out.gap.resize(n);
    out.run_rate_per_day.resize(n);
    out.projected.resize(n);
    out.projected_reach_on.resize(n, no_date);
    for (std::size_t t = 0; t < n; ++t) {
        const Date start = out.start[t], end = out.end[t];
        const std::int64_t value = out.value[t];
        const Date seen_end = std::min(end, as_of);
        const std::int64_t period_days = days_between(start, end) + 1;
        const std::int64_t elapsed = seen_end < start ? 0 : days_between(start, seen_end) + 1;
        // The run-rate window: the last 90 days of the seen period, as offsets from start.
        const std::int64_t window_days = std::min<std::int64_t>(elapsed, run_rate_window_days);
        const std::int64_t window_first = elapsed - window_days;

        std::int64_t actual = 0, recent = 0;
        const auto& day = partial.day[t];
        const auto& events = partial.events[t];
        for (std::size_t k = 0; k < day.size(); ++k) {
            actual += events[k];
            if (day[k] >= window_first) recent += events[k];
        }
        const double expected = static_cast<double>(value) * static_cast<double>(elapsed) /
                                static_cast<double>(period_days);
        const double rate =
            window_days > 0 ? static_cast<double>(recent) / static_cast<double>(window_days) : 0;
        const Date last_seen = as_of < start ? start - boost::gregorian::days(1) : as_of;
        const std::int64_t remaining = std::max<std::int64_t>(0, days_between(last_seen, end));
        out.actual[t] = actual;
        out.expected[t] = expected;
        out.gap[t] = actual - static_cast<std::int64_t>(std::floor(expected + 0.5));
        out.run_rate_per_day[t] = rate;
        out.projected[t] = static_cast<double>(actual) + rate * static_cast<double>(remaining);

        Date& reach_on = out.projected_reach_on[t];
        if (actual >= value) {
            if (value == 0) {
                reach_on = start;
            } else {
                // The day of the value-th event.
                std::int64_t so_far = 0;
                std::size_t k = 0;
                while ((so_far += events[k]) < value) ++k;
                reach_on = start + boost::gregorian::date_duration(day[k]);
            }
        } else if (remaining > 0 && recent > 0) {
            // rate = recent / window_days, so the days needed, ceil(short / rate), are
            // ceil(short * window_days / recent) in integers.
            const std::int64_t shortfall = value - actual;
            const std::int64_t need = (shortfall * window_days + recent - 1) / recent;
            // Beyond a century the projection means "not in reach"; so does a day past the
            // supported range (calendar.hpp), which a DataFrame could not hold.
            constexpr std::int64_t horizon_days = 100 * 366;
            const std::int64_t to_last_day = (Date(last_supported_year, 12, 31) - as_of).days();
            if (need <= horizon_days && need <= to_last_day)
                reach_on = as_of + boost::gregorian::date_duration(need);
        }
    }
    return out;
}

TargetProgress target_progress(const Programme& programme, Date as_of, StepPolicy policy,
                               LicenceKinds counting) {
    return finish(target_progress_partial(programme, as_of, policy, counting));
}

std::vector<std::pair<RegionCode, std::int64_t>> cascade(std::int64_t value, RegionCode parent,
                                                         const RegionTable& table,
                                                         std::span<const double> child_weights) {
    OKOCE_REQUIRE(value >= 0, "cascade", "value", std::to_string(value), "zero or more");
    const std::vector<RegionCode> children = table.children(parent);
    OKOCE_REQUIRE(!children.empty(), "cascade", "parent", parent.to_string(),
                  "a region with children in " + table.source() + " (a kelurahan has none)");
    const std::size_t n = children.size();
    OKOCE_REQUIRE(child_weights.size() == n, "cascade", "child_weights",
                  std::to_string(child_weights.size()) + " weights",
                  "one per child of " + parent.to_string() + " (" + std::to_string(n) + ")");
    bool integral = true;
    double total = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double w = child_weights[k];
        OKOCE_REQUIRE(
            std::isfinite(w) && w >= 0, "cascade", "child_weights[" + std::to_string(k) + "]",
            children[k].to_string() + "=" + number_text(w), "a finite weight of 0 or more");
        integral = integral && w == std::floor(w);
        total += w;
    }
    std::vector<std::pair<RegionCode, std::int64_t>> out;
    out.reserve(n);
    for (const RegionCode c : children) out.emplace_back(c, 0);
    if (value == 0) return out;
    OKOCE_REQUIRE(total > 0, "cascade", "child_weights", "all zero",
                  "some weight above 0 to split " + std::to_string(value));

    // Each child's quota is value * w / total: its whole part now, its remainder to rank.
    // The remainder is an exact integer (value * w mod total) when every weight is a whole
    // number small enough for double to hold the total exactly, else a long double fraction.
    const bool exact = integral && total <= 9007199254740992.0; // 2^53
    std::vector<long double> remainder(n);
    std::int64_t given = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (exact) {
            const auto w = static_cast<u128>(child_weights[k]);
            const auto sum = static_cast<u128>(total);
            const u128 product = static_cast<u128>(value) * w;
            out[k].second = static_cast<std::int64_t>(product / sum);
            remainder[k] = static_cast<long double>(static_cast<std::uint64_t>(product % sum));
        } else {
            const long double quota = static_cast<long double>(value) *
                                      static_cast<long double>(child_weights[k]) /
                                      static_cast<long double>(total);
            const long double whole = std::floor(quota);
            out[k].second = static_cast<std::int64_t>(whole);
            remainder[k] = quota - whole;
        }
        given += out[k].second;
    }
    // Largest remainders first; equal remainders by code (children are in code order).
    std::vector<std::size_t> rank(n);
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    std::stable_sort(rank.begin(), rank.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    // With exact arithmetic fewer than n units are left. Rounding in the inexact path can leave
    // one more or one fewer; the loops below settle that without breaking the ranking.
    std::int64_t left = value - given;
    for (std::size_t k = 0; left > 0; k = (k + 1) % n, --left) out[rank[k]].second += 1;
    for (std::size_t k = n; left < 0; ++left) {
        do k = (k + n - 1) % n; // smallest remainders give back first
        while (out[rank[k]].second == 0);
        out[rank[k]].second -= 1;
    }
    return out;
}

std::vector<std::pair<RegionCode, std::int64_t>>
cascade(const Programme& programme, const Target& target, CascadeWeights weights, Date as_of,
        const std::map<RegionCode, double>* population) {
    const RegionTable& table = programme.regions();
    const std::vector<RegionCode> children = table.children(target.region);
    std::vector<double> w(children.size(), 1.0);
    const std::string of_target =
        " of target " + target.id + " (" + target.region.to_string() + ")";
    switch (weights) {
    case CascadeWeights::equal:
        break;
    case CascadeWeights::population:
        OKOCE_REQUIRE(population != nullptr, "cascade", "population", "none",
                      "a population per child" + of_target);
        for (std::size_t k = 0; k < children.size(); ++k) {
            const auto it = population->find(children[k]);
            OKOCE_REQUIRE(it != population->end(), "cascade", "population",
                          children[k].to_string() + " missing",
                          "a population for every child" + of_target);
            w[k] = it->second;
        }
        break;
    case CascadeWeights::registrations: {
        OKOCE_REQUIRE(!as_of.is_special(), "cascade", "as_of", format_date(as_of),
                      "a date (to count registrations" + of_target + ")");
        std::fill(w.begin(), w.end(), 0.0);
        const auto& pc = programme.participants();
        for (Index i = 0; i < pc.size(); ++i) {
            if (pc.registered_on[i] > as_of) continue;
            // Children are in code order, so the one holding this kelurahan is found by the
            // last child code not above it.
            const RegionCode k = pc.kelurahan[i];
            const auto it = std::upper_bound(children.begin(), children.end(), k);
            if (it == children.begin()) continue;
            const auto c = static_cast<std::size_t>(it - children.begin() - 1);
            if (k.is_within(children[c])) w[c] += 1;
        }
        break;
    }
    }
    return cascade(target.value, target.region, table, w);
}

std::vector<std::pair<RegionCode, std::int64_t>> roll_up(const RegionTable& table,
                                                         std::span<const RegionCode> kelurahan,
                                                         std::span<const std::int64_t> counts) {
    OKOCE_REQUIRE(kelurahan.size() == counts.size(), "roll_up", "counts",
                  std::to_string(counts.size()) + " counts",
                  "one per code (" + std::to_string(kelurahan.size()) + ")");
    std::vector<std::int64_t> total(table.size(), 0);
    for (std::size_t k = 0; k < kelurahan.size(); ++k) {
        OKOCE_REQUIRE(counts[k] >= 0, "roll_up", "counts[" + std::to_string(k) + "]",
                      std::to_string(counts[k]),
                      "a count of 0 or more (suppressed cells cannot be summed)");
        std::optional<RegionCode> code = kelurahan[k];
        const auto at = table.index_of(*code);
        if (!at)
            throw reference_error({"roll_up", k + 1, "kelurahan"}, code->to_string(),
                                  "a code of " + table.source());
        total[*at] += counts[k];
        // The table holds every ancestor of its codes.
        while ((code = code->parent())) total[*table.index_of(*code)] += counts[k];
    }
    std::vector<std::pair<RegionCode, std::int64_t>> out;
    out.reserve(table.size());
    const auto codes = table.codes();
    for (std::size_t k = 0; k < codes.size(); ++k) out.emplace_back(codes[k], total[k]);
    return out;
}

} // namespace okoce

OKOCE_PARTIAL(okoce::TargetProgressPartial);
