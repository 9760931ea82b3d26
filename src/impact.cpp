// Callaway & Sant'Anna ATT(g,t) (see okoce/impact.hpp for what is estimated).
//
// How it is computed. Units with the same cohort and the same set of observed periods (a
// "group") enter every 2x2 comparison alike, so every estimate's influence function is, for a
// unit i of group k, psi_i = sum_s a_ks (Y_is - Ybar_ks) + L_k: a linear form in the unit's
// centred outcomes, with coefficients a and level L per group. Each estimate (cell or aggregate)
// is stored as those coefficients (a "form"). Then
//   - the variance with each unit its own cluster is sum_k a_k' M_k a_k + n_k L_k^2, with M_k
//     the centred cross-products of group k (no per-unit pass per estimate);
//   - with a cluster column, S_c = sum over the (cluster, group) pairs of a_k' Z_ck + n_ck L_k,
//     with Z_ck the sum of centred outcomes of the pair;
//   - bootstrap draw r is sum_k a_k' A_rk + L_k V_rk, with A_rk = sum_i v_ri (Y_i - Ybar_k) and
//     V_rk = sum_i v_ri over the group: one pass over the units for every draw and estimate.
// The pass over units accumulates A and V eight units at a time: the 256 sums of every subset
// of the eight are tabulated, and each draw adds the one its eight weights select.
#include "okoce/impact.hpp"

#include "okoce/error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <thread>
#include <utility>

namespace okoce::impact {

std::optional<Control> try_parse_control(std::string_view text) {
    if (text == "never") return Control::never;
    if (text == "not_yet") return Control::not_yet;
    return std::nullopt;
}
std::optional<BasePeriod> try_parse_base_period(std::string_view text) {
    if (text == "varying") return BasePeriod::varying;
    if (text == "universal") return BasePeriod::universal;
    return std::nullopt;
}
std::optional<Aggregation> try_parse_aggregation(std::string_view text) {
    if (text == "simple") return Aggregation::simple;
    if (text == "dynamic") return Aggregation::dynamic;
    if (text == "group") return Aggregation::group;
    if (text == "calendar") return Aggregation::calendar;
    return std::nullopt;
}
const char* to_string(Control c) noexcept {
    return c == Control::never ? "never" : "not_yet";
}
const char* to_string(BasePeriod b) noexcept {
    return b == BasePeriod::varying ? "varying" : "universal";
}
const char* to_string(Aggregation a) noexcept {
    switch (a) {
    case Aggregation::simple:
        return "simple";
    case Aggregation::dynamic:
        return "dynamic";
    case Aggregation::group:
        return "group";
    case Aggregation::calendar:
        return "calendar";
    }
    return "?";
}

namespace {

constexpr std::size_t max_periods = 64;

std::uint64_t mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The 64 Rademacher signs of draws 64*block .. 64*block+63 of the cluster `key` (bit set: +1).
std::uint64_t sign_word(std::uint64_t seeded, std::int64_t key, std::uint64_t block) {
    return mix(mix(seeded ^ static_cast<std::uint64_t>(key)) ^ block);
}

double normal_cdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// The standard normal quantile, by Newton's method on erfc (monotone from 0 for p > 1/2).
double normal_quantile(double p) {
    if (p < 0.5) return -normal_quantile(1 - p);
    double x = 0;
    for (int i = 0; i < 200; ++i) {
        const double step = (normal_cdf(x) - p) / (std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI));
        x -= step;
        if (std::abs(step) < 1e-15 * std::max(1.0, std::abs(x))) break;
    }
    return x;
}

// R's quantile type 1 (the inverse of the empirical distribution) of sorted values.
double quantile_type1(const std::vector<double>& sorted, double p) {
    const double np = static_cast<double>(sorted.size()) * p;
    auto k =
        static_cast<std::size_t>(std::ceil(np - 4 * std::numeric_limits<double>::epsilon() * np));
    k = std::clamp<std::size_t>(k, 1, sorted.size());
    return sorted[k - 1];
}

} // namespace

struct AttGt::State {
    Options options;
    std::vector<std::int64_t> periods;
    std::size_t n = 0, T = 0, W = 0; // units, periods, form width (T + 1)
    std::size_t clusters = 0;
    std::vector<std::int64_t> cohorts; // treated, ascending
    std::vector<std::size_t> cohort_size;
    // Groups: cohort (0 never), observed periods, size, means, centred cross-products (T*T).
    std::vector<std::int64_t> g_cohort;
    std::vector<std::uint64_t> g_mask;
    std::vector<double> g_n, g_mean, g_cross;
    bool by_cluster = false;
    // (cluster, group) pairs when clustered by a column: their start per cluster, group, count,
    // and summed centred outcomes.
    std::vector<std::size_t> pair_start, pair_group;
    std::vector<double> pair_n, pair_z;
    // Bootstrap: A then V for draw r and group k at (r * groups + k) * W.
    std::size_t B = 0;
    std::vector<double> boot;
    std::vector<Cell> cells;
    std::vector<std::vector<double>> forms; // per cell: groups * W (coefficients, then level)
    double crit = 0;

    std::size_t groups() const { return g_cohort.size(); }

    // The levels L_k of a form (coefficients a_k and constant c_k as stored).
    std::vector<double> levels(const std::vector<double>& f) const {
        std::vector<double> L(groups());
        for (std::size_t k = 0; k < groups(); ++k) {
            const double* a = &f[k * W];
            double v = a[T];
            for (std::size_t s = 0; s < T; ++s) v += a[s] * g_mean[k * T + s];
            L[k] = v;
        }
        return L;
    }

    double covariance(const std::vector<double>& f, const std::vector<double>& h) const {
        const auto Lf = levels(f), Lh = levels(h);
        double total = 0;
        if (!by_cluster) {
            for (std::size_t k = 0; k < groups(); ++k) {
                const double* a = &f[k * W];
                const double* b = &h[k * W];
                const double* M = &g_cross[k * T * T];
                double q = 0;
                for (std::size_t s = 0; s < T; ++s) {
                    if (a[s] == 0) continue;
                    double row = 0;
                    for (std::size_t u = 0; u < T; ++u) row += M[s * T + u] * b[u];
                    q += a[s] * row;
                }
                total += q + g_n[k] * Lf[k] * Lh[k];
            }
        } else {
            for (std::size_t c = 0; c + 1 < pair_start.size(); ++c) {
                double sf = 0, sh = 0;
                for (std::size_t p = pair_start[c]; p < pair_start[c + 1]; ++p) {
                    const std::size_t k = pair_group[p];
                    const double* z = &pair_z[p * T];
                    double df = pair_n[p] * Lf[k], dh = pair_n[p] * Lh[k];
                    for (std::size_t s = 0; s < T; ++s) {
                        df += f[k * W + s] * z[s];
                        dh += h[k * W + s] * z[s];
                    }
                    sf += df;
                    sh += dh;
                }
                total += sf * sh;
            }
        }
        return total / (static_cast<double>(n) * static_cast<double>(n));
    }

    std::vector<double> draws(const std::vector<double>& f) const {
        std::vector<double> out(B);
        const auto L = levels(f);
        const std::size_t G = groups();
        for (std::size_t r = 0; r < B; ++r) {
            double v = 0;
            for (std::size_t k = 0; k < G; ++k) {
                const double* A = &boot[(r * G + k) * W];
                const double* a = &f[k * W];
                double d = L[k] * A[T];
                for (std::size_t s = 0; s < T; ++s) d += a[s] * A[s];
                v += d;
            }
            out[r] = v / static_cast<double>(n);
        }
        return out;
    }

    // Fills the estimates of a family from their forms; returns the critical value of its band.
    double fill(std::vector<Estimate*> est,
                const std::vector<const std::vector<double>*>& f) const {
        const double z = normal_quantile(1 - options.alpha / 2);
        std::vector<std::vector<double>> t(est.size());
        for (std::size_t j = 0; j < est.size(); ++j) {
            Estimate& e = *est[j];
            e.se = std::sqrt(std::max(0.0, covariance(*f[j], *f[j])));
            e.ci_low = e.estimate - z * e.se;
            e.ci_high = e.estimate + z * e.se;
            if (B == 0) {
                e.se_boot = e.band_low = e.band_high = std::numeric_limits<double>::quiet_NaN();
                continue;
            }
            t[j] = draws(*f[j]);
            auto sorted = t[j];
            std::sort(sorted.begin(), sorted.end());
            e.se_boot = (quantile_type1(sorted, 0.75) - quantile_type1(sorted, 0.25)) /
                        (2 * normal_quantile(0.75));
        }
        if (B == 0) return std::numeric_limits<double>::quiet_NaN();
        std::vector<double> maxima(B, 0.0);
        for (std::size_t j = 0; j < est.size(); ++j) {
            if (!(est[j]->se_boot > 0)) continue;
            for (std::size_t r = 0; r < B; ++r)
                maxima[r] = std::max(maxima[r], std::abs(t[j][r]) / est[j]->se_boot);
        }
        std::sort(maxima.begin(), maxima.end());
        const double q = quantile_type1(maxima, 1 - options.alpha);
        for (Estimate* e : est) {
            e->band_low = e->estimate - q * e->se_boot;
            e->band_high = e->estimate + q * e->se_boot;
        }
        return q;
    }

    double share(std::int64_t cohort) const {
        const auto it = std::lower_bound(cohorts.begin(), cohorts.end(), cohort);
        return static_cast<double>(cohort_size[static_cast<std::size_t>(it - cohorts.begin())]) /
               static_cast<double>(n);
    }

    // sum_k w_k form_k plus the weights' term over the cells `K` (weights p_g / P), with the
    // aggregate sum_k w_k att_k in `estimate`; `fixed` leaves the weights' term out and uses
    // equal weights (a cohort's own mean).
    std::vector<double> combine(const std::vector<std::size_t>& K, bool fixed,
                                double& estimate) const {
        std::vector<double> f(groups() * W, 0.0);
        std::vector<double> p(K.size());
        double P = 0;
        for (std::size_t j = 0; j < K.size(); ++j) P += p[j] = share(cells[K[j]].cohort);
        estimate = 0;
        for (std::size_t j = 0; j < K.size(); ++j) {
            const double w = fixed ? 1.0 / static_cast<double>(K.size()) : p[j] / P;
            estimate += w * cells[K[j]].att.estimate;
            const auto& fk = forms[K[j]];
            for (std::size_t x = 0; x < f.size(); ++x) f[x] += w * fk[x];
        }
        if (!fixed) {
            std::vector<std::int64_t> g(K.size());
            std::vector<double> att(K.size());
            for (std::size_t j = 0; j < K.size(); ++j) {
                g[j] = cells[K[j]].cohort;
                att[j] = cells[K[j]].att.estimate;
            }
            add_weight_term(f, g, p, att);
        }
        return f;
    }

    // The term of estimating the weights p_j / P of estimates att_j of cohorts g_j, per group.
    void add_weight_term(std::vector<double>& f, const std::vector<std::int64_t>& g,
                         const std::vector<double>& p, const std::vector<double>& att) const {
        double P = 0;
        for (double x : p) P += x;
        for (std::size_t k = 0; k < groups(); ++k) {
            double sum_dev = 0;
            for (std::size_t j = 0; j < g.size(); ++j)
                sum_dev += (g_cohort[k] == g[j] ? 1.0 : 0.0) - p[j];
            double term = 0;
            for (std::size_t j = 0; j < g.size(); ++j) {
                const double ind = g_cohort[k] == g[j] ? 1.0 : 0.0;
                term += att[j] * ((ind - p[j]) / P - p[j] * sum_dev / (P * P));
            }
            f[k * W + T] += term;
        }
    }
};

AttGt::AttGt(std::unique_ptr<State> s) : s_(std::move(s)) {}
AttGt::AttGt(AttGt&&) noexcept = default;
AttGt& AttGt::operator=(AttGt&&) noexcept = default;
AttGt::~AttGt() = default;
const std::vector<Cell>& AttGt::cells() const noexcept {
    return s_->cells;
}
double AttGt::critical_value() const noexcept {
    return s_->crit;
}
const Options& AttGt::options() const noexcept {
    return s_->options;
}
std::size_t AttGt::units() const noexcept {
    return s_->n;
}
std::size_t AttGt::clusters() const noexcept {
    return s_->clusters;
}
std::vector<std::int64_t> AttGt::periods() const {
    return s_->periods;
}
std::vector<std::int64_t> AttGt::cohorts() const {
    return s_->cohorts;
}
std::vector<std::size_t> AttGt::cohort_sizes() const {
    return s_->cohort_size;
}

AggregateResult AttGt::aggregate(Aggregation kind, std::optional<int> balance_e) const {
    const State& s = *s_;
    OKOCE_REQUIRE(!balance_e || kind == Aggregation::dynamic, "aggregate", "balance_e",
                  std::to_string(*balance_e), "None unless the aggregation is dynamic");
    OKOCE_REQUIRE(!balance_e || *balance_e >= 0, "aggregate", "balance_e",
                  std::to_string(*balance_e), "0 or more");
    AggregateResult out;
    out.kind = kind;
    out.balance_e = balance_e;
    std::vector<std::vector<double>> forms;
    std::vector<std::size_t> post;
    for (std::size_t k = 0; k < s.cells.size(); ++k)
        if (s.cells[k].post) post.push_back(k);
    const double z = normal_quantile(1 - s.options.alpha / 2);
    std::vector<double> overall_form;

    if (kind == Aggregation::simple) {
        overall_form = s.combine(post, false, out.overall.estimate);
    } else if (kind == Aggregation::dynamic) {
        const std::int64_t t_max = s.periods.back(), t_min = s.periods.front();
        std::map<std::int64_t, std::vector<std::size_t>> by_e;
        for (std::size_t k = 0; k < s.cells.size(); ++k) {
            const Cell& c = s.cells[k];
            if (balance_e && t_max - c.cohort < *balance_e) continue;
            by_e[c.period - c.cohort].push_back(k);
        }
        for (auto& [e, K] : by_e) {
            if (balance_e && (e > *balance_e || e < *balance_e - (t_max - t_min))) continue;
            AggregateRow row;
            row.key = e;
            forms.push_back(s.combine(K, false, row.att.estimate));
            out.rows.push_back(row);
        }
    } else if (kind == Aggregation::group) {
        std::vector<double> att_g, p;
        for (std::int64_t g : s.cohorts) {
            std::vector<std::size_t> K;
            for (std::size_t k : post)
                if (s.cells[k].cohort == g) K.push_back(k);
            if (K.empty()) continue;
            AggregateRow row;
            row.key = g;
            forms.push_back(s.combine(K, true, row.att.estimate));
            out.rows.push_back(row);
            att_g.push_back(row.att.estimate);
            p.push_back(s.share(g));
        }
        double P = 0;
        for (double x : p) P += x;
        overall_form.assign(s.groups() * s.W, 0.0);
        std::vector<std::int64_t> keys;
        for (std::size_t j = 0; j < out.rows.size(); ++j) {
            out.overall.estimate += p[j] / P * att_g[j];
            for (std::size_t x = 0; x < overall_form.size(); ++x)
                overall_form[x] += p[j] / P * forms[j][x];
            keys.push_back(out.rows[j].key);
        }
        s.add_weight_term(overall_form, keys, p, att_g);
    } else {
        const std::int64_t first = s.cohorts.front();
        for (std::int64_t t : s.periods) {
            if (t < first) continue;
            std::vector<std::size_t> K;
            for (std::size_t k : post)
                if (s.cells[k].period == t) K.push_back(k);
            if (K.empty()) continue;
            AggregateRow row;
            row.key = t;
            forms.push_back(s.combine(K, false, row.att.estimate));
            out.rows.push_back(row);
        }
    }
    if (kind == Aggregation::dynamic || kind == Aggregation::calendar) {
        overall_form.assign(s.groups() * s.W, 0.0);
        std::size_t used = 0;
        for (std::size_t j = 0; j < out.rows.size(); ++j)
            if (kind == Aggregation::calendar || out.rows[j].key >= 0) ++used;
        OKOCE_REQUIRE(used > 0, "aggregate", "balance_e",
                      balance_e ? std::to_string(*balance_e) : "None",
                      "a value leaving some post-treatment event time");
        for (std::size_t j = 0; j < out.rows.size(); ++j) {
            if (kind == Aggregation::dynamic && out.rows[j].key < 0) continue;
            const double w = 1.0 / static_cast<double>(used);
            out.overall.estimate += w * out.rows[j].att.estimate;
            for (std::size_t x = 0; x < overall_form.size(); ++x)
                overall_form[x] += w * forms[j][x];
        }
    }
    std::vector<Estimate*> est;
    std::vector<const std::vector<double>*> f;
    for (std::size_t j = 0; j < out.rows.size(); ++j) {
        est.push_back(&out.rows[j].att);
        f.push_back(&forms[j]);
    }
    out.critical_value = est.empty() ? std::numeric_limits<double>::quiet_NaN() : s.fill(est, f);
    s.fill({&out.overall}, {&overall_form});
    if (s.B > 0) { // the overall estimate's band is pointwise
        out.overall.band_low = out.overall.estimate - z * out.overall.se_boot;
        out.overall.band_high = out.overall.estimate + z * out.overall.se_boot;
    }
    return out;
}

PreTest AttGt::pretest() const {
    const State& s = *s_;
    std::vector<std::size_t> pre;
    for (std::size_t k = 0; k < s.cells.size(); ++k)
        if (!s.cells[k].post && s.cells[k].att.se > 0) pre.push_back(k);
    PreTest out;
    out.df = pre.size();
    if (pre.empty()) {
        out.statistic = out.p_value = std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    const std::size_t m = pre.size();
    std::vector<double> V(m * m), a(m);
    for (std::size_t i = 0; i < m; ++i) {
        a[i] = s.cells[pre[i]].att.estimate;
        for (std::size_t j = 0; j <= i; ++j)
            V[i * m + j] = V[j * m + i] = s.covariance(s.forms[pre[i]], s.forms[pre[j]]);
    }
    // Solve V x = a by elimination with partial pivoting; W = a'x.
    std::vector<double> x = a;
    for (std::size_t c = 0; c < m; ++c) {
        std::size_t piv = c;
        for (std::size_t r = c + 1; r < m; ++r)
            if (std::abs(V[r * m + c]) > std::abs(V[piv * m + c])) piv = r;
        if (!(std::abs(V[piv * m + c]) > 0)) {
            out.statistic = out.p_value = std::numeric_limits<double>::quiet_NaN();
            return out;
        }
        if (piv != c) {
            for (std::size_t u = 0; u < m; ++u) std::swap(V[c * m + u], V[piv * m + u]);
            std::swap(x[c], x[piv]);
        }
        for (std::size_t r = c + 1; r < m; ++r) {
            const double q = V[r * m + c] / V[c * m + c];
            for (std::size_t u = c; u < m; ++u) V[r * m + u] -= q * V[c * m + u];
            x[r] -= q * x[c];
        }
    }
    for (std::size_t c = m; c-- > 0;) {
        double v = x[c];
        for (std::size_t u = c + 1; u < m; ++u) v -= V[c * m + u] * x[u];
        x[c] = v / V[c * m + c];
    }
    double W = 0;
    for (std::size_t i = 0; i < m; ++i) W += a[i] * x[i];
    out.statistic = W;
    out.p_value = chi_square_sf(W, static_cast<double>(m));
    return out;
}

double chi_square_sf(double x, double df) {
    OKOCE_REQUIRE(df > 0, "chi_square_sf", "df", number_text(df), "a positive number");
    if (std::isnan(x)) return x;
    if (x <= 0) return 1.0;
    // Q(a, y) = Gamma(a, y) / Gamma(a), a = df/2, y = x/2: the series of P below a + 1, the
    // continued fraction of Q above (evaluated by the modified Lentz method).
    const double a = df / 2, y = x / 2;
    const double log_front = a * std::log(y) - y - std::lgamma(a);
    if (y < a + 1) {
        double term = 1 / a, sum = term;
        for (int i = 1; i < 10000; ++i) {
            term *= y / (a + i);
            sum += term;
            if (std::abs(term) < std::abs(sum) * 1e-17) break;
        }
        return std::max(0.0, 1 - sum * std::exp(log_front));
    }
    const double tiny = 1e-300;
    double b = y + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::abs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < 1e-16) break;
    }
    return std::exp(log_front) * h;
}

AttGt att_gt(const PanelColumns& panel, const Options& options) {
    const char* fn = "att_gt";
    OKOCE_REQUIRE(options.anticipation >= 0, fn, "anticipation",
                  std::to_string(options.anticipation), "0 or more periods");
    OKOCE_REQUIRE(options.bootstrap >= 0 && options.bootstrap <= 1'000'000, fn, "bootstrap",
                  std::to_string(options.bootstrap), "0 (none) to 1,000,000 draws");
    OKOCE_REQUIRE(options.alpha > 0 && options.alpha < 1, fn, "alpha", number_text(options.alpha),
                  "a number strictly between 0 and 1");
    const std::size_t R = panel.unit.size();
    const auto same_length = [&](std::size_t m, const std::string& name) {
        OKOCE_REQUIRE(m == R, fn, name, std::to_string(m) + " rows",
                      std::to_string(R) + " rows, as the unit column");
    };
    same_length(panel.period.size(), panel.period_name);
    same_length(panel.cohort.size(), panel.cohort_name);
    same_length(panel.outcome.size(), panel.outcome_name);
    const bool clustered = !panel.cluster.empty();
    if (clustered) same_length(panel.cluster.size(), panel.cluster_name);
    OKOCE_REQUIRE(R > 0, fn, "panel", "0 rows", "at least one row");
    const auto bad = [&](std::size_t row, const std::string& column, const std::string& value,
                         const std::string& expected) {
        throw validation_error(SourceLocation{panel.table, row + 1, column}, value, expected);
    };

    auto s = std::make_unique<AttGt::State>();
    s->options = options;
    // Periods, ascending.
    std::vector<std::int64_t>& periods = s->periods;
    for (std::size_t r = 0; r < R; ++r) {
        const std::int64_t t = panel.period[r];
        if (std::find(periods.begin(), periods.end(), t) != periods.end()) continue;
        periods.push_back(t);
        if (periods.size() > max_periods)
            bad(r, panel.period_name, std::to_string(t), "at most 64 distinct periods");
    }
    std::sort(periods.begin(), periods.end());
    const std::size_t T = s->T = periods.size();
    s->W = T + 1;
    OKOCE_REQUIRE(T >= 2, fn, panel.period_name, std::to_string(T) + " distinct period",
                  "at least two periods");
    std::int64_t pmin = periods.front();
    const bool dense_periods = periods.back() - pmin < 4096;
    std::vector<std::uint8_t> period_slot;
    if (dense_periods) {
        period_slot.assign(static_cast<std::size_t>(periods.back() - pmin + 1), 0);
        for (std::size_t j = 0; j < T; ++j)
            period_slot[static_cast<std::size_t>(periods[j] - pmin)] = static_cast<std::uint8_t>(j);
    }
    const auto period_index = [&](std::int64_t t) -> std::size_t {
        if (dense_periods) return period_slot[static_cast<std::size_t>(t - pmin)];
        return static_cast<std::size_t>(std::lower_bound(periods.begin(), periods.end(), t) -
                                        periods.begin());
    };

    // Units, ascending by key.
    std::int64_t umin = panel.unit[0], umax = panel.unit[0];
    for (std::int64_t u : panel.unit) {
        umin = std::min(umin, u);
        umax = std::max(umax, u);
    }
    std::vector<std::uint32_t> unit_of(R);
    std::vector<std::int64_t> unit_key;
    const auto span_width = static_cast<std::uint64_t>(umax) - static_cast<std::uint64_t>(umin);
    if (span_width < 2 * static_cast<std::uint64_t>(R) + 1024) {
        std::vector<std::uint32_t> slot(span_width + 1, 0);
        for (std::int64_t u : panel.unit)
            slot[static_cast<std::uint64_t>(u) - static_cast<std::uint64_t>(umin)] = 1;
        std::uint32_t next = 0;
        for (std::size_t j = 0; j < slot.size(); ++j)
            if (slot[j]) {
                unit_key.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(umin) + j));
                slot[j] = next++;
            }
        for (std::size_t r = 0; r < R; ++r)
            unit_of[r] =
                slot[static_cast<std::uint64_t>(panel.unit[r]) - static_cast<std::uint64_t>(umin)];
    } else {
        unit_key.assign(panel.unit.begin(), panel.unit.end());
        std::sort(unit_key.begin(), unit_key.end());
        unit_key.erase(std::unique(unit_key.begin(), unit_key.end()), unit_key.end());
        for (std::size_t r = 0; r < R; ++r)
            unit_of[r] = static_cast<std::uint32_t>(
                std::lower_bound(unit_key.begin(), unit_key.end(), panel.unit[r]) -
                unit_key.begin());
    }
    const std::size_t n = s->n = unit_key.size();
    OKOCE_REQUIRE(n < (1ULL << 32), fn, panel.unit_name, std::to_string(n) + " units",
                  "fewer than 2^32 units");

    // Per unit: cohort, cluster, observed periods, outcomes.
    constexpr std::int64_t unset = std::numeric_limits<std::int64_t>::min();
    std::vector<std::int64_t> cohort(n, unset), cluster(clustered ? n : 0, unset);
    std::vector<std::uint64_t> mask(n, 0);
    std::vector<double> Y(n * T, 0.0);
    for (std::size_t r = 0; r < R; ++r) {
        const std::size_t u = unit_of[r];
        const std::size_t j = period_index(panel.period[r]);
        if (mask[u] >> j & 1)
            bad(r, panel.period_name, std::to_string(panel.period[r]),
                "one row per unit and period (unit " + std::to_string(unit_key[u]) +
                    " has this period twice)");
        mask[u] |= 1ULL << j;
        const std::int64_t g = panel.cohort[r];
        if (cohort[u] == unset)
            cohort[u] = g;
        else if (cohort[u] != g)
            bad(r, panel.cohort_name, std::to_string(g),
                "the same first-treated period on every row of a unit (unit " +
                    std::to_string(unit_key[u]) + " has " + std::to_string(cohort[u]) +
                    " on an earlier row: treated twice?)");
        if (clustered) {
            if (cluster[u] == unset)
                cluster[u] = panel.cluster[r];
            else if (cluster[u] != panel.cluster[r])
                bad(r, panel.cluster_name, std::to_string(panel.cluster[r]),
                    "the same cluster on every row of a unit (unit " + std::to_string(unit_key[u]) +
                        " has " + std::to_string(cluster[u]) + " on an earlier row)");
        }
        const double y = panel.outcome[r];
        if (!std::isfinite(y)) bad(r, panel.outcome_name, number_text(y), "a finite number");
        Y[u * T + j] = y;
    }
    // Cohorts: 0 or a period of the panel, with a period before g - anticipation.
    for (std::size_t r = 0; r < R; ++r) {
        const std::int64_t g = panel.cohort[r];
        if (g == 0) continue;
        if (!std::binary_search(periods.begin(), periods.end(), g))
            bad(r, panel.cohort_name, std::to_string(g),
                "0 (never treated) or one of the panel's periods (" +
                    std::to_string(periods.front()) + " to " + std::to_string(periods.back()) +
                    ")");
        if (!(periods.front() + options.anticipation < g))
            bad(r, panel.cohort_name, std::to_string(g),
                "a cohort with a period before it (less anticipation): treated from the first "
                "period on, it has no pre-treatment period to compare");
        if (std::find(s->cohorts.begin(), s->cohorts.end(), g) == s->cohorts.end())
            s->cohorts.push_back(g);
    }
    std::sort(s->cohorts.begin(), s->cohorts.end());
    OKOCE_REQUIRE(!s->cohorts.empty(), fn, panel.cohort_name, "0 on every row",
                  "some treated units");
    s->cohort_size.assign(s->cohorts.size(), 0);
    for (std::size_t u = 0; u < n; ++u)
        if (cohort[u] != 0)
            ++s->cohort_size[static_cast<std::size_t>(
                std::lower_bound(s->cohorts.begin(), s->cohorts.end(), cohort[u]) -
                s->cohorts.begin())];

    // Groups.
    std::map<std::pair<std::int64_t, std::uint64_t>, std::uint32_t> group_of;
    std::vector<std::uint32_t> grp(n);
    for (std::size_t u = 0; u < n; ++u) {
        auto [it, added] = group_of.try_emplace({cohort[u], mask[u]}, 0);
        if (added) {
            it->second = static_cast<std::uint32_t>(s->g_cohort.size());
            s->g_cohort.push_back(cohort[u]);
            s->g_mask.push_back(mask[u]);
        }
        grp[u] = it->second;
    }
    const std::size_t G = s->groups();
    s->g_n.assign(G, 0);
    s->g_mean.assign(G * T, 0);
    for (std::size_t u = 0; u < n; ++u) {
        s->g_n[grp[u]] += 1;
        for (std::size_t j = 0; j < T; ++j) s->g_mean[grp[u] * T + j] += Y[u * T + j];
    }
    for (std::size_t k = 0; k < G; ++k)
        for (std::size_t j = 0; j < T; ++j) s->g_mean[k * T + j] /= s->g_n[k];
    for (std::size_t u = 0; u < n; ++u)
        for (std::size_t j = 0; j < T; ++j)
            Y[u * T + j] = mask[u] >> j & 1 ? Y[u * T + j] - s->g_mean[grp[u] * T + j] : 0.0;

    s->by_cluster = clustered;
    if (!clustered) {
        s->clusters = n;
        s->g_cross.assign(G * T * T, 0);
        for (std::size_t u = 0; u < n; ++u) {
            double* M = &s->g_cross[grp[u] * T * T];
            const double* y = &Y[u * T];
            for (std::size_t a = 0; a < T; ++a)
                for (std::size_t b = a; b < T; ++b) M[a * T + b] += y[a] * y[b];
        }
        for (std::size_t k = 0; k < G; ++k)
            for (std::size_t a = 0; a < T; ++a)
                for (std::size_t b = 0; b < a; ++b)
                    s->g_cross[k * T * T + a * T + b] = s->g_cross[k * T * T + b * T + a];
    } else {
        std::vector<std::uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            return std::pair(cluster[x], grp[x]) < std::pair(cluster[y], grp[y]);
        });
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t u = order[i];
            const bool new_cluster = i == 0 || cluster[order[i - 1]] != cluster[u];
            if (new_cluster) s->pair_start.push_back(s->pair_group.size());
            if (new_cluster || grp[order[i - 1]] != grp[u]) {
                s->pair_group.push_back(grp[u]);
                s->pair_n.push_back(0);
                s->pair_z.resize(s->pair_z.size() + T, 0.0);
            }
            s->pair_n.back() += 1;
            double* z = &s->pair_z[s->pair_z.size() - T];
            for (std::size_t j = 0; j < T; ++j) z[j] += Y[u * T + j];
        }
        s->clusters = s->pair_start.size();
        s->pair_start.push_back(s->pair_group.size());
    }

    // Cells.
    const auto has = [&](std::size_t k, std::size_t j) { return (s->g_mask[k] >> j & 1) != 0; };
    const double nd = static_cast<double>(n);
    for (std::int64_t g : s->cohorts) {
        std::size_t bg = 0; // last period p with p + anticipation < g
        for (std::size_t j = 0; j < T; ++j)
            if (periods[j] + options.anticipation < g) bg = j;
        const std::size_t first = options.base_period == BasePeriod::varying ? 1 : 0;
        for (std::size_t t = first; t < T; ++t) {
            const bool post = periods[t] >= g;
            const std::size_t b = post || options.base_period == BasePeriod::universal ? bg : t - 1;
            const std::int64_t later = std::max(periods[t], periods[b]) + options.anticipation;
            double Ng = 0, Nc = 0, mg = 0, mc = 0;
            std::vector<int> role(G, 0);
            for (std::size_t k = 0; k < G; ++k) {
                if (!has(k, t) || !has(k, b)) continue;
                const std::int64_t c = s->g_cohort[k];
                const double change = s->g_mean[k * T + t] - s->g_mean[k * T + b];
                if (c == g) {
                    role[k] = 1;
                    Ng += s->g_n[k];
                    mg += s->g_n[k] * change;
                } else if (c == 0 || (options.control == Control::not_yet && c > later)) {
                    role[k] = -1;
                    Nc += s->g_n[k];
                    mc += s->g_n[k] * change;
                }
            }
            const std::string where = "cohort " + std::to_string(g) + ", period " +
                                      std::to_string(periods[t]) + " (base " +
                                      std::to_string(periods[b]) + ")";
            OKOCE_REQUIRE(
                Ng > 0, fn, panel.cohort_name, where,
                "some unit of the cohort observed in both the base period and the period");
            OKOCE_REQUIRE(
                Nc > 0, fn, "control", std::string(to_string(options.control)) + " at " + where,
                options.control == Control::never
                    ? "never-treated units observed in both periods (none: try control=\"not_yet\")"
                    : "never-treated or not-yet-treated units observed in both periods (none: "
                      "no control units for this cohort)");
            mg /= Ng;
            mc /= Nc;
            std::vector<double> f(G * s->W, 0.0);
            for (std::size_t k = 0; k < G; ++k) {
                if (role[k] == 0) continue;
                const double w = role[k] > 0 ? nd / Ng : -nd / Nc;
                double* a = &f[k * s->W];
                a[t] += w;
                a[b] -= w;
                a[T] -= w * (role[k] > 0 ? mg : mc);
            }
            Cell cell;
            cell.cohort = g;
            cell.period = periods[t];
            cell.base = periods[b];
            cell.post = post;
            cell.treated = static_cast<std::size_t>(Ng);
            cell.controls = static_cast<std::size_t>(Nc);
            cell.att.estimate = t == b ? 0.0 : mg - mc;
            s->cells.push_back(cell);
            s->forms.push_back(std::move(f));
        }
    }

    // The bootstrap's pass over the units, in (group, key) order, draws split over threads by
    // blocks of 64 (each draw's sums are made in the same order whatever the threads).
    const std::size_t B = s->B = static_cast<std::size_t>(options.bootstrap);
    if (B > 0) {
        const std::size_t W = s->W;
        s->boot.assign(B * G * W, 0.0);
        std::vector<std::uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0u);
        const auto key_of = [&](std::uint32_t u) { return clustered ? cluster[u] : unit_key[u]; };
        std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            return std::pair(grp[x], key_of(x)) < std::pair(grp[y], key_of(y));
        });
        const std::uint64_t seeded = mix(options.seed);
        const std::size_t blocks = (B + 63) / 64;
        unsigned threads =
            options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
        if (n * B < 2'000'000) threads = 1;
        threads = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
        const auto work = [&](std::size_t block_begin, std::size_t block_end) {
            std::vector<double> table(256 * W);
            std::uint64_t words[8];
            std::size_t i = 0;
            while (i < n) {
                const std::uint32_t k = grp[order[i]];
                std::size_t m = 0;
                while (m < 8 && i + m < n && grp[order[i + m]] == k) ++m;
                std::fill(table.begin(), table.begin() + static_cast<std::ptrdiff_t>(W), 0.0);
                for (std::size_t sub = 1; sub < (1u << m); ++sub) {
                    const std::size_t low = static_cast<std::size_t>(std::countr_zero(sub));
                    const double* from = &table[(sub & (sub - 1)) * W];
                    const double* y = &Y[order[i + low] * T];
                    double* to = &table[sub * W];
                    for (std::size_t j = 0; j < T; ++j) to[j] = from[j] + y[j];
                    to[T] = from[T] + 1;
                }
                for (std::size_t blk = block_begin; blk < block_end; ++blk) {
                    for (std::size_t u = 0; u < m; ++u)
                        words[u] = sign_word(seeded, key_of(order[i + u]), blk);
                    const std::size_t rend = std::min<std::size_t>(64, B - blk * 64);
                    for (std::size_t j = 0; j < rend; ++j) {
                        unsigned byte = 0;
                        for (std::size_t u = 0; u < m; ++u)
                            byte |= static_cast<unsigned>((words[u] >> j) & 1) << u;
                        const double* add = &table[byte * W];
                        double* acc = &s->boot[((blk * 64 + j) * G + k) * W];
                        for (std::size_t x = 0; x < W; ++x) acc[x] += add[x];
                    }
                }
                i += m;
            }
        };
        if (threads <= 1)
            work(0, blocks);
        else {
            std::vector<std::thread> pool;
            std::vector<std::exception_ptr> failures(threads);
            for (unsigned th = 0; th < threads; ++th)
                pool.emplace_back([&, th] {
                    try {
                        work(blocks * th / threads, blocks * (th + 1) / threads);
                    } catch (...) {
                        failures[th] = std::current_exception();
                    }
                });
            for (auto& t : pool) t.join();
            for (auto& f : failures)
                if (f) std::rethrow_exception(f);
        }
        // sum_i v_i y_i = 2 (sum over v_i = +1) - sum_i y_i, likewise for the count.
        std::vector<double> total(G * W, 0.0);
        for (std::size_t u = 0; u < n; ++u) {
            for (std::size_t j = 0; j < T; ++j) total[grp[u] * W + j] += Y[u * T + j];
            total[grp[u] * W + T] += 1;
        }
        for (std::size_t r = 0; r < B; ++r)
            for (std::size_t k = 0; k < G; ++k)
                for (std::size_t x = 0; x < W; ++x) {
                    double& v = s->boot[(r * G + k) * W + x];
                    v = 2 * v - total[k * W + x];
                }
    }

    std::vector<Estimate*> est;
    std::vector<const std::vector<double>*> f;
    for (std::size_t k = 0; k < s->cells.size(); ++k) {
        est.push_back(&s->cells[k].att);
        f.push_back(&s->forms[k]);
    }
    s->crit = s->fill(est, f);
    return AttGt(std::move(s));
}

} // namespace okoce::impact
