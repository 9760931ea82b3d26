#include "okoce/grouping.hpp"

#include <algorithm>
#include <array>
#include <numeric>

namespace okoce {

namespace {

// Turns one raw code per participant (code_of(i)) into dense keys ordered by label text. The
// distinct codes are few (at most a few hundred kelurahan) and runs of equal codes are common, so
// each participant costs a comparison with the previous code or a probe of a small open-addressing
// table; sorting the codes of 330,000 participants would cost more than the analyses that
// group them.
template <class Code, class Label>
Groups densify(std::size_t n, Code code_of, Label label_of) {
    std::vector<std::uint64_t> distinct;
    Groups g;
    g.key.resize(n);
    std::size_t mask = 63;
    std::vector<std::uint32_t> slots(mask + 1, 0); // 1 + index into distinct; 0 empty
    const auto slot_of = [&](std::uint64_t code) -> std::uint32_t& {
        // Fibonacci hashing spreads codes that differ only in their low digits.
        std::size_t h = static_cast<std::size_t>((code * 0x9E3779B97F4A7C15ull) >> 32) & mask;
        while (slots[h] != 0 && distinct[slots[h] - 1] != code) h = (h + 1) & mask;
        return slots[h];
    };
    const auto key_of = [&](std::uint64_t code) -> std::uint32_t {
        std::uint32_t& slot = slot_of(code);
        if (slot != 0) return slot - 1;
        distinct.push_back(code);
        slot = static_cast<std::uint32_t>(distinct.size());
        if (distinct.size() * 2 > mask) { // keep the table at most half full
            mask = mask * 2 + 1;
            slots.assign(mask + 1, 0);
            for (std::size_t k = 0; k < distinct.size(); ++k)
                slot_of(distinct[k]) = static_cast<std::uint32_t>(k + 1);
        }
        return static_cast<std::uint32_t>(distinct.size() - 1);
    };
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t code = code_of(i);
        g.key[i] = i > 0 && code == previous ? g.key[i - 1] : key_of(code);
        previous = code;
    }
    // Keys so far number codes in order of first appearance; renumber them by label.
    std::vector<std::string> labels;
    labels.reserve(distinct.size());
    for (auto code : distinct) labels.push_back(label_of(code));
    std::vector<std::uint32_t> order(distinct.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return labels[a] < labels[b]; });
    std::vector<std::uint32_t> rank(distinct.size());
    g.label.reserve(distinct.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        rank[order[k]] = k;
        g.label.push_back(std::move(labels[order[k]]));
    }
    for (auto& k : g.key) k = rank[k];
    return g;
}

RegionLevel level_of(GroupBy by) noexcept {
    switch (by) {
    case GroupBy::province:
        return RegionLevel::province;
    case GroupBy::kota:
        return RegionLevel::kota;
    case GroupBy::kecamatan:
        return RegionLevel::kecamatan;
    default:
        return RegionLevel::kelurahan;
    }
}

} // namespace

Index current_mentor(const Programme& programme, Index participant, Date as_of) noexcept {
    const auto& a = programme.assignments();
    Index found = no_index;
    // Rows are sorted by `from`, so the last row that covers the date is the latest one.
    for (std::size_t r = a.begin(participant); r < a.end(participant); ++r) {
        if (a.from[r] > as_of) break;
        if (a.current_on(r, as_of)) found = a.mentor[r];
    }
    return found;
}

Groups group_participants(const Programme& programme, GroupBy by, Date as_of,
                          const PhaseRules& rules) {
    OKOCE_REQUIRE(!as_of.is_special(), "group_participants", "as_of", format_date(as_of), "a date");
    const auto& pc = programme.participants();
    const std::size_t n = pc.size();
    if (by == GroupBy::none) return Groups{std::vector<std::uint32_t>(n, 0u), {"all"}};

    switch (by) {
    case GroupBy::province:
    case GroupBy::kota:
    case GroupBy::kecamatan:
    case GroupBy::kelurahan: {
        const RegionLevel level = level_of(by);
        // Neighbours usually share a kelurahan: its ancestor is worked out once per run.
        RegionCode last;
        std::uint64_t last_code = 0;
        return densify(
            n,
            [&](std::size_t i) {
                if (i == 0 || !(pc.kelurahan[i] == last)) {
                    last = pc.kelurahan[i];
                    last_code = last.ancestor(level).packed();
                }
                return last_code;
            },
            [](std::uint64_t c) { return RegionCode::from_packed(c).to_string(); });
    }
    case GroupBy::sector:
        return densify(
            n, [&](std::size_t i) { return static_cast<std::uint64_t>(pc.sector[i]); },
            [](std::uint64_t c) { return std::string(to_string(static_cast<Sector>(c))); });
    case GroupBy::phase:
        return densify(
            n,
            [&](std::size_t i) {
                return static_cast<std::uint64_t>(
                    classify_phase(pc.business_started_on[i], as_of,
                                   programme.revenue_series(static_cast<Index>(i)), rules)
                        .phase);
            },
            [](std::uint64_t c) { return std::string(to_string(static_cast<Phase>(c))); });
    case GroupBy::registration_quarter:
        // Quarter indexes are non-negative for any year boost can represent.
        return densify(
            n,
            [&](std::size_t i) {
                return static_cast<std::uint64_t>(Quarter::of(pc.registered_on[i]).index());
            },
            [](std::uint64_t c) {
                return Quarter::from_index(static_cast<std::int32_t>(c)).to_string();
            });
    case GroupBy::community: {
        const auto& ids = programme.communities().id;
        return densify(
            n, [&](std::size_t i) { return static_cast<std::uint64_t>(pc.community[i]); },
            [&](std::uint64_t c) { return c == no_index ? std::string("(none)") : ids[c]; });
    }
    case GroupBy::mentor_kind: {
        const auto& kinds = programme.mentors().kind;
        // 0 office, 1 community, 2 none.
        return densify(
            n,
            [&](std::size_t i) {
                const Index m = current_mentor(programme, static_cast<Index>(i), as_of);
                return m == no_index ? std::uint64_t{2} : static_cast<std::uint64_t>(kinds[m]);
            },
            [](std::uint64_t c) {
                return c == 2u ? std::string("(none)")
                               : std::string(to_string(static_cast<MentorKind>(c)));
            });
    }
    case GroupBy::none:
        break;
    }
    throw argument_error("group_participants", "by", std::to_string(static_cast<int>(by)),
                         "a GroupBy value (none, province, ..., mentor_kind)");
}

} // namespace okoce
