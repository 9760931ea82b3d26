// Region codes (Kemendagri, dotted: 31.74.01.1001) and region tables. Wherever a code is taken,
// its text form is accepted too and parsed strictly.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/population.hpp"

#include <pybind11/operators.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

namespace okoce::python {

namespace {
std::optional<RegionLevel> level_or_none(RegionCode c) {
    if (!c.valid()) return std::nullopt;
    return c.level();
}
std::optional<RegionCode> code_or_none(RegionCode c) {
    if (!c.valid()) return std::nullopt;
    return c;
}
} // namespace

void register_region(py::module_& m) {
    py::class_<RegionCode> region_code(
        m, "RegionCode",
        R"(A Kemendagri region code: province, kota, kecamatan or kelurahan.

``RegionCode('31.74.01')`` parses the strict dotted form (``31`` DKI Jakarta, ``31.74`` Jakarta
Selatan, ``31.74.01`` Tebet, ``31.74.01.1001`` Tebet Timur). These are Kemendagri codes, not
BPS codes. Codes compare in depth-first order (a parent before its children), hash, and pickle.)");
    region_code
        .def(py::init([](std::string_view text) { return RegionCode::parse(text); }),
             py::arg("text"), R"(Parse the dotted form; raises ValidationError on anything else.)")
        .def_static("parse", &RegionCode::parse, py::arg("text"),
                    R"(Parse the strict dotted form; raises ValidationError on anything else.)")
        .def_static(
            "from_parts", &RegionCode::from_parts, py::arg("province"), py::arg("kota") = 0,
            py::arg("kecamatan") = 0, py::arg("kelurahan") = 0,
            R"(A code from its numeric parts; a zero part ends the code (``from_parts(31, 74)`` is the kota 31.74).)")
        .def_property_readonly("level", &level_or_none, R"(The code's depth, a RegionLevel.)")
        .def_property_readonly("province", &RegionCode::province, R"(Province part (31).)")
        .def_property_readonly("kota", &RegionCode::kota,
                               R"(Kota/kabupaten part (74), 0 when absent.)")
        .def_property_readonly("kecamatan", &RegionCode::kecamatan,
                               R"(Kecamatan part (1), 0 when absent.)")
        .def_property_readonly("kelurahan", &RegionCode::kelurahan,
                               R"(Kelurahan part (1001), 0 when absent.)")
        .def_property_readonly(
            "packed", &RegionCode::packed,
            R"(The code as one number with absent levels zero: 31.74.01.1001 -> 3174011001.)")
        .def(
            "parent", [](RegionCode c) { return c.parent(); },
            R"(The code one level up, or None for a province.)")
        .def(
            "ancestor", &RegionCode::ancestor, py::arg("level"),
            R"(This code cut to ``level`` (a RegionLevel at or above its own); raises okoce.Error otherwise.)")
        .def("is_within", &RegionCode::is_within, py::arg("other"),
             R"(True when this code equals ``other`` or lies beneath it.)");
    def_ordering(region_code)
        .def("__hash__", [](RegionCode c) { return py::hash(py::int_(c.packed())); })
        .def("__str__", &RegionCode::to_string)
        .def("__repr__", [](RegionCode c) { return "RegionCode('" + c.to_string() + "')"; })
        .def(py::pickle([](RegionCode c) { return c.to_string(); },
                        [](const std::string& s) { return RegionCode::parse(s); }));
    pickle_at_every_protocol(m.attr("RegionCode"));

    py::class_<RegionTable>(m, "RegionTable",
                            R"(An immutable table of region codes and names, with the hierarchy.

Codes are kept in depth-first order and every code below province level has its parent in the
table. ``RegionTable.dki_jakarta()`` is the embedded DKI Jakarta table (6 kota/kabupaten,
44 kecamatan, 267 kelurahan), the default of a programme; ``RegionTable.indonesia()`` the
embedded national one; ``from_csv`` reads a ``code,name`` file.)")
        .def_static(
            "dki_jakarta", &RegionTable::dki_jakarta, py::return_value_policy::reference,
            R"(DKI Jakarta per Kepmendagri 300.2.2-2138/2025: 1 province, 6 kota/kabupaten, 44 kecamatan, 267 kelurahan.)")
        .def_static(
            "indonesia", &RegionTable::indonesia, py::return_value_policy::reference,
            py::call_guard<py::gil_scoped_release>(),
            R"(All of Indonesia per Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762 desa/kelurahan.

Embedded in the library and built once, on first use. ``within('32')`` takes one province.)")
        .def_static("from_csv", &RegionTable::from_csv, py::arg("path"),
                    py::call_guard<py::gil_scoped_release>(),
                    R"(Read a CSV file with columns ``code`` and ``name`` (others ignored).

``path`` is a str or an os.PathLike. The file is read by the same RFC 4180 reader as a
programme's tables: LF, CRLF and a lone CR end a line, blank lines are skipped. Raises IoError
when the file cannot be read, ValidationError naming the file, line, column and value for a
bad row.)")
        .def_static(
            "from_rows",
            [](const std::vector<std::pair<RegionArg, std::string>>& rows, std::string source) {
                std::vector<std::pair<RegionCode, std::string>> in;
                in.reserve(rows.size());
                for (const auto& [code, name] : rows) in.emplace_back(code.code, name);
                return RegionTable::from_rows(std::move(in), std::move(source));
            },
            py::arg("rows"), py::arg("source") = "regions",
            R"(A table from ``(code, name)`` pairs in any order; codes may be RegionCode or text.

Raises ValidationError naming ``source``, the record number and the column for an empty name,
a duplicate code or a code whose parent is missing.)")
        .def("__len__", &RegionTable::size)
        .def("__contains__", [](const RegionTable& t, RegionArg c) { return t.contains(c.code); })
        .def(
            "codes",
            [](const RegionTable& t) {
                return std::vector<RegionCode>(t.codes().begin(), t.codes().end());
            },
            R"(Every code, in depth-first order.)")
        .def(
            "name", [](const RegionTable& t, RegionArg c) { return std::string(t.name(c.code)); },
            py::arg("code"),
            R"(The region's name; raises UnknownReferenceError for a code not in the table.)")
        .def(
            "index_of", [](const RegionTable& t, RegionArg c) { return t.index_of(c.code); },
            py::arg("code"), R"(Position of the code in ``codes()``, or None.)")
        .def(
            "children",
            [](const RegionTable& t, std::optional<RegionArg> c) {
                return t.children(c ? c->code : RegionCode{});
            },
            py::arg("code") = py::none(),
            R"(Direct children of ``code`` in depth-first order; the provinces when ``code`` is None.)")
        .def("at_level", &RegionTable::at_level, py::arg("level"),
             R"(Every code at a RegionLevel, in order.)")
        .def("count", &RegionTable::count, py::arg("level"),
             R"(How many codes are at a RegionLevel.)")
        .def(
            "roll_up",
            [](const RegionTable& t, const std::vector<RegionArg>& codes, RegionLevel level) {
                std::vector<RegionCode> in;
                in.reserve(codes.size());
                for (const auto& c : codes) in.push_back(c.code);
                std::vector<RegionCode> out;
                {
                    py::gil_scoped_release release;
                    out = t.roll_up(in, level);
                }
                std::vector<std::optional<RegionCode>> result;
                result.reserve(out.size());
                for (RegionCode c : out) result.push_back(code_or_none(c));
                return result;
            },
            py::arg("codes"), py::arg("level"),
            R"(Each code's ancestor at ``level``; None for a code above that level.

Raises UnknownReferenceError for a code not in the table.)")
        .def(
            "within", [](const RegionTable& t, RegionArg c) { return t.within(c.code); },
            py::arg("code"),
            R"(The part of the table at or beneath ``code``, with its ancestors (one province's table).

Raises UnknownReferenceError for a code not in the table.)")
        .def_property_readonly("source", &RegionTable::source,
                               R"(Where the rows came from: a path, a name, or the regulation.)")
        .def("__repr__", [](const RegionTable& t) {
            return "<okoce.RegionTable " + t.source() + ": " + std::to_string(t.size()) + " codes>";
        });

    py::class_<Population>(m, "Population",
                           R"(Residents of one region: ``male``, ``female`` and ``total``.)")
        .def(py::init([](std::int64_t male, std::int64_t female) {
                 return Population{male, female};
             }),
             py::arg("male"), py::arg("female"))
        .def_readonly("male", &Population::male, R"(Men and boys.)")
        .def_readonly("female", &Population::female, R"(Women and girls.)")
        .def_property_readonly("total", &Population::total, R"(``male + female``.)")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__repr__", [](const Population& p) {
            return "Population(male=" + std::to_string(p.male) +
                   ", female=" + std::to_string(p.female) + ")";
        });

    py::class_<PopulationTable>(
        m, "PopulationTable",
        R"(Population per region (Kemendagri codes), for weights and calibration.

``PopulationTable.indonesia()`` is the embedded table of Kepmendagri 300.2.2-2138/2025: the 38
provinces and 514 kab/kota, 284,973,643 people in all; each province is the sum of its
kab/kota. ``from_rows`` builds one from ``(code, Population)`` pairs.)")
        .def_static("indonesia", &PopulationTable::indonesia, py::return_value_policy::reference,
                    py::call_guard<py::gil_scoped_release>(),
                    R"(Indonesia per province and kab/kota (Kepmendagri 300.2.2-2138/2025).)")
        .def_static(
            "from_rows",
            [](const std::vector<std::pair<RegionArg, Population>>& rows, std::string source) {
                std::vector<std::pair<RegionCode, Population>> in;
                in.reserve(rows.size());
                for (const auto& [code, p] : rows) in.emplace_back(code.code, p);
                return PopulationTable::from_rows(std::move(in), std::move(source));
            },
            py::arg("rows"), py::arg("source") = "population",
            R"(A table from ``(code, Population)`` pairs in any order; codes may be RegionCode or text.

Raises ValidationError naming ``source``, the record number and the column for an empty code, a
duplicate code or a negative count.)")
        .def("__len__", &PopulationTable::size)
        .def("__contains__",
             [](const PopulationTable& t, RegionArg c) { return t.contains(c.code); })
        .def(
            "codes",
            [](const PopulationTable& t) {
                return std::vector<RegionCode>(t.codes().begin(), t.codes().end());
            },
            R"(Every code, in depth-first order.)")
        .def(
            "at", [](const PopulationTable& t, RegionArg c) { return t.at(c.code); },
            py::arg("code"),
            R"(The region's Population; raises UnknownReferenceError for a code not in the table.)")
        .def(
            "get", [](const PopulationTable& t, RegionArg c) { return t.find(c.code); },
            py::arg("code"), R"(The region's Population, or None.)")
        .def_property_readonly(
            "total", &PopulationTable::total,
            R"(The Population of the top-level rows (a province's kab/kota are not counted again).)")
        .def_property_readonly("source", &PopulationTable::source,
                               R"(Where the rows came from: a name, or the regulation.)")
        .def("__repr__", [](const PopulationTable& t) {
            return "<okoce.PopulationTable " + t.source() + ": " + std::to_string(t.size()) +
                   " codes>";
        });
}

} // namespace okoce::python
