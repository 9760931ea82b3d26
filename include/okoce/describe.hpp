// How a partial result describes itself once. A partial (see partial.hpp) lists its fields in
// `fields()`, each with its role in a merge: an option both partials must share, the rows'
// labels, a per-row count to add, a per-row series of (day, count) to merge, a column of a list
// to concatenate. The byte codec, merge(), the checks on decoded bytes and the Python form are
// all made from that one list, so a new analysis declares its fields and writes no codec.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/error.hpp"

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace okoce {

enum class FieldRole : std::uint8_t {
    option,     // made with it; both partials must hold the same value to merge
    key,        // the rows' labels, strictly ascending; a merge takes the union
    id,         // the rows' ids, unique, in the order first met; a merge matches rows by id
    same,       // a per-row value both partials must agree on (a target's definition)
    sum,        // a per-row count (or fixed row of counts), added; zero where a row is absent
    series_key, // per row, strictly ascending days; a merge takes the union per row
    series_sum, // per row and day of the series_key field before it, a count, added
    rows,       // a column of a list of rows, concatenated
    total,      // one count for the whole partial, added
};

template <FieldRole R, class P, class M>
struct PartialField {
    static constexpr FieldRole role = R;
    std::string_view name;
    M P::*member;
};

// A role, called with a field's name and member: as::sum("registered", &P::registered).
template <FieldRole R>
struct Role {
    template <class P, class M>
    constexpr PartialField<R, P, M> operator()(std::string_view name, M P::*m) const noexcept {
        return {name, m};
    }
};

namespace as {
inline constexpr Role<FieldRole::option> option{};
inline constexpr Role<FieldRole::key> key{};
inline constexpr Role<FieldRole::id> id{};
inline constexpr Role<FieldRole::same> same{};
inline constexpr Role<FieldRole::sum> sum{};
inline constexpr Role<FieldRole::series_key> series_key{};
inline constexpr Role<FieldRole::series_sum> series_sum{};
inline constexpr Role<FieldRole::rows> rows{};
inline constexpr Role<FieldRole::total> total{};
} // namespace as

// A partial result: a name (the tag of its bytes and its Python class) and its fields. Its first
// field is an option that a made partial always holds in range (as_of, or the first quarter), so
// a partial that was default-constructed and never made is told apart and refused.
template <class P>
concept Partial = requires {
    { P::kind } -> std::convertible_to<std::string_view>;
    P::fields();
};

// Compact bytes for shipping a partial between processes (a Dask worker and its client, or a C++
// program's own scheduler): the kind's tag and a format version, then the fields in order,
// little-endian. from_bytes checks everything it reads: the tag and version, every length
// against the bytes left and against the other columns, every enum against its table, every
// date and quarter against the supported range, every count for being >= 0, labels for being
// sorted and unique and UTF-8, and the partial's own invariants (P::check(), when it has one);
// any failure throws okoce::error and leaves `p` unchanged. Partials are data: bytes from
// another process are never trusted further than this.
template <Partial P>
std::string to_bytes(const P& p);
template <Partial P>
void from_bytes(std::string_view bytes, P& p);
template <Partial P>
P partial_from_bytes(std::string_view bytes) {
    P p;
    from_bytes(bytes, p);
    return p;
}

// Adds `other` into `into`: associative and commutative. Throws okoce::error naming the option
// that differs when the two were made with different options (another as_of, grouping, policy,
// rules, ...), when either was never made, or when a sum would overflow; `into` is then unchanged.
template <Partial P>
void merge(P& into, const P& other);

// Throws okoce::error unless `p` is a partial an analysis could have made (the checks of
// from_bytes): every finish() calls it first.
template <Partial P>
void check_partial(const P& p);

// The kind and format version that to_bytes writes first, for a reader that dispatches on it
// (okoce.partial_from_bytes in Python). The kind is empty when the bytes hold no partial's tag.
struct PartialTag {
    std::string kind;
    std::uint64_t version = 0;
};
PartialTag read_partial_tag(std::string_view bytes) noexcept;
inline constexpr std::uint64_t partial_format_version = 2;

} // namespace okoce
