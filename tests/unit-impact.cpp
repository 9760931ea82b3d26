// Callaway & Sant'Anna ATT(g,t), worked by hand on a two-cohort, three-period panel.
#include "okoce/error.hpp"
#include "okoce/impact.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace okoce;
using namespace okoce::impact;

namespace {

// Units 1..6 over periods 1, 2, 3: units 1 and 2 first treated in 2, units 3 and 4 in 3, units
// 5 and 6 never.
struct Panel {
    std::vector<std::int64_t> unit, period, cohort, cluster;
    std::vector<double> y;
    PanelColumns columns() const { return {unit, period, cohort, y, cluster}; }
    void add(std::int64_t u, std::int64_t g, std::vector<double> ys, std::int64_t first = 1) {
        for (std::size_t j = 0; j < ys.size(); ++j) {
            unit.push_back(u);
            period.push_back(first + static_cast<std::int64_t>(j));
            cohort.push_back(g);
            y.push_back(ys[j]);
        }
    }
};

Panel by_hand() {
    Panel p;
    p.add(1, 2, {1, 4, 6});
    p.add(2, 2, {3, 4, 8});
    p.add(3, 3, {2, 3, 7});
    p.add(4, 3, {0, 3, 3});
    p.add(5, 0, {1, 2, 3});
    p.add(6, 0, {2, 2, 5});
    return p;
}

const Cell& cell(const AttGt& r, std::int64_t g, std::int64_t t) {
    for (const auto& c : r.cells())
        if (c.cohort == g && c.period == t) return c;
    FAIL("no cell");
    return r.cells().front();
}

Options no_draws() {
    Options o;
    o.bootstrap = 0;
    return o;
}

} // namespace

TEST_CASE("ATT(g,t), its influence-function SE and the aggregations, by hand") {
    const Panel p = by_hand();
    const AttGt r = att_gt(p.columns(), no_draws());
    REQUIRE(r.cells().size() == 4);
    CHECK(r.units() == 6);
    // Changes: cohort 2 from 1 to 2: 3, 1 (mean 2); never: 1, 0 (mean 0.5).
    CHECK(cell(r, 2, 2).att.estimate == doctest::Approx(1.5));
    CHECK(cell(r, 2, 2).base == 1);
    CHECK(cell(r, 2, 3).att.estimate == doctest::Approx(2.5)); // 5 - 2.5, base 1
    CHECK(cell(r, 3, 2).att.estimate == doctest::Approx(1.5)); // pre: 2 - 0.5, base 1
    CHECK_FALSE(cell(r, 3, 2).post);
    CHECK(cell(r, 3, 3).att.estimate == doctest::Approx(0.0)); // 2 - 2, base 2
    CHECK(cell(r, 3, 3).base == 2);
    // psi = 6 (D - m) / 2 for the treated, -6 (D - m) / 2 for controls; se = sqrt(sum psi^2) / 6.
    CHECK(cell(r, 2, 2).att.se == doctest::Approx(std::sqrt(22.5) / 6)); // 3, -3, -1.5, 1.5
    CHECK(cell(r, 2, 3).att.se == doctest::Approx(std::sqrt(4.5) / 6));  // 0, 0, 1.5, -1.5
    CHECK(cell(r, 3, 3).att.se == doctest::Approx(std::sqrt(90.0) / 6)); // 6, -6, 3, -3
    const double z = 1.959963984540054;
    CHECK(cell(r, 2, 2).att.ci_low == doctest::Approx(1.5 - z * std::sqrt(22.5) / 6));

    // simple: the three post cells, equal cohort shares 1/3: 4/3. Its influence function per
    // unit (weighted psi plus the weights' term 4/3, -4/3, 0 for cohorts 2, 3, never):
    // 7/3, 1/3, 2/3, -10/3, 1, -1.
    const auto simple = r.aggregate(Aggregation::simple);
    CHECK(simple.overall.estimate == doctest::Approx(4.0 / 3));
    CHECK(simple.overall.se == doctest::Approx(std::sqrt(172.0 / 9) / 6));
    CHECK(simple.rows.empty());

    // dynamic: e = -1: 1.5; e = 0: (1.5 + 0) / 2; e = 1: 2.5; overall the mean over e >= 0.
    const auto dyn = r.aggregate(Aggregation::dynamic);
    REQUIRE(dyn.rows.size() == 3);
    CHECK(dyn.rows[0].key == -1);
    CHECK(dyn.rows[1].att.estimate == doctest::Approx(0.75));
    CHECK(dyn.rows[2].att.estimate == doctest::Approx(2.5));
    CHECK(dyn.overall.estimate == doctest::Approx(1.625));
    // e = 0: psi/2 plus the weights' term 1.125, -1.125, 0: 2.625, -0.375, 1.875, -4.125, .75, -.75.
    CHECK(dyn.rows[1].att.se == doctest::Approx(std::sqrt(28.6875) / 6));
    // e = 1 is one cohort: no weights' term.
    CHECK(dyn.rows[2].att.se == doctest::Approx(std::sqrt(4.5) / 6));
    const auto balanced = r.aggregate(Aggregation::dynamic, 1); // only cohort 2 has e = 1
    REQUIRE(balanced.rows.size() == 2);
    CHECK(balanced.rows[0].key == 0);
    CHECK(balanced.rows[0].att.estimate == doctest::Approx(1.5));

    // group: cohort 2 the mean of 1.5 and 2.5, cohort 3 0; overall weighted by 1/3 each.
    const auto grp = r.aggregate(Aggregation::group);
    REQUIRE(grp.rows.size() == 2);
    CHECK(grp.rows[0].att.estimate == doctest::Approx(2.0));
    CHECK(grp.rows[0].att.se == doctest::Approx(std::sqrt(4.5) / 6)); // 1.5, -1.5, 0, 0
    CHECK(grp.rows[1].att.estimate == doctest::Approx(0.0));
    CHECK(grp.overall.estimate == doctest::Approx(1.0));

    // calendar: period 2: cohort 2 only, 1.5; period 3: (2.5 + 0) / 2; overall 1.375.
    const auto cal = r.aggregate(Aggregation::calendar);
    REQUIRE(cal.rows.size() == 2);
    CHECK(cal.rows[1].att.estimate == doctest::Approx(1.25));
    CHECK(cal.overall.estimate == doctest::Approx(1.375));

    // Pre-test: one pre cell, 1.5 with variance 22.5/36: W = 3.6, P(chi2_1 > 3.6) = erfc(sqrt(1.8)).
    const auto pre = r.pretest();
    CHECK(pre.df == 1);
    CHECK(pre.statistic == doctest::Approx(3.6));
    CHECK(pre.p_value == doctest::Approx(std::erfc(std::sqrt(1.8))).epsilon(1e-12));
}

TEST_CASE("not-yet-treated controls and the universal base period, by hand") {
    const Panel p = by_hand();
    Options o = no_draws();
    o.control = Control::not_yet;
    const AttGt r = att_gt(p.columns(), o);
    // (2, 2): cohort 3 is not yet treated in 2: controls 5, 6, 3, 4 change 1, 0, 1, 3.
    CHECK(cell(r, 2, 2).controls == 4);
    CHECK(cell(r, 2, 2).att.estimate == doctest::Approx(2 - 1.25));
    CHECK(cell(r, 2, 3).controls == 2); // cohort 3 is treated in 3
    CHECK(cell(r, 2, 3).att.estimate == doctest::Approx(2.5));

    o.control = Control::never;
    o.base_period = BasePeriod::universal;
    const AttGt u = att_gt(p.columns(), o);
    REQUIRE(u.cells().size() == 6);
    CHECK(cell(u, 3, 1).att.estimate == doctest::Approx(-1.5)); // base 2: changes from 2 back to 1
    CHECK(cell(u, 3, 2).att.estimate == 0.0);
    CHECK(cell(u, 3, 2).att.se == 0.0);
    CHECK(u.pretest().df == 1); // (3, 1); the base cells (2, 1) and (3, 2) have no variance
}

TEST_CASE("a unit missing a period drops out of the comparisons that need it") {
    Panel p;
    p.add(1, 2, {1, 4, 6});
    p.add(2, 2, {3, 4, 8});
    p.add(3, 3, {2, 3, 7});
    p.add(4, 3, {0, 3, 3});
    p.add(5, 0, {1, 2, 3});
    p.add(6, 0, {2, 2}); // unit 6 has no period 3
    const AttGt r = att_gt(p.columns(), no_draws());
    CHECK(r.units() == 6);
    CHECK(cell(r, 2, 2).att.estimate == doctest::Approx(1.5)); // unit 6 still in (periods 1, 2)
    CHECK(cell(r, 2, 2).controls == 2);
    CHECK(cell(r, 2, 3).controls == 1);
    CHECK(cell(r, 2, 3).att.estimate == doctest::Approx(5 - 2.0));
    CHECK(cell(r, 3, 3).att.estimate == doctest::Approx(2 - 1.0));
    CHECK(cell(r, 3, 3).att.se == doctest::Approx(std::sqrt(72.0) / 6)); // 6, -6, 0
}

TEST_CASE("bootstrap draws depend on the seed and the keys, not on threads or row order") {
    Panel p;
    for (std::int64_t u = 0; u < 3000; ++u) {
        const std::int64_t g = u % 3 == 0 ? 0 : (u % 3 == 1 ? 3 : 4);
        std::vector<double> ys;
        for (int t = 0; t < 4; ++t)
            ys.push_back(std::sin(static_cast<double>(u * 7 + t)) + (g && t + 1 >= g ? 1.0 : 0.0));
        p.add(u * 5 + 2, g, ys);
    }
    Options o;
    o.seed = 42;
    o.threads = 1;
    const AttGt one = att_gt(p.columns(), o);
    o.threads = 2;
    const AttGt two = att_gt(p.columns(), o);
    Panel reversed = p;
    std::reverse(reversed.unit.begin(), reversed.unit.end());
    std::reverse(reversed.period.begin(), reversed.period.end());
    std::reverse(reversed.cohort.begin(), reversed.cohort.end());
    std::reverse(reversed.y.begin(), reversed.y.end());
    const AttGt back = att_gt(reversed.columns(), o);
    o.seed = 43;
    const AttGt other = att_gt(p.columns(), o);
    bool differs = false;
    for (std::size_t k = 0; k < one.cells().size(); ++k) {
        CHECK(one.cells()[k].att.se_boot == two.cells()[k].att.se_boot);
        CHECK(one.cells()[k].att.se_boot == back.cells()[k].att.se_boot);
        differs = differs || one.cells()[k].att.se_boot != other.cells()[k].att.se_boot;
        // Rademacher multipliers reproduce the analytic variance on average.
        CHECK(one.cells()[k].att.se_boot == doctest::Approx(one.cells()[k].att.se).epsilon(0.1));
    }
    CHECK(differs);
    CHECK(one.critical_value() == two.critical_value());
    CHECK(one.critical_value() > 1.96);
}

TEST_CASE("bad panels are named by row, column and value") {
    const auto fails = [](const Panel& p, std::size_t line, const char* column) {
        try {
            (void)att_gt(p.columns(), no_draws());
            FAIL("no error");
        } catch (const validation_error& e) {
            CHECK(e.line() == line);
            CHECK(e.column() == column);
        }
    };
    Panel p = by_hand();
    p.cohort[4] = 3; // unit 2's second row: treated twice
    fails(p, 5, "cohort");
    p = by_hand();
    for (std::size_t r = 6; r < 9; ++r) p.cohort[r] = 7; // unit 3: a cohort outside 1..3
    fails(p, 7, "cohort");
    p = by_hand();
    p.y[10] = std::nan("");
    fails(p, 11, "outcome");
    p = by_hand();
    p.period[1] = 1; // unit 1 has period 1 twice
    fails(p, 2, "period");
    p = by_hand();
    p.cluster = {1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6}; // unit 2 in two clusters
    fails(p, 6, "cluster");

    // No control units: without the never-treated, cohort 2's cells have none.
    Panel treated_only;
    treated_only.add(1, 2, {1, 4, 6});
    treated_only.add(3, 3, {2, 3, 7});
    CHECK_THROWS_AS((void)att_gt(treated_only.columns(), no_draws()), argument_error);
    Options bad = no_draws();
    bad.alpha = 1.5;
    CHECK_THROWS_AS((void)att_gt(by_hand().columns(), bad), argument_error);
}
