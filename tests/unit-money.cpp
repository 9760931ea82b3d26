#include "okoce/error.hpp"
#include "okoce/money.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using okoce::Rupiah;

namespace {
constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
} // namespace

TEST_CASE("parsing whole rupiah") {
    CHECK(Rupiah::parse("Rp1.250.000") == Rupiah(1'250'000));
    CHECK(Rupiah::parse("Rp 1.250.000") == Rupiah(1'250'000));
    CHECK(Rupiah::parse("1.250.000") == Rupiah(1'250'000));
    CHECK(Rupiah::parse("1250000") == Rupiah(1'250'000));
    CHECK(Rupiah::parse("Rp500") == Rupiah(500));
    CHECK(Rupiah::parse("Rp2.500.000.000") == Rupiah(2'500'000'000));
    CHECK(Rupiah::parse("0") == Rupiah(0));
    CHECK(Rupiah::parse("Rp0") == Rupiah(0));
    CHECK(Rupiah::parse("-0") == Rupiah(0));
    CHECK(Rupiah::parse("-Rp500") == Rupiah(-500));
    CHECK(Rupiah::parse("-1250000") == Rupiah(-1'250'000));
    CHECK(Rupiah::parse("-Rp1.250.000") == Rupiah(-1'250'000));
    CHECK(Rupiah::parse("+42") == Rupiah(42));
}

TEST_CASE("bad amounts are rejected") {
    for (const std::string bad :
         {"Rp1.25.000", "1.2345",  "1234.567", "1.250.0000", ".123",
          "1.",         "1..000",  "Rp.500",   "1,250,000",  "Rp1.250.000,00",
          "1.5",        "12a",     "",         "Rp",         "-",
          "+",          "rp500",   "RP500",    "Rp -500",    "Rp-500",
          "1 000",      " 5",      "5 ",       "1e6",        "--5",
          "+-5",        "Rp  500", "IDR500"}) {
        CAPTURE(bad);
        CHECK_FALSE(Rupiah::try_parse(bad).has_value());
        CHECK_THROWS_AS((void)Rupiah::parse(bad), okoce::validation_error);
    }
    try {
        (void)Rupiah::parse("Rp1.25.000");
        FAIL("accepted Rp1.25.000");
    } catch (const okoce::validation_error& e) {
        CHECK(e.value() == "Rp1.25.000");
    }
}

TEST_CASE("the 64-bit range, exactly") {
    CHECK(Rupiah::parse("9223372036854775807") == Rupiah(max64));
    CHECK(Rupiah::parse("Rp9.223.372.036.854.775.807") == Rupiah(max64));
    CHECK_FALSE(Rupiah::try_parse("9223372036854775808").has_value());
    CHECK_FALSE(Rupiah::try_parse("Rp9.223.372.036.854.775.808").has_value());
    CHECK_FALSE(Rupiah::try_parse("99999999999999999999").has_value());
    CHECK_FALSE(Rupiah::try_parse("184467440737095516160").has_value()); // wraps 2^64 * 10
    CHECK(Rupiah::parse("-9223372036854775807") == Rupiah(-max64));
    // The most negative amount prints, so it must parse back.
    CHECK(Rupiah::parse("-9223372036854775808") == Rupiah(min64));
    CHECK(Rupiah::parse("-Rp9.223.372.036.854.775.808") == Rupiah(min64));
    CHECK_FALSE(Rupiah::try_parse("-9223372036854775809").has_value());
    CHECK_FALSE(Rupiah::try_parse("+9223372036854775808").has_value());
}

TEST_CASE("printing") {
    CHECK(Rupiah(1'250'000).to_string() == "Rp1.250.000");
    CHECK(Rupiah(0).to_string() == "Rp0");
    CHECK(Rupiah(999).to_string() == "Rp999");
    CHECK(Rupiah(1000).to_string() == "Rp1.000");
    CHECK(Rupiah(100'000).to_string() == "Rp100.000");
    CHECK(Rupiah(12'345).to_string() == "Rp12.345");
    CHECK(Rupiah(-500).to_string() == "-Rp500");
    CHECK(Rupiah(-1'000).to_string() == "-Rp1.000");
    CHECK(Rupiah(max64).to_string() == "Rp9.223.372.036.854.775.807");
    CHECK(Rupiah(min64).to_string() == "-Rp9.223.372.036.854.775.808");
    CHECK(Rupiah(1'250'000).to_plain_string() == "1250000");
    CHECK(Rupiah(-7).to_plain_string() == "-7");
    CHECK(Rupiah(min64).to_plain_string() == "-9223372036854775808");

    for (const std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1},
                                 std::int64_t{999'999}, std::int64_t{-1'000'000}, max64, min64}) {
        CAPTURE(v);
        CHECK(Rupiah::parse(Rupiah(v).to_string()) == Rupiah(v));
        CHECK(Rupiah::parse(Rupiah(v).to_plain_string()) == Rupiah(v));
    }
}

TEST_CASE("literals and arithmetic") {
    using namespace okoce::literals;
    CHECK(300_juta == Rupiah(300'000'000));
    CHECK(2500_juta == Rupiah(2'500'000'000));
    CHECK(50_miliar == Rupiah(50'000'000'000));
    CHECK(1250000_rp == Rupiah(1'250'000));
    CHECK(300_juta + 1_rp == Rupiah(300'000'001));
    CHECK(300_juta - 1_rp == Rupiah(299'999'999));
    CHECK(Rupiah(1'500) * 3 == Rupiah(4'500));
    Rupiah r(100);
    r += Rupiah(50);
    r -= Rupiah(20);
    CHECK(r == Rupiah(130));
    CHECK(Rupiah(-1) < Rupiah(0));
    CHECK(2_miliar > 1999_juta);
    CHECK(Rupiah() == Rupiah(0));
}
