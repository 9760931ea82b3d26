#include "okoce/partition.hpp"

#include <algorithm>
#include <map>

namespace okoce {

namespace detail {

// Copies rows column by column: a part is the same data as the whole, so nothing is parsed or
// validated again, and rows keep their order (event rows stay sorted by participant and date).
struct ProgrammeAccess {
    template <class Column>
    static void pick(Column& out, const Column& in, const std::vector<std::size_t>& rows) {
        out.clear();
        out.reserve(rows.size());
        for (const std::size_t r : rows) out.push_back(in[r]);
    }
    // Text is measured first, so that the part holds exactly its own characters.
    static void pick(StringColumn& out, const StringColumn& in,
                     const std::vector<std::size_t>& rows) {
        out.clear();
        out.reserve(rows.size());
        std::size_t chars = 0;
        for (const std::size_t r : rows) chars += in[r].size();
        out.reserve_text(chars);
        for (const std::size_t r : rows) out.push_back(in[r]);
    }
    // Every column of a table, walked through its schema.
    template <class Columns>
    static void pick_all(Columns& out, const Columns& in, const std::vector<std::size_t>& rows) {
        std::apply([&](const auto&... c) { (pick(out.*(c.member), in.*(c.member), rows), ...); },
                   Columns::schema());
    }

    // The event rows of the kept participants (old indexes, ascending), renumbered, and the
    // offsets of the new table.
    static std::vector<std::size_t> event_rows(const Slices& in, const std::vector<Index>& kept,
                                               Slices& out) {
        std::vector<std::size_t> rows;
        out.offsets.assign(1, 0);
        out.offsets.reserve(kept.size() + 1);
        for (const Index i : kept) {
            for (std::size_t r = in.begin(i); r < in.end(i); ++r) rows.push_back(r);
            out.offsets.push_back(static_cast<std::uint32_t>(rows.size()));
        }
        return rows;
    }

    static std::vector<Index> participant_column(const Slices& s) {
        std::vector<Index> p;
        p.reserve(s.offsets.back());
        for (std::size_t j = 0; j + 1 < s.offsets.size(); ++j)
            p.insert(p.end(), s.offsets[j + 1] - s.offsets[j], static_cast<Index>(j));
        return p;
    }

    static Programme select(const Programme& whole, std::span<const Index> participants,
                            std::span<const Index> mentors) {
        const std::size_t n = whole.participant_count(), nm = whole.mentors().size();
        std::vector<std::uint8_t> keep(n, 0), keep_mentor(nm, 0);
        for (const Index i : participants) {
            OKOCE_REQUIRE(i < n, "select", "participants", std::to_string(i),
                          "a participant row below " + std::to_string(n));
            keep[i] = 1;
        }
        for (const Index m : mentors) {
            OKOCE_REQUIRE(m < nm, "select", "mentors", std::to_string(m),
                          "a mentor row below " + std::to_string(nm));
            keep_mentor[m] = 1;
        }
        std::vector<Index> kept;
        std::vector<Index> new_index(n, no_index);
        for (Index i = 0; i < n; ++i)
            if (keep[i]) {
                new_index[i] = static_cast<Index>(kept.size());
                kept.push_back(i);
            }

        Programme part;
        part.regions_ = whole.regions_;
        part.communities_ = whole.communities_;
        part.community_order_ = whole.community_order_;
        part.targets_ = whole.targets_;

        // Participants.
        {
            const auto& in = whole.participants_;
            auto& out = part.participants_;
            const std::vector<std::size_t> rows(kept.begin(), kept.end());
            pick_all(out, in, rows);
            for (const Index i : whole.participant_order_)
                if (keep[i]) part.participant_order_.push_back(new_index[i]);
        }
        // Event tables.
        {
            const auto& in = whole.steps_;
            auto& out = part.steps_;
            const auto rows = event_rows(in, kept, out);
            pick_all(out, in, rows);
            out.participant = participant_column(out);
        }
        {
            const auto& in = whole.licences_;
            auto& out = part.licences_;
            const auto rows = event_rows(in, kept, out);
            pick_all(out, in, rows);
            out.participant = participant_column(out);
        }
        {
            const auto& in = whole.reports_;
            auto& out = part.reports_;
            const auto rows = event_rows(in, kept, out);
            pick_all(out, in, rows);
            out.participant = participant_column(out);
        }
        std::vector<std::size_t> assignment_rows;
        {
            const auto& in = whole.assignments_;
            auto& out = part.assignments_;
            assignment_rows = event_rows(in, kept, out);
            out.participant = participant_column(out);
            pick(out.from, in.from, assignment_rows);
            pick(out.to, in.to, assignment_rows);
            for (const std::size_t r : assignment_rows) keep_mentor[in.mentor[r]] = 1;
        }
        // Mentors: those asked for and those the kept pairs name, in their original order.
        {
            const auto& in = whole.mentors_;
            auto& out = part.mentors_;
            std::vector<std::size_t> rows;
            std::vector<Index> new_mentor(nm, no_index);
            for (Index m = 0; m < nm; ++m)
                if (keep_mentor[m]) {
                    new_mentor[m] = static_cast<Index>(rows.size());
                    rows.push_back(m);
                }
            pick_all(out, in, rows);
            for (const Index m : whole.mentor_order_)
                if (keep_mentor[m]) part.mentor_order_.push_back(new_mentor[m]);
            auto& mentor = part.assignments_.mentor;
            mentor.reserve(assignment_rows.size());
            for (const std::size_t r : assignment_rows)
                mentor.push_back(new_mentor[whole.assignments_.mentor[r]]);
        }
        return part;
    }
};

} // namespace detail

Programme select(const Programme& programme, std::span<const Index> participants,
                 std::span<const Index> mentors) {
    return detail::ProgrammeAccess::select(programme, participants, mentors);
}

std::vector<ProgrammePart> split(const Programme& programme, RegionLevel level) {
    OKOCE_REQUIRE(level == RegionLevel::province || level == RegionLevel::kota ||
                      level == RegionLevel::kecamatan,
                  "split", "level", std::string(to_string(level)),
                  "province, kota or kecamatan (a mentor is based in a kecamatan)");
    const auto& pc = programme.participants();
    const auto& mc = programme.mentors();
    // Region -> (participants, mentors); std::map keeps the parts ascending by code.
    std::map<RegionCode, std::pair<std::vector<Index>, std::vector<Index>>> by_region;
    for (Index i = 0; i < pc.size(); ++i)
        by_region[pc.kelurahan[i].ancestor(level)].first.push_back(i);
    for (Index m = 0; m < mc.size(); ++m)
        by_region[mc.kecamatan[m].ancestor(level)].second.push_back(m);
    std::vector<ProgrammePart> parts;
    parts.reserve(by_region.size());
    for (const auto& [region, rows] : by_region)
        parts.push_back({region, select(programme, rows.first, rows.second)});
    return parts;
}

} // namespace okoce
