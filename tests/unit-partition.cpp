#include "okoce/partition.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace okoce;

namespace {
const Programme& whole() {
    static const Programme p = synth::jakarta(7, 0.05, Date(2022, 10, 31));
    return p;
}
} // namespace

TEST_CASE("split by kota: every participant in exactly one part with all their rows") {
    const Programme& p = whole();
    const auto parts = split(p, RegionLevel::kota);
    // DKI has 6 kota/kabupaten; the generator places participants in each.
    REQUIRE(parts.size() == 6);
    std::size_t people = 0, steps = 0, licences = 0, reports = 0, assignments = 0;
    std::set<std::string> seen;
    for (const auto& part : parts) {
        const Programme& q = part.programme;
        CHECK(part.region.level() == RegionLevel::kota);
        people += q.participant_count();
        steps += q.steps().size();
        licences += q.licences().size();
        reports += q.reports().size();
        assignments += q.assignments().size();
        for (Index j = 0; j < q.participant_count(); ++j) {
            const std::string id(q.participants().id[j]);
            CHECK(q.participants().kelurahan[j].is_within(part.region));
            CHECK(seen.insert(id).second);
            const Index i = *p.find_participant(id);
            // The same rows, in the same order, in the part as in the whole.
            REQUIRE(q.reports().end(j) - q.reports().begin(j) ==
                    p.reports().end(i) - p.reports().begin(i));
            for (std::size_t k = 0; k < q.reports().end(j) - q.reports().begin(j); ++k) {
                CHECK(q.reports().quarter[q.reports().begin(j) + k] ==
                      p.reports().quarter[p.reports().begin(i) + k]);
                CHECK(q.reports().participant[q.reports().begin(j) + k] == j);
            }
            CHECK(q.steps_done(j, Date(2022, 10, 31)) == p.steps_done(i, Date(2022, 10, 31)));
            // Each pair names the same mentor in the part as in the whole.
            for (std::size_t r = q.assignments().begin(j); r < q.assignments().end(j); ++r) {
                const auto k = r - q.assignments().begin(j) + p.assignments().begin(i);
                CHECK(q.mentors().id[q.assignments().mentor[r]] ==
                      p.mentors().id[p.assignments().mentor[k]]);
            }
        }
        // Lookups by id work in the part.
        for (Index j = 0; j < q.participant_count(); ++j)
            CHECK(q.find_participant(q.participants().id[j]) == j);
        for (Index m = 0; m < q.mentors().size(); ++m) CHECK(q.find_mentor(q.mentors().id[m]) == m);
        CHECK(q.targets().size() == p.targets().size());
        CHECK(q.communities().size() == p.communities().size());
    }
    CHECK(people == p.participant_count());
    CHECK(steps == p.steps().size());
    CHECK(licences == p.licences().size());
    CHECK(reports == p.reports().size());
    CHECK(assignments == p.assignments().size());
}

TEST_CASE("split by kecamatan keeps every mentor based in the part") {
    const Programme& p = whole();
    const auto parts = split(p, RegionLevel::kecamatan);
    // DKI has 44 kecamatan, each with its office mentors.
    CHECK(parts.size() == 44);
    std::set<std::string> homed;
    for (const auto& part : parts)
        for (Index m = 0; m < part.programme.mentors().size(); ++m)
            if (part.programme.mentors().kecamatan[m] == part.region)
                homed.insert(part.programme.mentors().id[m]);
    CHECK(homed.size() == p.mentors().size());
    CHECK_THROWS_AS(split(p, RegionLevel::kelurahan), argument_error);
}

TEST_CASE("select: repeats ignored, original order kept, bad rows rejected") {
    const Programme& p = whole();
    const std::vector<Index> rows{5, 2, 5, 9};
    const Programme q = select(p, rows, {});
    REQUIRE(q.participant_count() == 3);
    CHECK(q.participants().id[0] == p.participants().id[2]);
    CHECK(q.participants().id[1] == p.participants().id[5]);
    CHECK(q.participants().id[2] == p.participants().id[9]);
    const std::vector<Index> bad{static_cast<Index>(p.participant_count())};
    CHECK_THROWS_AS(select(p, bad, {}), error);
}
