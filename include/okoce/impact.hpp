// Did it work? The group-time average treatment effects of Callaway & Sant'Anna (2021),
// "Difference-in-Differences with multiple time periods", Journal of Econometrics 225(2),
// 200-230, on any panel of units observed over periods, with staggered adoption.
//
// What is estimated. Units are first treated in period g (their cohort; 0 = never treated) and
// stay treated (no exit). For every cohort g and period t, ATT(g,t) is the average effect in
// period t on the units first treated in g. Without covariates it is a difference of mean
// changes from a base period b to t:
//
//     ATT(g,t) = mean over cohort g of (Y_t - Y_b)  -  mean over the controls of (Y_t - Y_b)
//
// which identifies the effect under: (1) parallel trends: without treatment, the cohort's mean
// outcome would have moved from b to t as the control group's did; (2) no anticipation beyond
// `anticipation` periods: nothing changes before g - anticipation; (3) staggered adoption with
// no exit from treatment. It is what R's did computes with est_method="reg", xformla=~1,
// panel=TRUE.
//
// Base period. With cohort g, let b(g) be the last period p with p + anticipation < g. Periods
// t >= g are post-treatment and use b = b(g). Pre-treatment periods t < g use b = the period
// before t under BasePeriod::varying (periods from the second on), and b = b(g) under
// BasePeriod::universal (every period; the cell t = b(g) is 0 with standard error 0).
//
// Controls. Control::never: the never-treated units (cohort 0). Control::not_yet: those and the
// units of other cohorts g' != g not yet treated in either period, g' > max(t, b) +
// anticipation.
//
// Unbalanced panels. Each 2x2 comparison (cohort g, base b, period t) uses exactly the units,
// treated or control, observed in both b and t; a unit missing a period drops out of the
// comparisons that need that period and stays in all others. (R's did instead drops such units
// entirely with panel=TRUE, or switches to a repeated cross-section estimator with
// allow_unbalanced_panel=TRUE; on a balanced panel all three agree.)
//
// Inference. Every estimate (a cell or an aggregate) has an influence function psi_i over the
// n units. For a cell with N_g treated units and N_c controls, with means m_g and m_c of the
// change D_i = Y_it - Y_ib over each,
//
//     psi_i = n (D_i - m_g) / N_g   for a treated unit in the comparison,
//     psi_i = -n (D_i - m_c) / N_c  for a control in it, 0 otherwise,
//
// and the standard error is sqrt(sum over clusters c of S_c^2) / n with S_c the sum of psi_i
// over the units of cluster c (each unit its own cluster by default; with a cluster column the
// bootstrap draws one weight per cluster and sums psi within it, which on clusters of equal size
// equals averaging psi within clusters and rescaling by their number). The pointwise interval is
// estimate -/+ z_{1-alpha/2} se. The multiplier bootstrap draws, for draw r and cluster c, a
// Rademacher weight v_rc = +1 or -1 with probability 1/2 each (R's did uses Mammen's two-point
// weights; both have mean 0 and variance 1), and forms T_r = sum_c v_rc S_c / n. Its standard
// error is the interquartile range of T_r divided by that of the standard normal (did's
// convention). The uniform band of a family of estimates (the ATT(g,t) table, or the rows of
// one aggregation) is estimate -/+ q se_boot, with q the (1-alpha) quantile (the inverse of the
// empirical distribution) of max over the family of |T_r| / se_boot; estimates with a zero
// bootstrap standard error are left out of the maximum. The weight v_rc is a bit of a
// counter-based hash of (seed, cluster key, r): the draws depend only on the seed and the
// clusters' keys, never on the row order, the number of threads or a partitioning.
//
// Aggregations (as did::aggte). Let p_g = (units in cohort g) / n. Over a set K of cells with
// weights w_k = p_{g_k} / sum_{j in K} p_{g_j}, the aggregate is sum_k w_k ATT_k, and its
// influence function is sum_k w_k psi_k plus the term from estimating the weights,
//
//     sum_k ATT_k [ (1{G_i = g_k} - p_{g_k}) / P  -  p_{g_k} sum_{j in K} (1{G_i = g_j} - p_{g_j})
//     / P^2 ]
//
// with P = sum_{j in K} p_{g_j}. simple: K = the post-treatment cells (t >= g). dynamic: per
// event time e = t - g, K = the cells with t - g = e, and overall the plain mean over e >= 0
// (its influence function the mean of theirs); with balance_e, only the cohorts observed at
// least balance_e periods after treatment (t_max - g >= balance_e) and event times e <=
// balance_e. group: per cohort, the plain mean of its post-treatment cells (fixed weights, no
// weight term); overall the p_g-weighted mean over cohorts, with the weight term. calendar: per
// period t from the first cohort on, K = the cells (g, t) with g <= t; overall the plain mean over
// periods.
//
// Pre-test. The Wald statistic of the pre-treatment cells (t < g, non-zero standard error),
// W = a' V^{-1} a with V their joint covariance from the influence functions, is chi-square
// with as many degrees of freedom as cells under the null of parallel pre-trends.
#pragma once

#include "okoce/detail/config.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace okoce::impact {

enum class Control { never, not_yet };
enum class BasePeriod { varying, universal };
enum class Aggregation { simple, dynamic, group, calendar };

// "never" / "not_yet", "varying" / "universal", "simple" / "dynamic" / "group" / "calendar";
// std::nullopt for anything else.
std::optional<Control> try_parse_control(std::string_view text);
std::optional<BasePeriod> try_parse_base_period(std::string_view text);
std::optional<Aggregation> try_parse_aggregation(std::string_view text);
const char* to_string(Control c) noexcept;
const char* to_string(BasePeriod b) noexcept;
const char* to_string(Aggregation a) noexcept;

// The panel, one row per (unit, period). Units and clusters are integer keys (any values; the
// bootstrap's weights are keyed by them). Periods are integers (a year, a quarter's index);
// cohort is the first treated period, 0 for never treated, the same on every row of a unit.
// `cluster` is empty (each unit its own cluster) or one key per row, the same within a unit.
struct PanelColumns {
    std::span<const std::int64_t> unit;
    std::span<const std::int64_t> period;
    std::span<const std::int64_t> cohort;
    std::span<const double> outcome;
    std::span<const std::int64_t> cluster;
    // Names used in error messages: the table, then the columns.
    std::string table = "panel";
    std::string unit_name = "unit", period_name = "period", cohort_name = "cohort",
                outcome_name = "outcome", cluster_name = "cluster";
};

struct Options {
    Control control = Control::never;
    BasePeriod base_period = BasePeriod::varying;
    int anticipation = 0; // 0 or more periods (in the period column's units)
    int bootstrap = 999;  // draws; 0 for none (no se_boot or bands)
    double alpha = 0.05;  // intervals and bands at 1 - alpha
    std::uint64_t seed = 0;
    unsigned threads = 0; // 0: the machine's cores (the result does not depend on it)
};

// One row of a table of estimates, with its pointwise interval (normal, analytic se) and its
// uniform band (bootstrap; NaN without draws).
struct Estimate {
    double estimate = 0, se = 0, ci_low = 0, ci_high = 0;
    double se_boot = 0, band_low = 0, band_high = 0;
};

struct Cell {
    std::int64_t cohort = 0, period = 0, base = 0;
    bool post = false; // period >= cohort
    std::size_t treated = 0, controls = 0;
    Estimate att;
};

struct AggregateRow {
    std::int64_t key = 0; // the event time, cohort or period
    Estimate att;
};

struct AggregateResult {
    Aggregation kind = Aggregation::simple;
    std::optional<int> balance_e;
    std::vector<AggregateRow> rows; // empty for simple
    double critical_value = 0;      // of the rows' uniform band (NaN without draws)
    Estimate overall;               // its band is the pointwise bootstrap one (critical z)
};

struct PreTest {
    double statistic = 0;
    std::size_t df = 0; // 0: no pre-treatment cell to test (statistic and p NaN)
    double p_value = 0;
};

class AttGt {
public:
    AttGt(AttGt&&) noexcept;
    AttGt& operator=(AttGt&&) noexcept;
    ~AttGt();

    const std::vector<Cell>& cells() const noexcept;
    double critical_value() const noexcept; // of the cells' uniform band
    const Options& options() const noexcept;
    std::size_t units() const noexcept;
    std::size_t clusters() const noexcept;
    std::vector<std::int64_t> periods() const;
    std::vector<std::int64_t> cohorts() const;     // treated cohorts, ascending
    std::vector<std::size_t> cohort_sizes() const; // units per cohort, as cohorts()
    PreTest pretest() const;
    AggregateResult aggregate(Aggregation kind, std::optional<int> balance_e = std::nullopt) const;

    struct State;

private:
    explicit AttGt(std::unique_ptr<State> s);
    friend AttGt att_gt(const PanelColumns&, const Options&);
    std::unique_ptr<State> s_;
};

// Throws validation_error naming the table, 1-based row, column and value for: columns of
// different lengths, a duplicated (unit, period), a cohort varying within a unit (a unit
// treated twice), a cluster varying within a unit, a cohort that is neither 0 nor a period of
// the panel, a cohort with no period before g - anticipation, a NaN or infinite outcome; and
// argument_error for bad options or a cell without controls (naming the cohort and period).
AttGt att_gt(const PanelColumns& panel, const Options& options = {});

// The chi-square distribution's upper tail P(X > x) with df degrees of freedom.
double chi_square_sf(double x, double df);

} // namespace okoce::impact
