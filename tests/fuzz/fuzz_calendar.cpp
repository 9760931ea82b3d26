// Dates, quarters and rupiah parsed from the input as text. Only okoce errors may escape;
// parse and try_parse agree; whatever parses prints back as the same value (a date and a
// quarter exactly as the input, which their strict forms require, but for a quarter's q); a
// quarter's first and last days lie in it; and any 64-bit amount prints as rupiah that parse back
// to it.
#include "fuzz_support.hpp"

#include "okoce/calendar.hpp"
#include "okoce/money.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace {

using okoce::fuzz::check;

void date(std::string_view text) {
    std::optional<okoce::Date> parsed;
    std::string error;
    const bool ok =
        okoce::fuzz::only_okoce_errors([&] { parsed.emplace(okoce::parse_date(text)); }, error);
    const auto tried = okoce::try_parse_date(text);
    check(ok == tried.has_value(), "parse_date and try_parse_date disagree");
    if (!ok) return;
    check(*parsed == *tried, "parse_date and try_parse_date give different dates");
    std::string printed;
    check(okoce::fuzz::only_okoce_errors([&] { printed = okoce::format_date(*parsed); }, error),
          "format_date fails on a parsed date: " + error);
    check(printed == text, "format_date(parse_date(s)) != s");
    okoce::fuzz::only_okoce_errors(
        [&] {
            const auto q = okoce::Quarter::of(*parsed);
            check(q.first_day() <= *parsed && *parsed <= q.last_day(),
                  "a date outside the quarter Quarter::of gives");
            check(okoce::whole_months_between(*parsed, *parsed) == 0,
                  "whole_months_between(d, d) != 0");
        },
        error);
}

void quarter(std::string_view text) {
    std::optional<okoce::Quarter> parsed;
    std::string error;
    const bool ok =
        okoce::fuzz::only_okoce_errors([&] { parsed.emplace(okoce::Quarter::parse(text)); }, error);
    const auto tried = okoce::Quarter::try_parse(text);
    check(ok == tried.has_value(), "Quarter::parse and Quarter::try_parse disagree");
    if (!ok) return;
    check(*parsed == *tried, "Quarter::parse and try_parse give different quarters");
    // A lower-case q is accepted (2019q3); to_string writes the upper-case form.
    std::string upper(text);
    upper[4] = 'Q';
    check(parsed->to_string() == upper, "Quarter::parse(s).to_string() != s");
    // A quarter that parses is one the loaders accept (reports.csv), so its days must exist.
    okoce::Date first, last;
    check(okoce::fuzz::only_okoce_errors(
              [&] {
                  first = parsed->first_day();
                  last = parsed->last_day();
              },
              error),
          "a parsed quarter has no first or last day: " + error);
    check(okoce::Quarter::of(first) == *parsed && okoce::Quarter::of(last) == *parsed,
          "a quarter's first or last day lies in another quarter");
}

void rupiah(std::string_view text) {
    std::optional<okoce::Rupiah> parsed;
    std::string error;
    const bool ok =
        okoce::fuzz::only_okoce_errors([&] { parsed.emplace(okoce::Rupiah::parse(text)); }, error);
    const auto tried = okoce::Rupiah::try_parse(text);
    check(ok == tried.has_value(), "Rupiah::parse and Rupiah::try_parse disagree");
    if (!ok) return;
    check(*parsed == *tried, "Rupiah::parse and try_parse give different amounts");
    check(okoce::Rupiah::try_parse(parsed->to_string()) == parsed,
          "Rupiah::to_string does not parse back");
    check(okoce::Rupiah::try_parse(parsed->to_plain_string()) == parsed,
          "Rupiah::to_plain_string does not parse back");
}

void amount(std::string_view bytes) {
    if (bytes.size() < 8) return;
    std::int64_t v = 0;
    std::memcpy(&v, bytes.data(), sizeof v);
    const okoce::Rupiah r(v);
    check(okoce::Rupiah::try_parse(r.to_string()) == r, "Rupiah(v).to_string() does not parse");
    check(okoce::Rupiah::try_parse(r.to_plain_string()) == r,
          "Rupiah(v).to_plain_string() does not parse");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    date(text);
    quarter(text);
    rupiah(text);
    amount(text);
    return 0;
}
