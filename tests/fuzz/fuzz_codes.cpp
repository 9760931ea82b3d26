// Nik and RegionCode parsing on the input as text (and, for from_packed, as a number). Only
// okoce errors may escape; parse and try_parse agree; what parses prints back as the input
// and survives packed()/from_packed(); a NIK's error message never shows the whole number;
// and a NIK that parses names a region that RegionCode accepts (Nik.region in Python).
#include "fuzz_support.hpp"

#include "okoce/nik.hpp"
#include "okoce/region.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace {

using okoce::fuzz::check;

void nik(std::string_view text) {
    // A fixed reference date keeps the birth century, and so each run, reproducible.
    const okoce::Date reference(2026, 1, 1);
    std::optional<okoce::Nik> parsed;
    std::string error;
    const bool ok = okoce::fuzz::only_okoce_errors(
        [&] { parsed.emplace(okoce::Nik::parse(text, reference)); }, error);
    const auto tried = okoce::Nik::try_parse(text, reference);
    check(ok == tried.has_value(), "Nik::parse and Nik::try_parse disagree");
    if (!ok) {
        if (text.size() >= 16)
            for (std::size_t i = 0; i + 16 <= text.size(); ++i) {
                const auto run = text.substr(i, 16);
                if (run.find_first_not_of("0123456789") == std::string_view::npos)
                    check(error.find(run) == std::string::npos,
                          "a Nik error message shows a whole 16-digit number");
            }
        return;
    }
    check(*parsed == *tried, "Nik::parse and Nik::try_parse give different NIKs");
    check(parsed->digits() == text, "Nik::digits() is not the text parsed");
    const std::string masked = parsed->masked();
    check(masked.size() == 16 && masked.find(text.substr(4, 8)) == std::string::npos,
          "Nik::masked() shows the middle digits");
    check(okoce::Nik::from_packed(parsed->packed()) == *parsed, "Nik::from_packed(packed())");
    check(parsed->birth_date() <= reference, "a birth date after the reference date");
    std::string region_error;
    check(okoce::fuzz::only_okoce_errors(
              [&] {
                  (void)okoce::RegionCode::from_parts(parsed->province_code(), parsed->kota_code(),
                                                      parsed->kecamatan_code());
              },
              region_error),
          "a NIK that parses has no region (Nik.region): " + region_error);
}

void region_code(std::string_view text) {
    std::optional<okoce::RegionCode> parsed;
    std::string error;
    const bool ok = okoce::fuzz::only_okoce_errors(
        [&] { parsed.emplace(okoce::RegionCode::parse(text)); }, error);
    const auto tried = okoce::RegionCode::try_parse(text);
    check(ok == tried.has_value(), "RegionCode::parse and try_parse disagree");
    if (!ok) return;
    check(*parsed == *tried, "RegionCode::parse and try_parse give different codes");
    check(parsed->valid(), "RegionCode::parse gave the empty code");
    check(parsed->to_string() == text, "RegionCode::to_string() is not the text parsed");
    check(okoce::RegionCode::from_packed(parsed->packed()) == *parsed,
          "RegionCode::from_packed(packed())");
    // Walking up keeps every code within its ancestors.
    for (auto up = parsed->parent(); up; up = up->parent())
        check(parsed->is_within(*up), "a code is not within its parent");
}

void packed_numbers(std::string_view bytes) {
    if (bytes.size() < 8) return;
    std::uint64_t v = 0;
    std::memcpy(&v, bytes.data(), sizeof v);
    if (const auto code = okoce::RegionCode::from_packed(v); code.valid())
        check(okoce::RegionCode::try_parse(code.to_string()) == code,
              "RegionCode::from_packed gives a code that does not parse back");
    std::optional<okoce::Nik> n;
    std::string error;
    if (okoce::fuzz::only_okoce_errors([&] { n.emplace(okoce::Nik::from_packed(v)); }, error))
        check(n->packed() == v, "Nik::from_packed(v).packed() != v");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    nik(text);
    region_code(text);
    packed_numbers(text);
    return 0;
}
