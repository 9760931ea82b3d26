// A regions CSV (RegionTable::from_csv) made of the input. Only okoce errors may escape, and
// a table that loads keeps the promises of region.hpp: codes in strictly increasing
// (depth-first) order, each below province level with its parent present, no empty name,
// per-level counts that add up, index_of finding every code, and from_rows of its own rows
// giving the same table.
#include "fuzz_support.hpp"

#include "okoce/region.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using okoce::fuzz::check;
    const std::filesystem::path path = okoce::fuzz::scratch() / "regions.csv";
    okoce::fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
    std::optional<okoce::RegionTable> table;
    std::string error;
    if (!okoce::fuzz::only_okoce_errors([&] { table.emplace(okoce::RegionTable::from_csv(path)); },
                                        error))
        return 0;

    const auto codes = table->codes();
    std::size_t per_level = 0;
    for (int l = 1; l <= 4; ++l) per_level += table->count(static_cast<okoce::RegionLevel>(l));
    check(per_level == codes.size(), "per-level counts do not add up to the table's size");
    std::vector<std::pair<okoce::RegionCode, std::string>> rows;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const std::string at = "row " + std::to_string(i) + " (" + codes[i].to_string() + ")";
        check(codes[i].valid(), at + ": the empty code is in the table");
        check(i == 0 || codes[i - 1] < codes[i], at + ": not in strictly increasing order");
        check(table->index_of(codes[i]) == i, at + ": index_of does not find it");
        check(!table->name_at(i).empty(), at + ": empty name");
        if (const auto parent = codes[i].parent())
            check(table->contains(*parent), at + ": its parent is not in the table");
        rows.emplace_back(codes[i], std::string(table->name_at(i)));
    }
    std::optional<okoce::RegionTable> again;
    check(okoce::fuzz::only_okoce_errors(
              [&] { again.emplace(okoce::RegionTable::from_rows(std::move(rows))); }, error),
          "from_rows refuses the rows of a table from_csv accepted: " + error);
    check(again->size() == table->size(), "from_rows gives another size");
    for (std::size_t i = 0; i < codes.size(); ++i)
        check(again->codes()[i] == codes[i] && again->name_at(i) == table->name_at(i),
              "from_rows gives another row " + std::to_string(i));
    return 0;
}
