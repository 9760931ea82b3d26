// Rupiah as a whole-number 64-bit amount. Money never passes through floating point: the
// programme's thresholds (Rp300 juta, Rp2,5 miliar) are exact and comparisons at the boundary
// must be exact too.
#pragma once

#include "okoce/detail/config.hpp"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace okoce {

class Rupiah {
public:
    constexpr Rupiah() noexcept = default;
    constexpr explicit Rupiah(std::int64_t amount) noexcept : amount_(amount) {}

    constexpr std::int64_t value() const noexcept { return amount_; }

    // Parses whole rupiah: plain digits (`1250000`, as in the data files), optionally signed,
    // or the Indonesian display form `Rp1.250.000` (dots group thousands; `Rp` optional,
    // a space after it allowed). Rejects decimals, stray characters, misplaced dots and
    // amounts that do not fit in 64 bits.
    static std::optional<Rupiah> try_parse(std::string_view text) noexcept;
    static Rupiah parse(std::string_view text);

    // `Rp1.250.000`, `-Rp500` (Indonesian grouping with dots).
    std::string to_string() const;
    // Plain digits as written in the data files: `1250000`.
    std::string to_plain_string() const { return std::to_string(amount_); }

    constexpr Rupiah operator+(Rupiah o) const noexcept { return Rupiah(amount_ + o.amount_); }
    constexpr Rupiah operator-(Rupiah o) const noexcept { return Rupiah(amount_ - o.amount_); }
    constexpr Rupiah& operator+=(Rupiah o) noexcept { return amount_ += o.amount_, *this; }
    constexpr Rupiah& operator-=(Rupiah o) noexcept { return amount_ -= o.amount_, *this; }
    constexpr Rupiah operator*(std::int64_t k) const noexcept { return Rupiah(amount_ * k); }
    constexpr auto operator<=>(const Rupiah&) const noexcept = default;

private:
    std::int64_t amount_ = 0;
};

// Readable literals for amounts in the regulations: 300_juta, 2500_juta, 50_miliar.
namespace literals {
constexpr Rupiah operator""_rp(unsigned long long v) noexcept {
    return Rupiah(static_cast<std::int64_t>(v));
}
constexpr Rupiah operator""_juta(unsigned long long v) noexcept {
    return Rupiah(static_cast<std::int64_t>(v) * 1'000'000);
}
constexpr Rupiah operator""_miliar(unsigned long long v) noexcept {
    return Rupiah(static_cast<std::int64_t>(v) * 1'000'000'000);
}
} // namespace literals

} // namespace okoce
