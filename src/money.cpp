#include "okoce/money.hpp"
#include "okoce/error.hpp"

#include <limits>

namespace okoce {

std::optional<Rupiah> Rupiah::try_parse(std::string_view t) noexcept {
    bool negative = false;
    if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
        negative = t.front() == '-';
        t.remove_prefix(1);
    }
    bool display = false;
    if (t.size() >= 2 && (t[0] == 'R') && (t[1] == 'p')) {
        display = true;
        t.remove_prefix(2);
        if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    }
    if (t.empty()) return std::nullopt;
    const bool grouped = t.find('.') != std::string_view::npos;
    // With dots, groups after the first must be exactly three digits.
    std::size_t since_dot = 0, digits = 0;
    bool seen_dot = false;
    std::uint64_t v = 0;
    // One more on the negative side: the most negative amount prints, so it must parse back.
    const auto limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1U : 0U);
    for (char c : t) {
        if (c == '.') {
            if (digits == 0 || (seen_dot && since_dot != 3) || (!seen_dot && digits > 3))
                return std::nullopt;
            seen_dot = true;
            since_dot = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (v > (limit - d) / 10) return std::nullopt;
        v = v * 10 + d;
        ++digits;
        ++since_dot;
    }
    if (grouped && since_dot != 3) return std::nullopt;
    (void)display;
    // Negate in unsigned arithmetic (2^63 has no positive int64); C++20 converts modulo 2^64.
    return Rupiah(static_cast<std::int64_t>(negative ? 0 - v : v));
}

Rupiah Rupiah::parse(std::string_view text) {
    if (auto r = try_parse(text)) return *r;
    throw validation_error({}, std::string(text), "whole rupiah, e.g. 1250000 or Rp1.250.000");
}

std::string Rupiah::to_string() const {
    // Work in unsigned so that the most negative amount prints correctly.
    std::uint64_t v =
        amount_ < 0 ? 0 - static_cast<std::uint64_t>(amount_) : static_cast<std::uint64_t>(amount_);
    std::string digits = std::to_string(v);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 3);
    if (amount_ < 0) out += '-';
    out += "Rp";
    const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    out.append(digits, 0, lead);
    for (std::size_t i = lead; i < digits.size(); i += 3) {
        out += '.';
        out.append(digits, i, 3);
    }
    return out;
}

} // namespace okoce
