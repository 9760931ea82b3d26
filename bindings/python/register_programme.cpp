// The Programme store seen from Python. Each table leaves as a dict of numpy arrays that
// okoce._frames turns into a pandas DataFrame: numeric columns are read-only views of the
// store's own vectors (the Programme object is their base, so it lives as long as any view),
// dates are computed into datetime64[D], strings become object arrays, and codes (regions,
// sectors, participant ids) become categoricals built from integer codes.
#include "casters.hpp"
#include "columns.hpp"
#include "register.hpp"

#include "okoce/programme.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace okoce::python {

namespace {

constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

// Read-only view of a store column; `owner` (the Python Programme) is the array's base.
template <class T>
py::array view(const std::vector<T>& v, py::handle owner) {
    py::array a(py::dtype::of<T>(), std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())},
                std::vector<py::ssize_t>{static_cast<py::ssize_t>(sizeof(T))}, v.data(), owner);
    a.attr("setflags")(py::arg("write") = false);
    return a;
}

py::array dates(const std::vector<Date>& v) {
    py::array a(py::dtype("M8[D]"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
    auto* out = static_cast<std::int64_t*>(a.mutable_data());
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = v[i].is_special() ? nat : days_since_epoch(v[i]);
    return a;
}

// An object array of str; empty strings become None when they mean "not recorded".
template <class Strings, class Get>
py::array object_array(const Strings& v, Get get, bool empty_is_none) {
    py::array a(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
    auto** out = static_cast<PyObject**>(a.mutable_data());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string_view s = get(v[i]);
        PyObject* o = nullptr;
        if (s.empty() && empty_is_none) {
            o = Py_None;
            Py_INCREF(o);
        } else {
            o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
            if (!o) throw py::error_already_set();
        }
        Py_XDECREF(out[i]);
        out[i] = o;
    }
    return a;
}

py::array strings(const std::vector<std::string>& v, bool empty_is_none) {
    return object_array(
        v, [](const std::string& s) -> std::string_view { return s; }, empty_is_none);
}
py::array strings(const StringColumn& v, bool empty_is_none) {
    return object_array(
        v, [](std::string_view s) { return s; }, empty_is_none);
}

// Codes into the Python enum's members (in table order), -1 for a missing value.
template <class E, class Get>
py::array enum_codes(std::size_t n, Get get) {
    std::array<std::int8_t, 256> code_of;
    code_of.fill(-1);
    for (std::size_t k = 0; k < enum_count<E>; ++k)
        code_of[static_cast<std::uint8_t>(enum_values<E>[k])] = static_cast<std::int8_t>(k);
    auto a = fresh_array<std::int8_t>(n);
    auto* out = a.mutable_data();
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) {
        const std::optional<E> e = get(i);
        out[i] = e ? code_of[static_cast<std::uint8_t>(*e)] : std::int8_t{-1};
    }
    return a;
}

template <class E>
py::list enum_categories() {
    py::list l;
    for (const E e : enum_values<E>) l.append(py::str(std::string(to_string(e))));
    return l;
}

template <class E>
py::tuple enum_column(const std::vector<E>& v, bool ordered) {
    return categorical(
        enum_codes<E>(v.size(), [&](std::size_t i) { return std::optional<E>(v[i]); }),
        enum_categories<E>(), ordered);
}

template <class E>
py::tuple optional_enum_column(const std::vector<std::optional<E>>& v) {
    return categorical(enum_codes<E>(v.size(), [&](std::size_t i) { return v[i]; }),
                       enum_categories<E>(), false);
}

// Region codes as a categorical over the table's codes at `level` (or every code when the
// column mixes levels), in the table's depth-first order.
py::tuple region_column(std::span<const RegionCode> v, const RegionTable& table,
                        std::optional<RegionLevel> level) {
    std::vector<RegionCode> cats =
        level ? table.at_level(*level)
              : std::vector<RegionCode>(table.codes().begin(), table.codes().end());
    auto a = fresh_array<std::int32_t>(v.size());
    auto* out = a.mutable_data();
    {
        py::gil_scoped_release release;
        // Depth-first order is the order of the codes themselves, so a binary search finds them.
        for (std::size_t i = 0; i < v.size(); ++i) {
            const auto it = std::lower_bound(cats.begin(), cats.end(), v[i]);
            out[i] = (v[i].valid() && it != cats.end() && *it == v[i])
                         ? static_cast<std::int32_t>(it - cats.begin())
                         : -1;
        }
    }
    py::list names;
    for (RegionCode c : cats) names.append(c.to_string());
    return categorical(std::move(a), std::move(names), true);
}

// Integers with a sentinel for "not reported": the values stay a view, the mask is computed.
template <class T>
py::tuple masked(const std::vector<T>& v, T missing, py::handle owner) {
    auto mask = fresh_array<bool>(v.size());
    auto* out = mask.mutable_data();
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] == missing;
    }
    return py::make_tuple("masked", view(v, owner), std::move(mask));
}

template <class Set, class E, std::size_t N>
std::string join_set(Set s, const std::array<E, N>& all) {
    std::string out;
    for (E e : all)
        if (s.contains(e)) {
            if (!out.empty()) out += ';';
            out += to_string(e);
        }
    return out;
}

const Programme& programme_of(const py::object& self) {
    return self.cast<const Programme&>();
}

// One store column for okoce._frames.frame, chosen by its element type and its schema kind.
template <class Column>
py::object export_column(const ColumnInfo& info, const Column& col, const py::object& self,
                         const RegionTable& regions) {
    using T = typename Column::value_type;
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
        return strings(col, info.kind != ColumnKind::id);
    } else if constexpr (std::is_same_v<T, Date>) {
        return dates(col);
    } else if constexpr (std::is_same_v<T, RegionCode>) {
        return region_column(col, regions,
                             info.level == RegionLevel{} ? std::nullopt
                                                         : std::optional<RegionLevel>(info.level));
    } else if constexpr (std::is_same_v<T, Index>) {
        return reference_column(col, to_string(info.refers_to).data());
    } else if constexpr (std::is_same_v<T, Quarter>) {
        return quarter_column(col.size(), [&](std::size_t i) { return std::optional(col[i]); });
    } else if constexpr (std::is_same_v<T, std::uint64_t>) { // a packed NIK
        return object_array(
            col,
            [buf = std::string()](std::uint64_t packed) mutable -> std::string_view {
                buf = packed == 0 ? std::string() : Nik::from_packed(packed).digits();
                return buf;
            },
            true);
    } else if constexpr (std::is_same_v<T, std::uint8_t>) { // Sex, no_sex when unknown
        return categorical(enum_codes<Sex>(col.size(),
                                           [&](std::size_t i) {
                                               return col[i] == no_sex
                                                          ? std::nullopt
                                                          : std::optional<Sex>(
                                                                static_cast<Sex>(col[i]));
                                           }),
                           enum_categories<Sex>(), false);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        if (info.kind == ColumnKind::amount) return masked(col, no_amount, self);
        return view(col, self);
    } else if constexpr (std::is_same_v<T, std::int32_t>) {
        if (info.kind == ColumnKind::count) return masked(col, no_count, self);
        return view(col, self);
    } else if constexpr (std::is_same_v<T, SectorSet>) {
        return object_array(
            col,
            [buf = std::string()](SectorSet s) mutable -> std::string_view {
                return buf = join_set(s, all_sectors);
            },
            true);
    } else if constexpr (std::is_same_v<T, PhaseSet>) {
        constexpr std::array<Phase, phase_count> all_phases{Phase::starting, Phase::mid_stage,
                                                            Phase::stalled};
        return object_array(
            col,
            [buf = std::string(), all_phases](PhaseSet s) mutable -> std::string_view {
                return buf = join_set(s, all_phases);
            },
            true);
    } else if constexpr (std::is_enum_v<T>) {
        return enum_column(col, info.ordered);
    } else {
        return optional_enum_column(col); // std::optional of an enumeration
    }
}

// Every column of a table in the schema's order, less derived columns and the personal ones
// not asked for. A kelurahan column brings its kota and kecamatan along, so that a roll-up is
// a plain groupby; pseudonyms come only when the programme holds some (from an analyst export).
template <class Columns>
void export_table(py::dict& c, const Columns& t, const py::object& self, const RegionTable& regions,
                  const std::vector<std::string>& personal) {
    for_each_column(t, [&](const ColumnInfo& info, const auto& col) {
        if (info.kind == ColumnKind::derived) return;
        if (info.personal &&
            std::find(personal.begin(), personal.end(), info.name) == personal.end())
            return;
        if constexpr (std::is_same_v<std::decay_t<decltype(col)>, StringColumn>)
            if (info.kind == ColumnKind::pseudonym && !col.any()) return;
        if constexpr (std::is_same_v<typename std::decay_t<decltype(col)>::value_type,
                                     RegionCode>) {
            if (info.level == RegionLevel::kelurahan) {
                std::vector<RegionCode> kota(col.size()), kecamatan(col.size());
                {
                    py::gil_scoped_release release;
                    for (std::size_t i = 0; i < col.size(); ++i) {
                        if (!col[i].valid()) continue;
                        kota[i] = col[i].ancestor(RegionLevel::kota);
                        kecamatan[i] = col[i].ancestor(RegionLevel::kecamatan);
                    }
                }
                c["kota"] = region_column(kota, regions, RegionLevel::kota);
                c["kecamatan"] = region_column(kecamatan, regions, RegionLevel::kecamatan);
            }
        }
        c[py::str(info.name.data(), info.name.size())] = export_column(info, col, self, regions);
    });
}

// The personal columns a table has, for the message about one it has not.
template <class Columns>
std::string personal_names() {
    std::vector<std::string_view> names;
    for (const ColumnInfo& info : column_infos<Columns>())
        if (info.personal) names.push_back(info.name);
    std::string out;
    for (std::size_t k = 0; k < names.size(); ++k) {
        if (k > 0) out += k + 1 == names.size() ? " or " : ", ";
        out += "'" + std::string(names[k]) + "'";
    }
    return out;
}

// The columns of one table, tagged for okoce._frames.frame.
py::dict table_columns(const py::object& self, std::string_view table,
                       const std::vector<std::string>& personal) {
    const Programme& p = programme_of(self);
    const RegionTable& regions = p.regions();
    py::dict c;
    if (table != "participants" && !personal.empty())
        throw py::value_error("personal columns exist only in the participants table");
    const auto t = try_parse<Table>(table);
    if (!t)
        throw py::value_error("unknown table '" + std::string(table) + "'; expected " +
                              allowed_codes<Table>());
    for (const auto& col : personal) {
        const auto infos = column_infos<ParticipantColumns>();
        if (std::none_of(infos.begin(), infos.end(),
                         [&](const ColumnInfo& i) { return i.personal && i.name == col; }))
            throw py::value_error("unknown personal column '" + col + "'; expected " +
                                  personal_names<ParticipantColumns>());
    }
    switch (*t) {
    case Table::participants:
        export_table(c, p.participants(), self, regions, personal);
        break;
    case Table::steps:
        export_table(c, p.steps(), self, regions, personal);
        break;
    case Table::licences:
        export_table(c, p.licences(), self, regions, personal);
        break;
    case Table::reports:
        export_table(c, p.reports(), self, regions, personal);
        break;
    case Table::assignments:
        export_table(c, p.assignments(), self, regions, personal);
        break;
    case Table::mentors:
        export_table(c, p.mentors(), self, regions, personal);
        break;
    case Table::communities:
        export_table(c, p.communities(), self, regions, personal);
        break;
    case Table::targets:
        export_table(c, p.targets(), self, regions, personal);
        break;
    case Table::regions: {
        const auto codes = regions.codes();
        c["code"] = object_array(
            codes,
            [buf = std::string()](RegionCode r) mutable -> std::string_view {
                return buf = r.to_string();
            },
            false);
        std::vector<std::string_view> names(regions.size());
        for (std::size_t i = 0; i < names.size(); ++i) names[i] = regions.name_at(i);
        c["name"] = object_array(
            names, [](std::string_view s) { return s; }, false);
        c["level"] = categorical(
            enum_codes<RegionLevel>(
                codes.size(),
                [&](std::size_t i) { return std::optional<RegionLevel>(codes[i].level()); }),
            enum_categories<RegionLevel>(), true);
        c["parent"] = object_array(
            codes,
            [buf = std::string()](RegionCode r) mutable -> std::string_view {
                const auto up = r.parent();
                return buf = up ? up->to_string() : std::string();
            },
            true);
        break;
    }
    }
    return c;
}

py::object to_frame(py::dict columns, const py::object& owner) {
    return py::module_::import("okoce._frames").attr("frame")(std::move(columns), owner);
}

// A participant given by id (str) or by row (int).
using ParticipantRef = std::variant<Index, std::string>;

Index row_of(const Programme& p, const ParticipantRef& ref) {
    if (const auto* i = std::get_if<Index>(&ref)) {
        if (*i >= p.participant_count())
            throw py::index_error("participant row " + std::to_string(*i) + " out of range");
        return *i;
    }
    const auto& id = std::get<std::string>(ref);
    if (auto i = p.find_participant(id)) return *i;
    throw py::key_error("no participant with id '" + id + "'");
}

std::vector<Step> steps_list(StepSet s) {
    return {s.begin(), s.end()};
}

// Which licence kinds count for P4: None is the library's default (IUMK, SKU, NIB).
LicenceKinds counting_of(const std::optional<std::vector<LicenceKind>>& kinds) {
    if (!kinds) return default_counting;
    LicenceKinds c;
    for (const LicenceKind k : *kinds) c.insert(k);
    return c;
}

// Licences as values, so that an analyst (and lesson 03) can ask of one record what the store
// asks of every record - in force, anomalous, counting for P4 - under the same rules.
void register_licence(py::module_& m) {
    py::class_<Licence>(m, "Licence", R"(One business licence or statement, as a value.

``Licence(kind, issued_on, valid_until=None, number="", issuer="")``; ``valid_until=None`` is
open-ended (no IUMK validity period was ever published; a NIB runs while the business does).)")
        .def(py::init([](LicenceKind kind, Date issued_on, const std::optional<Date>& valid_until,
                         std::string number, std::string issuer) {
                 return Licence{kind, std::move(number), issued_on, valid_until.value_or(Date()),
                                std::move(issuer)};
             }),
             py::arg("kind"), py::arg("issued_on"), py::arg("valid_until") = py::none(),
             py::arg("number") = "", py::arg("issuer") = "")
        .def_readonly("kind", &Licence::kind, R"(The LicenceKind.)")
        .def_readonly("number", &Licence::number, R"(The licence number, "" when not recorded.)")
        .def_readonly("issued_on", &Licence::issued_on, R"(Issue date.)")
        .def_readonly("valid_until", &Licence::valid_until,
                      R"(Last day in force (inclusive), or None when open-ended.)")
        .def_readonly("issuer", &Licence::issuer, R"(Who issued it, "" when not recorded.)")
        .def(
            "in_force", &in_force, py::arg("on"),
            R"(In force on the day: issued on or before it and, when valid_until is set, not after it.)")
        .def_property_readonly(
            "anomaly",
            [](const Licence& l) -> std::optional<std::string> {
                const std::string_view why = anomaly(l);
                if (why.empty()) return std::nullopt;
                return std::string(why);
            },
            R"(Why the record is implausible, or None: an IUMK issued on or after OSS_RISK_BASED_START
(2021-07-02), a NIB number that is not 13 digits, or a validity ending before the issue date.
Such records are loaded, not refused: the data owner must look at them.)")
        .def("__repr__", [](const Licence& l) -> std::string {
            return "Licence(" + std::string(to_string(l.kind)) +
                   ", issued_on=" + format_date(l.issued_on) + ")";
        });
    m.attr("OSS_RISK_BASED_START") = py::cast(oss_risk_based_start);
    m.def(
        "is_valid_nib", [](std::string_view number) { return is_valid_nib(number); },
        py::arg("number"), R"(A NIB is exactly 13 ASCII digits (PP 24/2018; PP 5/2021).)");
    m.def(
        "licensed_as_of",
        [](const std::vector<Licence>& licences, Date as_of,
           const std::optional<std::vector<LicenceKind>>& counting) {
            return licensed_as_of(licences, as_of, counting_of(counting));
        },
        py::arg("licences"), py::arg("as_of"), py::arg("counting") = py::none(),
        R"(Licensed (P4) on ``as_of`` with these Licence values: one of a counting kind is in force.

``counting`` as for Programme.licensed_as_of: None counts IUMK, SKU and NIB; OK OCE's 2018 rule
is ``["IUMK", "SKU"]``. A P-IRT or halal certificate never counts by default.)");
}

} // namespace

void register_programme(py::module_& m) {
    register_licence(m);
    py::class_<ProgrammeBuilder::Warning>(m, "LoadWarning",
                                          R"(A consistency finding that is not an error.

A P4 step with no licence on record, a report for a quarter before registration, an IUMK issued
after risk-based OSS replaced it. ``file``, ``line`` and ``column`` say where; ``message`` what.)")
        .def_property_readonly(
            "file", [](const ProgrammeBuilder::Warning& w) { return w.where.file; },
            R"(The file (or table) of the record.)")
        .def_property_readonly(
            "line", [](const ProgrammeBuilder::Warning& w) { return w.where.line; },
            R"(1-based physical line (or record number).)")
        .def_property_readonly(
            "column", [](const ProgrammeBuilder::Warning& w) { return w.where.column; },
            R"(The column concerned.)")
        .def_readonly("message", &ProgrammeBuilder::Warning::message, R"(What was found.)")
        .def("__repr__", [](const ProgrammeBuilder::Warning& w) {
            return "LoadWarning(" + w.where.file + ":" + std::to_string(w.where.line) + ", " +
                   w.where.column + ": " + w.message + ")";
        });

    py::class_<Participant>(m, "Participant",
                            R"(One participant's record, rebuilt from the store's columns.

Personal fields (``nik``, ``name``, ``birth_date``) are there because the record was asked for
by id; ``repr()`` shows only the id and the masked NIK.)")
        .def_readonly("id", &Participant::id, R"(The participant id.)")
        .def_readonly("nik", &Participant::nik, R"(The Nik, or None. Personal data.)")
        .def_readonly("nik_pseudonym", &Participant::nik_pseudonym,
                      R"(The keyed NIK pseudonym an analyst export wrote ('' when not held).)")
        .def_readonly("name", &Participant::name,
                      R"(The name ('' when not recorded). Personal data.)")
        .def_readonly("sex", &Participant::sex, R"(The Sex, or None.)")
        .def_readonly("birth_date", &Participant::birth_date,
                      R"(Birth date or None. Personal data.)")
        .def_readonly("kelurahan", &Participant::kelurahan,
                      R"(The business's kelurahan, a RegionCode.)")
        .def_readonly("sector", &Participant::sector, R"(The Sector.)")
        .def_readonly("kbli", &Participant::kbli, R"(KBLI 2020 code ('' when not known).)")
        .def_readonly("community", &Participant::community, R"(Community id ('' for none).)")
        .def_readonly("registered_on", &Participant::registered_on, R"(Registration (P1) date.)")
        .def_readonly("business_started_on", &Participant::business_started_on,
                      R"(Business start date, or None when there is no business yet.)")
        .def_readonly("exited_on", &Participant::exited_on,
                      R"(Exit date, or None while in the programme.)")
        .def("__repr__", [](const Participant& p) {
            return "Participant(id='" + p.id + "'" +
                   (p.nik ? ", nik='" + p.nik->masked() + "'" : std::string()) + ")";
        });

    py::class_<Programme, std::shared_ptr<Programme>>(
        m, "Programme",
        R"(A programme's data: participants, their steps, licences, reports and mentors.

Immutable once built (by ``okoce.load``, ``okoce.synth.jakarta`` or a ``ProgrammeBuilder``).
Each table comes out as a pandas DataFrame: ``participants()``, ``steps()``, ``licences()``,
``reports()``, ``mentors()``, ``assignments()``, ``targets()``, ``communities()``,
``regions()``. Participant and mentor ids, in their own tables and in the event tables, are
plain str (object dtype); region codes, sectors, steps and other short lists of values are
categoricals (every region of the table is a category). Numeric columns
(revenue, capital, employees, capacity, target values) are read-only views of the store, not
copies: call ``.copy()`` on a frame before changing it in place. Missing dates are NaT,
missing numbers <NA>, missing text None.)")
        .def(py::init<>(), R"(An empty programme with the embedded DKI Jakarta region table.)")
        .def_property_readonly("participant_count", &Programme::participant_count,
                               R"(Number of participants.)")
        .def("__len__", &Programme::participant_count)
        .def("find_participant", &Programme::find_participant, py::arg("id"),
             R"(Row of the participant with this id, or None.)")
        .def("find_mentor", &Programme::find_mentor, py::arg("id"),
             R"(Row of the mentor with this id, or None.)")
        .def("find_community", &Programme::find_community, py::arg("id"),
             R"(Row of the community with this id, or None.)")
        .def_property_readonly("region_table", &Programme::regions,
                               py::return_value_policy::reference_internal,
                               R"(The RegionTable codes are checked against.)")
        .def(
            "participant",
            [](const Programme& p, const ParticipantRef& ref) {
                return p.participant(row_of(p, ref));
            },
            py::arg("participant"),
            R"(The record of one participant, by id (str) or row (int). KeyError for an unknown id.)")
        .def(
            "steps_done",
            [](const Programme& p, const ParticipantRef& ref, Date as_of) {
                return steps_list(p.steps_done(row_of(p, ref), as_of));
            },
            py::arg("participant"), py::arg("as_of"),
            R"(The steps a participant (id or row) had completed on or before ``as_of``, in step order.

Registration counts as P1 (nothing is done before registering), as in okoce.phases() and the
funnel; the steps table need not hold P1 rows.)")
        .def(
            "licensed_as_of",
            [](const Programme& p, const ParticipantRef& ref, Date as_of,
               const std::optional<std::vector<LicenceKind>>& counting) {
                return p.licensed_as_of(row_of(p, ref), as_of, counting_of(counting));
            },
            py::arg("participant"), py::arg("as_of"), py::arg("counting") = py::none(),
            R"(Licensed (P4) on ``as_of``: holds a licence of a counting kind issued by then and not expired.

``counting``: the LicenceKinds that count (members or their spellings, e.g. ``["IUMK", "SKU"]``,
OK OCE's 2018 rule); None, the default, counts IUMK, SKU and NIB (NIB replaced both in 2021).)")
        .def(
            "participants",
            [](py::object self, const std::vector<std::string>& personal) {
                return to_frame(table_columns(self, "participants", personal), self);
            },
            py::arg("personal") = std::vector<std::string>{},
            R"(The participants table as a DataFrame, one row per participant (row = index).

Columns: id (str), sex, kota, kecamatan, kelurahan (categoricals of dotted region codes:
the kota and kecamatan are those of the kelurahan; ``okoce.regions(programme)`` has their
names), sector (categorical of sector codes), kbli, community, registered_on,
business_started_on, exited_on (datetime64, NaT when missing); and, for a programme loaded
from an analyst export, nik_pseudonym (the keyed pseudonym the export wrote, to join back on).

Personal columns (``nik`` as 16-digit text, ``name``, ``birth_date``) are left out unless
asked for by name, e.g. ``participants(personal=["name"])``; an unknown name raises
ValueError.)")
        .def(
            "steps",
            [](py::object self) { return to_frame(table_columns(self, "steps", {}), self); },
            R"(Steps completed: participant (id, str), step (ordered categorical P1..P7), completed_on; sorted by participant then date.)")
        .def(
            "licences",
            [](py::object self) { return to_frame(table_columns(self, "licences", {}), self); },
            R"(Licences: participant, kind, number, issued_on, valid_until (NaT: open-ended), issuer.)")
        .def(
            "reports",
            [](py::object self) { return to_frame(table_columns(self, "reports", {}), self); },
            R"(Quarterly reports: participant, quarter (Period[Q-DEC]), revenue (int64 rupiah), capital and employees (nullable), reported_on.)")
        .def(
            "mentors",
            [](py::object self) { return to_frame(table_columns(self, "mentors", {}), self); },
            R"(Mentors: id, name, kind, kecamatan, community, sectors and phases (';' lists, None = all), capacity, active_from, active_to.)")
        .def(
            "assignments",
            [](py::object self) { return to_frame(table_columns(self, "assignments", {}), self); },
            R"(Mentor assignments: participant and mentor (ids, str), from, to (NaT: ongoing).)")
        .def(
            "targets",
            [](py::object self) { return to_frame(table_columns(self, "targets", {}), self); },
            R"(Targets: id, metric, region (categorical over every region code), start, end, value.)")
        .def(
            "communities",
            [](py::object self) { return to_frame(table_columns(self, "communities", {}), self); },
            R"(Communities: id, name, basis, sector, region.)")
        .def(
            "regions",
            [](py::object self) { return to_frame(table_columns(self, "regions", {}), self); },
            R"(The region table: code, name, level (ordered categorical), parent (None for a province).

One row per region of every level, so naming codes is one merge:
``people.merge(p.regions()[["code", "name"]], left_on="kecamatan", right_on="code")``.)")
        .def(
            "memory_bytes",
            [](const Programme& p) {
                py::list out;
                for (const auto& c : p.memory_bytes())
                    out.append(py::make_tuple(c.table, c.column, c.bytes));
                return out;
            },
            R"(The bytes each column holds in memory, as (table, column, bytes) tuples.

Counts capacity: a text column's characters and 4-byte offsets (nothing when it holds no
text), a small table's strings with their own buffers when not stored inline; row indexes
(offsets, the order by id) appear as columns named in parentheses. For measuring the cost per
participant and per report (bench/bench_memory.py).)")
        .def(
            "_ids",
            [](const Programme& p, std::string_view table) {
                if (table == "participants") return strings(p.participants().id, false);
                if (table == "mentors") return strings(p.mentors().id, false);
                if (table == "communities") return strings(p.communities().id, false);
                throw py::value_error("no ids for table '" + std::string(table) + "'");
            },
            py::arg("table"),
            R"(The ids of a table's rows (participants, mentors or communities) as an object array.)")
        .def(
            "_columns",
            [](py::object self, std::string_view table, const std::vector<std::string>& personal) {
                return table_columns(self, table, personal);
            },
            py::arg("table"), py::arg("personal") = std::vector<std::string>{},
            R"(The raw columns behind a table: a dict of numpy arrays and tagged tuples (see okoce._frames).)")
        .def(
            "licences_in_force",
            [](py::object self, Date as_of,
               const std::optional<std::vector<LicenceKind>>& counting) {
                const Programme& p = self.cast<const Programme&>();
                const auto& t = p.licences();
                const LicenceKinds c = counting ? counting_of(counting) : LicenceKinds::all();
                auto keep = fresh_array<bool>(t.size());
                py::list anomalies;
                auto k = keep.mutable_unchecked<1>();
                for (std::size_t r = 0; r < t.size(); ++r) {
                    const Licence l{t.kind[r], std::string(t.number[r]), t.issued_on[r],
                                    t.valid_until[r], std::string(t.issuer[r])};
                    k(static_cast<py::ssize_t>(r)) = c.contains(l.kind) && in_force(l, as_of);
                    const std::string_view why = anomaly(l);
                    anomalies.append(why.empty() ? py::object(py::none())
                                                 : py::object(py::str(std::string(why))));
                }
                py::object frame = self.attr("licences")();
                frame.attr("__setitem__")("anomaly", anomalies);
                const py::object rows = frame.attr("loc")[keep];
                return rows.attr("reset_index")(py::arg("drop") = true);
            },
            py::arg("as_of"), py::arg("counting") = py::none(),
            R"(The licences in force on ``as_of``: the rows of ``licences()`` issued by then and not expired.

``counting``: only these LicenceKinds (e.g. ``["IUMK", "SKU"]``); None keeps every kind,
P-IRT and halal included. An extra column ``anomaly`` says why a record is implausible (an
IUMK issued on or after 2021-07-02, a NIB that is not 13 digits), or None.)")
        .def("__repr__", [](const Programme& p) {
            return "<okoce.Programme: " + std::to_string(p.participant_count()) +
                   " participants, " + std::to_string(p.steps().size()) + " steps, " +
                   std::to_string(p.licences().size()) + " licences, " +
                   std::to_string(p.reports().size()) + " reports, " +
                   std::to_string(p.mentors().size()) + " mentors>";
        });
}

} // namespace okoce::python
