// Population by region (Kemendagri codes), for weighting where a national programme's
// participants live and for calibrating shares against the people who could have joined. The
// embedded table gives every province and kab/kota of Indonesia as the regulation counts them.
#pragma once

#include "okoce/region.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace okoce {

// Residents of one region. Signed so that differences and sums of many regions need no casts.
struct Population {
    std::int64_t male = 0;
    std::int64_t female = 0;
    constexpr std::int64_t total() const noexcept { return male + female; }
    constexpr bool operator==(const Population&) const noexcept = default;
};

// An immutable code -> Population table in code order. Regions at any level may be present; the
// table does not check that a province equals the sum of its kab/kota (the embedded one does,
// when it is generated and again at compile time).
class PopulationTable {
public:
    // Rows in any order. Throws validation_error naming `source`, the 1-based record number and
    // the column ("code", "male" or "female") for an empty code, a duplicate code or a negative
    // count.
    static PopulationTable from_rows(std::vector<std::pair<RegionCode, Population>> rows,
                                     std::string source = "population");
    // Indonesia per Kepmendagri No 300.2.2-2138 Tahun 2025: the 38 provinces and 514 kab/kota
    // (284,973,643 people). Built once, on first use; its codes are all in
    // RegionTable::indonesia().
    static const PopulationTable& indonesia();

    std::size_t size() const noexcept { return codes_.size(); }
    // In code order (depth-first: a province before its kab/kota).
    std::span<const RegionCode> codes() const noexcept { return codes_; }
    bool contains(RegionCode code) const noexcept { return find(code).has_value(); }
    std::optional<Population> find(RegionCode code) const noexcept;
    // Throws reference_error (an okoce::error) naming the code when it is not in the table.
    Population at(RegionCode code) const;
    // The sum over the top-level rows (those whose ancestors are not in the table), so that a
    // table holding provinces and their kab/kota counts each person once.
    Population total() const noexcept { return total_; }

    // Where the rows came from: the `source` given to from_rows, or the regulation.
    const std::string& source() const noexcept { return source_; }

private:
    PopulationTable() = default;

    std::vector<RegionCode> codes_;
    std::vector<Population> values_; // parallel to codes_
    Population total_;
    std::string source_;
};

} // namespace okoce
