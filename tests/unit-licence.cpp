#include "okoce/error.hpp"
#include "okoce/licence.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using okoce::Date;
using okoce::Licence;
using okoce::LicenceKind;
using okoce::LicenceKinds;

namespace {

Licence make(LicenceKind kind, Date issued, Date valid_until = Date(), std::string number = {}) {
    Licence l;
    l.kind = kind;
    l.issued_on = issued;
    l.valid_until = valid_until;
    l.number = std::move(number);
    return l;
}

} // namespace

TEST_CASE("licence kinds: names and parsing") {
    CHECK(okoce::to_string(LicenceKind::iumk) == "IUMK");
    CHECK(okoce::to_string(LicenceKind::sku) == "SKU");
    CHECK(okoce::to_string(LicenceKind::nib) == "NIB");
    CHECK(okoce::to_string(LicenceKind::pirt) == "PIRT");
    CHECK(okoce::to_string(LicenceKind::halal) == "HALAL");
    CHECK(okoce::to_string(LicenceKind::other) == "OTHER");

    CHECK(okoce::try_parse<LicenceKind>("IUMK") == LicenceKind::iumk);
    CHECK(okoce::try_parse<LicenceKind>("iumk") == LicenceKind::iumk);
    CHECK(okoce::try_parse<LicenceKind>("Sku") == LicenceKind::sku);
    CHECK(okoce::try_parse<LicenceKind>("nIb") == LicenceKind::nib);
    CHECK(okoce::try_parse<LicenceKind>("PIRT") == LicenceKind::pirt);
    CHECK(okoce::try_parse<LicenceKind>("P-IRT") == LicenceKind::pirt);
    CHECK(okoce::try_parse<LicenceKind>("p-irt") == LicenceKind::pirt);
    CHECK(okoce::try_parse<LicenceKind>("SPP-IRT") == LicenceKind::pirt);
    CHECK(okoce::try_parse<LicenceKind>("Halal") == LicenceKind::halal);
    CHECK(okoce::try_parse<LicenceKind>("other") == LicenceKind::other);
    for (const std::string bad :
         {"", "IUMK ", " SKU", "PIRT2", "P_IRT", "I.U.M.K", "izin", "NIBB"}) {
        CAPTURE(bad);
        CHECK_FALSE(okoce::try_parse<LicenceKind>(bad).has_value());
        CHECK_THROWS_AS((void)okoce::parse<LicenceKind>(bad), okoce::validation_error);
    }
    CHECK(okoce::parse<LicenceKind>("Sku") == LicenceKind::sku);
    try {
        (void)okoce::parse<LicenceKind>("izin");
        FAIL("accepted izin");
    } catch (const okoce::validation_error& e) {
        CHECK(e.value() == "izin");
        CHECK(e.expected().find("IUMK") != std::string::npos);
    }
}

TEST_CASE("NIB numbers are exactly 13 digits") {
    CHECK(okoce::is_valid_nib("9120001234567"));
    CHECK(okoce::is_valid_nib("0220001234567"));        // a leading zero is still a digit
    CHECK_FALSE(okoce::is_valid_nib("912000123456"));   // 12
    CHECK_FALSE(okoce::is_valid_nib("91200012345678")); // 14
    CHECK_FALSE(okoce::is_valid_nib("912000123456A"));
    CHECK_FALSE(okoce::is_valid_nib("9120 001234567"));
    CHECK_FALSE(okoce::is_valid_nib("-120001234567"));
    CHECK_FALSE(okoce::is_valid_nib(""));
}

TEST_CASE("in force: from the issue day through valid_until inclusive") {
    const Licence open = make(LicenceKind::iumk, Date(2018, 9, 10));
    CHECK_FALSE(okoce::in_force(open, Date(2018, 9, 9)));
    CHECK(okoce::in_force(open, Date(2018, 9, 10)));
    CHECK(okoce::in_force(open, Date(2030, 1, 1))); // open-ended

    const Licence dated = make(LicenceKind::sku, Date(2018, 9, 10), Date(2019, 12, 31));
    CHECK(okoce::in_force(dated, Date(2019, 12, 31)));
    CHECK_FALSE(okoce::in_force(dated, Date(2020, 1, 1)));

    const Licence one_day = make(LicenceKind::sku, Date(2019, 5, 5), Date(2019, 5, 5));
    CHECK(okoce::in_force(one_day, Date(2019, 5, 5)));
    CHECK_FALSE(okoce::in_force(one_day, Date(2019, 5, 6)));
    CHECK_FALSE(okoce::in_force(one_day, Date(2019, 5, 4)));

    CHECK_FALSE(okoce::in_force(make(LicenceKind::nib, Date()), Date(2020, 1, 1)));
    CHECK_FALSE(okoce::in_force(open, Date()));
}

TEST_CASE("anomalous records") {
    // IUMK ceased when risk-based OSS started on 2021-07-02.
    CHECK_FALSE(okoce::is_anomalous(make(LicenceKind::iumk, Date(2021, 7, 1))));
    CHECK(okoce::is_anomalous(make(LicenceKind::iumk, Date(2021, 7, 2))));
    CHECK(okoce::anomaly(make(LicenceKind::iumk, Date(2022, 1, 1))).find("IUMK") !=
          std::string_view::npos);
    CHECK_FALSE(okoce::is_anomalous(make(LicenceKind::sku, Date(2021, 7, 2))));
    CHECK(okoce::oss_risk_based_start == Date(2021, 7, 2));

    CHECK(okoce::is_anomalous(make(LicenceKind::nib, Date(2020, 1, 1), Date(), "12345")));
    CHECK(okoce::is_anomalous(make(LicenceKind::nib, Date(2020, 1, 1), Date(), "912000123456X")));
    CHECK_FALSE(
        okoce::is_anomalous(make(LicenceKind::nib, Date(2020, 1, 1), Date(), "9120001234567")));
    CHECK_FALSE(okoce::is_anomalous(make(LicenceKind::nib, Date(2020, 1, 1)))); // no number
    // A PIRT number has its own format: the NIB rule does not apply.
    CHECK_FALSE(okoce::is_anomalous(
        make(LicenceKind::pirt, Date(2020, 1, 1), Date(2025, 1, 1), "2063174010123-25")));

    // Expiring before issue: never in force.
    CHECK(okoce::is_anomalous(make(LicenceKind::sku, Date(2019, 5, 5), Date(2019, 5, 4))));
    CHECK_FALSE(okoce::is_anomalous(make(LicenceKind::sku, Date(2019, 5, 5), Date(2019, 5, 5))));
    CHECK(okoce::anomaly(make(LicenceKind::sku, Date(2019, 5, 5))).empty());
}

TEST_CASE("LicenceKinds") {
    constexpr LicenceKinds by_default = okoce::default_counting;
    static_assert(by_default.contains(LicenceKind::iumk));
    CHECK(by_default.contains(LicenceKind::iumk));
    CHECK(by_default.contains(LicenceKind::sku));
    CHECK(by_default.contains(LicenceKind::nib));
    CHECK_FALSE(by_default.contains(LicenceKind::pirt));
    CHECK_FALSE(by_default.contains(LicenceKind::halal));
    CHECK_FALSE(by_default.contains(LicenceKind::other));
    CHECK(by_default.bits() == 0b000111); // bits 0 (iumk), 1 (sku), 2 (nib)

    constexpr auto ok_oce = LicenceKinds{LicenceKind::iumk, LicenceKind::sku};
    CHECK(ok_oce.contains(LicenceKind::sku));
    CHECK_FALSE(ok_oce.contains(LicenceKind::nib));
    const auto food = LicenceKinds{LicenceKind::pirt, LicenceKind::halal};
    CHECK(food.bits() == 0b011000); // bits 3 (pirt), 4 (halal)
    CHECK(LicenceKinds{}.bits() == 0);
    CHECK(LicenceKinds{LicenceKind::nib, LicenceKind::sku, LicenceKind::iumk} == by_default);
}

TEST_CASE("licensed as of a date, and the first day licensed") {
    // A food seller: P-IRT first (does not count), an SKU entered with its expiry before its
    // issue (never in force), then an IUMK, then a NIB.
    const std::vector<Licence> held{
        make(LicenceKind::pirt, Date(2017, 5, 1)),
        make(LicenceKind::sku, Date(2018, 3, 1), Date(2018, 2, 1)),
        make(LicenceKind::iumk, Date(2018, 9, 10), Date(2019, 9, 9)),
        make(LicenceKind::nib, Date(2019, 10, 1)),
    };
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2017, 6, 1)));  // only P-IRT
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2018, 3, 1)));  // the SKU never counts
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2018, 9, 9)));  // day before IUMK
    CHECK(okoce::licensed_as_of(held, Date(2018, 9, 10)));       // IUMK issue day
    CHECK(okoce::licensed_as_of(held, Date(2019, 9, 9)));        // IUMK's last day
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2019, 9, 10))); // gap before the NIB
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2019, 9, 30)));
    CHECK(okoce::licensed_as_of(held, Date(2019, 10, 1)));
    CHECK(okoce::first_licensed_on(held) == Date(2018, 9, 10));

    // Counting P-IRT too: licensed from 2017-05-01.
    const auto with_pirt = LicenceKinds{LicenceKind::pirt, LicenceKind::iumk};
    CHECK(okoce::licensed_as_of(held, Date(2017, 6, 1), with_pirt));
    CHECK(okoce::first_licensed_on(held, with_pirt) == Date(2017, 5, 1));
    // Counting only SKU: the one SKU is never in force.
    const auto sku_only = LicenceKinds{LicenceKind::sku};
    CHECK(okoce::first_licensed_on(held, sku_only).is_not_a_date());
    CHECK_FALSE(okoce::licensed_as_of(held, Date(2018, 3, 1), sku_only));

    const std::vector<Licence> non_counting{make(LicenceKind::pirt, Date(2017, 5, 1)),
                                            make(LicenceKind::halal, Date(2018, 1, 1)),
                                            make(LicenceKind::other, Date(2018, 1, 1))};
    CHECK_FALSE(okoce::licensed_as_of(non_counting, Date(2025, 1, 1)));
    CHECK(okoce::first_licensed_on(non_counting).is_not_a_date());
    CHECK_FALSE(okoce::licensed_as_of(std::span<const Licence>{}, Date(2025, 1, 1)));
    CHECK(okoce::first_licensed_on(std::span<const Licence>{}).is_not_a_date());

    // The earliest issue counts even when it is not listed first.
    const std::vector<Licence> unordered{make(LicenceKind::nib, Date(2020, 2, 2)),
                                         make(LicenceKind::sku, Date(2018, 11, 30))};
    CHECK(okoce::first_licensed_on(unordered) == Date(2018, 11, 30));
}

TEST_CASE("the same over parallel columns") {
    const std::vector<LicenceKind> kind{LicenceKind::pirt, LicenceKind::sku, LicenceKind::iumk,
                                        LicenceKind::nib};
    const std::vector<Date> issued{Date(2017, 5, 1), Date(2018, 3, 1), Date(2018, 9, 10),
                                   Date(2019, 10, 1)};
    const std::vector<Date> until{Date(), Date(2018, 2, 1), Date(2019, 9, 9), Date()};
    const LicenceKinds def = okoce::default_counting;
    CHECK_FALSE(okoce::licensed_as_of(kind, issued, until, Date(2018, 9, 9), def));
    CHECK(okoce::licensed_as_of(kind, issued, until, Date(2018, 9, 10), def));
    CHECK(okoce::licensed_as_of(kind, issued, until, Date(2019, 9, 9), def));
    CHECK_FALSE(okoce::licensed_as_of(kind, issued, until, Date(2019, 9, 10), def));
    CHECK(okoce::licensed_as_of(kind, issued, until, Date(2019, 10, 1), def));
    CHECK(okoce::first_licensed_on(kind, issued, until) == Date(2018, 9, 10));
    const auto pirt = LicenceKinds{LicenceKind::pirt};
    CHECK(okoce::first_licensed_on(kind, issued, until, pirt) == Date(2017, 5, 1));
    CHECK(okoce::licensed_as_of(kind, issued, until, Date(2017, 5, 1), pirt));

    const std::vector<Date> short_until{Date(), Date()};
    CHECK_THROWS_AS((void)okoce::licensed_as_of(kind, issued, short_until, Date(2020, 1, 1)),
                    okoce::argument_error);
    CHECK_THROWS_AS((void)okoce::first_licensed_on(kind, issued, short_until),
                    okoce::argument_error);
}
