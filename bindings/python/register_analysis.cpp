// The programme analytics (phases, funnel, cohorts, monitoring, time to a milestone, targets)
// seen from Python. Each function leaves as a dict of plain columns (numpy arrays and lists of
// str) that okoce/analysis.py turns into DataFrames; the C++ work runs without the GIL, and
// options given as text (policy, grouping, milestone) are checked here so a typo is a ValueError.
#include "casters.hpp"
#include "columns.hpp"
#include "register.hpp"
#include "results.hpp"

#include "okoce/cohort.hpp"
#include "okoce/funnel.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/monitoring.hpp"
#include "okoce/outcomes.hpp"
#include "okoce/partial.hpp"
#include "okoce/partition.hpp"
#include "okoce/phase_analysis.hpp"
#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"

#include <pybind11/numpy.h>

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace okoce::python {

namespace {

py::array_t<bool> flags(const std::vector<std::uint8_t>& v) {
    auto a = fresh_array<bool>(v.size());
    auto* out = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] != 0;
    return a;
}

StepPolicy parse_policy(const std::string& text) {
    return option<StepPolicy>("policy", text);
}

// None arrives as "none", a code of GroupBy's table.
GroupBy parse_by(const std::string& text) {
    return option<GroupBy>("by", text);
}

using Counting = std::optional<std::vector<std::string>>;

// The licence kinds that count (``counting=``): None for IUMK, SKU and NIB; else the kinds by
// their spellings ("IUMK", "SKU").
LicenceKinds parse_counting(const Counting& kinds) {
    if (!kinds) return default_counting;
    LicenceKinds out;
    for (const auto& text : *kinds) {
        const auto k = try_parse<LicenceKind>(text);
        if (!k)
            throw py::value_error("counting " + py::repr(py::str(text)).cast<std::string>() +
                                  ": expected a licence kind " +
                                  allowed_codes<LicenceKind>("'", " or "));
        out.insert(*k);
    }
    return out;
}

// "licensed" (with the licence rule `counting`) or a step's code exactly as in the data files
// ("P4", not "p4").
Milestone parse_milestone(const std::string& text, const std::string& policy,
                          const Counting& counting = std::nullopt) {
    if (text == to_string(Milestone::Kind::licensed))
        return Milestone::licensed(parse_counting(counting));
    if (const auto s = try_parse<Step>(text); s && to_string(*s) == text)
        return Milestone::reached(*s, parse_policy(policy));
    throw py::value_error("milestone " + py::repr(py::str(text)).cast<std::string>() +
                          ": expected '" + std::string(to_string(Milestone::Kind::licensed)) +
                          "' or a step " + allowed_codes<Step>("'", " or "));
}

// The steps of an outcome's exposure split, by their codes ("P3"); empty: no split.
StepSet parse_exposure(const std::vector<std::string>& steps) {
    StepSet out;
    for (const auto& text : steps) {
        const auto s = try_parse<Step>(text);
        if (!s || to_string(*s) != text)
            throw py::value_error("exposure " + py::repr(py::str(text)).cast<std::string>() +
                                  ": expected a step " + allowed_codes<Step>("'", " or "));
        out.insert(*s);
    }
    return out;
}

Suppression parse_suppression(std::int64_t below) {
    if (below < 0)
        throw py::value_error("suppress_below " + std::to_string(below) +
                              ": expected 0 (off) or a positive count");
    return Suppression{below};
}

// Every code of E's table, in table order (the categories of a column of E).
template <Enumerated E>
py::list all_codes() {
    py::list l;
    for (const E e : enum_values<E>) l.append(py::str(std::string(to_string(e))));
    return l;
}

// A column of small integer codes into `categories` (-1 missing), in the tagged form that
// okoce._frames.column turns into a pandas Categorical without a str object per row.
template <class Get>
py::tuple codes_column(std::size_t n, Get get, py::list categories, bool ordered) {
    using Code = decltype(get(std::size_t{0})); // wide enough for the number of categories
    auto codes = fresh_array<Code>(n);
    auto* out = codes.mutable_data();
    for (std::size_t i = 0; i < n; ++i) out[i] = get(i);
    return py::make_tuple("categorical", std::move(codes), std::move(categories), ordered);
}

py::dict phases_columns(const Programme& programme, Date as_of, const PhaseRules& rules) {
    PhaseTable t;
    {
        py::gil_scoped_release release;
        t = phases(programme, as_of, rules);
    }
    const auto n = t.size();
    py::list phase_names = all_codes<Phase>(), rule_names = all_codes<PhaseRule>(),
             step_names = all_codes<Step>(), pathway_names;
    for (unsigned bits = 0; bits < (1u << step_count); ++bits)
        pathway_names.append(
            py::str(join_codes(StepSet::from_bits(static_cast<StepSet::Bits>(bits)), ",")));
    py::dict d;
    d["id"] = reference_column(t.participant, "participants");
    d["phase"] = codes_column(
        n, [&](std::size_t i) { return static_cast<std::int16_t>(t.phase[i]); }, phase_names, true);
    d["rule"] = codes_column(
        n, [&](std::size_t i) { return static_cast<std::int16_t>(t.rule[i]); }, rule_names, false);
    d["age_months"] = numbers(std::move(t.age_months));
    d["growth"] = numbers(std::move(t.growth));
    d["licensed"] = flags(t.licensed);
    d["next_step"] = codes_column(
        n, [&](std::size_t i) { return static_cast<std::int16_t>(t.next_step[i]); }, step_names,
        true);
    d["pathway"] = codes_column(
        n, [&](std::size_t i) { return static_cast<std::int16_t>(t.pathway[i]); }, pathway_names,
        false);
    d["active"] = flags(t.active);
    return d;
}

// The history's columns; a finished partial has no per-participant matrix (0 columns).
py::dict phase_history_dict(const PhaseHistory& h) {
    py::list quarters;
    for (const Quarter q : h.quarter) quarters.append(py::str(q.to_string()));
    py::array_t<std::uint8_t> phase(std::vector<py::ssize_t>{
        static_cast<py::ssize_t>(h.quarter.size()), static_cast<py::ssize_t>(h.participants)});
    std::copy(h.phase.begin(), h.phase.end(), phase.mutable_data());
    py::dict d;
    d["quarter"] = quarters;
    d["phase"] = phase;
    d["transitions"] = to_column(h.transitions);
    d["entries"] = to_column(h.entries);
    d["exits"] = to_column(h.exits);
    return d;
}

py::dict phase_history_columns(const Programme& programme, QuarterArg from, QuarterArg to,
                               const PhaseRules& rules, std::int64_t suppress_below) {
    const Suppression s = parse_suppression(suppress_below);
    PhaseHistory h;
    {
        py::gil_scoped_release release;
        h = phase_history(programme, from.quarter, to.quarter, rules, s);
    }
    return phase_history_dict(h);
}

// The funnel's fields, and the conversion of each step from the one before it.
py::dict funnel_dict(const Funnel& f) {
    std::vector<std::array<double, step_count>> conversion;
    {
        py::gil_scoped_release release;
        conversion.resize(f.size());
        for (std::size_t r = 0; r < f.size(); ++r)
            for (const Step st : all_steps)
                conversion[r][static_cast<std::size_t>(st)] = f.conversion(r, st);
    }
    py::dict d = result_dict(f);
    d["conversion"] = to_column(conversion);
    return d;
}

py::dict cohorts_dict(const CohortTable& t) {
    py::list cohort;
    for (const Quarter q : t.cohort) cohort.append(py::str(q.to_string()));
    const auto shape = std::vector<py::ssize_t>{static_cast<py::ssize_t>(t.rows()),
                                                static_cast<py::ssize_t>(t.columns())};
    py::array_t<std::int64_t> reached(shape);
    py::array_t<double> share(shape);
    std::copy(t.reached.begin(), t.reached.end(), reached.mutable_data());
    std::copy(t.share.begin(), t.share.end(), share.mutable_data());
    py::dict d;
    d["milestone"] = py::str(t.milestone.to_string());
    d["cohort"] = cohort;
    d["size"] = numbers(t.size);
    d["reached"] = reached;
    d["share"] = share;
    return d;
}

// A per-row column of every curve, one group after another.
template <class T>
py::array_t<T> stacked(const std::vector<SurvivalCurve>& curves,
                       std::vector<T> SurvivalCurve::*column) {
    std::size_t total = 0;
    for (const auto& c : curves) total += (c.*column).size();
    auto a = fresh_array<T>(total);
    T* out = a.mutable_data();
    for (const auto& c : curves) out = std::copy((c.*column).begin(), (c.*column).end(), out);
    return a;
}

// One value per group.
template <class T, class Value>
py::array_t<T> per_group(const std::vector<SurvivalCurve>& curves, Value value) {
    auto a = fresh_array<T>(curves.size());
    for (std::size_t g = 0; g < curves.size(); ++g) a.mutable_data()[g] = value(curves[g]);
    return a;
}

// One field of every group's shares reached by the horizons, one group after another.
py::array_t<double> horizon_column(const std::vector<SurvivalCurve>& curves,
                                   double HorizonShare::*field) {
    std::vector<double> v;
    for (const auto& c : curves)
        for (const HorizonShare& h : c.reached_by) v.push_back(h.*field);
    return numbers(std::move(v));
}

// The four frames of okoce.TimeTo as flat columns over all groups, so that Python makes each
// frame once, whatever the number of groups: "group" (the labels), "rows" and "horizons" (how
// many curve and horizon rows are each group's), then the columns of "curves", "medians",
// "reached" and "restricted_mean" (medians and restricted means one row per group).
py::dict curves_table(const std::vector<SurvivalCurve>& all) {
    using C = SurvivalCurve;
    py::list group;
    for (const auto& c : all) group.append(py::str(c.group));
    py::dict curves;
    curves["time"] = stacked(all, &C::time);
    curves["at_risk"] = stacked(all, &C::at_risk);
    curves["events"] = stacked(all, &C::events);
    curves["censored"] = stacked(all, &C::censored);
    curves["survival"] = stacked(all, &C::survival);
    curves["std_err"] = stacked(all, &C::std_err);
    curves["ci_lower"] = stacked(all, &C::ci_lower);
    curves["ci_upper"] = stacked(all, &C::ci_upper);
    py::dict medians;
    medians["n"] = per_group<std::int64_t>(all, [](const C& c) { return c.n; });
    medians["n_events"] = per_group<std::int64_t>(all, [](const C& c) { return c.n_events; });
    medians["median"] = per_group<double>(all, [](const C& c) { return c.median; });
    medians["median_lower"] = per_group<double>(all, [](const C& c) { return c.median_lower; });
    medians["median_upper"] = per_group<double>(all, [](const C& c) { return c.median_upper; });
    py::dict reached;
    reached["months"] = horizon_column(all, &HorizonShare::months);
    reached["days"] = horizon_column(all, &HorizonShare::days);
    reached["share"] = horizon_column(all, &HorizonShare::share);
    reached["std_err"] = horizon_column(all, &HorizonShare::std_err);
    reached["ci_lower"] = horizon_column(all, &HorizonShare::ci_lower);
    reached["ci_upper"] = horizon_column(all, &HorizonShare::ci_upper);
    py::dict restricted;
    const auto mean_column = [&](double RestrictedMean::*field) {
        return per_group<double>(all, [&](const C& c) { return c.restricted_mean.*field; });
    };
    restricted["horizon_months"] = mean_column(&RestrictedMean::horizon_months);
    restricted["horizon_days"] = mean_column(&RestrictedMean::horizon_days);
    restricted["mean_days"] = mean_column(&RestrictedMean::mean_days);
    restricted["std_err"] = mean_column(&RestrictedMean::std_err);
    py::dict d;
    d["group"] = group;
    d["rows"] = per_group<std::int64_t>(
        all, [](const C& c) { return static_cast<std::int64_t>(c.time.size()); });
    d["horizons"] = per_group<std::int64_t>(
        all, [](const C& c) { return static_cast<std::int64_t>(c.reached_by.size()); });
    d["curves"] = curves;
    d["medians"] = medians;
    d["reached"] = reached;
    d["restricted_mean"] = restricted;
    return d;
}

py::dict kaplan_meier_columns(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& time,
    const py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>& event, double alpha,
    std::vector<double> horizons_months, double restricted_mean_months) {
    const std::span<const double> t(time.data(), static_cast<std::size_t>(time.size()));
    const std::span<const std::uint8_t> e(event.data(), static_cast<std::size_t>(event.size()));
    std::vector<SurvivalCurve> curves;
    {
        py::gil_scoped_release release;
        curves = kaplan_meier(
            t, e, {}, {},
            SurvivalOptions{alpha, 0, std::move(horizons_months), restricted_mean_months});
    }
    return curves_table(curves);
}

// The grace period arrives as a Python int; the monitoring functions check its range (an
// ArgumentError), this only keeps a value beyond int32 from wrapping into that range.
MonitoringOptions monitoring_options(std::int64_t grace_days) {
    if (grace_days < 0 || grace_days > MonitoringOptions::max_grace_days)
        throw okoce::argument_error("MonitoringOptions", "grace_days", std::to_string(grace_days),
                                    "days from 0 to " +
                                        std::to_string(MonitoringOptions::max_grace_days));
    return MonitoringOptions{static_cast<std::int32_t>(grace_days)};
}

py::dict compliance_columns(const Programme& programme, Date as_of, std::int64_t grace_days) {
    const MonitoringOptions o = monitoring_options(grace_days);
    Compliance c;
    {
        py::gil_scoped_release release;
        c = compliance(programme, as_of, o);
    }
    // Most participants miss nothing or the same few recent quarters, so each distinct list is
    // made into a str once and shared (a categorical), not once per participant.
    std::vector<std::int32_t> missing;
    detail::resize_huge(missing, c.size());
    py::list lists;
    {
        // Keyed by the quarters' indices, so that only a list not seen before is spelled out.
        std::unordered_map<std::u32string, std::int32_t> seen;
        seen.reserve(1024);
        std::u32string key;
        // About half the participants miss nothing: their code, once known, skips the hash
        // map (a string hash and a division per row were a tenth of the call at 1M rows).
        std::int32_t none_missing = -1;
        for (std::size_t r = 0; r < c.size(); ++r) {
            const bool empty = c.missing_of(r).empty();
            if (empty && none_missing >= 0) {
                missing[r] = none_missing;
                continue;
            }
            key.clear();
            for (const Quarter q : c.missing_of(r)) key += static_cast<char32_t>(q.index());
            const auto [it, added] = seen.try_emplace(key, static_cast<std::int32_t>(seen.size()));
            if (added) {
                std::string text;
                for (const Quarter q : c.missing_of(r)) {
                    if (!text.empty()) text += ',';
                    text += q.to_string();
                }
                lists.append(py::str(text));
            }
            missing[r] = it->second;
            if (empty) none_missing = it->second;
        }
    }
    py::dict d;
    d["id"] = reference_column(c.participant, "participants");
    d["expected"] = numbers(std::move(c.expected));
    d["received"] = numbers(std::move(c.received));
    d["received_on_time"] = numbers(std::move(c.received_on_time));
    d["active"] = flags(c.active);
    d["last_report"] = quarter_column(c.size(), [&](std::size_t r) { return c.last_report[r]; });
    std::vector<std::int32_t> count;
    detail::resize_huge(count, c.size());
    for (std::size_t r = 0; r < c.size(); ++r)
        count[r] = static_cast<std::int32_t>(c.missing_of(r).size());
    d["quarters_missing"] = numbers(std::move(count));
    d["missing"] = categorical(numbers(std::move(missing)), lists, false);
    return d;
}

py::dict cascade_columns(const Programme& programme, const std::string& target_id,
                         const std::string& weights, Date as_of, const py::object& population) {
    const CascadeWeights w = option<CascadeWeights>("weights", weights);
    const auto& targets = programme.targets();
    std::size_t row = targets.id.size();
    for (std::size_t r = 0; r < targets.id.size(); ++r)
        if (targets.id[r] == target_id) row = r;
    if (row == targets.id.size())
        throw py::key_error("no target with id " +
                            py::repr(py::str(target_id)).cast<std::string>());
    const Target target{targets.id[row],    targets.metric[row], targets.region[row],
                        targets.start[row], targets.end[row],    targets.value[row]};
    std::map<RegionCode, double> weights_of;
    if (!population.is_none())
        for (const auto& [k, v] : population.cast<py::dict>())
            weights_of[k.cast<RegionArg>().code] = v.cast<double>();
    if (w == CascadeWeights::population && population.is_none())
        throw py::value_error("weights='population' needs population={child code: weight}");
    std::vector<std::pair<RegionCode, std::int64_t>> parts;
    {
        py::gil_scoped_release release;
        parts = cascade(programme, target, w, as_of, population.is_none() ? nullptr : &weights_of);
    }
    py::list region;
    std::vector<std::int64_t> value;
    for (const auto& [code, v] : parts) {
        region.append(py::str(code.to_string()));
        value.push_back(v);
    }
    py::dict d;
    d["region"] = region;
    d["value"] = numbers(value);
    return d;
}

// The day each participant first reached a milestone (okoce.reached_dates): one row per
// participant in participant order, NaT where not reached by as_of.
py::dict reached_dates_columns(const Programme& programme, Date as_of, const std::string& milestone,
                               const std::string& policy, const Counting& counting) {
    const Milestone ms = parse_milestone(milestone, policy, counting);
    std::vector<Date> when;
    std::vector<Index> rows(programme.participant_count());
    {
        py::gil_scoped_release release;
        when = reached_dates(programme, ms, as_of);
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
    }
    py::array days(py::dtype("M8[D]"),
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(when.size())});
    auto* out = static_cast<std::int64_t*>(days.mutable_data());
    for (std::size_t i = 0; i < when.size(); ++i)
        out[i] = when[i].is_special() ? std::numeric_limits<std::int64_t>::min()
                                      : days_since_epoch(when[i]);
    py::dict d;
    d["id"] = reference_column(rows, "participants");
    d["reached_on"] = days;
    d["milestone"] = py::str(ms.to_string());
    return d;
}

} // namespace

void register_partials(py::module_& m);

void register_analysis(py::module_& m) {
    register_partials(m);
    const PhaseRules default_rules{};
    m.def("_phases", &phases_columns, py::arg("programme"), py::arg("as_of"),
          py::arg("rules") = default_rules,
          R"(Columns of okoce.phases (one entry per participant registered by as_of).)");
    m.def("_phase_history", &phase_history_columns, py::arg("programme"), py::arg("start"),
          py::arg("end"), py::arg("rules") = default_rules, py::arg("suppress_below") = 0,
          R"(Columns of okoce.phase_history: quarters, a quarters x participants phase matrix
(255 = absent), and per consecutive pair the 3x3 transitions, entries and exits (-1
suppressed).)");
    m.def("_kaplan_meier", &kaplan_meier_columns, py::arg("time"), py::arg("event"),
          py::arg("alpha") = 0.05, py::arg("horizons_months") = std::vector<double>{6, 12, 24},
          py::arg("restricted_mean_months") = 24.0,
          R"(The raw Kaplan-Meier estimator over durations (days) and 0/1 event flags.)");
    m.def("_compliance", &compliance_columns, py::arg("programme"), py::arg("as_of"),
          py::arg("grace_days"),
          R"(Per-participant reports owed, received and received on time as of the date.)");
    m.def("_cascade", &cascade_columns, py::arg("programme"), py::arg("target_id"),
          py::arg("weights"), py::arg("as_of"), py::arg("population") = py::none(),
          R"(A target's value split over its region's children.)");
    m.def("_reached_dates", &reached_dates_columns, py::arg("programme"), py::arg("as_of"),
          py::arg("milestone"), py::arg("policy"), py::arg("counting") = py::none(),
          R"(Columns of okoce.reached_dates: participant ids, the day each first reached the
milestone (NaT when not by as_of), and the milestone's name.)");
}

// ---------------------------------------------------------------------------------------------
// Partial results (partial.hpp): made per part, pickled as their compact bytes to travel from a
// Dask worker to the client, merged there, and finished into columns; okoce/analysis.py runs a
// Programme through the same partial and finish as a Dataset.

namespace {

OverdueBy parse_overdue_by(const std::string& by) {
    if (by == "mentor") return OverdueBy::mentor;
    if (by == "kecamatan") return OverdueBy::kecamatan;
    throw py::value_error("by " + py::repr(py::str(by)).cast<std::string>() +
                          ": expected 'mentor' or 'kecamatan'");
}

// Decoders of every bound partial by kind, for okoce.partial_from_bytes.
std::map<std::string, py::object (*)(std::string_view), std::less<>>& partial_decoders() {
    static std::map<std::string, py::object (*)(std::string_view), std::less<>> decoders;
    return decoders;
}

// `self` as a partial, refusing an instance that was never initialised (a pickle's NEWOBJ
// without its state): its members would be whatever the allocator left.
template <class P>
const P& made(const py::object& self) {
    auto* inst = reinterpret_cast<py::detail::instance*>(self.ptr());
    if (!inst->get_value_and_holder().holder_constructed())
        throw error(std::string(P::kind) +
                    ": an instance never made by an analysis or okoce.partial_from_bytes");
    return self.cast<const P&>();
}

template <Partial P>
void bind_partial(py::module_& m, const char* doc) {
    const std::string name(P::kind);
    py::class_<P>(m, name.c_str(), doc)
        .def(
            "merge",
            [](py::object self, const py::object& other) {
                P& into = const_cast<P&>(made<P>(self));
                const P& from = made<P>(other);
                py::gil_scoped_release release;
                merge(into, from);
            },
            py::arg("other"),
            "Adds ``other`` into this partial (associative and commutative). Raises "
            "okoce.Error when the two were made with different options.")
        .def(
            "copy", [](const py::object& self) { return P(made<P>(self)); },
            "An independent copy (merge() changes the partial it is called on).")
        .def(
            "to_bytes", [](const py::object& self) { return py::bytes(to_bytes(made<P>(self))); },
            "The partial's bytes (okoce.partial_from_bytes reads them back, checking each value).")
        .def("__getstate__",
             [](const py::object& self) { return py::bytes(to_bytes(made<P>(self))); })
        .def(
            "__setstate__",
            [](py::detail::value_and_holder& v_h, const py::bytes& state) {
                v_h.value_ptr() = new P(partial_from_bytes<P>(std::string_view(state)));
            },
            py::detail::is_new_style_constructor());
    partial_decoders()[name] = [](std::string_view bytes) {
        return py::cast(partial_from_bytes<P>(bytes));
    };
    // Pickled as a call of okoce.partial_from_bytes on the bytes, which checks them (a
    // compiled function does not pickle by name; the package's Python one does).
    m.attr(name.c_str()).attr("__reduce_ex__") = py::cpp_function(
        [](const py::object& self, int /*protocol*/) {
            return py::make_tuple(py::module_::import("okoce").attr("partial_from_bytes"),
                                  py::make_tuple(py::bytes(to_bytes(made<P>(self)))));
        },
        py::name("__reduce_ex__"), py::is_method(m.attr(name.c_str())), py::arg("protocol"));
}

py::list string_list(const std::vector<std::string>& v) {
    py::list l;
    for (const auto& x : v) l.append(py::str(x));
    return l;
}

py::dict overdue_ids_dict(const OverdueIds& l) {
    py::dict d;
    d["group"] = codes_column(
        l.size(), [&](std::size_t r) { return static_cast<std::int32_t>(l.group[r]); },
        string_list(l.groups), false);
    py::array ids(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(l.size())});
    auto* out = static_cast<PyObject**>(ids.mutable_data());
    for (std::size_t r = 0; r < l.size(); ++r) {
        py::str id(l.id[r]);
        Py_XDECREF(out[r]);
        out[r] = id.release().ptr();
    }
    d["id"] = ids;
    d["quarters_missing"] = numbers(l.quarters_missing);
    d["last_report"] = quarter_column(l.size(), [&](std::size_t r) { return l.last_report[r]; });
    d["exited_with_missing"] = l.exited_with_missing;
    return d;
}

py::dict exited_ids_dict(const ExitedWithMissingPartial& e) {
    const std::size_t n = e.id.size();
    py::array exited(py::dtype("M8[D]"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
    auto* days = static_cast<std::int64_t*>(exited.mutable_data());
    for (std::size_t r = 0; r < n; ++r) days[r] = days_since_epoch(e.exited_on[r]);
    py::array ids(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
    auto* out = static_cast<PyObject**>(ids.mutable_data());
    for (std::size_t r = 0; r < n; ++r) {
        py::str id(e.id[r]);
        Py_XDECREF(out[r]);
        out[r] = id.release().ptr();
    }
    py::dict d;
    d["id"] = ids;
    d["exited_on"] = exited;
    d["quarters_missing"] = numbers(e.quarters_missing);
    d["last_report"] = quarter_column(n, [&](std::size_t r) { return e.last_report[r]; });
    return d;
}

// Runs `make` without the GIL (the part's analysis), returning the partial to Python.
template <class Make>
auto released(Make make) {
    py::gil_scoped_release release;
    return make();
}

// Binds `name` as finish() of a P, handed to Python by `to_dict` (result_dict: the result's
// own field list); a finish that takes a Suppression gets suppress_below.
template <Partial P, class ToDict>
void def_finish(py::module_& m, const char* name, ToDict to_dict, const char* doc) {
    if constexpr (requires(const P& p, Suppression s) { finish(p, s); })
        m.def(
            name,
            [to_dict](const py::object& self, std::int64_t suppress_below) {
                const P& part = made<P>(self);
                const Suppression s = parse_suppression(suppress_below);
                return to_dict(released([&] { return finish(part, s); }));
            },
            py::arg("partial"), py::arg("suppress_below") = 0, doc);
    else
        m.def(
            name,
            [to_dict](const py::object& self) {
                const P& part = made<P>(self);
                return to_dict(released([&] { return finish(part); }));
            },
            py::arg("partial"), doc);
}

} // namespace

void register_partials(py::module_& m) {
    bind_partial<FunnelPartial>(m, "Counts of okoce.funnel for one part.");
    bind_partial<CohortsPartial>(m, "Counts of okoce.cohorts for one part.");
    bind_partial<ComplianceSummaryPartial>(m,
                                           "Report counts of monitoring's summary for one part.");
    bind_partial<OverduePartial>(m, "Rows of a monitoring follow-up list for one part, by id.");
    bind_partial<ExitedWithMissingPartial>(
        m, "Rows of monitoring's exited_missing for one part, by id.");
    bind_partial<TargetProgressPartial>(
        m, "Events per day and target of okoce.target_progress for one part.");
    bind_partial<PhaseMixPartial>(m, "Counts of okoce.phase_mix for one part.");
    bind_partial<PhaseHistoryPartial>(m,
                                      "Transition, entry and exit counts of okoce.phase_history.");
    bind_partial<TimeToPartial>(
        m, "Events and censorings per day and group of okoce.time_to (Kaplan-Meier) for one part.");
    bind_partial<NaikKelasPartial>(
        m, "Size-class matrix and each participant's classes of okoce.naik_kelas for one part.");
    bind_partial<JobsPartial>(m, "Employee counts of okoce.jobs for one part.");
    bind_partial<SalesGrowthPartial>(
        m, "Counts per exact growth value of okoce.sales_growth for one part.");
    bind_partial<BusinessStartsPartial>(
        m, "Counts per exact days to start of okoce.business_starts for one part.");
    bind_partial<NewEntrepreneursPartial>(
        m, "Counts under each rule of okoce.new_entrepreneurs for one part.");
    m.def(
        "partial_from_bytes",
        [](const py::bytes& bytes) {
            const std::string_view b(bytes);
            const PartialTag tag = read_partial_tag(b);
            const auto& decoders = partial_decoders();
            const auto found = decoders.find(tag.kind);
            if (found == decoders.end())
                throw error("partial_from_bytes: the bytes hold no partial result of okoce");
            return found->second(b);
        },
        py::arg("bytes"),
        R"(The partial result held by ``bytes`` (a partial's to_bytes()), of whichever kind they
name. Every length, enum, date, count and label is checked; bad bytes raise okoce.Error. Use this,
never pickle.loads, for partials from a source you do not trust: unpickling runs whatever code the
pickle names.)");

    m.def(
        "_split",
        [](const Programme& p, const std::string& level) {
            const auto l = try_parse<RegionLevel>(level);
            if (!l)
                throw py::value_error("level " + py::repr(py::str(level)).cast<std::string>() +
                                      ": expected 'province', 'kota' or 'kecamatan'");
            std::vector<ProgrammePart> parts = released([&] { return split(p, *l); });
            py::list out;
            for (auto& part : parts)
                out.append(py::make_tuple(part.region.to_string(), std::move(part.programme)));
            return out;
        },
        py::arg("programme"), py::arg("level"),
        "The programme split by region (okoce/partition.hpp): (dotted code, part) pairs.");

    const PhaseRules default_rules{};
    m.def(
        "_funnel_partial",
        [](const Programme& p, Date as_of, const std::string& policy, const std::string& by) {
            const StepPolicy sp = parse_policy(policy);
            const GroupBy g = parse_by(by);
            return released([&] { return funnel_partial(p, as_of, sp, g); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("policy"), py::arg("by"));
    def_finish<FunnelPartial>(m, "_funnel_finish", &funnel_dict, "The columns of okoce.funnel.");
    m.def(
        "_cohorts_partial",
        [](const Programme& p, Date as_of, const std::string& milestone, const std::string& policy,
           int max_quarters, const Counting& counting) {
            const Milestone ms = parse_milestone(milestone, policy, counting);
            return released([&] { return cohorts_partial(p, as_of, ms, max_quarters); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("milestone"), py::arg("policy"),
        py::arg("max_quarters"), py::arg("counting") = py::none());
    def_finish<CohortsPartial>(m, "_cohorts_finish", &cohorts_dict,
                               "The columns of okoce.cohorts.");
    m.def(
        "_compliance_summary_partial",
        [](const Programme& p, Date as_of, const std::string& by, std::int64_t grace_days) {
            const GroupBy g = parse_by(by);
            const MonitoringOptions o = monitoring_options(grace_days);
            return released([&] { return compliance_summary_partial(p, as_of, g, o); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("grace_days"));
    def_finish<ComplianceSummaryPartial>(m, "_compliance_summary_finish",
                                         &result_dict<ComplianceSummary>,
                                         "The columns of monitoring's summary, and grace_days.");
    m.def(
        "_overdue_partial",
        [](const Programme& p, Date as_of, const std::string& by, std::int64_t grace_days) {
            const OverdueBy o = parse_overdue_by(by);
            const MonitoringOptions mo = monitoring_options(grace_days);
            return released([&] { return overdue_partial(p, as_of, o, mo); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("grace_days"));
    def_finish<OverduePartial>(m, "_overdue_finish", &overdue_ids_dict,
                               "The columns of a monitoring follow-up list, with ids as str.");
    m.def(
        "_exited_missing_partial",
        [](const Programme& p, Date as_of, std::int64_t grace_days) {
            const MonitoringOptions o = monitoring_options(grace_days);
            return released([&] { return exited_with_missing_partial(p, as_of, o); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("grace_days"));
    def_finish<ExitedWithMissingPartial>(
        m, "_exited_missing_finish", &exited_ids_dict,
        "The columns of monitoring's exited_missing, with ids as str.");
    m.def(
        "_target_progress_partial",
        [](const Programme& p, Date as_of, const std::string& policy, const Counting& counting) {
            const StepPolicy sp = parse_policy(policy);
            const LicenceKinds c = parse_counting(counting);
            return released([&] { return target_progress_partial(p, as_of, sp, c); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("policy"),
        py::arg("counting") = py::none());
    def_finish<TargetProgressPartial>(m, "_target_progress_finish", &result_dict<TargetProgress>,
                                      "The columns of okoce.target_progress.");
    m.def(
        "_phase_mix_partial",
        [](const Programme& p, Date as_of, const std::string& by, const PhaseRules& rules) {
            const GroupBy g = parse_by(by);
            return released([&] { return phase_mix_partial(p, as_of, g, rules); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("rules") = default_rules);
    def_finish<PhaseMixPartial>(m, "_phase_mix_finish", &result_dict<PhaseMix>,
                                "The columns of okoce.phase_mix.");
    m.def(
        "_phase_history_partial",
        [](const Programme& p, QuarterArg from, QuarterArg to, const PhaseRules& rules) {
            return released(
                [&] { return phase_history_partial(p, from.quarter, to.quarter, rules); });
        },
        py::arg("programme"), py::arg("start"), py::arg("end"), py::arg("rules") = default_rules);
    def_finish<PhaseHistoryPartial>(
        m, "_phase_history_finish", &phase_history_dict,
        "The columns of _phase_history; the phase matrix has no participant columns.");
    m.def(
        "_time_to_partial",
        [](const Programme& p, Date as_of, const std::string& milestone, const std::string& policy,
           const std::string& by, const Counting& counting) {
            const Milestone ms = parse_milestone(milestone, policy, counting);
            const GroupBy g = parse_by(by);
            return released([&] { return time_to_partial(p, as_of, ms, g); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("milestone"), py::arg("policy"),
        py::arg("by"), py::arg("counting") = py::none());
    m.def(
        "_time_to_finish",
        [](const py::object& self, double alpha, std::int64_t suppress_below,
           std::vector<double> horizons_months, double restricted_mean_months) {
            const TimeToPartial& part = made<TimeToPartial>(self);
            const Suppression s = parse_suppression(suppress_below);
            const SurvivalOptions o{alpha, s.below, std::move(horizons_months),
                                    restricted_mean_months};
            return curves_table(released([&] { return finish(part, o); }));
        },
        py::arg("partial"), py::arg("alpha"), py::arg("suppress_below"), py::arg("horizons_months"),
        py::arg("restricted_mean_months"),
        R"(Kaplan-Meier curves of okoce.time_to as flat columns over all groups (counts -1
suppressed), with the shares reached by the horizons (months of 30.4375 days) and the
restricted mean to its horizon.)");
    m.def(
        "_naik_kelas_partial",
        [](const Programme& p, Date start, Date end, const std::string& regime,
           const std::string& by, const std::string& turnover,
           const std::vector<std::string>& exposure, bool participants) {
            const auto r = option<NaikKelasRegime>("regime", regime);
            const auto t = option<TurnoverRule>("turnover", turnover);
            const GroupBy g = parse_by(by);
            const StepSet e = parse_exposure(exposure);
            return released(
                [&] { return naik_kelas_partial(p, start, end, r, g, t, e, participants); });
        },
        py::arg("programme"), py::arg("start"), py::arg("end"), py::arg("regime"), py::arg("by"),
        py::arg("turnover"), py::arg("exposure"), py::arg("participants") = true);
    def_finish<NaikKelasPartial>(m, "_naik_kelas_finish", &result_dict<NaikKelas>,
                                 "The columns of okoce.naik_kelas and the laws it used.");
    m.def(
        "_jobs_partial",
        [](const Programme& p, Date as_of, const std::string& by,
           const std::vector<std::string>& exposure) {
            const GroupBy g = parse_by(by);
            const StepSet e = parse_exposure(exposure);
            return released([&] { return jobs_partial(p, as_of, g, e); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("exposure"));
    def_finish<JobsPartial>(m, "_jobs_finish", &result_dict<Jobs>, "The columns of okoce.jobs.");
    m.def(
        "_sales_growth_partial",
        [](const Programme& p, Date as_of, const std::string& by,
           const std::vector<std::string>& exposure) {
            const GroupBy g = parse_by(by);
            const StepSet e = parse_exposure(exposure);
            return released([&] { return sales_growth_partial(p, as_of, g, e); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("exposure"));
    def_finish<SalesGrowthPartial>(m, "_sales_growth_finish", &result_dict<SalesGrowth>,
                                   "The columns of okoce.sales_growth.");
    m.def(
        "_business_starts_partial",
        [](const Programme& p, Date as_of, const std::string& by,
           const std::vector<std::string>& exposure) {
            const GroupBy g = parse_by(by);
            const StepSet e = parse_exposure(exposure);
            return released([&] { return business_starts_partial(p, as_of, g, e); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("exposure"));
    def_finish<BusinessStartsPartial>(m, "_business_starts_finish", &result_dict<BusinessStarts>,
                                      "The columns of okoce.business_starts.");
    m.def(
        "_new_entrepreneurs_partial",
        [](const Programme& p, Date as_of, const std::string& by,
           const std::vector<std::string>& exposure) {
            const GroupBy g = parse_by(by);
            const StepSet e = parse_exposure(exposure);
            return released([&] { return new_entrepreneurs_partial(p, as_of, g, e); });
        },
        py::arg("programme"), py::arg("as_of"), py::arg("by"), py::arg("exposure"));
    def_finish<NewEntrepreneursPartial>(m, "_new_entrepreneurs_finish",
                                        &result_dict<NewEntrepreneurs>,
                                        "The columns of okoce.new_entrepreneurs.");
}

} // namespace okoce::python
