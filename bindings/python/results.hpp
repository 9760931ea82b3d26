// A result struct handed to Python from its own field list: every struct that lists its columns
// in `fields()` (table.hpp's field()) becomes a dict of name -> column by result_dict(), one
// conversion per column type, so a new result needs no conversion code of its own.
#pragma once

#include "casters.hpp"
#include "columns.hpp"
#include "register.hpp"

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/milestone.hpp"
#include "okoce/region.hpp"
#include "okoce/table.hpp"

#include <pybind11/numpy.h>

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace okoce::python {

// Numbers as a numpy array (a std::uint8_t column is read as numbers too, not as flags).
template <class T>
requires std::is_arithmetic_v<T> py::object to_column(const std::vector<T>& v) {
    return numbers(v);
}

inline py::object to_column(const std::vector<std::string>& v) {
    py::list l;
    for (const auto& s : v) l.append(py::str(s));
    return l;
}

// Enumerators by their codes, as str.
template <Enumerated E>
py::object to_column(const std::vector<E>& v) {
    py::list l;
    for (const E e : v) l.append(py::str(std::string(to_string(e))));
    return l;
}

// Region codes in dotted form ("31.74.01"), as str.
inline py::object to_column(const std::vector<RegionCode>& v) {
    py::list l;
    for (const RegionCode& c : v) l.append(py::str(c.to_string()));
    return l;
}

// Quarters as "2022Q3" text.
inline py::object to_column(const std::vector<Quarter>& v) {
    py::list l;
    for (const Quarter q : v) l.append(py::str(q.to_string()));
    return l;
}

// Days as numpy datetime64[D], NaT for no_date.
inline py::object to_column(const std::vector<Date>& v) {
    py::array days(py::dtype("M8[D]"),
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
    auto* out = static_cast<std::int64_t*>(days.mutable_data());
    for (std::size_t i = 0; i < v.size(); ++i)
        out[i] =
            v[i].is_special() ? std::numeric_limits<std::int64_t>::min() : days_since_epoch(v[i]);
    return days;
}

// Fixed-width rows as a rows x N numpy matrix.
template <class T, std::size_t N>
py::object to_column(const std::vector<std::array<T, N>>& rows) {
    py::array_t<T> a(std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows.size()),
                                              static_cast<py::ssize_t>(N)});
    auto* out = a.mutable_data();
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t k = 0; k < N; ++k) out[r * N + k] = rows[r][k];
    return a;
}

// A scalar of the result (a count, an option) as a Python int or float.
template <class T>
requires std::is_arithmetic_v<T> py::object to_column(T x) {
    return py::cast(x);
}

// A rule's name carried by the result ("pp_7_2021"), as str.
inline py::object to_column(const std::string& s) {
    return py::str(s);
}

inline py::object to_column(const Milestone& m) {
    return py::str(m.to_string());
}

// Every field of `result`, by its name, in the order of R::fields().
template <class R>
py::dict result_dict(const R& result) {
    py::dict d;
    std::apply(
        [&](const auto&... f) {
            ((d[py::str(std::string(f.name))] = to_column(std::invoke(f.get, result))), ...);
        },
        R::fields());
    return d;
}

} // namespace okoce::python
