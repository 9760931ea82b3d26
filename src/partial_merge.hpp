// Shared by the analyses' merge() functions (partial.hpp): partials list group labels sorted,
// so a merge is one walk over both lists.
#pragma once

#include "okoce/error.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace okoce::detail {

inline constexpr std::size_t absent_row = static_cast<std::size_t>(-1);

inline void require_same(bool same, std::string_view option) {
    if (!same)
        throw error("merge: the partials were made with a different " + std::string(option) +
                    "; make every part's partial with the same options");
}

// The union of two sorted label lists, calling on_row(i, j) for each label of the union in
// order, with its row in a and in b (absent_row where the label is not there).
template <class OnRow>
std::vector<std::string> union_rows(const std::vector<std::string>& a,
                                    const std::vector<std::string>& b, OnRow on_row) {
    std::vector<std::string> out;
    out.reserve(a.size() + b.size());
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) {
            on_row(i, absent_row);
            out.push_back(a[i++]);
        } else if (i == a.size() || b[j] < a[i]) {
            on_row(absent_row, j);
            out.push_back(b[j++]);
        } else {
            on_row(i, j);
            out.push_back(a[i]);
            ++i;
            ++j;
        }
    }
    return out;
}

inline std::int64_t cell(const std::vector<std::int64_t>& v, std::size_t r) {
    return r == absent_row ? 0 : v[r];
}
template <std::size_t N>
std::array<std::int64_t, N> cell(const std::vector<std::array<std::int64_t, N>>& v, std::size_t r) {
    return r == absent_row ? std::array<std::int64_t, N>{} : v[r];
}
// The sum of a column's cells at rows i of a and j of b.
template <class T>
auto added(const std::vector<T>& a, std::size_t i, const std::vector<T>& b, std::size_t j) {
    auto x = cell(a, i);
    const auto y = cell(b, j);
    if constexpr (std::is_same_v<T, std::int64_t>) {
        return x + y;
    } else {
        for (std::size_t k = 0; k < x.size(); ++k) x[k] += y[k];
        return x;
    }
}

} // namespace okoce::detail
