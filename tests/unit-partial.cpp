// Partial results merged over the parts of a split programme must equal the analysis of the
// whole exactly (element for element, NaN where the whole has NaN), whatever the order of the
// merges, and after a trip through bytes.
#include "okoce/partial.hpp"
#include "okoce/partition.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

using namespace okoce;

namespace {

const Date as_of(2021, 9, 30);

const Programme& whole() {
    static const Programme p = synth::jakarta(11, 0.05, Date(2022, 10, 31));
    return p;
}

const std::vector<ProgrammePart>& parts(RegionLevel level) {
    static const std::vector<ProgrammePart> kota = split(whole(), RegionLevel::kota);
    static const std::vector<ProgrammePart> kecamatan = split(whole(), RegionLevel::kecamatan);
    return level == RegionLevel::kota ? kota : kecamatan;
}

bool same(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!same(a[k], b[k])) return false;
    return true;
}

// The merged partial of every part, four ways: in part order, in reverse, as a balanced tree,
// and shuffled after a trip through bytes.
template <class Make>
auto merged_four_ways(const std::vector<ProgrammePart>& ps, Make make) {
    using Partial = decltype(make(ps.front().programme));
    std::vector<Partial> each;
    for (const auto& p : ps) each.push_back(make(p.programme));
    std::vector<Partial> out;
    Partial forward = each.front();
    for (std::size_t k = 1; k < each.size(); ++k) merge(forward, each[k]);
    out.push_back(forward);
    Partial backward = each.back();
    for (std::size_t k = each.size() - 1; k-- > 0;) merge(backward, each[k]);
    out.push_back(backward);
    std::vector<Partial> level = each;
    while (level.size() > 1) {
        std::vector<Partial> next;
        for (std::size_t k = 0; k + 1 < level.size(); k += 2) {
            next.push_back(level[k]);
            merge(next.back(), level[k + 1]);
        }
        if (level.size() % 2 == 1) next.push_back(level.back());
        level = std::move(next);
    }
    out.push_back(level.front());
    std::vector<std::size_t> order(each.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::shuffle(order.begin(), order.end(), std::mt19937(42));
    Partial shuffled;
    from_bytes(to_bytes(each[order[0]]), shuffled);
    for (std::size_t k = 1; k < order.size(); ++k) {
        Partial p;
        from_bytes(to_bytes(each[order[k]]), p);
        merge(shuffled, p);
    }
    Partial again;
    from_bytes(to_bytes(shuffled), again);
    out.push_back(again);
    return out;
}

void check_curves(const std::vector<SurvivalCurve>& got, const std::vector<SurvivalCurve>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t g = 0; g < got.size(); ++g) {
        const auto &a = got[g], &b = want[g];
        CHECK(a.group == b.group);
        CHECK(same(a.time, b.time));
        CHECK(a.at_risk == b.at_risk);
        CHECK(a.events == b.events);
        CHECK(a.censored == b.censored);
        CHECK(same(a.survival, b.survival));
        CHECK(same(a.std_err, b.std_err));
        CHECK(same(a.ci_lower, b.ci_lower));
        CHECK(same(a.ci_upper, b.ci_upper));
        CHECK(same(a.median, b.median));
        CHECK(same(a.median_lower, b.median_lower));
        CHECK(same(a.median_upper, b.median_upper));
        CHECK(a.n == b.n);
        CHECK(a.n_events == b.n_events);
        REQUIRE(a.reached_by.size() == b.reached_by.size());
        for (std::size_t h = 0; h < a.reached_by.size(); ++h) {
            CHECK(same(a.reached_by[h].share, b.reached_by[h].share));
            CHECK(same(a.reached_by[h].std_err, b.reached_by[h].std_err));
            CHECK(same(a.reached_by[h].ci_lower, b.reached_by[h].ci_lower));
            CHECK(same(a.reached_by[h].ci_upper, b.reached_by[h].ci_upper));
        }
        CHECK(same(a.restricted_mean.mean_days, b.restricted_mean.mean_days));
        CHECK(same(a.restricted_mean.std_err, b.restricted_mean.std_err));
    }
}

const RegionLevel levels[] = {RegionLevel::kota, RegionLevel::kecamatan};

} // namespace

TEST_CASE("the split is not trivial: several parts, each with participants") {
    CHECK(parts(RegionLevel::kota).size() == 6);
    CHECK(parts(RegionLevel::kecamatan).size() == 44);
    CHECK(whole().participant_count() > 10000);
    CHECK(whole().targets().size() > 0);
}

TEST_CASE("funnel: merged partials equal the whole") {
    for (const RegionLevel level : levels)
        for (const GroupBy by : {GroupBy::none, GroupBy::kota, GroupBy::sector, GroupBy::phase,
                                 GroupBy::mentor_kind, GroupBy::community}) {
            CAPTURE(to_string(by));
            for (const StepPolicy policy : {StepPolicy::sequential, StepPolicy::a_la_carte}) {
                const Funnel want = funnel(whole(), as_of, policy, by, Suppression{5});
                for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                         return funnel_partial(p, as_of, policy, by);
                     })) {
                    const Funnel got = finish(m, Suppression{5});
                    CHECK(got.group == want.group);
                    CHECK(got.reached == want.reached);
                }
            }
        }
}

TEST_CASE("cohorts: merged partials equal the whole") {
    for (const RegionLevel level : levels)
        for (const Milestone& ms :
             {Milestone::licensed(), Milestone::reached(Step::p2, StepPolicy::sequential)}) {
            const CohortTable want = cohorts(whole(), as_of, ms, 8, Suppression{3});
            for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                     return cohorts_partial(p, as_of, ms, 8);
                 })) {
                const CohortTable got = finish(m, Suppression{3});
                CHECK(got.cohort == want.cohort);
                CHECK(got.size == want.size);
                CHECK(got.reached == want.reached);
                CHECK(same(got.share, want.share));
            }
        }
}

TEST_CASE("monitoring: summary and lists merged equal the whole") {
    const MonitoringOptions options{45};
    for (const RegionLevel level : levels) {
        for (const GroupBy by : {GroupBy::none, GroupBy::kecamatan, GroupBy::mentor_kind}) {
            const ComplianceSummary want = compliance_summary(whole(), as_of, by, {}, options);
            for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                     return compliance_summary_partial(p, as_of, by, options);
                 })) {
                const ComplianceSummary got = finish(m);
                CHECK(got.grace_days == 45);
                CHECK(got.group == want.group);
                CHECK(got.participants == want.participants);
                CHECK(got.expected == want.expected);
                CHECK(got.received == want.received);
                CHECK(got.received_on_time == want.received_on_time);
                CHECK(got.missing == want.missing);
                CHECK(same(got.received_rate, want.received_rate));
                CHECK(same(got.on_time_rate, want.on_time_rate));
            }
        }
        const auto& ids = whole().participants().id;
        for (const OverdueBy by : {OverdueBy::mentor, OverdueBy::kecamatan}) {
            const OverdueList want = overdue(whole(), as_of, by, options);
            REQUIRE(want.size() > 0);
            std::vector<std::string> want_ids;
            for (const Index i : want.participant) want_ids.emplace_back(ids[i]);
            for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                     return overdue_partial(p, as_of, by, options);
                 })) {
                const OverdueIds got = finish(m);
                CHECK(got.groups == want.groups);
                CHECK(got.group == want.group);
                CHECK(got.id == want_ids);
                CHECK(got.quarters_missing == want.quarters_missing);
                CHECK(got.last_report == want.last_report);
                CHECK(got.exited_with_missing == want.exited_with_missing);
            }
        }
        const ExitedMissing want = exited_with_missing(whole(), as_of, options);
        REQUIRE(want.size() > 0);
        std::vector<std::string> want_ids;
        for (const Index i : want.participant) want_ids.emplace_back(ids[i]);
        for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                 return exited_with_missing_partial(p, as_of, options);
             })) {
            const ExitedWithMissingPartial got = finish(m);
            CHECK(got.id == want_ids);
            CHECK(got.exited_on == want.exited_on);
            CHECK(got.quarters_missing == want.quarters_missing);
            CHECK(got.last_report == want.last_report);
        }
    }
}

TEST_CASE("target progress: merged partials equal the whole") {
    for (const RegionLevel level : levels)
        for (const Date day : {Date(2018, 12, 31), as_of}) {
            const auto want = target_progress(whole(), day, StepPolicy::sequential);
            for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                     return target_progress_partial(p, day, StepPolicy::sequential);
                 })) {
                const auto got = finish(m);
                REQUIRE(got.size() == want.size());
                CHECK(got.id == want.id);
                CHECK(got.actual == want.actual);
                CHECK(got.expected == want.expected);
                CHECK(got.gap == want.gap);
                CHECK(got.run_rate_per_day == want.run_rate_per_day);
                CHECK(got.projected == want.projected);
                CHECK(got.projected_reach_on == want.projected_reach_on);
            }
        }
}

// Parts that carry only their own targets (as synth::indonesia's provinces do): a target is
// counted from the parts that carry it, so each kota part keeping the targets set in its kota
// must give, for those targets, exactly the whole's progress.
TEST_CASE("target progress: parts carrying only their own targets merge to the whole") {
    const auto want = target_progress(whole(), as_of, StepPolicy::sequential);
    const auto& ps = parts(RegionLevel::kota);
    std::vector<TargetProgressPartial> each;
    std::size_t carried = 0;
    for (const auto& part : ps) {
        TargetProgressPartial full =
            target_progress_partial(part.programme, as_of, StepPolicy::sequential);
        TargetProgressPartial own = full;
        own.id.clear(), own.metric.clear(), own.region.clear(), own.start.clear();
        own.end.clear(), own.value.clear(), own.day.clear(), own.events.clear();
        for (std::size_t t = 0; t < full.id.size(); ++t) {
            const RegionCode r = full.region[t];
            if (r.level() < RegionLevel::kota || r.ancestor(RegionLevel::kota) != part.region)
                continue;
            own.id.push_back(full.id[t]), own.metric.push_back(full.metric[t]);
            own.region.push_back(r), own.start.push_back(full.start[t]);
            own.end.push_back(full.end[t]), own.value.push_back(full.value[t]);
            own.day.push_back(full.day[t]), own.events.push_back(full.events[t]);
        }
        carried += own.id.size();
        each.push_back(std::move(own));
    }
    REQUIRE(carried > 0);
    TargetProgressPartial merged = each.front();
    for (std::size_t k = 1; k < each.size(); ++k) merge(merged, each[k]);
    const auto got = finish(merged);
    REQUIRE(got.size() == carried); // each carried target once, none of the province's
    for (std::size_t g = 0; g < got.size(); ++g) {
        const std::size_t w = want.row_of(got.id[g]);
        CHECK(got.actual[g] == want.actual[w]);
        CHECK(got.expected[g] == want.expected[w]);
        CHECK(got.run_rate_per_day[g] == want.run_rate_per_day[w]);
        CHECK(got.projected_reach_on[g] == want.projected_reach_on[w]);
    }
    // A target carried by two parts must be the same target in both.
    TargetProgressPartial a = each.front(), b = each.front();
    REQUIRE(!b.value.empty());
    b.value.front() += 1;
    CHECK_THROWS_WITH_AS(merge(a, b), doctest::Contains(a.id.front().c_str()), error);
}

TEST_CASE("phase mix and phase history: merged partials equal the whole") {
    for (const RegionLevel level : levels) {
        for (const GroupBy by : {GroupBy::none, GroupBy::kecamatan, GroupBy::sector}) {
            const PhaseMix want = phase_mix(whole(), as_of, by, {}, Suppression{4});
            for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                     return phase_mix_partial(p, as_of, by);
                 })) {
                const PhaseMix got = finish(m, Suppression{4});
                CHECK(got.group == want.group);
                CHECK(got.count == want.count);
                CHECK(got.total == want.total);
                CHECK(got.insufficient_data == want.insufficient_data);
            }
        }
        const Quarter from(2018, 1), to(2021, 2);
        const PhaseHistory want = phase_history(whole(), from, to, {}, Suppression{3});
        for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                 return phase_history_partial(p, from, to);
             })) {
            const PhaseHistory got = finish(m, Suppression{3});
            CHECK(got.quarter == want.quarter);
            CHECK(got.transitions == want.transitions);
            CHECK(got.entries == want.entries);
            CHECK(got.exits == want.exits);
            CHECK(got.phase.empty());
        }
    }
}

TEST_CASE("Kaplan-Meier: merged per-day counts give the whole curve exactly") {
    SurvivalOptions options;
    options.alpha = 0.1;
    options.horizons_months = {3, 12, 30};
    options.restricted_mean_months = 18;
    for (const RegionLevel level : levels)
        for (const GroupBy by : {GroupBy::none, GroupBy::kota, GroupBy::sector}) {
            for (const Milestone& ms :
                 {Milestone::licensed(), Milestone::reached(Step::p3, StepPolicy::a_la_carte)}) {
                const auto want = time_to(whole(), as_of, ms, by, options);
                for (const auto& m : merged_four_ways(parts(level), [&](const Programme& p) {
                         return time_to_partial(p, as_of, ms, by);
                     }))
                    check_curves(finish(m, options), want);
            }
        }
}

TEST_CASE("Kaplan-Meier merge by hand") {
    // Part A: day 1 event, day 2 censored, day 3 event. Part B: day 1 event, day 3 event,
    // day 4 censored. Together, 6 observed:
    //   day 1: at risk 6, 2 events          S = 1 - 2/6 = 2/3
    //   day 2: at risk 4, 1 censored        S = 2/3
    //   day 3: at risk 3, 2 events          S = 2/3 * (1 - 2/3) = 2/9
    //   day 4: at risk 1, 1 censored        S = 2/9
    // The median is the first event time with S < 0.5: day 3.
    TimeToPartial a, b;
    a.as_of = b.as_of = as_of;
    a.group = b.group = {"all"};
    a.time = {{1, 2, 3}};
    a.events = {{1, 0, 1}};
    a.censored = {{0, 1, 0}};
    b.time = {{1, 3, 4}};
    b.events = {{1, 1, 0}};
    b.censored = {{0, 0, 1}};
    merge(a, b);
    const auto curves = finish(a);
    REQUIRE(curves.size() == 1);
    const SurvivalCurve& c = curves[0];
    CHECK(c.time == std::vector<double>{1, 2, 3, 4});
    CHECK(c.at_risk == std::vector<std::int64_t>{6, 4, 3, 1});
    CHECK(c.events == std::vector<std::int64_t>{2, 0, 2, 0});
    CHECK(c.censored == std::vector<std::int64_t>{0, 1, 0, 1});
    CHECK(c.survival[1] == doctest::Approx(2.0 / 3));
    CHECK(c.survival[3] == doctest::Approx(2.0 / 9));
    CHECK(c.median == 3);
    CHECK(c.n == 6);
    CHECK(c.n_events == 4);
}

TEST_CASE("merge refuses partials made with different options; from_bytes refuses bad bytes") {
    const Programme& p = whole();
    FunnelPartial a = funnel_partial(p, as_of, StepPolicy::sequential);
    CHECK_THROWS_WITH_AS(merge(a, funnel_partial(p, as_of, StepPolicy::a_la_carte)),
                         doctest::Contains("different policy"), error);
    CHECK_THROWS_WITH_AS(merge(a, funnel_partial(p, Date(2020, 1, 1), StepPolicy::sequential)),
                         doctest::Contains("different as_of"), error);
    CHECK_THROWS_WITH_AS(merge(a, funnel_partial(p, as_of, StepPolicy::sequential, GroupBy::kota)),
                         doctest::Contains("different grouping"), error);
    const std::string bytes = to_bytes(a);
    FunnelPartial back;
    CHECK_THROWS_AS(from_bytes(bytes.substr(0, bytes.size() - 3), back), error);
    CohortsPartial other;
    CHECK_THROWS_WITH_AS(from_bytes(bytes, other), doctest::Contains("not a CohortsPartial"),
                         error);
    CHECK_THROWS_AS(from_bytes("", back), error);
}

TEST_CASE("partials made under different phase rules refuse to merge") {
    PhaseRules strict;
    strict.growth_threshold_bp = 2000;
    PhaseMixPartial a = phase_mix_partial(whole(), as_of, GroupBy::kota);
    const PhaseMixPartial b = phase_mix_partial(whole(), as_of, GroupBy::kota, strict);
    CHECK_THROWS_WITH_AS(merge(a, b), doctest::Contains("different rules"), error);
    PhaseHistoryPartial h = phase_history_partial(whole(), Quarter(2020, 1), Quarter(2020, 4));
    CHECK_THROWS_WITH_AS(
        merge(h, phase_history_partial(whole(), Quarter(2020, 1), Quarter(2020, 4), strict)),
        doctest::Contains("different rules"), error);
}

namespace {

// The byte format written by hand (describe.hpp): a length-prefixed tag, the format version,
// then each field as 8-byte little-endian words, lists prefixed by their length.
struct Bytes {
    std::string out;
    Bytes& u64(std::uint64_t v) {
        for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
        return *this;
    }
    Bytes& i64(std::int64_t v) { return u64(static_cast<std::uint64_t>(v)); }
    Bytes& f64(double v) {
        std::uint64_t u = 0;
        std::memcpy(&u, &v, 8);
        return u64(u);
    }
    Bytes& text(std::string_view s) {
        u64(s.size());
        out.append(s);
        return *this;
    }
    Bytes& tag(std::string_view kind) { return text(kind).u64(2); }
};

// A FunnelPartial by hand: as_of 2021-09-30 (Julian day 2459488), policy, grouping, then the
// groups with their registered counts and one row of reached counts each.
std::string funnel_bytes(std::uint64_t policy, std::uint64_t by,
                         const std::vector<std::string>& groups,
                         const std::vector<std::int64_t>& registered) {
    Bytes b;
    b.tag("FunnelPartial").u64(2459488).u64(policy).u64(by);
    b.u64(groups.size());
    for (const auto& g : groups) b.text(g);
    b.u64(registered.size());
    for (const auto r : registered) b.i64(r);
    b.u64(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (int k = 0; k < 7; ++k) b.i64(k == 0 && g < registered.size() ? registered[g] : 0);
    return b.out;
}

} // namespace

TEST_CASE("from_bytes reads the documented format and refuses every crafted value") {
    FunnelPartial p;
    from_bytes(funnel_bytes(0, 2, {"31.71", "31.74"}, {5, 7}), p);
    CHECK(p.as_of == Date(2021, 9, 30));
    CHECK(p.policy == StepPolicy::sequential);
    CHECK(p.by == GroupBy::kota);
    CHECK(p.group == std::vector<std::string>{"31.71", "31.74"});
    CHECK(p.registered == std::vector<std::int64_t>{5, 7});
    CHECK(to_bytes(p) == funnel_bytes(0, 2, {"31.71", "31.74"}, {5, 7}));

    const FunnelPartial before = p;
    const auto refused = [&](const std::string& bytes, const char* why) {
        CHECK_THROWS_WITH_AS(from_bytes(bytes, p), doctest::Contains(why), error);
        CHECK(p.group == before.group); // nothing half-read
    };
    refused(funnel_bytes(7, 2, {"a"}, {1}), "'policy': 7 is not a step policy");
    refused(funnel_bytes(0, 200, {"a"}, {1}), "'grouping': 200 is not");
    refused(funnel_bytes(0, 2, {"b", "a"}, {1, 1}), "not sorted, or repeated");
    refused(funnel_bytes(0, 2, {"a", "a"}, {1, 1}), "not sorted, or repeated");
    refused(funnel_bytes(0, 2, {"a"}, {-3}), "a negative count -3");
    // finish() sums a partial's counts, so no count may come near 64 bits (a fuzz finding).
    refused(funnel_bytes(0, 2, {"a"}, {std::numeric_limits<std::int64_t>::max()}), "above 2^40");
    refused(funnel_bytes(0, 2, {"a\xff"}, {1}), "not UTF-8");
    refused(funnel_bytes(0, 2, {"a", "b"}, {1}), "1 rows where the partial has 2");
    std::string day_out = funnel_bytes(0, 2, {"a"}, {1});
    day_out.replace(8 + 13 + 8, 8, Bytes{}.u64(99'999'999).out);
    refused(day_out, "a day number outside");
    refused(funnel_bytes(0, 2, {"a"}, {1}) + "x", "bytes left over");
    std::string version = funnel_bytes(0, 2, {"a"}, {1});
    version.replace(8 + 13, 8, Bytes{}.u64(1).out);
    refused(version, "format version 1");
    // A length that promises more than the bytes hold is refused before anything is allocated.
    Bytes huge;
    huge.tag("FunnelPartial").u64(2459488).u64(0).u64(0).u64(std::uint64_t{1} << 60);
    refused(huge.out, "cut short");
}

TEST_CASE("crafted survival and target partials are refused, not read out of bounds") {
    const auto time_to_bytes = [](double t) {
        Bytes b;
        b.tag("TimeToPartial").u64(2459488);
        b.u64(1).u64(4).u64(0).u64(0x1F); // milestone: licensed, P4, sequential, counting
        b.u64(0).u64(1).text("all");      // grouping none, one group
        b.u64(1).u64(1).f64(t);           // its times
        b.u64(1).u64(1).i64(1);           // events
        b.u64(1).u64(1).i64(0);           // censorings
        return b.out;
    };
    TimeToPartial t;
    from_bytes(time_to_bytes(12), t);
    CHECK(t.time == std::vector<std::vector<double>>{{12}});
    for (const double bad :
         {std::nan(""), -1.0, 1e18, 2.5, std::numeric_limits<double>::infinity()}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(from_bytes(time_to_bytes(bad), t), error);
        // Made in memory rather than decoded, such a time is refused by merge too: a NaN made
        // the merge of the days loop forever, allocating (neither a <= b nor b <= a holds).
        TimeToPartial crafted, good;
        from_bytes(time_to_bytes(12), crafted);
        from_bytes(time_to_bytes(30), good);
        crafted.time[0][0] = bad;
        CHECK_THROWS_AS(merge(crafted, good), error);
        CHECK_THROWS_AS(merge(good, crafted), error);
        CHECK(good.time == std::vector<std::vector<double>>{{30}}); // left as it was
    }

    // More event days than events: finish() used to read past the end of the counts.
    Bytes b;
    b.tag("TargetProgressPartial").u64(2459488).u64(0).u64(0x7);
    b.u64(1).text("T1"); // id
    b.u64(1).u64(0);     // metric: registered
    b.u64(1).u64(RegionCode::parse("31.74").packed());
    b.u64(1).u64(2458850).u64(1).u64(2459580); // start 2020-01-01, end 2021-12-31
    b.u64(1).i64(100);                         // value
    b.u64(1).u64(3).u64(1).u64(2).u64(3);      // three days
    b.u64(1).u64(1).i64(5);                    // one count
    TargetProgressPartial tp;
    CHECK_THROWS_WITH_AS(from_bytes(b.out, tp), doctest::Contains("differ in length"), error);

    // A day past the target's seen period (2020-01-01..2021-09-30 is 639 days, so day 639 is
    // one past the end), which finish() would use as an index.
    const auto target_bytes = [](std::int64_t day) {
        Bytes w;
        w.tag("TargetProgressPartial").u64(2459488).u64(0).u64(0x7);
        w.u64(1).text("T1").u64(1).u64(0).u64(1).u64(RegionCode::parse("31.74").packed());
        w.u64(1).u64(2458850).u64(1).u64(2459580).u64(1).i64(100);
        w.u64(1).u64(1).u64(static_cast<std::uint64_t>(day)); // one day
        w.u64(1).u64(1).i64(5);                                 // its count
        return w.out;
    };
    from_bytes(target_bytes(638), tp);
    CHECK(tp.day == std::vector<std::vector<std::int32_t>>{{638}});
    CHECK_THROWS_WITH_AS(from_bytes(target_bytes(639), tp), doctest::Contains("seen period"),
                         error);
    CHECK_THROWS_WITH_AS(from_bytes(target_bytes(-1), tp), doctest::Contains("seen period"),
                         error);
}

TEST_CASE("merge checks for overflow; a partial never made is refused") {
    FunnelPartial a;
    from_bytes(funnel_bytes(0, 2, {"a"}, {(std::int64_t{1} << 40) - 1}), a);
    FunnelPartial b;
    from_bytes(funnel_bytes(0, 2, {"a"}, {2}), b);
    const FunnelPartial kept = a;
    CHECK_THROWS_WITH_AS(merge(a, b), doctest::Contains("would overflow"), error);
    CHECK(a.registered == kept.registered);
    // Counts near INT64_MAX made in memory: refused before any addition, which would be signed
    // overflow (UBSan's finding in added()).
    FunnelPartial near = a;
    near.registered[0] = std::numeric_limits<std::int64_t>::max() - 1;
    CHECK_THROWS_WITH_AS(merge(near, near), doctest::Contains("above 2^40"), error);
    CHECK_THROWS_WITH_AS(merge(b, near), doctest::Contains("above 2^40"), error);
    near.registered[0] = -5;
    CHECK_THROWS_WITH_AS(merge(b, near), doctest::Contains("a negative count -5"), error);

    const FunnelPartial never{};
    CHECK_THROWS_WITH_AS(finish(never), doctest::Contains("no date where a date is required"),
                         error);
    CHECK_THROWS_AS(merge(b, never), error);
    CHECK_THROWS_AS(to_bytes(never), error);
}
