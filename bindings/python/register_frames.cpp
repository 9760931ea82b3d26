// DataFrames in: okoce._from_frames turns each frame's columns into numpy arrays (one per column,
// no Python object per row for numbers and dates) and hands them here, where they become
// io::InputColumns for io::from_columns, which validates them as a load validates a CSV folder.
// Object columns (text, and whatever else pandas left as objects) are read once, here, with
// the GIL held: a str is used in place (its UTF-8 buffer), None/NaN/NA/NaT are missing, a date
// is written as YYYY-MM-DD, a number as its digits, anything else as its str().
#include "casters.hpp"
#include "register.hpp"

#include "okoce/error.hpp"
#include "okoce/io/columns.hpp"

#include <pybind11/numpy.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace okoce::python {

namespace {

// Everything the InputColumns point into, kept until from_columns returns.
struct Held {
    std::vector<py::object> arrays;
    std::deque<std::vector<std::string_view>> views;
    std::deque<std::string> texts;
};

std::string_view keep(Held& held, std::string s) {
    held.texts.push_back(std::move(s));
    return held.texts.back();
}

// One object of an object column as text; `row` and the names are for errors.
std::string_view object_text(Held& held, PyObject* o, const py::handle& missing_na,
                             const py::handle& missing_nat, bool is_nik, const std::string& table,
                             const std::string& column, std::size_t row) {
    if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        const char* s = PyUnicode_AsUTF8AndSize(o, &n);
        if (s == nullptr) { // a lone surrogate: not text that UTF-8 can hold
            PyErr_Clear();
            throw validation_error({table, row + 1, column}, "(text with a lone surrogate)",
                                   "UTF-8 text");
        }
        return {s, static_cast<std::size_t>(n)};
    }
    if (o == Py_None || o == missing_na.ptr() || o == missing_nat.ptr()) return {};
    if (PyFloat_Check(o)) {
        const double x = PyFloat_AS_DOUBLE(o);
        if (std::isnan(x)) return {};
        if (is_nik)
            throw validation_error({table, row + 1, column}, "(a number)",
                                   std::string(io::nik_as_number_expected));
        if (x == std::floor(x) && std::fabs(x) < 9.0e18)
            return keep(held, std::to_string(static_cast<long long>(x)));
        char b[40];
        std::snprintf(b, sizeof b, "%.17g", x);
        return keep(held, b);
    }
    PyDateTime_CAPI* api = datetime_api(); // the PyDate_Check macros need a per-file import
    if (PyObject_TypeCheck(o, api->DateType)) {
        char b[40];
        const int y = PyDateTime_GET_YEAR(o), m = PyDateTime_GET_MONTH(o),
                  d = PyDateTime_GET_DAY(o);
        if (PyObject_TypeCheck(o, api->DateTimeType) &&
            (PyDateTime_DATE_GET_HOUR(o) || PyDateTime_DATE_GET_MINUTE(o) ||
             PyDateTime_DATE_GET_SECOND(o) || PyDateTime_DATE_GET_MICROSECOND(o)))
            std::snprintf(b, sizeof b, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
                          PyDateTime_DATE_GET_HOUR(o), PyDateTime_DATE_GET_MINUTE(o),
                          PyDateTime_DATE_GET_SECOND(o));
        else
            std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
        return keep(held, b);
    }
    // An int, a numpy scalar, a Decimal, a bool...: its str(), which the decoder then judges.
    return keep(held, py::str(py::handle(o)).cast<std::string>());
}

std::vector<std::string_view>& object_views(Held& held, const py::array& array,
                                            const std::string& table, const std::string& column) {
    if (array.ndim() != 1 || !array.dtype().is(py::dtype("O")))
        throw py::type_error("okoce._from_columns: column " + table + "." + column +
                             ": expected a 1-dimensional object array");
    const py::array a = py::array::ensure(array, py::array::c_style);
    held.arrays.push_back(a);
    const auto n = static_cast<std::size_t>(a.size());
    auto& out = held.views.emplace_back(n);
    auto* const* objects = static_cast<PyObject* const*>(a.data());
    const py::module_ pandas = py::module_::import("pandas");
    const py::object na = pandas.attr("NA"), nat = pandas.attr("NaT");
    const bool is_nik = table == "participants" && column == "nik";
    for (std::size_t r = 0; r < n; ++r)
        out[r] = object_text(held, objects[r], na, nat, is_nik, table, column, r);
    return out;
}

template <class T>
std::span<const T> numeric(Held& held, const py::object& o) {
    auto a = py::array_t<T, py::array::c_style>::ensure(o);
    if (!a) throw py::type_error("okoce._from_columns: a numeric column of the wrong dtype");
    held.arrays.push_back(a);
    return {a.data(), static_cast<std::size_t>(a.size())};
}

std::span<const std::uint8_t> mask_of(Held& held, const py::object& o) {
    if (o.is_none()) return {};
    return numeric<std::uint8_t>(held, o);
}

io::InputColumn column_of(Held& held, const std::string& table, const py::tuple& t) {
    const auto kind = t[0].cast<std::string>();
    auto name = t[1].cast<std::string>();
    if (kind == "text")
        return io::InputColumn::text(name, object_views(held, t[2].cast<py::array>(), table, name));
    if (kind == "int")
        return io::InputColumn::integers(name, numeric<std::int64_t>(held, t[2]),
                                         mask_of(held, t[3]));
    if (kind == "float") return io::InputColumn::numbers(name, numeric<double>(held, t[2]));
    if (kind == "days") return io::InputColumn::days(name, numeric<std::int64_t>(held, t[2]));
    if (kind == "quarter")
        return io::InputColumn::quarters(name, numeric<std::int32_t>(held, t[2]),
                                         mask_of(held, t[3]));
    if (kind == "categorical") {
        const auto& cats = object_views(held, t[3].cast<py::array>(), table, name);
        return io::InputColumn::categorical(name, numeric<std::int32_t>(held, t[2]), cats);
    }
    throw py::value_error("okoce._from_columns: unknown column kind '" + kind + "'");
}

} // namespace

void register_frames(py::module_& m) {
    m.def(
        "_from_columns",
        [](const py::dict& tables, std::size_t collect_errors, bool warnings) -> py::object {
            Held held;
            std::vector<io::InputTable> in;
            for (const auto& [key, columns] : tables) {
                const auto table = key.cast<std::string>();
                const auto t = try_parse<Table>(table);
                if (!t)
                    throw py::value_error("okoce._from_columns: no table named '" + table + "'");
                io::InputTable it{*t, {}};
                for (const auto& c : columns.cast<py::list>())
                    it.columns.push_back(column_of(held, table, c.cast<py::tuple>()));
                in.push_back(std::move(it));
            }
            // The GIL stays held: the text columns are views into str objects that another
            // thread could otherwise replace (and free) in the arrays while they are read.
            io::LoadOptions options;
            options.collect_errors = collect_errors;
            io::LoadResult r = io::from_columns(in, options);
            auto p = std::make_shared<Programme>(std::move(r.programme));
            if (!warnings) return py::cast(p);
            return py::make_tuple(p, std::move(r.warnings));
        },
        py::arg("tables"), py::arg("collect_errors") = 0, py::arg("warnings") = false,
        R"(Build a programme from tables as columns (used by okoce.from_frames; see okoce._from_frames).

``tables``: table name -> list of column tuples, (kind, name, arrays...): ("text", name,
object array), ("int", name, int64 array, uint8 missing-mask or None), ("float", name, float64
array), ("days", name, int64 days since 1970-01-01, NaT as the smallest int64), ("quarter",
name, int32 Quarter index, mask or None), ("categorical", name, int32 codes, object array of
categories). Errors name the table as ``file`` and the 1-based row as ``line``.)");

    m.def(
        "_mask_digit_runs", [](std::string s) { return mask_digit_runs(std::move(s)); },
        py::arg("text"),
        R"(Text with every run of 16 or more digits masked as an error shows it.)");
    m.attr("_NIK_AS_NUMBER_EXPECTED") = std::string(io::nik_as_number_expected);
    m.def("_looks_like_scientific_number", &io::looks_like_scientific_number, py::arg("text"),
          R"(True for text a spreadsheet writes for a large number, such as "3.17401E+15".)");
}

} // namespace okoce::python
