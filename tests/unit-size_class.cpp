#include "okoce/error.hpp"
#include "okoce/size_class.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>

using okoce::Date;
using okoce::Rupiah;
using okoce::SizeClass;
using okoce::SizeRegime;

namespace {

const Date last_uu_day{2021, 2, 1};
const Date first_pp_day{2021, 2, 2};

SizeClass by_turnover(Date on, std::int64_t rupiah) {
    const auto v = okoce::size_class(on, Rupiah(rupiah), std::nullopt);
    CHECK(v.by_turnover);
    return v.size;
}

SizeClass by_capital(Date on, std::int64_t rupiah) {
    const auto v = okoce::size_class(on, std::nullopt, Rupiah(rupiah));
    CHECK_FALSE(v.by_turnover);
    return v.size;
}

} // namespace

TEST_CASE("names") {
    CHECK(okoce::to_string(SizeClass::micro) == "micro");
    CHECK(okoce::to_string(SizeClass::small) == "small");
    CHECK(okoce::to_string(SizeClass::medium) == "medium");
    CHECK(okoce::to_string(SizeClass::large) == "large");
    CHECK(okoce::to_string(SizeRegime::uu_20_2008) == "UU 20/2008");
    CHECK(okoce::to_string(SizeRegime::pp_7_2021) == "PP 7/2021");
}

TEST_CASE("the regime changes on 2021-02-02") {
    CHECK(okoce::size_regime(Date(2008, 1, 1)) == SizeRegime::uu_20_2008);
    CHECK(okoce::size_regime(last_uu_day) == SizeRegime::uu_20_2008);
    CHECK(okoce::size_regime(first_pp_day) == SizeRegime::pp_7_2021);
    CHECK(okoce::size_regime(Date(2030, 1, 1)) == SizeRegime::pp_7_2021);

    // Rp300.000.000 turnover is micro on both sides of the change, by different rules.
    const auto before = okoce::size_class(last_uu_day, Rupiah(300'000'000), std::nullopt);
    CHECK(before.size == SizeClass::micro);
    CHECK(before.regime == SizeRegime::uu_20_2008);
    CHECK(before.by_turnover);
    const auto after = okoce::size_class(first_pp_day, Rupiah(300'000'000), std::nullopt);
    CHECK(after.size == SizeClass::micro);
    CHECK(after.regime == SizeRegime::pp_7_2021);
    // One rupiah more is small under UU 20/2008 but still micro under PP 7/2021 (<= Rp2 miliar).
    CHECK(by_turnover(last_uu_day, 300'000'001) == SizeClass::small);
    CHECK(by_turnover(first_pp_day, 300'000'001) == SizeClass::micro);
    // Rp1 miliar: small the day before, micro the day after, with no change in the business.
    CHECK(by_turnover(last_uu_day, 1'000'000'000) == SizeClass::small);
    CHECK(by_turnover(first_pp_day, 1'000'000'000) == SizeClass::micro);
}

namespace {

// The three ceilings of a law, in rupiah, each inclusive: micro up to the first, small up to the
// second, medium up to the third, large above. Checks 0, each ceiling and one rupiah either side.
void check_ceilings(SizeClass (*classify)(Date, std::int64_t), Date on,
                    const std::int64_t (&ceilings)[3]) {
    CHECK(classify(on, 0) == SizeClass::micro);
    const SizeClass below[] = {SizeClass::micro, SizeClass::small, SizeClass::medium};
    const SizeClass above[] = {SizeClass::small, SizeClass::medium, SizeClass::large};
    for (int i = 0; i < 3; ++i) {
        CAPTURE(ceilings[i]);
        CHECK(classify(on, ceilings[i] - 1) == below[i]);
        CHECK(classify(on, ceilings[i]) == below[i]);
        CHECK(classify(on, ceilings[i] + 1) == above[i]);
    }
}

} // namespace

// UU 20/2008 art. 6: turnover Rp300 juta, Rp2,5 miliar, Rp50 miliar; net assets Rp50 juta,
// Rp500 juta, Rp10 miliar. PP 7/2021 art. 35: turnover Rp2 miliar, Rp15 miliar, Rp50 miliar;
// business capital Rp1 miliar, Rp5 miliar, Rp10 miliar.
TEST_CASE("the ceilings of each law, inclusive") {
    const Date uu{2019, 6, 30};
    SUBCASE("UU 20/2008 turnover") {
        check_ceilings(by_turnover, uu, {300'000'000, 2'500'000'000, 50'000'000'000});
    }
    SUBCASE("UU 20/2008 net assets") {
        check_ceilings(by_capital, uu, {50'000'000, 500'000'000, 10'000'000'000});
    }
    SUBCASE("PP 7/2021 turnover") {
        check_ceilings(by_turnover, first_pp_day, {2'000'000'000, 15'000'000'000, 50'000'000'000});
    }
    SUBCASE("PP 7/2021 business capital") {
        check_ceilings(by_capital, Date(2023, 12, 31),
                       {1'000'000'000, 5'000'000'000, 10'000'000'000});
    }
    // Rp60 juta of assets was small under UU 20/2008, Rp60 juta of capital is micro now.
    CHECK(by_capital(last_uu_day, 60'000'000) == SizeClass::small);
    CHECK(by_capital(first_pp_day, 60'000'000) == SizeClass::micro);
}

TEST_CASE("turnover decides when there is some; capital only when there is none") {
    // Rp1 miliar turnover (micro) with Rp8 miliar capital (medium): a running business.
    const auto v =
        okoce::size_class(Date(2022, 1, 1), Rupiah(1'000'000'000), Rupiah(8'000'000'000));
    CHECK(v.size == SizeClass::micro);
    CHECK(v.by_turnover);
    CHECK(v.regime == SizeRegime::pp_7_2021);
    // A zero turnover is still a turnover: it decides.
    CHECK(okoce::size_class(Date(2022, 1, 1), Rupiah(0), Rupiah(8'000'000'000)).size ==
          SizeClass::micro);
    const auto c = okoce::size_class(Date(2022, 1, 1), std::nullopt, Rupiah(8'000'000'000));
    CHECK(c == okoce::SizeVerdict{SizeClass::medium, SizeRegime::pp_7_2021, false});
}

TEST_CASE("bad input") {
    const Date d{2022, 1, 1};
    CHECK_THROWS_AS((void)okoce::size_class(d, Rupiah(-1), std::nullopt), okoce::argument_error);
    CHECK_THROWS_AS((void)okoce::size_class(d, std::nullopt, Rupiah(-1)), okoce::argument_error);
    // A negative capital is refused even though the turnover would decide.
    CHECK_THROWS_AS((void)okoce::size_class(d, Rupiah(5), Rupiah(-1)), okoce::argument_error);
    CHECK_THROWS_AS((void)okoce::size_class(Date(), Rupiah(5), std::nullopt),
                    okoce::argument_error);
    try {
        (void)okoce::size_class(d, Rupiah(-1'500'000), std::nullopt);
        FAIL("accepted a negative turnover");
    } catch (const okoce::argument_error& e) {
        CHECK(e.value() == "-Rp1.500.000");
        CHECK(e.argument() == "annual_turnover");
    }
    CHECK_THROWS_WITH_AS((void)okoce::size_class(d, std::nullopt, std::nullopt),
                         doctest::Contains("both are absent"), okoce::argument_error);
}

TEST_CASE("the limits themselves") {
    const auto uu_turnover = okoce::size_limits(SizeRegime::uu_20_2008, true);
    CHECK(uu_turnover.micro == Rupiah(300'000'000));
    CHECK(uu_turnover.small == Rupiah(2'500'000'000));
    CHECK(uu_turnover.medium == Rupiah(50'000'000'000));
    const auto pp_capital = okoce::size_limits(SizeRegime::pp_7_2021, false);
    CHECK(pp_capital.micro == Rupiah(1'000'000'000));
    CHECK(pp_capital.small == Rupiah(5'000'000'000));
    CHECK(pp_capital.medium == Rupiah(10'000'000'000));
}

TEST_CASE("naik kelas") {
    CHECK(okoce::naik_kelas(SizeClass::micro, SizeClass::small));
    CHECK(okoce::naik_kelas(SizeClass::micro, SizeClass::large));
    CHECK(okoce::naik_kelas(SizeClass::medium, SizeClass::large));
    CHECK_FALSE(okoce::naik_kelas(SizeClass::small, SizeClass::small));
    CHECK_FALSE(okoce::naik_kelas(SizeClass::medium, SizeClass::small));
    CHECK_FALSE(okoce::naik_kelas(SizeClass::large, SizeClass::micro));
}
