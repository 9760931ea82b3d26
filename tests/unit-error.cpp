#include "okoce/error.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("argument_error names the function and the argument, not a file") {
    const okoce::argument_error e("cohorts", "max_quarters", "-1", "zero or more quarters");
    CHECK(e.function() == "cohorts");
    CHECK(e.argument() == "max_quarters");
    CHECK(e.value() == "-1");
    CHECK(e.expected() == "zero or more quarters");
    CHECK(std::string(e.what()) ==
          "cohorts: argument max_quarters: bad value '-1'; expected zero or more quarters");
    // One of the library's errors, and not bad data: a caller catching validation_error to
    // report a bad file does not catch it.
    const okoce::error* base = &e;
    CHECK(dynamic_cast<const okoce::validation_error*>(base) == nullptr);
}

TEST_CASE("argument_error masks a NIK in the value, as validation_error does") {
    const okoce::argument_error e("f", "nik", "3174015505900001", "a NIK");
    CHECK(e.value() == "3174**********01");
    CHECK(std::string(e.what()).find("3174015505900001") == std::string::npos);
}

TEST_CASE("OKOCE_REQUIRE throws argument_error, formatting the value only on failure") {
    int formatted = 0;
    const auto text = [&](int v) {
        ++formatted;
        return std::to_string(v);
    };
    const int n = 3;
    OKOCE_REQUIRE(n >= 0, "f", "n", text(n), "zero or more");
    CHECK(formatted == 0);
    const int bad = -2;
    CHECK_THROWS_WITH_AS(OKOCE_REQUIRE(bad >= 0, "f", "n", text(bad), "zero or more"),
                         "f: argument n: bad value '-2'; expected zero or more",
                         okoce::argument_error);
    CHECK(formatted == 1);
}

TEST_CASE("number_text quotes every digit of a double") {
    CHECK(okoce::number_text(0.1) == "0.10000000000000001");
}

TEST_CASE("a NIK written with separators is masked too, and a short run is left alone") {
    using okoce::mask_digit_runs;
    // The probe's NIK in another column, grouped by dots, escaped the 16-digit mask.
    CHECK(mask_digit_runs("3174.0115.0785.0001") == "3174.****.****.**01");
    CHECK(mask_digit_runs("3174 0115 0785 0001") == "3174 **** **** **01");
    CHECK(mask_digit_runs("nik 3174-0115-0785-0001!") == "nik 3174-****-****-**01!");
    CHECK(mask_digit_runs("31.74.01.1507850001") == "31.74.**.********01");
    // Separators do not join across two of them, nor across other punctuation.
    CHECK(mask_digit_runs("31740115..07850001") == "31740115..07850001");
    CHECK(mask_digit_runs("31740115, 07850001") == "31740115, 07850001");
    // 15 digits in groups are not a NIK; a region code and a date are left as they are.
    CHECK(mask_digit_runs("3174.0115.0785.001") == "3174.0115.0785.001");
    CHECK(mask_digit_runs("31.74.01.1001") == "31.74.01.1001");
    CHECK(mask_digit_runs("2019-07-15") == "2019-07-15");
    // A validation error masks it in its value and its message.
    const okoce::validation_error e({"f.csv", 2, "name"}, "3174.0115.0785.0001", "a name");
    CHECK(e.value() == "3174.****.****.**01");
    CHECK(std::string(e.what()).find("0115.0785") == std::string::npos);
}
