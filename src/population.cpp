#include "okoce/population.hpp"
#include "okoce/error.hpp"

#include <algorithm>
#include <numeric>

namespace okoce {

PopulationTable PopulationTable::from_rows(std::vector<std::pair<RegionCode, Population>> rows,
                                           std::string source) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& [code, p] = rows[i];
        if (!code.valid()) throw validation_error({source, i + 1, "code"}, "", "a region code");
        if (p.male < 0)
            throw validation_error({source, i + 1, "male"}, std::to_string(p.male),
                                   "a count of people, 0 or more");
        if (p.female < 0)
            throw validation_error({source, i + 1, "female"}, std::to_string(p.female),
                                   "a count of people, 0 or more");
    }
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rows[a].first < rows[b].first; });
    // Report the later of two equal codes: the one a reader of the rows meets second.
    for (std::size_t k = 1; k < order.size(); ++k)
        if (rows[order[k]].first == rows[order[k - 1]].first)
            throw validation_error({source, order[k] + 1, "code"}, rows[order[k]].first.to_string(),
                                   "a region code not already given (it is also at record " +
                                       std::to_string(order[k - 1] + 1) + ")");

    PopulationTable t;
    t.source_ = std::move(source);
    t.codes_.reserve(rows.size());
    t.values_.reserve(rows.size());
    RegionCode top; // the latest row counted in the total; its descendants are already in it
    for (std::size_t r : order) {
        const auto& [code, p] = rows[r];
        t.codes_.push_back(code);
        t.values_.push_back(p);
        if (top.valid() && code.is_within(top)) continue;
        top = code;
        t.total_.male += p.male;
        t.total_.female += p.female;
    }
    return t;
}

std::optional<Population> PopulationTable::find(RegionCode code) const noexcept {
    const auto it = std::lower_bound(codes_.begin(), codes_.end(), code);
    if (it == codes_.end() || *it != code) return std::nullopt;
    return values_[static_cast<std::size_t>(it - codes_.begin())];
}

Population PopulationTable::at(RegionCode code) const {
    if (auto p = find(code)) return *p;
    throw reference_error({}, code.valid() ? code.to_string() : "(empty)",
                          "a region code listed in " + source_);
}

} // namespace okoce
