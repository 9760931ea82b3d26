// The byte codec, the checks and merge() of every partial, made from its fields() (describe.hpp).
// An analysis's .cpp includes this and names its partial once with OKOCE_PARTIAL(P), which
// instantiates to_bytes, from_bytes, merge and check_partial for it.
#pragma once

#include "okoce/describe.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/grouping.hpp"
#include "okoce/region.hpp"

#include "io/shown.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace okoce::detail {

// ---- the problems a value or a partial can have -------------------------------------------

[[noreturn]] inline void bad_partial(std::string_view kind, std::string_view field,
                                     const std::string& problem) {
    std::string m(kind);
    if (!field.empty()) m += " field '" + std::string(field) + "'";
    throw error(m + ": " + problem);
}

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_array : std::false_type {};
template <class T, std::size_t N>
struct is_array<std::array<T, N>> : std::true_type {};
template <class T>
struct is_enum_set : std::false_type {};
template <class E>
struct is_enum_set<EnumSet<E>> : std::true_type {};

// A record such as Milestone or PhaseRules: described by table.hpp's field() list.
template <class T>
concept Record = !Partial<T> && requires {
    T::fields();
};

// The largest count a partial may hold: more people than there are, by far, yet small enough
// that a finish() summing every count of a partial (at most a few hundred thousand of them)
// cannot overflow 64 bits.
inline constexpr std::int64_t max_count = std::int64_t{1} << 40;

inline constexpr std::int64_t first_day_number = 2415021; // 1900-01-01, Julian day number
inline constexpr std::int64_t last_day_number = 2525215;  // 2200-12-31
inline constexpr std::int32_t first_quarter_index = first_supported_year * 4;
inline constexpr std::int32_t last_quarter_index = last_supported_year * 4 + 3;

struct Where {
    std::string_view kind, field;
    [[noreturn]] void fail(const std::string& problem) const { bad_partial(kind, field, problem); }
};

// Throws unless `v` is a value a made partial can hold (see from_bytes in describe.hpp).
template <class T>
void check_value(const T& v, const Where& at) {
    if constexpr (std::is_same_v<T, std::int64_t>) {
        if (v < 0) at.fail("a negative count " + std::to_string(v));
        if (v > max_count) at.fail("a count of " + std::to_string(v) + ", above 2^40");
    } else if constexpr (std::is_same_v<T, std::int32_t>) {
        // Signed by nature (a rule's threshold); ranges are the partial's own check().
    } else if constexpr (std::is_same_v<T, double>) {
        if (!std::isfinite(v)) at.fail("a value that is not a finite number");
    } else if constexpr (std::is_same_v<T, Date>) {
        if (v.is_special()) at.fail("no date where a date is required");
        // By day number: year() of a date that no constructor made can throw.
        const auto day = static_cast<std::int64_t>(v.day_number());
        if (day < first_day_number || day > last_day_number)
            at.fail(std::string("a date outside ") + supported_dates);
    } else if constexpr (std::is_same_v<T, Quarter>) {
        if (v.index() < first_quarter_index || v.index() > last_quarter_index)
            at.fail("a quarter outside 1900Q1..2200Q4");
    } else if constexpr (std::is_same_v<T, std::optional<Quarter>>) {
        if (v) check_value(*v, at);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (io::detail::first_invalid_utf8(v) != std::string_view::npos)
            at.fail("text that is not UTF-8");
    } else if constexpr (std::is_same_v<T, RegionCode>) {
        if (!v.valid()) at.fail("no region where a region code is required");
    } else if constexpr (Enumerated<T>) {
        if (entry_of(v) == nullptr)
            at.fail(std::to_string(static_cast<std::uint64_t>(underlying(v))) + " is not " +
                    std::string(enum_traits<T>::what));
    } else if constexpr (is_enum_set<T>::value) {
        if ((v.bits() & ~T::all().bits()) != 0) at.fail("a set with members outside its table");
    } else if constexpr (is_array<T>::value || is_vector<T>::value) {
        for (const auto& x : v) check_value(x, at);
    } else if constexpr (Record<T>) {
        std::apply([&](const auto&... f) { (check_value(std::invoke(f.get, v), at), ...); },
                   T::fields());
    } else {
        static_assert(sizeof(T) == 0, "a partial's field of a type the codec does not know");
    }
}

// ---- bytes ----------------------------------------------------------------------------------

class ByteWriter {
public:
    void u64(std::uint64_t v) {
        for (int k = 0; k < 8; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
    }
    void text(std::string_view s) {
        u64(s.size());
        out_.append(s);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : in_(in) {}
    std::uint64_t u64() {
        if (in_.size() - at_ < 8) cut_short();
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + k])) << (8 * k);
        at_ += 8;
        return v;
    }
    // A length prefix, checked against what is left (each element takes at least min_bytes).
    std::size_t count(std::size_t min_bytes) {
        const auto n = u64();
        if (n > (in_.size() - at_) / std::max<std::size_t>(min_bytes, 1)) cut_short();
        return static_cast<std::size_t>(n);
    }
    std::string text() {
        const auto n = count(1);
        std::string s(in_.substr(at_, n));
        at_ += n;
        return s;
    }
    bool done() const noexcept { return at_ == in_.size(); }
    [[noreturn]] static void cut_short() { throw error("from_bytes: the bytes are cut short"); }

private:
    std::string_view in_;
    std::size_t at_ = 0;
};

// The fewest bytes one encoded T takes, so a length prefix cannot promise more than is left.
template <class T>
constexpr std::size_t min_bytes() {
    if constexpr (is_array<T>::value)
        return std::tuple_size_v<T> * min_bytes<typename T::value_type>();
    else if constexpr (Record<T>)
        return 8 * std::tuple_size_v<decltype(T::fields())>;
    else
        return 8;
}

template <class T>
void put(ByteWriter& w, const T& v) {
    if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::int32_t>) {
        w.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
    } else if constexpr (std::is_same_v<T, double>) {
        w.u64(std::bit_cast<std::uint64_t>(v));
    } else if constexpr (std::is_same_v<T, Date>) {
        w.u64(static_cast<std::uint64_t>(v.day_number()));
    } else if constexpr (std::is_same_v<T, Quarter>) {
        w.u64(static_cast<std::uint64_t>(v.index()));
    } else if constexpr (std::is_same_v<T, std::optional<Quarter>>) {
        w.u64(v ? static_cast<std::uint64_t>(v->index()) : ~std::uint64_t{0});
    } else if constexpr (std::is_same_v<T, std::string>) {
        w.text(v);
    } else if constexpr (std::is_same_v<T, RegionCode>) {
        w.u64(v.packed());
    } else if constexpr (Enumerated<T>) {
        w.u64(static_cast<std::uint64_t>(underlying(v)));
    } else if constexpr (is_enum_set<T>::value) {
        w.u64(v.bits());
    } else if constexpr (is_array<T>::value) {
        for (const auto& x : v) put(w, x);
    } else if constexpr (is_vector<T>::value) {
        w.u64(v.size());
        for (const auto& x : v) put(w, x);
    } else if constexpr (Record<T>) {
        std::apply([&](const auto&... f) { (put(w, std::invoke(f.get, v)), ...); }, T::fields());
    }
}

// Reads a T, refusing what T cannot hold; check_value then refuses what a partial cannot hold.
template <class T>
void get(ByteReader& r, T& v, const Where& at) {
    if constexpr (std::is_same_v<T, std::int64_t>) {
        v = static_cast<std::int64_t>(r.u64());
    } else if constexpr (std::is_same_v<T, std::int32_t>) {
        const auto x = static_cast<std::int64_t>(r.u64());
        if (x < std::numeric_limits<std::int32_t>::min() ||
            x > std::numeric_limits<std::int32_t>::max())
            at.fail(std::to_string(x) + " does not fit 32 bits");
        v = static_cast<std::int32_t>(x);
    } else if constexpr (std::is_same_v<T, double>) {
        v = std::bit_cast<double>(r.u64());
    } else if constexpr (std::is_same_v<T, Date>) {
        const auto x = static_cast<std::int64_t>(r.u64());
        if (x < first_day_number || x > last_day_number)
            at.fail(std::string("a day number outside ") + supported_dates);
        const auto ymd = Date::calendar_type::from_day_number(static_cast<Date::date_int_type>(x));
        v = Date(ymd.year, ymd.month, ymd.day);
    } else if constexpr (std::is_same_v<T, Quarter>) {
        const auto x = r.u64();
        if (x < static_cast<std::uint64_t>(first_quarter_index) ||
            x > static_cast<std::uint64_t>(last_quarter_index))
            at.fail("a quarter outside 1900Q1..2200Q4");
        v = Quarter::from_index(static_cast<std::int32_t>(x));
    } else if constexpr (std::is_same_v<T, std::optional<Quarter>>) {
        const auto x = r.u64();
        if (x == ~std::uint64_t{0}) {
            v.reset();
        } else {
            if (x < static_cast<std::uint64_t>(first_quarter_index) ||
                x > static_cast<std::uint64_t>(last_quarter_index))
                at.fail("a quarter outside 1900Q1..2200Q4");
            v = Quarter::from_index(static_cast<std::int32_t>(x));
        }
    } else if constexpr (std::is_same_v<T, std::string>) {
        v = r.text();
    } else if constexpr (std::is_same_v<T, RegionCode>) {
        v = RegionCode::from_packed(r.u64());
    } else if constexpr (Enumerated<T>) {
        using U = std::underlying_type_t<T>;
        const auto x = r.u64();
        if (x > std::numeric_limits<U>::max())
            at.fail(std::to_string(x) + " is not " + std::string(enum_traits<T>::what));
        v = static_cast<T>(static_cast<U>(x));
    } else if constexpr (is_enum_set<T>::value) {
        const auto x = r.u64();
        if (x > std::numeric_limits<typename T::Bits>::max())
            at.fail("a set with members outside its table");
        v = T::from_bits(static_cast<typename T::Bits>(x));
    } else if constexpr (is_array<T>::value) {
        for (auto& x : v) get(r, x, at);
    } else if constexpr (is_vector<T>::value) {
        using E = typename T::value_type;
        const auto n = r.count(min_bytes<E>());
        v.clear();
        v.reserve(n);
        for (std::size_t k = 0; k < n; ++k) get(r, v.emplace_back(), at);
    } else if constexpr (Record<T>) {
        std::apply([&](const auto&... f) { (get(r, std::invoke(f.get, v), at), ...); },
                   T::fields());
    }
    check_value(v, at);
}

// ---- structure ------------------------------------------------------------------------------

template <class F>
inline constexpr bool per_row =
    F::role == FieldRole::key || F::role == FieldRole::id || F::role == FieldRole::same ||
    F::role == FieldRole::sum || F::role == FieldRole::series_key ||
    F::role == FieldRole::series_sum;

template <class P, class Each>
void for_each_partial_field(Each&& each) {
    std::apply([&](const auto&... f) { (each(f), ...); }, P::fields());
}

// The rows of a partial: its labels' count, or (with no labels) the length of its first per-row
// field, which every other per-row field must share.
template <Partial P>
std::size_t row_count(const P& p) {
    std::optional<std::size_t> n;
    for_each_partial_field<P>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (per_row<F>)
            if (!n) n = (p.*(f.member)).size();
    });
    return n.value_or(0);
}

template <Partial P>
void check_structure(const P& p) {
    const std::size_t rows = row_count(p);
    std::optional<std::size_t> list_rows;
    std::vector<std::size_t> series_lengths; // per row, of the latest series_key field
    for_each_partial_field<P>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        const auto& v = p.*(f.member);
        const Where at{P::kind, f.name};
        if constexpr (per_row<F>) {
            if (v.size() != rows)
                at.fail(std::to_string(v.size()) + " rows where the partial has " +
                        std::to_string(rows));
        }
        if constexpr (F::role == FieldRole::key) {
            for (std::size_t k = 1; k < v.size(); ++k)
                if (!(v[k - 1] < v[k])) at.fail("labels not sorted, or repeated");
        } else if constexpr (F::role == FieldRole::id) {
            std::vector<std::string_view> sorted(v.begin(), v.end());
            std::sort(sorted.begin(), sorted.end());
            if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                at.fail("an id that appears twice");
        } else if constexpr (F::role == FieldRole::series_key) {
            series_lengths.clear();
            for (const auto& s : v) {
                for (std::size_t k = 1; k < s.size(); ++k)
                    if (!(s[k - 1] < s[k])) at.fail("days not sorted, or repeated");
                series_lengths.push_back(s.size());
            }
        } else if constexpr (F::role == FieldRole::series_sum) {
            for (std::size_t r = 0; r < v.size(); ++r)
                if (r >= series_lengths.size() || v[r].size() != series_lengths[r])
                    at.fail("a series whose counts and days differ in length");
        } else if constexpr (F::role == FieldRole::rows) {
            if (!list_rows) list_rows = v.size();
            if (v.size() != *list_rows)
                at.fail(std::to_string(v.size()) + " rows where the list has " +
                        std::to_string(*list_rows));
        }
    });
}

// ---- merge ----------------------------------------------------------------------------------

inline constexpr std::size_t absent = static_cast<std::size_t>(-1);
using RowPairs = std::vector<std::pair<std::size_t, std::size_t>>;

// The union of two strictly ascending lists: per element of the union, its row in a and in b.
template <class T>
RowPairs union_pairs(const std::vector<T>& a, const std::vector<T>& b) {
    RowPairs out;
    out.reserve(std::max(a.size(), b.size()));
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j]))
            out.emplace_back(i++, absent);
        else if (i == a.size() || b[j] < a[i])
            out.emplace_back(absent, j++);
        else
            out.emplace_back(i++, j++);
    }
    return out;
}

// Rows of a in order, each matched to b's row of the same id; then b's rows new to a.
inline RowPairs id_pairs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::size_t> order(b.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return b[x] < b[y]; });
    const auto find = [&](const std::string& id) {
        const auto it =
            std::lower_bound(order.begin(), order.end(), id,
                             [&](std::size_t k, const std::string& v) { return b[k] < v; });
        return it != order.end() && b[*it] == id ? *it : absent;
    };
    RowPairs out;
    std::vector<bool> matched(b.size(), false);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::size_t j = find(a[i]);
        if (j != absent) matched[j] = true;
        out.emplace_back(i, j);
    }
    for (std::size_t j = 0; j < b.size(); ++j)
        if (!matched[j]) out.emplace_back(absent, j);
    return out;
}

inline std::int64_t checked_add(std::int64_t x, std::int64_t y, const Where& at) {
    std::int64_t s = 0;
    if (__builtin_add_overflow(x, y, &s) || s > max_count)
        at.fail("the merged count would overflow (above 2^40)");
    return s;
}

template <class T>
T added(const T* x, const T* y, const Where& at) {
    if (x == nullptr) return *y;
    if (y == nullptr) return *x;
    if constexpr (std::is_same_v<T, std::int64_t>) {
        return checked_add(*x, *y, at);
    } else {
        if (x->size() != y->size()) at.fail("rows of counts of different widths");
        T out = *x;
        for (std::size_t k = 0; k < out.size(); ++k) out[k] = checked_add((*x)[k], (*y)[k], at);
        return out;
    }
}

template <Partial P>
void merge_partials(P& into, const P& other) {
    check_partial(into);
    check_partial(other);
    // Options first, so a mismatch names the option rather than a consequence of it.
    for_each_partial_field<P>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (F::role == FieldRole::option)
            if (!(into.*(f.member) == other.*(f.member)))
                throw error("merge: the partials were made with a different " +
                            std::string(f.name) +
                            "; make every part's partial with the same options");
    });
    RowPairs pairs;
    bool labelled = false;
    const std::vector<std::string>* names = nullptr; // the rows' labels, when they are text
    for_each_partial_field<P>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (F::role == FieldRole::key) {
            pairs = union_pairs(into.*(f.member), other.*(f.member));
            labelled = true;
        } else if constexpr (F::role == FieldRole::id) {
            pairs = id_pairs(into.*(f.member), other.*(f.member));
            names = &(into.*(f.member));
            labelled = true;
        }
    });
    if (!labelled) { // rows by position: both partials' options fix how many
        const std::size_t n = row_count(into);
        if (row_count(other) != n) bad_partial(P::kind, "", "partials of different lengths");
        for (std::size_t k = 0; k < n; ++k) pairs.emplace_back(k, k);
    }
    P out;
    std::vector<RowPairs> series; // per row, the union of the latest series_key's days
    for_each_partial_field<P>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        const auto& a = into.*(f.member);
        const auto& b = other.*(f.member);
        auto& o = out.*(f.member);
        const Where at{P::kind, f.name};
        if constexpr (F::role == FieldRole::option) {
            o = a;
        } else if constexpr (F::role == FieldRole::key || F::role == FieldRole::id ||
                             F::role == FieldRole::same) {
            o.reserve(pairs.size());
            for (const auto& [i, j] : pairs) {
                if (i != absent && j != absent && !(a[i] == b[j]))
                    throw error("merge: the partials hold a different " + std::string(f.name) +
                                (names ? " for " + (*names)[i] : std::string(" for a row")) +
                                "; make every part's partial from the same data");
                o.push_back(i != absent ? a[i] : b[j]);
            }
        } else if constexpr (F::role == FieldRole::sum) {
            o.reserve(pairs.size());
            for (const auto& [i, j] : pairs)
                o.push_back(
                    added(i != absent ? &a[i] : nullptr, j != absent ? &b[j] : nullptr, at));
        } else if constexpr (F::role == FieldRole::series_key) {
            series.clear();
            o.reserve(pairs.size());
            for (const auto& [i, j] : pairs) {
                using Days = typename std::decay_t<decltype(a)>::value_type;
                static const Days none;
                const Days& da = i != absent ? a[i] : none;
                const Days& db = j != absent ? b[j] : none;
                series.push_back(union_pairs(da, db));
                auto& days = o.emplace_back();
                days.reserve(series.back().size());
                for (const auto& [x, y] : series.back())
                    days.push_back(x != absent ? da[x] : db[y]);
            }
        } else if constexpr (F::role == FieldRole::series_sum) {
            o.reserve(pairs.size());
            for (std::size_t r = 0; r < pairs.size(); ++r) {
                const auto [i, j] = pairs[r];
                auto& counts = o.emplace_back();
                counts.reserve(series[r].size());
                for (const auto& [x, y] : series[r])
                    counts.push_back(added(x != absent ? &a[i][x] : nullptr,
                                           y != absent ? &b[j][y] : nullptr, at));
            }
        } else if constexpr (F::role == FieldRole::rows) {
            o.reserve(a.size() + b.size());
            o.insert(o.end(), a.begin(), a.end());
            o.insert(o.end(), b.begin(), b.end());
        } else if constexpr (F::role == FieldRole::total) {
            o = checked_add(a, b, at);
        }
    });
    into = std::move(out);
}

// Gives each summed column of a partial `n` rows of zeros, to count into by row.
template <Partial P>
void zero_rows(P& p, std::size_t n) {
    for_each_partial_field<P>([&](const auto& f) {
        if constexpr (std::decay_t<decltype(f)>::role == FieldRole::sum) {
            auto& column = p.*(f.member);
            column.assign(n, typename std::decay_t<decltype(column)>::value_type{});
        }
    });
}

// Of a partial whose summed columns were counted with a row for every row of the analysis,
// keeps rows `kept`, in that order, in each of them.
template <Partial P>
void keep_rows(P& p, const std::vector<std::size_t>& kept) {
    for_each_partial_field<P>([&](const auto& f) {
        if constexpr (std::decay_t<decltype(f)>::role == FieldRole::sum) {
            auto& column = p.*(f.member);
            std::decay_t<decltype(column)> rows;
            rows.reserve(kept.size());
            for (const std::size_t r : kept) rows.push_back(column[r]);
            column = std::move(rows);
        }
    });
}

// Of a partial counted with a row for every group of `groups`, keeps the groups someone falls
// in (`people` above zero), with their labels; groups nobody falls in are left out, but never
// "all", the one group of GroupBy::none.
template <Partial P>
void keep_groups(P& p, const Groups& groups, const std::vector<std::int64_t>& people,
                 GroupBy by) {
    std::vector<std::size_t> kept;
    for (std::size_t g = 0; g < groups.size(); ++g)
        if (people[g] > 0 || by == GroupBy::none) kept.push_back(g);
    for (const std::size_t g : kept) p.group.push_back(groups.label[g]);
    keep_rows(p, kept);
}

} // namespace okoce::detail

namespace okoce {

template <Partial P>
void check_partial(const P& p) {
    detail::for_each_partial_field<P>([&](const auto& f) {
        detail::check_value(p.*(f.member), detail::Where{P::kind, f.name});
    });
    detail::check_structure(p);
    if constexpr (requires { p.check(); }) p.check();
}

template <Partial P>
std::string to_bytes(const P& p) {
    check_partial(p);
    detail::ByteWriter w;
    w.text(P::kind);
    w.u64(partial_format_version);
    detail::for_each_partial_field<P>([&](const auto& f) { detail::put(w, p.*(f.member)); });
    return w.take();
}

template <Partial P>
void from_bytes(std::string_view bytes, P& p) {
    const PartialTag tag = read_partial_tag(bytes);
    if (tag.kind != P::kind)
        throw error("from_bytes: not a " + std::string(P::kind) + " (the bytes hold " +
                    (tag.kind.empty() ? std::string("something else") : tag.kind) + ")");
    if (tag.version != partial_format_version)
        throw error("from_bytes: " + std::string(P::kind) + " format version " +
                    std::to_string(tag.version) + ", this library reads version " +
                    std::to_string(partial_format_version));
    detail::ByteReader r(bytes);
    (void)r.text();
    (void)r.u64();
    P got;
    detail::for_each_partial_field<P>([&](const auto& f) {
        detail::get(r, got.*(f.member), detail::Where{P::kind, f.name});
    });
    if (!r.done()) throw error("from_bytes: bytes left over after the " + std::string(P::kind));
    try {
        detail::check_structure(got);
        if constexpr (requires { got.check(); }) got.check();
    } catch (const error& e) {
        throw error(std::string("from_bytes: ") + e.what());
    }
    p = std::move(got);
}

template <Partial P>
void merge(P& into, const P& other) {
    detail::merge_partials(into, other);
}

} // namespace okoce

// Instantiates the codec, checks and merge of partial P (in the .cpp of its analysis).
#define OKOCE_PARTIAL(P)                                                                           \
    template std::string okoce::to_bytes<P>(const P&);                                             \
    template void okoce::from_bytes<P>(std::string_view, P&);                                      \
    template void okoce::merge<P>(P&, const P&);                                                   \
    template void okoce::check_partial<P>(const P&)
