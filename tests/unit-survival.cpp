#include "okoce/survival.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

const double nan_v = std::numeric_limits<double>::quiet_NaN();
const double inf_v = std::numeric_limits<double>::infinity();

// Equal to 1e-9 (absolute or relative), NaN equal to NaN, infinity to infinity.
bool same(double actual, double expected) {
    if (std::isnan(expected)) return std::isnan(actual);
    if (std::isinf(expected)) return actual == expected;
    return std::abs(actual - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

// The columns of a curve at its event rows only: statsmodels lists event times only.
struct EventRows {
    std::vector<double> time, survival, std_err, lower, upper;
    std::vector<std::int64_t> at_risk, events;
};
EventRows event_rows(const SurvivalCurve& c) {
    EventRows e;
    for (std::size_t k = 0; k < c.time.size(); ++k) {
        if (c.events[k] == 0) continue;
        e.time.push_back(c.time[k]);
        e.survival.push_back(c.survival[k]);
        e.std_err.push_back(c.std_err[k]);
        e.lower.push_back(c.ci_lower[k]);
        e.upper.push_back(c.ci_upper[k]);
        e.at_risk.push_back(c.at_risk[k]);
        e.events.push_back(c.events[k]);
    }
    return e;
}

void check_column(const std::vector<double>& actual, const std::vector<double>& expected,
                  const char* what) {
    INFO(what);
    REQUIRE(actual.size() == expected.size());
    for (std::size_t k = 0; k < actual.size(); ++k) {
        INFO("row " << k << ": " << actual[k] << " vs " << expected[k]);
        CHECK(same(actual[k], expected[k]));
    }
}

// statsmodels' results for one dataset (see tests/python_oracles/km_oracle.py).
struct Oracle {
    std::vector<double> times, surv, se;
    std::vector<std::int64_t> n_risk, n_events;
    std::vector<double> lower, upper;
    double median, median_lower, median_upper;
};

void check_against(const SurvivalCurve& c, const Oracle& o) {
    const EventRows e = event_rows(c);
    check_column(e.time, o.times, "surv_times");
    check_column(e.survival, o.surv, "surv_prob");
    check_column(e.std_err, o.se, "surv_prob_se");
    check_column(e.lower, o.lower, "log-log lower");
    check_column(e.upper, o.upper, "log-log upper");
    CHECK(e.at_risk == o.n_risk);
    CHECK(e.events == o.n_events);
    CHECK(same(c.median, o.median));
    CHECK(same(c.median_lower, o.median_lower));
    CHECK(same(c.median_upper, o.median_upper));
}

SurvivalCurve one(const std::vector<double>& t, const std::vector<std::uint8_t>& e) {
    auto curves = kaplan_meier(t, e);
    REQUIRE(curves.size() == 1);
    return curves.front();
}

// The datasets of km_oracle.py.
const std::vector<double> ties_t{1, 1, 2, 3, 3, 3, 5, 6, 6, 8, 9, 9};
const std::vector<std::uint8_t> ties_e{1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1};
const std::vector<double> ti1_t{3, 1, 2, 3, 2, 1, 5, 3};
const std::vector<std::uint8_t> ti1_e{0, 1, 1, 1, 0, 0, 1, 0};

// The values below were produced by tests/python_oracles/km_oracle.py with statsmodels 0.13.5:
//   sf = SurvfuncRight(time, status)
//   sf.surv_times, sf.surv_prob, sf.surv_prob_se, sf.n_risk, sf.n_events,
//   sf.quantile(0.5), sf.quantile_ci(0.5, alpha=0.05)          # method="cloglog"
//   z = scipy.stats.norm.ppf(0.975); v = z * se / (S * log(S))
//   lower, upper = S ** exp(-v), S ** exp(v)                    # pointwise log-log interval
const Oracle ties_oracle{
    {1.0, 3.0, 5.0, 6.0, 9.0},
    {0.8333333333333334, 0.6481481481481481, 0.5401234567901234, 0.4320987654320988, 0.0},
    {0.1075828707279838, 0.14261129694009778, 0.1544281178217909, 0.15683818107127165, nan_v},
    {12, 9, 6, 5, 2},
    {2, 2, 1, 1, 2},
    {0.48171494219537864, 0.3096622270171607, 0.21656117316733678, 0.14101049207969346, nan_v},
    {0.9555093657280649, 0.8517975123354391, 0.78036356294766, 0.6980756554901631, nan_v},
    6.0,
    1.0,
    9.0};
const Oracle ti1_oracle{{1.0, 2.0, 3.0, 5.0},
                        {0.875, 0.7291666666666667, 0.5468750000000001, 0.0},
                        {0.11692679333668568, 0.1649762363639528, 0.20058001020737753, nan_v},
                        {8, 6, 4, 1},
                        {1, 1, 1, 1},
                        {0.3870000140320251, 0.27639022033612276, 0.13723842004078277, nan_v},
                        {0.9813929658789661, 0.9253531812572053, 0.8324285771124327, nan_v},
                        5.0,
                        1.0,
                        5.0};

} // namespace

TEST_CASE("Kaplan-Meier by hand: a small example") {
    // Six participants, days to licence: 0 (event), 2 (event), 2 (censored), 4, 4 (events),
    // 6 (censored). Working, with Greenwood's sum G = sum d / (n (n - d)):
    //   t=0: n=6 d=1 c=0  S = 5/6            G = 1/30              SE = 5/6 sqrt(1/30)
    //   t=2: n=5 d=1 c=1  S = 5/6*4/5 = 2/3   G = 1/30+1/20 = 1/12  SE = 2/3 sqrt(1/12)
    //   t=4: n=3 d=2 c=0  S = 2/3*1/3 = 2/9   G = 1/12+2/3 = 3/4    SE = 2/9 sqrt(3/4)
    //   t=6: n=1 d=0 c=1  S = 2/9 (carried)   SE carried
    // The median is the first time with S < 0.5 (strictly): t=4.
    // Log-log interval at t=0: v = 1.96 * SE / (S |log S|) = 1.96*0.1521452/(0.8333*0.1823216)
    //   = 1.962680 (z to full precision: 1.959963984540054); lower = S^exp(v) = 0.8333^7.118377
    //   = exp(-0.182322 * 7.118377) = 0.273123, upper = S^exp(-v) = exp(-0.182322/7.118377)
    //   = 0.974712.
    const SurvivalCurve c = one({0, 2, 2, 4, 4, 6}, {1, 1, 0, 1, 1, 0});
    CHECK(c.group == "all");
    CHECK(c.n == 6);
    CHECK(c.n_events == 4);
    CHECK(c.time == std::vector<double>{0, 2, 4, 6});
    CHECK(c.at_risk == std::vector<std::int64_t>{6, 5, 3, 1});
    CHECK(c.events == std::vector<std::int64_t>{1, 1, 2, 0});
    CHECK(c.censored == std::vector<std::int64_t>{0, 1, 0, 1});
    check_column(c.survival, {5.0 / 6, 2.0 / 3, 2.0 / 9, 2.0 / 9}, "S");
    check_column(c.std_err,
                 {5.0 / 6 * std::sqrt(1.0 / 30), 2.0 / 3 * std::sqrt(1.0 / 12),
                  2.0 / 9 * std::sqrt(0.75), 2.0 / 9 * std::sqrt(0.75)},
                 "Greenwood SE");
    CHECK(c.ci_lower[0] == doctest::Approx(0.273123).epsilon(1e-5));
    CHECK(c.ci_upper[0] == doctest::Approx(0.974712).epsilon(1e-5));
    // A censor-only row keeps the interval of the row before.
    CHECK(c.ci_lower[3] == c.ci_lower[2]);
    CHECK(c.median == 4);
}

TEST_CASE("Kaplan-Meier equals statsmodels: ties, censorings tied with events") {
    SUBCASE("ties") {
        const SurvivalCurve c = one(ties_t, ties_e);
        check_against(c, ties_oracle);
        // Every distinct time is listed; censor-only rows at 2 and 8. Counted from the data:
        // censorings at 2, 3, 6, 8 (one each).
        CHECK(c.time == std::vector<double>{1, 2, 3, 5, 6, 8, 9});
        CHECK(c.censored == std::vector<std::int64_t>{0, 1, 1, 0, 1, 1, 0});
        // A censoring tied with events is still at risk at that time: n(3) = 12 - 2 - 1 = 9.
        CHECK(c.at_risk[2] == 9);
        // The censor-only row at 2 carries S(1) = 10/12.
        CHECK(same(c.survival[1], 10.0 / 12));
    }
    SUBCASE("fractional and widely spread times give the same curve, rescaled") {
        // S and its SE depend on the order of the times only, so halving every time (no
        // longer whole days) or stretching it by 10^7 (too spread out for a tally per day)
        // must reproduce statsmodels' numbers at the rescaled times.
        for (const double scale : {0.5, 1e7}) {
            std::vector<double> scaled;
            for (const double x : ties_t) scaled.push_back(x * scale);
            Oracle o = ties_oracle;
            for (double& x : o.times) x *= scale;
            o.median *= scale;
            o.median_lower *= scale;
            o.median_upper *= scale;
            check_against(one(scaled, ties_e), o);
        }
    }
    SUBCASE("statsmodels' own test data (ti1, st1; checked there against R)") {
        check_against(one(ti1_t, ti1_e), ti1_oracle);
    }
    SUBCASE("all events") {
        // Last event takes the last one at risk: S = 0 and the SE is NaN (n == d).
        check_against(one({1, 2, 2, 3, 5}, {1, 1, 1, 1, 1}),
                      {{1.0, 2.0, 3.0, 5.0},
                       {0.8, 0.4, 0.2, 0.0},
                       {0.17888543819998318, 0.21908902300206645, 0.17888543819998318, nan_v},
                       {5, 4, 2, 1},
                       {1, 2, 1, 1},
                       {0.20380926326763912, 0.051975750377467524, 0.008369039906653105, nan_v},
                       {0.9691797888667427, 0.7528157913587553, 0.5818530260483669, nan_v},
                       2.0,
                       1.0,
                       5.0});
    }
    SUBCASE("events at time 0") {
        const SurvivalCurve c = one({0, 0, 0, 1, 2, 2, 4, 5, 7, 7}, {1, 1, 0, 1, 0, 1, 1, 0, 1, 0});
        check_against(c, {{0.0, 1.0, 2.0, 4.0, 7.0},
                          {0.8, 0.6857142857142857, 0.5714285714285715, 0.4285714285714286,
                           0.2142857142857143},
                          {0.1264911064067352, 0.1514940174323206, 0.163774715491746,
                           0.17433756338159284, 0.1748072657955816},
                          {10, 7, 6, 4, 2},
                          {2, 1, 1, 1, 1},
                          {0.40869078163340405, 0.3045850742018474, 0.2171927023822838,
                           0.11404177765577762, 0.012916601156909261},
                          {0.9458726458389117, 0.8871484950277074, 0.8145721379207795,
                           0.7184534248763592, 0.5794907112498608},
                          4.0,
                          0.0,
                          inf_v});
        CHECK(c.censored[0] == 1); // the censoring at 0 sits in the first row
    }
    SUBCASE("a finite median interval") {
        check_against(
            one({1,  2,  3,  3,  4,  5,  5,  6,  7,  8,  9,  10,
                 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 25, 30},
                {1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0}),
            {{1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 14.0, 15.0, 18.0, 20.0,
              25.0},
             {0.9583333333333334, 0.9166666666666667, 0.8750000000000001, 0.83125,
              0.7437500000000001, 0.697265625, 0.6507812500000001, 0.6042968750000001,
              0.5578125000000002, 0.5071022727272728, 0.4563920454545456, 0.3993430397727274,
              0.34229403409090925, 0.2738352272727274, 0.20537642045454557, 0.10268821022727279},
             {0.040789375432190036, 0.05641693336552751, 0.06750771560841522, 0.07701503167672312,
              0.09040742560302593, 0.0959660868348173, 0.10019597242310292, 0.10326050458155421,
              0.1052615151528118, 0.10721364489037628, 0.10781991751108447, 0.10838938649845019,
              0.1068691807455769, 0.10516054646321983, 0.09866862582769689, 0.08778558361440561},
             {24, 23, 22, 20, 19, 16, 15, 14, 13, 11, 10, 8, 7, 5, 4, 2},
             {1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
             {0.7392061511468954, 0.7060552678440144, 0.660755349675342, 0.6103703981259754,
              0.5158147492732219, 0.46677314957565086, 0.4201277960802132, 0.3755585976613562,
              0.3328791674385364, 0.28649336935791964, 0.24281078982926135, 0.1942327009461958,
              0.1499849807126961, 0.0986755051236826, 0.05672809706045904, 0.008633128191147258},
             {0.9940237201956953, 0.9784830365742961, 0.9578821408636655, 0.9331459577890486,
              0.8759958373685737, 0.8431121331402257, 0.8083167881866975, 0.7717804335585254,
              0.7336129799250729, 0.6915171797984642, 0.6474670224592899, 0.597984251552745,
              0.5456289275894997, 0.4846223589156517, 0.4176171677712519, 0.3361741766560181},
             12.0,
             7.0,
             18.0});
    }
}

TEST_CASE("Kaplan-Meier with everyone censored") {
    // statsmodels: no surv_times, quantile(0.5) and quantile_ci(0.5) all NaN. The curve still
    // lists the censorings, at S = 1 with SE 0 and the interval [1, 1].
    const SurvivalCurve c = one({2, 4, 4, 7}, {0, 0, 0, 0});
    CHECK(c.n == 4);
    CHECK(c.n_events == 0);
    CHECK(c.time == std::vector<double>{2, 4, 7});
    CHECK(c.at_risk == std::vector<std::int64_t>{4, 3, 1});
    CHECK(c.censored == std::vector<std::int64_t>{1, 2, 1});
    CHECK(c.survival == std::vector<double>{1, 1, 1});
    CHECK(c.std_err == std::vector<double>{0, 0, 0});
    CHECK(c.ci_lower == std::vector<double>{1, 1, 1});
    CHECK(std::isnan(c.median));
    CHECK(std::isnan(c.median_lower));
    CHECK(std::isnan(c.median_upper));
}

TEST_CASE("Kaplan-Meier by group, and the alpha option") {
    // The ties and ti1 datasets interleaved under keys 1 and 0; key 2 has nobody.
    std::vector<double> t;
    std::vector<std::uint8_t> e;
    std::vector<std::uint32_t> g;
    for (std::size_t k = 0; k < std::max(ties_t.size(), ti1_t.size()); ++k) {
        if (k < ties_t.size()) t.push_back(ties_t[k]), e.push_back(ties_e[k]), g.push_back(1);
        if (k < ti1_t.size()) t.push_back(ti1_t[k]), e.push_back(ti1_e[k]), g.push_back(0);
    }
    const std::vector<std::string> labels{"ti1", "ties", "empty"};
    const auto curves = kaplan_meier(t, e, g, labels);
    REQUIRE(curves.size() == 2); // the empty group is left out
    CHECK(curves[0].group == "ti1");
    CHECK(curves[1].group == "ties");
    check_against(curves[0], ti1_oracle);
    check_against(curves[1], ties_oracle);

    // alpha = 0.1 for ti1, from statsmodels and scipy as above with alpha=0.1:
    //   z = norm.ppf(0.95) = 1.6448536269514722
    //   S ** exp(-+ z*se/(S*log S)) at t=1: 0.5002875589892715, 0.9745830690091843
    //   quantile_ci(0.5, alpha=0.1) = (2.0, 5.0)
    const auto c90 = kaplan_meier(ti1_t, ti1_e, {}, {}, SurvivalOptions{0.1}).front();
    CHECK(same(c90.ci_lower[0], 0.5002875589892715));
    CHECK(same(c90.ci_upper[0], 0.9745830690091843));
    CHECK(c90.median_lower == 2.0);
    CHECK(c90.median_upper == 5.0);
    // No labels without groups: "all"; one label: that label.
    const std::vector<std::string> named{"cohort 2018"};
    CHECK(kaplan_meier(ti1_t, ti1_e, {}, named).front().group == "cohort 2018");
    CHECK(kaplan_meier(std::vector<double>{}, std::vector<std::uint8_t>{}).empty());
}

TEST_CASE("Kaplan-Meier with small counts suppressed") {
    // The small example above: n = 6, n_events = 4, at_risk 6 5 3 1, events 1 1 2 0, censored
    // 0 1 0 1 at times 0 2 4 6; S = 5/6, 2/3, 2/9, 2/9; median 4.
    const std::vector<double> t{0, 2, 2, 4, 4, 6};
    const std::vector<std::uint8_t> e{1, 1, 0, 1, 1, 0};
    constexpr std::int64_t X = suppressed;
    SUBCASE("below 3: counts of 1 and 2 go, the estimates and the median stay") {
        const SurvivalCurve c =
            kaplan_meier(t, e, {}, {}, SurvivalOptions{0.05, Suppression{3}}).front();
        CHECK(c.n == 6);
        CHECK(c.n_events == 4);
        CHECK(c.time == std::vector<double>{0, 2, 4, 6});
        CHECK(c.at_risk == std::vector<std::int64_t>{6, 5, 3, X});
        CHECK(c.events == std::vector<std::int64_t>{X, X, X, 0});
        CHECK(c.censored == std::vector<std::int64_t>{0, X, 0, X});
        check_column(c.survival, {5.0 / 6, 2.0 / 3, 2.0 / 9, 2.0 / 9}, "S");
        CHECK(same(c.std_err[2], 2.0 / 9 * std::sqrt(0.75)));
        CHECK(c.ci_lower[0] == doctest::Approx(0.273123).epsilon(1e-5));
        CHECK(c.median == 4); // found from the true event counts, all of them now hidden
    }
    SUBCASE("below 6: a curve of exactly 6 is shown; n_events 4 is hidden") {
        const SurvivalCurve c =
            kaplan_meier(t, e, {}, {}, SurvivalOptions{0.05, Suppression{6}}).front();
        CHECK(c.n == 6);
        CHECK(c.n_events == X);
        CHECK(c.at_risk == std::vector<std::int64_t>{6, X, X, X});
    }
    SUBCASE("below 7: the curve of 6 is withheld but keeps its label") {
        const auto curves = kaplan_meier(t, e, {}, {}, SurvivalOptions{0.05, Suppression{7}});
        REQUIRE(curves.size() == 1);
        const SurvivalCurve& c = curves.front();
        CHECK(c.group == "all");
        CHECK(c.n == X);
        CHECK(c.n_events == X);
        CHECK(c.time.empty());
        CHECK(c.at_risk.empty());
        CHECK(c.events.empty());
        CHECK(c.censored.empty());
        CHECK(c.survival.empty());
        CHECK(c.std_err.empty());
        CHECK(c.ci_lower.empty());
        CHECK(c.ci_upper.empty());
        CHECK(std::isnan(c.median));
        CHECK(std::isnan(c.median_lower));
        CHECK(std::isnan(c.median_upper));
    }
    SUBCASE("below 1 changes nothing") {
        const SurvivalCurve c =
            kaplan_meier(t, e, {}, {}, SurvivalOptions{0.05, Suppression{1}}).front();
        CHECK(c.at_risk == std::vector<std::int64_t>{6, 5, 3, 1});
        CHECK(c.events == std::vector<std::int64_t>{1, 1, 2, 0});
        CHECK(c.n_events == 4);
    }
    SUBCASE("a negative threshold is rejected, naming the option") {
        try {
            kaplan_meier(t, e, {}, {}, SurvivalOptions{0.05, Suppression{-2}});
            FAIL("no error");
        } catch (const argument_error& x) {
            CHECK(x.function() == "SurvivalOptions");
            CHECK(x.argument() == "suppression");
            CHECK(x.value() == "-2");
        }
    }
}

TEST_CASE("Kaplan-Meier rejects bad input") {
    const std::vector<double> t{1, 2};
    const std::vector<std::uint8_t> e{1, 0};
    CHECK_THROWS_AS(kaplan_meier(t, std::vector<std::uint8_t>{1}), argument_error);
    CHECK_THROWS_AS(kaplan_meier(std::vector<double>{1, -1}, e), argument_error);
    CHECK_THROWS_AS(kaplan_meier(std::vector<double>{1, nan_v}, e), argument_error);
    CHECK_THROWS_AS(kaplan_meier(std::vector<double>{inf_v, 1}, e), argument_error);
    CHECK_THROWS_AS(kaplan_meier(t, std::vector<std::uint8_t>{1, 2}), argument_error);
    const std::vector<std::uint32_t> keys{0, 1};
    const std::vector<std::string> one_label{"a"};
    CHECK_THROWS_AS(kaplan_meier(t, e, keys, one_label), argument_error);
    CHECK_THROWS_AS(kaplan_meier(t, e, std::vector<std::uint32_t>{0}, one_label), argument_error);
    for (double alpha : {0.0, 1.0, -0.5, nan_v})
        CHECK_THROWS_AS(kaplan_meier(t, e, {}, {}, SurvivalOptions{alpha}), argument_error);
    // The error names the position (0-based, as the span is indexed) and the value.
    try {
        kaplan_meier(std::vector<double>{1, -3}, e);
        FAIL("no error");
    } catch (const argument_error& x) {
        CHECK(x.function() == "kaplan_meier");
        CHECK(x.argument() == "time[1]");
        CHECK(x.value() == "-3");
    }
}

TEST_CASE("Kaplan-Meier: share reached by a horizon and the restricted mean, by hand") {
    // The small example above stretched to days: 0 (event), 61 (event), 61 (censored),
    // 200, 200 (events), 400 (censored).
    //   t=0:   n=6 d=1  S = 5/6
    //   t=61:  n=5 d=1  S = 2/3
    //   t=200: n=3 d=2  S = 2/9
    //   t=400: n=1 c=1  S = 2/9 (last observed time)
    // A month is 30.4375 days: 0, 1, 6, 12 and 24 months are days 0, 30.4375, 182.625,
    // 365.25 and 730.5. The share reached is 1 - S of the last row at or before the horizon:
    //   0 months: 1/6 (the event at day 0 counts), 1: 1/6, 6: 1/3, 12: 7/9,
    //   24: NaN (day 730.5 is after the last observed time, 400, and S is still 2/9).
    // The share's interval is 1 - the S interval: at t=0 S's is [0.273123, 0.974712] (the
    // small example above), so [0.025288, 0.726877].
    // Restricted mean to 12 months (tau = 365.25 days), the area under S:
    //   5/6 * 61 + 2/3 * (200 - 61) + 2/9 * (365.25 - 200) = 50.8333 + 92.6667 + 36.7222
    //   = 180.2222 days.
    // A_i, the area from each event time to tau: A_200 = 36.7222, A_61 = 129.3889,
    // A_0 = 180.2222. Variance = A_0^2 * 1/(6*5) + A_61^2 * 1/(5*4) + A_200^2 * 2/(3*1)
    //   = 1082.67 + 837.07 + 899.01 = 2818.757, SE = 53.0920 days.
    SurvivalOptions o;
    o.horizons_months = {0, 1, 6, 12, 24};
    o.restricted_mean_months = 12;
    const std::vector<double> t{0, 61, 61, 200, 200, 400};
    const std::vector<std::uint8_t> e{1, 1, 0, 1, 1, 0};
    const SurvivalCurve c = kaplan_meier(t, e, {}, {}, o).front();
    REQUIRE(c.reached_by.size() == 5);
    const std::vector<double> days{0, 30.4375, 182.625, 365.25, 730.5};
    const std::vector<double> share{1.0 / 6, 1.0 / 6, 1.0 / 3, 7.0 / 9, nan_v};
    const std::vector<double> se{5.0 / 6 * std::sqrt(1.0 / 30), 5.0 / 6 * std::sqrt(1.0 / 30),
                                 2.0 / 3 * std::sqrt(1.0 / 12), 2.0 / 9 * std::sqrt(0.75), nan_v};
    for (std::size_t k = 0; k < 5; ++k) {
        INFO("horizon " << k);
        CHECK(c.reached_by[k].months == o.horizons_months[k]);
        CHECK(same(c.reached_by[k].days, days[k]));
        CHECK(same(c.reached_by[k].share, share[k]));
        CHECK(same(c.reached_by[k].std_err, se[k]));
    }
    CHECK(c.reached_by[0].ci_lower == doctest::Approx(0.025288).epsilon(1e-5));
    CHECK(c.reached_by[0].ci_upper == doctest::Approx(0.726877).epsilon(1e-5));
    // The interval at 12 months is the S interval at t=200 turned around.
    CHECK(same(c.reached_by[3].ci_lower, 1 - c.ci_upper[2]));
    CHECK(same(c.reached_by[3].ci_upper, 1 - c.ci_lower[2]));
    CHECK(c.reached_by[3].ci_lower < 7.0 / 9);
    CHECK(c.reached_by[3].ci_upper > 7.0 / 9);
    CHECK(std::isnan(c.reached_by[4].ci_lower));
    CHECK(std::isnan(c.reached_by[4].ci_upper));

    CHECK(c.restricted_mean.horizon_months == 12);
    CHECK(same(c.restricted_mean.horizon_days, 365.25));
    const double a200 = 2.0 / 9 * 165.25, a61 = 2.0 / 3 * 139 + a200, a0 = 5.0 / 6 * 61 + a61;
    CHECK(same(c.restricted_mean.mean_days, a0));
    CHECK(c.restricted_mean.mean_days == doctest::Approx(180.2222).epsilon(1e-6));
    CHECK(same(c.restricted_mean.std_err,
               std::sqrt(a0 * a0 / 30 + a61 * a61 / 20 + a200 * a200 * 2 / 3)));
    CHECK(c.restricted_mean.std_err == doctest::Approx(53.0920).epsilon(1e-5));

    // The default horizons: 6, 12, 24 months and the restricted mean to 24 months, which lies
    // beyond day 400 while S is above 0: NaN.
    const SurvivalCurve d = kaplan_meier(t, e).front();
    REQUIRE(d.reached_by.size() == 3);
    CHECK(d.reached_by[0].months == 6);
    CHECK(d.reached_by[2].months == 24);
    CHECK(same(d.reached_by[1].share, 7.0 / 9));
    CHECK(d.restricted_mean.horizon_months == 24);
    CHECK(std::isnan(d.restricted_mean.mean_days));
    CHECK(std::isnan(d.restricted_mean.std_err));
}

TEST_CASE("Restricted mean when everyone has the event, and before the first event") {
    // Days 1, 2, 2, 3, 5, all events: S = 4/5 (t=1), 2/5 (t=2), 1/5 (t=3), 0 (t=5). S is 0 from
    // day 5 on, so every later horizon is known: the share is 1, its SE and interval NaN (as on
    // the curve where S is 0).
    // Restricted mean to 24 months: 1*1 + 4/5*1 + 2/5*1 + 1/5*2 + 0 = 2.6 days.
    // A_1 = 1.6, A_2 = 0.8, A_3 = 0.4; t=5 has n = d = 1 and A_5 = 0: it adds nothing.
    // Variance = 1.6^2 * 1/(5*4) + 0.8^2 * 2/(4*2) + 0.4^2 * 1/(2*1) = 0.128 + 0.16 + 0.08
    //   = 0.368.
    const SurvivalCurve c = one({1, 2, 2, 3, 5}, {1, 1, 1, 1, 1});
    CHECK(same(c.restricted_mean.mean_days, 2.6));
    CHECK(same(c.restricted_mean.std_err, std::sqrt(0.368)));
    for (const HorizonShare& h : c.reached_by) {
        CHECK(h.share == 1);
        CHECK(std::isnan(h.std_err));
        CHECK(std::isnan(h.ci_lower));
    }
    // A horizon before the first event, which is observed (day 40 of 60 with no event yet):
    // the share is 0, interval [0, 0]; the restricted mean to 1 month is the whole 30.4375 days
    // and its SE 0 (no event time inside).
    SurvivalOptions o;
    o.horizons_months = {1};
    o.restricted_mean_months = 1;
    const SurvivalCurve late =
        kaplan_meier(std::vector<double>{40, 50, 60}, std::vector<std::uint8_t>{1, 0, 0}, {}, {}, o)
            .front();
    CHECK(late.reached_by[0].share == 0);
    CHECK(late.reached_by[0].std_err == 0);
    CHECK(late.reached_by[0].ci_lower == 0);
    CHECK(late.reached_by[0].ci_upper == 0);
    CHECK(same(late.restricted_mean.mean_days, 30.4375));
    CHECK(late.restricted_mean.std_err == 0);
}

TEST_CASE("Horizons: withheld curves and bad options") {
    // A withheld curve keeps its horizons but not the estimates.
    SurvivalOptions o;
    o.suppression = Suppression{7};
    o.horizons_months = {0.05};
    const SurvivalCurve c = kaplan_meier(std::vector<double>{0, 2, 2, 4, 4, 6},
                                         std::vector<std::uint8_t>{1, 1, 0, 1, 1, 0}, {}, {}, o)
                                .front();
    REQUIRE(c.reached_by.size() == 1);
    CHECK(c.reached_by[0].months == 0.05);
    CHECK(std::isnan(c.reached_by[0].share));
    CHECK(std::isnan(c.reached_by[0].ci_upper));
    CHECK(c.restricted_mean.horizon_months == 24);
    CHECK(std::isnan(c.restricted_mean.mean_days));
    // Shown below 6: the share by day 1.52 (0.05 months) is 1/6, the estimate stays.
    o.suppression = Suppression{6};
    const SurvivalCurve shown = kaplan_meier(std::vector<double>{0, 2, 2, 4, 4, 6},
                                             std::vector<std::uint8_t>{1, 1, 0, 1, 1, 0}, {}, {}, o)
                                    .front();
    CHECK(same(shown.reached_by[0].share, 1.0 / 6));

    const std::vector<double> t{1, 2};
    const std::vector<std::uint8_t> e{1, 0};
    for (double h : {-1.0, nan_v, inf_v}) {
        SurvivalOptions bad;
        bad.horizons_months = {6, h};
        try {
            kaplan_meier(t, e, {}, {}, bad);
            FAIL("no error");
        } catch (const argument_error& x) {
            CHECK(x.argument() == "horizons_months[1]");
        }
    }
    for (double h : {0.0, -3.0, nan_v, inf_v}) {
        SurvivalOptions bad;
        bad.restricted_mean_months = h;
        CHECK_THROWS_AS(kaplan_meier(t, e, {}, {}, bad), argument_error);
    }
}

namespace {

using okoce::test::licence;
// As of 2018-12-31. Days from registration to the first counting licence:
//   A reg 2018-01-01, SKU 2018-01-01                 -> event at 0
//   I reg 2018-01-01, IUMK 2017-12-01 (before joining) -> event at 0 (counts from joining)
//   B reg 2018-01-01, IUMK 2018-01-11                -> event at 10
//   C reg 2018-01-01, no licence, exit 2018-01-11     -> censored at 10
//   D reg 2018-01-01, NIB 2018-02-01, exit 2018-01-21 -> censored at 20 (left before)
//   F reg 2018-12-01, nothing                        -> censored at 30 (as_of)
//   E reg 2018-01-01, SKU 2018-02-01, exit 2018-02-01 -> event at 31 (licensed on the exit day)
//   J reg 2018-06-30, PIRT 2018-07-01 (does not count) -> censored at 184
//   H reg 2018-01-01, IUMK 2019-02-01 (after as_of)   -> censored at 364
//   G reg 2019-01-05                                 -> not counted (registered after as_of)
// A, B, C, I are food_beverage; the others fashion.
Programme licensing_programme() {
    ProgrammeBuilder b;
    const Date jan1(2018, 1, 1);
    b.add(person("A", jan1).sector(Sector::food_beverage));
    b.add(person("B", jan1).sector(Sector::food_beverage));
    b.add(person("C", jan1).sector(Sector::food_beverage).exited(date(2018, 1, 11)));
    b.add(person("D", jan1).sector(Sector::fashion).exited(date(2018, 1, 21)));
    b.add(person("E", jan1).sector(Sector::fashion).exited(date(2018, 2, 1)));
    b.add(person("F", date(2018, 12, 1)).sector(Sector::fashion));
    b.add(person("G", date(2019, 1, 5)).sector(Sector::fashion));
    b.add(person("H", jan1).sector(Sector::fashion));
    b.add(person("I", jan1).sector(Sector::food_beverage));
    b.add(person("J", date(2018, 6, 30)).sector(Sector::fashion));
    b.add(licence("A", LicenceKind::sku, jan1));
    b.add(licence("I", LicenceKind::iumk, date(2017, 12, 1)));
    b.add(licence("B", LicenceKind::iumk, date(2018, 1, 11)));
    b.add(licence("D", LicenceKind::nib, date(2018, 2, 1)));
    b.add(licence("E", LicenceKind::sku, date(2018, 2, 1)));
    b.add(licence("J", LicenceKind::pirt, date(2018, 7, 1)));
    b.add(licence("H", LicenceKind::iumk, date(2019, 2, 1)));
    b.add(StepRecord{"B", Step::p2, date(2018, 1, 6)});
    b.add(StepRecord{"F", Step::p2, date(2018, 12, 1)});
    return b.build();
}
} // namespace

TEST_CASE("time to licensed on a hand-built programme") {
    const Programme p = licensing_programme();
    const Date as_of(2018, 12, 31);
    const auto curves = time_to(p, as_of);
    REQUIRE(curves.size() == 1);
    const SurvivalCurve& c = curves[0];
    // Times 0 0 10 10 20 30 31 184 364, events 1 1 1 0 0 0 1 0 0 (see the programme above):
    //   t=0:  n=9 d=2  S = 7/9          G = 2/63
    //   t=10: n=7 d=1  S = 7/9*6/7 = 2/3 G = 2/63 + 1/42 = 1/18
    //   t=31: n=3 d=1  S = 2/3*2/3 = 4/9 G = 1/18 + 1/6 = 2/9
    // Median: first S < 0.5 is t=31. statsmodels (km_oracle.py, dataset "time_to") agrees and
    // gives quantile_ci(0.5) = (0.0, inf) and the log-log interval at t=31
    // (0.07934488558301672, 0.7714227605009382).
    CHECK(c.n == 9);
    CHECK(c.n_events == 4);
    CHECK(c.time == std::vector<double>{0, 10, 20, 30, 31, 184, 364});
    CHECK(c.at_risk == std::vector<std::int64_t>{9, 7, 5, 4, 3, 2, 1});
    CHECK(c.events == std::vector<std::int64_t>{2, 1, 0, 0, 1, 0, 0});
    CHECK(c.censored == std::vector<std::int64_t>{0, 1, 1, 1, 0, 1, 1});
    CHECK(same(c.survival[0], 7.0 / 9));
    CHECK(same(c.survival[1], 2.0 / 3));
    CHECK(same(c.survival[4], 4.0 / 9));
    CHECK(same(c.std_err[1], 2.0 / 3 * std::sqrt(1.0 / 18)));
    CHECK(same(c.std_err[4], 4.0 / 9 * std::sqrt(2.0 / 9)));
    CHECK(same(c.ci_lower[4], 0.07934488558301672));
    CHECK(same(c.ci_upper[4], 0.7714227605009382));
    CHECK(c.median == 31);
    CHECK(c.median_lower == 0);
    CHECK(std::isinf(c.median_upper));
    // By 6 months (day 182.625) S = 4/9, so 5/9 were licensed. By 12 months (day 365.25)
    // nobody was followed that long (H, the longest, 364 days): NaN, and so is the restricted
    // mean to 24 months.
    REQUIRE(c.reached_by.size() == 3);
    CHECK(same(c.reached_by[0].share, 5.0 / 9));
    CHECK(same(c.reached_by[0].std_err, c.std_err[4]));
    CHECK(std::isnan(c.reached_by[1].share));
    CHECK(std::isnan(c.reached_by[2].share));
    CHECK(std::isnan(c.restricted_mean.mean_days));
    {
        // To 6 months instead: 7/9 * 10 + 2/3 * 21 + 4/9 * 151.625 = 89.1667 days unlicensed
        // of the first 182.625. A_31 = 4/9 * 151.625, A_10 = 2/3 * 21 + A_31, A_0 = 7/9 * 10 +
        // A_10; variance A_0^2 * 2/(9*7) + A_10^2 * 1/(7*6) + A_31^2 * 1/(3*2).
        SurvivalOptions o;
        o.restricted_mean_months = 6;
        const RestrictedMean r =
            time_to(p, as_of, Milestone::licensed(), GroupBy::none, o).front().restricted_mean;
        const double a31 = 4.0 / 9 * 151.625, a10 = 2.0 / 3 * 21 + a31, a0 = 7.0 / 9 * 10 + a10;
        CHECK(same(r.mean_days, a0));
        CHECK(r.mean_days == doctest::Approx(89.1667).epsilon(1e-5));
        CHECK(same(r.std_err, std::sqrt(a0 * a0 * 2 / 63 + a10 * a10 / 42 + a31 * a31 / 6)));
    }

    SUBCASE("by sector") {
        const auto by = time_to(p, as_of, Milestone::licensed(), GroupBy::sector);
        REQUIRE(by.size() == 2);
        for (const SurvivalCurve& s : by) {
            if (s.group == "food_beverage") {
                // A 0e, I 0e, B 10e, C 10c: t=0 n=4 d=2 S=1/2; t=10 n=2 d=1 S=1/4.
                CHECK(s.time == std::vector<double>{0, 10});
                CHECK(s.survival == std::vector<double>{0.5, 0.25});
                CHECK(s.median == 10); // S(0) = 0.5 is not below 0.5
            } else {
                // D 20c, F 30c, E 31e, J 184c, H 364c: t=31 n=3 d=1 S=2/3.
                CHECK(s.group == "fashion");
                CHECK(s.n == 5);
                CHECK(s.time == std::vector<double>{20, 30, 31, 184, 364});
                CHECK(same(s.survival[2], 2.0 / 3));
                CHECK(std::isnan(s.median));
            }
        }
    }
    SUBCASE("counting IUMK only") {
        // A's SKU and E's SKU no longer count: events I 0, B 10 only.
        const auto iumk = time_to(p, as_of, Milestone::licensed(LicenceKinds{LicenceKind::iumk}));
        CHECK(iumk.front().n_events == 2);
        CHECK(iumk.front().events[0] == 1);
    }
    SUBCASE("a step milestone") {
        // P2 a-la-carte (registration is P1): B on 2018-01-06 (t=5), F on its registration
        // day (t=0); the other eight registered by as_of are censored.
        const auto p2 = time_to(p, as_of, Milestone::reached(Step::p2, StepPolicy::a_la_carte));
        CHECK(p2.front().n_events == 2);
        CHECK(p2.front().time[0] == 0);
        CHECK(p2.front().events[0] == 1);
        CHECK(same(p2.front().survival[0], 8.0 / 9));
    }
    SUBCASE("an earlier as-of date sees less") {
        // As of 2018-01-10: A, B, C, D, E, H, I registered (7). Events: A, I at 0. B's
        // licence comes on the 11th: censored at 9 with the rest.
        const auto early = time_to(p, date(2018, 1, 10));
        CHECK(early.front().n == 7);
        CHECK(early.front().time == std::vector<double>{0, 9});
        CHECK(early.front().censored == std::vector<std::int64_t>{0, 5});
    }
    CHECK_THROWS_AS(time_to(p, no_date), argument_error);
}

TEST_CASE("time to licensed by sector with small counts suppressed") {
    const Programme p = licensing_programme();
    const Date as_of(2018, 12, 31);
    constexpr std::int64_t X = suppressed;
    // From the programme above: food_beverage has A 0e, I 0e, B 10e, C 10c (n = 4); fashion
    // has D 20c, F 30c, E 31e, J 184c, H 364c (n = 5, one event), so at_risk 5 4 3 2 1,
    // events 0 0 1 0 0, censored 1 1 0 1 1. Below 5: food_beverage is withheld.
    const auto by = time_to(p, as_of, Milestone::licensed(), GroupBy::sector,
                            SurvivalOptions{0.05, Suppression{5}});
    REQUIRE(by.size() == 2);
    CHECK(by[0].group == "fashion"); // labels in text order
    CHECK(by[1].group == "food_beverage");
    const SurvivalCurve& fashion = by[0];
    CHECK(fashion.n == 5);
    CHECK(fashion.n_events == X);
    CHECK(fashion.time == std::vector<double>{20, 30, 31, 184, 364});
    CHECK(fashion.at_risk == std::vector<std::int64_t>{5, X, X, X, X});
    CHECK(fashion.events == std::vector<std::int64_t>{0, 0, X, 0, 0});
    CHECK(fashion.censored == std::vector<std::int64_t>{X, X, 0, X, X});
    CHECK(same(fashion.survival[2], 2.0 / 3)); // t=31: n=3 d=1
    CHECK(same(fashion.survival[4], 2.0 / 3));
    CHECK(std::isnan(fashion.median)); // S never drops below 0.5
    const SurvivalCurve& food = by[1];
    CHECK(food.n == X);
    CHECK(food.n_events == X);
    CHECK(food.time.empty());
    CHECK(food.survival.empty());
    CHECK(std::isnan(food.median)); // 10 without suppression

    // Below 4 both are shown; food_beverage: t=0 n=4 d=2 c=0, t=10 n=2 d=1 c=1.
    const auto by4 = time_to(p, as_of, Milestone::licensed(), GroupBy::sector,
                             SurvivalOptions{0.05, Suppression{4}});
    CHECK(by4[1].n == 4);
    CHECK(by4[1].n_events == X); // 3
    CHECK(by4[1].at_risk == std::vector<std::int64_t>{4, X});
    CHECK(by4[1].events == std::vector<std::int64_t>{X, X});
    CHECK(by4[1].censored == std::vector<std::int64_t>{0, X});
    CHECK(by4[1].median == 10);

    CHECK_THROWS_AS(time_to(p, as_of, Milestone::licensed(), GroupBy::none,
                            SurvivalOptions{0.05, Suppression{-1}}),
                    argument_error);
}
