// A program that uses the installed okoce package: it classifies one participant.
#include <okoce/okoce.hpp>

#include <iostream>
#include <string_view>

int main() {
    using namespace okoce;
    const auto& regions = RegionTable::dki_jakarta();
    const auto tebet = RegionCode::parse("31.74.01");
    if (regions.name(tebet) != "Tebet") return 1;
    const auto v = classify_phase(Date(2019, 1, 1), Date(2020, 6, 30), {});
    if (v.phase != Phase::mid_stage || v.age_months != 17) return 2;
    if (std::string_view(version_string) != OKOCE_PACKAGE_VERSION) return 3;
    std::cout << "okoce " << version_string << ": " << regions.size() << " regions\n";
    return 0;
}
