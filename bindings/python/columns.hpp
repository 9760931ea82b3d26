// Column shapes shared by the files that hand tables to Python: the tagged tuples that
// okoce._frames turns into pandas columns without a Python object per row (see its docstring).
#pragma once

#include "register.hpp"

#include "okoce/calendar.hpp"
#include "okoce/programme.hpp"

#include "huge_pages.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace okoce::python {

// A new numpy array of n values, not yet written; a large one is a buffer of whole huge pages
// (src/huge_pages.hpp), since at millions of rows faulting in a fresh column 4 KiB at a time
// costs more than filling it. Every per-row column handed to Python starts here.
template <class T>
py::array_t<T> fresh_array(std::size_t n) {
    const auto size = static_cast<py::ssize_t>(n);
    if (n * sizeof(T) < detail::huge_advice_min_bytes) return py::array_t<T>(size);
    std::unique_ptr<void, void (*)(void*)> held(detail::allocate_huge(n * sizeof(T)),
                                                [](void* p) { detail::free_huge(p); });
    py::capsule owner(held.get(), [](void* p) { detail::free_huge(p); });
    return py::array_t<T>(size, static_cast<T*>(held.release()), owner);
}

// A copy of a vector of numbers as a numpy array (for results computed here, not store views).
template <class T>
py::array_t<T> numbers(const std::vector<T>& v) {
    auto a = fresh_array<T>(v.size());
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

// A result column handed to numpy without a copy: the vector moves into a capsule that the
// array keeps alive. At millions of rows a copy doubles the fresh pages each call touches.
template <class T>
py::array_t<T> numbers(std::vector<T>&& v) {
    auto* held = new std::vector<T>(std::move(v));
    py::capsule owner(held, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>(static_cast<py::ssize_t>(held->size()), held->data(), owner);
}

// Integer codes into `categories` (a list, or the name of a table whose ids are the
// categories), -1 for missing.
inline py::tuple categorical(py::array codes, py::object categories, bool ordered) {
    return py::make_tuple("categorical", std::move(codes), std::move(categories), ordered);
}

// Rows of another table as a categorical of that table's ids; no_index becomes missing. The
// categories are named, not built: okoce._frames fetches them once per programme with _ids(),
// since making (and pandas checking) 330,000 id strings per call would dominate the time.
inline py::tuple reference_column(const std::vector<Index>& rows, const char* ids_of) {
    auto a = fresh_array<std::int32_t>(rows.size());
    auto* out = a.mutable_data();
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < rows.size(); ++i)
            out[i] = rows[i] == no_index ? -1 : static_cast<std::int32_t>(rows[i]);
    }
    return categorical(std::move(a), py::str(ids_of), false);
}

// Quarters as pandas quarterly periods, which pandas numbers from 1970Q1 = 0; a missing
// quarter becomes NaT (pandas' iNaT ordinal).
template <class Get>
py::tuple quarter_column(std::size_t n, Get get) {
    constexpr std::int32_t pandas_origin = 1970 * 4;
    auto a = fresh_array<std::int64_t>(n);
    auto* out = a.mutable_data();
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i) {
            const std::optional<Quarter> q = get(i);
            out[i] = q ? q->index() - pandas_origin : std::numeric_limits<std::int64_t>::min();
        }
    }
    return py::make_tuple("period", std::move(a), "Q-DEC");
}

} // namespace okoce::python
