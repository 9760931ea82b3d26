#include "okoce/phase.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace okoce;
using boost::gregorian::date;

namespace {
// Reports as a participant would file them, known on the quarter's last day.
struct Series {
    std::vector<Quarter> q;
    std::vector<std::int64_t> revenue;
    std::vector<Date> known;
    void add(Quarter quarter, std::int64_t r) {
        q.push_back(quarter);
        revenue.push_back(r);
        known.push_back(quarter.last_day());
    }
    RevenueSeries view() const { return {q, revenue, known}; }
};

// An old business (started 2010) on 2020-01-31, with revenue reported for 2018Q4 and 2019Q4
// only: its verdict rests on that one year-on-year comparison.
PhaseVerdict year_on_year(std::int64_t q4_2018, std::int64_t q4_2019) {
    Series s;
    s.add(Quarter(2018, 4), q4_2018);
    s.add(Quarter(2019, 4), q4_2019);
    return classify_phase(date(2010, 1, 1), date(2020, 1, 31), s.view());
}
} // namespace

TEST_CASE("no start date or a young business is starting") {
    Series none;
    auto v = classify_phase(no_date, date(2020, 6, 30), none.view());
    CHECK(v.phase == Phase::starting);
    CHECK(v.rule == PhaseRule::no_business_start);
    CHECK_FALSE(v.age_months);

    // 2019-07-01 to 2020-06-30 is 11 whole months: still starting.
    v = classify_phase(date(2019, 7, 1), date(2020, 6, 30), none.view());
    CHECK(v.phase == Phase::starting);
    CHECK(v.rule == PhaseRule::young_business);
    CHECK(v.age_months == 11);
    // Exactly 12 months: no longer starting.
    v = classify_phase(date(2019, 6, 30), date(2020, 6, 30), none.view());
    CHECK(v.phase == Phase::mid_stage);
    CHECK(v.rule == PhaseRule::established);
    CHECK(v.age_months == 12);

    // A business that starts the day after the as-of date did not exist on it: no start yet
    // (not a young business of age -1); on the start day itself it is 0 months old.
    v = classify_phase(date(2020, 7, 1), date(2020, 6, 30), none.view());
    CHECK(v.phase == Phase::starting);
    CHECK(v.rule == PhaseRule::no_business_start);
    CHECK_FALSE(v.age_months);
    v = classify_phase(date(2020, 6, 30), date(2020, 6, 30), none.view());
    CHECK(v.rule == PhaseRule::young_business);
    CHECK(v.age_months == 0);
}

TEST_CASE("stalled needs 36 months and year-on-year growth below 10%") {
    Series s;
    s.add(Quarter(2019, 2), 10'000'000);
    s.add(Quarter(2020, 1), 10'500'000);
    s.add(Quarter(2020, 2), 10'900'000); // +9% on 2019Q2
    const Date as_of = date(2020, 7, 15);
    // 35 months old: too young to stall, whatever the growth.
    auto v = classify_phase(date(2017, 7, 16), as_of, s.view());
    CHECK(v.age_months == 35);
    CHECK(v.phase == Phase::mid_stage);
    CHECK(v.rule == PhaseRule::established);
    // Exactly 36 months.
    v = classify_phase(date(2017, 7, 15), as_of, s.view());
    CHECK(v.age_months == 36);
    CHECK(v.phase == Phase::stalled);
    CHECK(v.rule == PhaseRule::no_growth);
    REQUIRE(v.growth);
    CHECK(*v.growth == doctest::Approx(0.09));
    CHECK(v.latest == Quarter(2020, 2));
}

TEST_CASE("growth of exactly 10% is not stalled") {
    auto v = year_on_year(20'000'000, 22'000'000); // exactly +10%
    CHECK(v.phase == Phase::mid_stage);
    CHECK(v.rule == PhaseRule::growing);
    CHECK(*v.growth == doctest::Approx(0.10));
    // One rupiah less is below 10%.
    v = year_on_year(20'000'000, 21'999'999);
    CHECK(v.phase == Phase::stalled);
}

TEST_CASE("zero revenue in both quarters is stalled; growth from zero is not") {
    auto v = year_on_year(0, 0);
    CHECK(v.phase == Phase::stalled);
    CHECK(v.rule == PhaseRule::zero_revenue);
    v = year_on_year(0, 5);
    CHECK(v.phase == Phase::mid_stage);
    CHECK(v.rule == PhaseRule::growing);
    CHECK_FALSE(v.growth); // infinite growth has no number
}

TEST_CASE("insufficient monitoring data and point in time") {
    Series s;
    s.add(Quarter(2019, 1), 1'000);
    s.add(Quarter(2019, 4), 1'000);
    s.add(Quarter(2020, 1), 1'000);
    // As of 2020-03-31 the latest known quarter is 2020Q1, compared with 2019Q1: 0% growth.
    auto v = classify_phase(date(2010, 1, 1), date(2020, 3, 31), s.view());
    CHECK(v.phase == Phase::stalled);
    // A day earlier 2020Q1 is not known yet; 2019Q4 has no 2018Q4 to compare with.
    v = classify_phase(date(2010, 1, 1), date(2020, 3, 30), s.view());
    CHECK(v.phase == Phase::mid_stage);
    CHECK(v.rule == PhaseRule::insufficient_monitoring_data);
    CHECK_FALSE(v.growth);
    Series none;
    v = classify_phase(date(2010, 1, 1), date(2020, 3, 30), none.view());
    CHECK(v.rule == PhaseRule::insufficient_monitoring_data);
}

TEST_CASE("thresholds are configurable") {
    Series s;
    s.add(Quarter(2019, 2), 100);
    s.add(Quarter(2020, 2), 104);
    PhaseRules rules;
    rules.growth_threshold_bp = 500; // 5%
    rules.stalled_from_months = 24;
    auto v = classify_phase(date(2018, 1, 1), date(2020, 7, 1), s.view(), rules);
    CHECK(v.phase == Phase::stalled);
    rules.growth_threshold_bp = 400; // 4%: exactly at threshold is growing
    v = classify_phase(date(2018, 1, 1), date(2020, 7, 1), s.view(), rules);
    CHECK(v.phase == Phase::mid_stage);
    CHECK(describe(PhaseRule::no_growth, PhaseRules{}) ==
          "business at least 36 months old, year-on-year growth below 10%");
    PhaseRules odd;
    odd.growth_threshold_bp = 1050;
    odd.stalled_from_months = 48;
    CHECK(describe(PhaseRule::growing, odd) ==
          "business at least 48 months old, year-on-year growth at least 10.5%");
    odd.growth_threshold_bp = 1005;
    CHECK(describe(PhaseRule::no_growth, odd) ==
          "business at least 48 months old, year-on-year growth below 10.05%");
    CHECK(describe(PhaseRule::young_business, PhaseRules{}) == "business younger than 12 months");
}

TEST_CASE("pathways and next steps") {
    CHECK(pathway(Phase::starting, false).bits() == 0x7F);
    CHECK(pathway(Phase::mid_stage, false) ==
          StepSet{Step::p3, Step::p4, Step::p5, Step::p6, Step::p7});
    CHECK(pathway(Phase::stalled, true) == StepSet{Step::p3, Step::p5, Step::p6, Step::p7});
    CHECK(pathway(Phase::stalled, false) ==
          StepSet{Step::p3, Step::p4, Step::p5, Step::p6, Step::p7});
    CHECK(next_step(Phase::starting, {Step::p1}, false) == Step::p2);
    CHECK(next_step(Phase::mid_stage, {Step::p1}, false) == Step::p3);
    // A licensed stalled participant with mentoring done goes to marketing.
    CHECK(next_step(Phase::stalled, {Step::p1, Step::p3}, true) == Step::p5);
    CHECK(next_step(Phase::stalled, {Step::p1, Step::p3}, false) == Step::p4);
    CHECK_FALSE(next_step(Phase::mid_stage,
                          {Step::p1, Step::p3, Step::p4, Step::p5, Step::p6, Step::p7}, false));
}
