// Callaway & Sant'Anna ATT(g,t) (okoce/impact.hpp) as okoce._core._att_gt; okoce.impact wraps
// it in okoce.att_gt, which turns a DataFrame into the columns and the results into DataFrames.
// Every number is computed here; Python only arranges them.
#include "casters.hpp"
#include "columns.hpp"
#include "register.hpp"

#include "okoce/error.hpp"
#include "okoce/impact.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>

namespace okoce::python {

namespace {

using I64 = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

template <class T, class A>
std::span<const T> view(const A& a) {
    return {a.data(), static_cast<std::size_t>(a.size())};
}

py::dict estimates(const std::vector<const impact::Estimate*>& e) {
    const std::size_t n = e.size();
    std::vector<double> v[7];
    for (auto& x : v) x.reserve(n);
    for (const auto* x : e) {
        v[0].push_back(x->estimate);
        v[1].push_back(x->se);
        v[2].push_back(x->ci_low);
        v[3].push_back(x->ci_high);
        v[4].push_back(x->se_boot);
        v[5].push_back(x->band_low);
        v[6].push_back(x->band_high);
    }
    py::dict d;
    const char* names[] = {"att", "se", "ci_low", "ci_high", "se_boot", "band_low", "band_high"};
    for (int j = 0; j < 7; ++j) d[names[j]] = numbers(std::move(v[j]));
    return d;
}

} // namespace

void register_impact(py::module_& m) {
    py::class_<impact::AttGt>(
        m, "AttGt", R"(Callaway & Sant'Anna ATT(g,t) as computed in C++; use okoce.att_gt.)")
        .def("_cells",
             [](const impact::AttGt& r) {
                 std::vector<std::int64_t> g, t, b, e;
                 std::vector<std::uint8_t> post;
                 std::vector<std::int64_t> nt, nc;
                 std::vector<const impact::Estimate*> est;
                 for (const auto& c : r.cells()) {
                     g.push_back(c.cohort);
                     t.push_back(c.period);
                     b.push_back(c.base);
                     e.push_back(c.period - c.cohort);
                     post.push_back(c.post);
                     nt.push_back(static_cast<std::int64_t>(c.treated));
                     nc.push_back(static_cast<std::int64_t>(c.controls));
                     est.push_back(&c.att);
                 }
                 py::dict d;
                 d["cohort"] = numbers(std::move(g));
                 d["period"] = numbers(std::move(t));
                 d["base_period"] = numbers(std::move(b));
                 d["event_time"] = numbers(std::move(e));
                 d["post"] = numbers(std::move(post));
                 d["treated"] = numbers(std::move(nt));
                 d["controls"] = numbers(std::move(nc));
                 d["estimates"] = estimates(est);
                 return d;
             })
        .def_property_readonly("critical_value", &impact::AttGt::critical_value)
        .def_property_readonly("units", &impact::AttGt::units)
        .def_property_readonly("clusters", &impact::AttGt::clusters)
        .def_property_readonly("periods", &impact::AttGt::periods)
        .def_property_readonly("cohorts", &impact::AttGt::cohorts)
        .def_property_readonly("cohort_sizes", &impact::AttGt::cohort_sizes)
        .def("_pretest",
             [](const impact::AttGt& r) {
                 const auto p = r.pretest();
                 return py::make_tuple(p.statistic, p.df, p.p_value);
             })
        .def(
            "_aggregate",
            [](const impact::AttGt& r, const std::string& kind, std::optional<int> balance_e) {
                const auto k = impact::try_parse_aggregation(kind);
                if (!k)
                    throw okoce::argument_error(
                        "aggregate", "kind", kind,
                        "\"simple\", \"dynamic\", \"group\" or \"calendar\"");
                impact::AggregateResult a;
                {
                    py::gil_scoped_release release;
                    a = r.aggregate(*k, balance_e);
                }
                std::vector<std::int64_t> keys;
                std::vector<const impact::Estimate*> est;
                for (const auto& row : a.rows) {
                    keys.push_back(row.key);
                    est.push_back(&row.att);
                }
                py::dict d;
                d["key"] = numbers(std::move(keys));
                d["estimates"] = estimates(est);
                d["overall"] = estimates({&a.overall});
                d["critical_value"] = a.critical_value;
                return d;
            },
            py::arg("kind"), py::arg("balance_e") = py::none());

    m.def(
        "_att_gt",
        [](I64 unit, I64 period, I64 cohort, F64 outcome, std::optional<I64> cluster,
           std::vector<std::string> names, const std::string& control,
           const std::string& base_period, int anticipation, int bootstrap, double alpha,
           std::uint64_t seed) {
            impact::PanelColumns c;
            c.unit = view<std::int64_t>(unit);
            c.period = view<std::int64_t>(period);
            c.cohort = view<std::int64_t>(cohort);
            c.outcome = view<double>(outcome);
            if (cluster) c.cluster = view<std::int64_t>(*cluster);
            if (names.size() == 6) {
                c.table = names[0];
                c.unit_name = names[1];
                c.period_name = names[2];
                c.cohort_name = names[3];
                c.outcome_name = names[4];
                c.cluster_name = names[5];
            }
            impact::Options o;
            const auto ctl = impact::try_parse_control(control);
            if (!ctl)
                throw okoce::argument_error("att_gt", "control", control,
                                            "\"never\" or \"not_yet\"");
            const auto bp = impact::try_parse_base_period(base_period);
            if (!bp)
                throw okoce::argument_error("att_gt", "base_period", base_period,
                                            "\"varying\" or \"universal\"");
            o.control = *ctl;
            o.base_period = *bp;
            o.anticipation = anticipation;
            o.bootstrap = bootstrap;
            o.alpha = alpha;
            o.seed = seed;
            py::gil_scoped_release release;
            return impact::att_gt(c, o);
        },
        py::arg("unit"), py::arg("period"), py::arg("cohort"), py::arg("outcome"),
        py::arg("cluster"), py::arg("names"), py::arg("control"), py::arg("base_period"),
        py::arg("anticipation"), py::arg("bootstrap"), py::arg("alpha"), py::arg("seed"));

    m.def(
        "_raise_validation_error",
        [](const std::string& table, std::size_t line, const std::string& column,
           const std::string& value, const std::string& expected) {
            throw validation_error(SourceLocation{table, line, column}, value, expected);
        },
        py::arg("table"), py::arg("line"), py::arg("column"), py::arg("value"),
        py::arg("expected"));
    m.def("_chi_square_sf", &impact::chi_square_sf, py::arg("x"), py::arg("df"));
}

} // namespace okoce::python
