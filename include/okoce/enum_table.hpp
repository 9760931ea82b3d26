// Every enum of the library is described once, by a constexpr table next to it: the enumerator,
// its name (as in C++ and Python), its code (the spelling of the data files and of option text)
// and, where people read it, labels in Indonesian and English. Everything that spells an enum -
// to_string, parsing, error messages, SQL CHECK clauses, the Python enums - walks that table, so
// a new enumerator is one new row and nothing else.
#pragma once

#include "okoce/error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace okoce {

// The language of a label: the programme's own (Indonesian) or English.
enum class Lang : std::uint8_t { id, en };

template <class E>
struct EnumEntry {
    E value;
    std::string_view name;          // the enumerator's name, also the Python member's name
    std::string_view code;          // the spelling in data files and options: "P4", "IUMK"
    std::string_view label_id = {}; // label for people in Indonesian; empty when none
    std::string_view label_en = {}; // ... and in English
};

// A row of a table written without its enumerator: enum_rows() and enum_names() number the
// rows in order from `first` (0, or the first enumerator's value), so they describe an enum whose
// enumerators are declared in the table's order with consecutive values.
struct EnumRow {
    std::string_view name, code, label_id = {}, label_en = {};
};

template <class E, std::size_t N>
constexpr std::array<EnumEntry<E>, N> enum_rows(const EnumRow (&rows)[N], std::size_t first = 0) {
    std::array<EnumEntry<E>, N> out{};
    for (std::size_t k = 0; k < N; ++k)
        out[k] = {static_cast<E>(first + k), rows[k].name, rows[k].code, rows[k].label_id,
                  rows[k].label_en};
    return out;
}

// The common case: each enumerator's code is its name.
template <class E, std::size_t N>
constexpr std::array<EnumEntry<E>, N> enum_names(const std::string_view (&names)[N],
                                                 std::size_t first = 0) {
    std::array<EnumEntry<E>, N> out{};
    for (std::size_t k = 0; k < N; ++k) out[k] = {static_cast<E>(first + k), names[k], names[k]};
    return out;
}

// A string literal as a template argument (enum_info's).
template <std::size_t N>
struct enum_text {
    char value[N];
    constexpr enum_text(const char (&text)[N]) { std::copy_n(text, N, value); }
};

// What every enum_traits states first: the type's name, also its name in Python, and the words
// that name a value in "expected ..." texts. `name` is a char array, as pybind11's const_name
// wants it.
template <enum_text Name, enum_text What>
struct enum_info {
    static constexpr const auto& name = Name.value;
    static constexpr std::string_view what{What.value, sizeof(What.value) - 1};
};

// Specialised next to each enum, deriving from enum_info<"Step", "a step"> (the type's name
// and the words for one of its values), with
//   static constexpr auto entries = enum_rows<Step>({{"p1", "P1", "Pendaftaran", ...}, ...});
//                                   or enum_names<GroupBy>({"none", "province", ...}): the
//                                   rows in enumerator order (std::array<EnumEntry<E>, N>)
// and optionally
//   static constexpr bool ignore_case = true;           codes are matched ignoring ASCII case
//   static constexpr std::array<std::pair<std::string_view, E>, K> aliases{...};
//                                                        further spellings accepted on input
//   static constexpr std::string_view unknown = "none"; to_string of a value not in the table
template <class E>
struct enum_traits;

template <class E>
concept Enumerated = std::is_enum_v<E> && requires {
    enum_traits<E>::entries;
    enum_traits<E>::what;
};

// Enums whose table carries labels for people (label() is defined for them only).
template <class E>
concept Labelled = Enumerated<E> && !enum_traits<E>::entries[0].label_id.empty();

template <Enumerated E>
inline constexpr std::size_t enum_count = enum_traits<E>::entries.size();

// Every enumerator, in table order.
template <Enumerated E>
inline constexpr std::array<E, enum_count<E>> enum_values = [] {
    std::array<E, enum_count<E>> out{};
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = enum_traits<E>::entries[k].value;
    return out;
}();

namespace detail {

template <class E>
constexpr auto underlying(E e) noexcept {
    return static_cast<std::underlying_type_t<E>>(e);
}

// Whether entry k holds the enumerator of value k, so a value indexes its row directly.
template <class E>
inline constexpr bool dense_table = [] {
    for (std::size_t k = 0; k < enum_count<E>; ++k)
        if (static_cast<std::size_t>(underlying(enum_traits<E>::entries[k].value)) != k)
            return false;
    return true;
}();

template <class E>
constexpr const EnumEntry<E>* entry_of(E e) noexcept {
    const auto& t = enum_traits<E>::entries;
    if constexpr (dense_table<E>) {
        const auto k = static_cast<std::size_t>(underlying(e));
        return k < t.size() ? &t[k] : nullptr;
    } else {
        for (const auto& x : t)
            if (x.value == e) return &x;
        return nullptr;
    }
}

constexpr char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool same_text(std::string_view a, std::string_view b, bool ignore_case) noexcept {
    if (!ignore_case) return a == b;
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (ascii_lower(a[k]) != ascii_lower(b[k])) return false;
    return true;
}

template <class E>
constexpr bool ignore_case() noexcept {
    if constexpr (requires { enum_traits<E>::ignore_case; })
        return enum_traits<E>::ignore_case;
    else
        return false;
}

} // namespace detail

// The code of the data files; the table's `unknown` text (else "?") for a value not in it.
template <Enumerated E>
constexpr std::string_view to_string(E e) noexcept {
    if (const auto* x = detail::entry_of(e)) return x->code;
    if constexpr (requires { enum_traits<E>::unknown; })
        return enum_traits<E>::unknown;
    else
        return "?";
}

// The enumerator's name in code: Step::p4 is "p4", SizeRegime::pp_7_2021 is "pp_7_2021".
template <Enumerated E>
constexpr std::string_view enumerator_name(E e) noexcept {
    const auto* x = detail::entry_of(e);
    return x ? x->name : std::string_view("?");
}

// The label for people: label(Step::p4, Lang::id) is "Perizinan".
template <Labelled E>
constexpr std::string_view label(E e, Lang lang) noexcept {
    const auto* x = detail::entry_of(e);
    if (!x) return "?";
    return lang == Lang::id ? x->label_id : x->label_en;
}

// The enumerator a code stands for (exactly, or ignoring case where the table says so, or one of
// the table's aliases); nullopt for any other text. Labels are for display, never parsed.
template <Enumerated E>
constexpr std::optional<E> try_parse(std::string_view text) noexcept {
    for (const auto& x : enum_traits<E>::entries)
        if (detail::same_text(text, x.code, detail::ignore_case<E>())) return x.value;
    if constexpr (requires { enum_traits<E>::aliases; })
        for (const auto& [spelling, value] : enum_traits<E>::aliases)
            if (detail::same_text(text, spelling, detail::ignore_case<E>())) return value;
    return std::nullopt;
}

// The codes in table order, each in `quote`, joined by ", " and the last by `last`:
// allowed_codes<Phase>() is "starting, mid_stage or stalled"; allowed_codes<Phase>("'", ", ")
// is "'starting', 'mid_stage', 'stalled'" (an SQL IN list's inside).
template <Enumerated E>
std::string allowed_codes(std::string_view quote = "", std::string_view last = " or ") {
    std::string out;
    const auto& t = enum_traits<E>::entries;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (k > 0) out += k + 1 == t.size() ? last : std::string_view(", ");
        out.append(quote).append(t[k].code).append(quote);
    }
    return out;
}

// What an error says was expected: "a step: P1, P2, P3, P4, P5, P6 or P7".
template <Enumerated E>
std::string expected_code() {
    return std::string(enum_traits<E>::what) + ": " + allowed_codes<E>();
}

// As try_parse, but throws validation_error (value `text`, expected_code<E>()) on other text.
template <Enumerated E>
E parse(std::string_view text) {
    if (const auto e = try_parse<E>(text)) return *e;
    throw validation_error({}, std::string(text), expected_code<E>());
}

// A set of enumerators as a bit mask (bit k for the enumerator of value k). Iterates in table
// order. Where the data contract says so (a mentor's sectors and phases), an empty set means
// every value: serves() reads it that way, contains() does not.
template <Enumerated E>
class EnumSet {
    static constexpr std::size_t width = [] {
        std::size_t top = 0;
        for (const auto& x : enum_traits<E>::entries)
            top = std::max(top, static_cast<std::size_t>(detail::underlying(x.value)));
        return top + 1;
    }();

public:
    using Bits = std::conditional_t<
        width <= 8, std::uint8_t,
        std::conditional_t<width <= 16, std::uint16_t,
                           std::conditional_t<width <= 32, std::uint32_t, std::uint64_t>>>;
    static_assert(width <= 64, "EnumSet holds enums with values below 64");

    constexpr EnumSet() noexcept = default;
    constexpr EnumSet(std::initializer_list<E> values) noexcept {
        for (const E e : values) insert(e);
    }
    static constexpr EnumSet all() noexcept {
        EnumSet s;
        for (const E e : enum_values<E>) s.insert(e);
        return s;
    }
    // The set stored as bits() (columns keep sets that way).
    static constexpr EnumSet from_bits(Bits bits) noexcept {
        EnumSet s;
        s.bits_ = bits;
        return s;
    }

    constexpr EnumSet& insert(E e) noexcept {
        bits_ = static_cast<Bits>(bits_ | bit(e));
        return *this;
    }
    constexpr EnumSet& erase(E e) noexcept {
        bits_ = static_cast<Bits>(bits_ & ~bit(e));
        return *this;
    }
    constexpr bool contains(E e) const noexcept { return (bits_ & bit(e)) != 0; }
    // contains(e), an empty set standing for every value.
    constexpr bool serves(E e) const noexcept { return bits_ == 0 || contains(e); }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    constexpr std::size_t size() const noexcept {
        return static_cast<std::size_t>(std::popcount(bits_));
    }
    constexpr Bits bits() const noexcept { return bits_; }
    constexpr bool operator==(const EnumSet&) const noexcept = default;

    // Walks the table, stopping at the members.
    class iterator {
    public:
        using iterator_concept = std::forward_iterator_tag;
        using iterator_category = std::input_iterator_tag; // yields values, not references
        using value_type = E;
        using difference_type = std::ptrdiff_t;
        using reference = E;
        using pointer = void;
        constexpr iterator() noexcept = default;
        constexpr iterator(const EnumSet* set, std::size_t k) noexcept : set_(set), k_(k) {
            skip();
        }
        constexpr E operator*() const noexcept { return enum_values<E>[k_]; }
        constexpr iterator& operator++() noexcept {
            ++k_;
            skip();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator old = *this;
            ++*this;
            return old;
        }
        constexpr bool operator==(const iterator& o) const noexcept { return k_ == o.k_; }

    private:
        constexpr void skip() noexcept {
            while (k_ < enum_count<E> && !set_->contains(enum_values<E>[k_])) ++k_;
        }
        const EnumSet* set_ = nullptr;
        std::size_t k_ = 0;
    };
    constexpr iterator begin() const noexcept { return iterator(this, 0); }
    constexpr iterator end() const noexcept { return iterator(this, enum_count<E>); }

private:
    static constexpr Bits bit(E e) noexcept {
        return static_cast<Bits>(Bits{1} << static_cast<unsigned>(detail::underlying(e)));
    }
    Bits bits_ = 0;
};

// The codes of a set's members in table order, joined by `separator` ("P1;P3").
template <Enumerated E>
std::string join_codes(EnumSet<E> set, std::string_view separator) {
    std::string out;
    for (const E e : set) {
        if (!out.empty()) out += separator;
        out += to_string(e);
    }
    return out;
}

} // namespace okoce
