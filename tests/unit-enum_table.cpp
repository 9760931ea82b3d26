// Every enum's table against spellings written here by hand: the data contract's (DESIGN.md
// section 4: steps P1..P7, licence kinds IUMK/SKU/NIB/PIRT/HALAL/OTHER, metrics, sectors, basis,
// mentor kind, sex M/F) and the documented option and output spellings of the others. A typo in a
// table, a missing row or rows out of enumerator order fails here, not in a user's file.
#include "okoce/assignment.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/grouping.hpp"
#include "okoce/licence.hpp"
#include "okoce/mentor.hpp"
#include "okoce/milestone.hpp"
#include "okoce/monitoring.hpp"
#include "okoce/nik.hpp"
#include "okoce/phase.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/size_class.hpp"
#include "okoce/step.hpp"
#include "okoce/target.hpp"
#include "okoce/target_progress.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace okoce;

namespace {

// Each enumerator with the code expected for it, in declaration order: to_string gives the code,
// try_parse and parse give the enumerator back, the table has exactly these rows in this order,
// and unknown text is refused with every code named in the error.
template <class E>
void check_table(std::initializer_list<std::pair<E, std::string_view>> expected) {
    REQUIRE(enum_count<E> == expected.size());
    std::size_t k = 0;
    std::set<std::string_view> codes;
    for (const auto& row : expected) {
        const E e = row.first;
        const std::string_view code = row.second; // a plain variable: clang 14 cannot capture
        CAPTURE(code);                            // a structured binding in CAPTURE's lambda
        CHECK(enum_values<E>[k++] == e);
        CHECK(to_string(e) == code);
        CHECK(try_parse<E>(code) == e);
        CHECK(parse<E>(code) == e);
        codes.insert(code);
    }
    CHECK(codes.size() == expected.size());
    for (const std::string_view bad : {"", "no_such_code", " P1", "other "}) {
        CAPTURE(bad);
        CHECK_FALSE(try_parse<E>(bad).has_value());
        try {
            (void)parse<E>(bad);
            FAIL("accepted an unknown code");
        } catch (const validation_error& err) {
            CHECK(err.value() == bad);
            for (const auto& row : expected)
                CHECK(err.expected().find(row.second) != std::string::npos);
        }
    }
}

} // namespace

TEST_CASE("data-contract enums spell as DESIGN.md section 4") {
    check_table<Step>({{Step::p1, "P1"},
                       {Step::p2, "P2"},
                       {Step::p3, "P3"},
                       {Step::p4, "P4"},
                       {Step::p5, "P5"},
                       {Step::p6, "P6"},
                       {Step::p7, "P7"}});
    check_table<LicenceKind>({{LicenceKind::iumk, "IUMK"},
                              {LicenceKind::sku, "SKU"},
                              {LicenceKind::nib, "NIB"},
                              {LicenceKind::pirt, "PIRT"},
                              {LicenceKind::halal, "HALAL"},
                              {LicenceKind::other, "OTHER"}});
    check_table<TargetMetric>({{TargetMetric::registered, "registered"},
                               {TargetMetric::p1, "P1"},
                               {TargetMetric::p2, "P2"},
                               {TargetMetric::p3, "P3"},
                               {TargetMetric::p4, "P4"},
                               {TargetMetric::p5, "P5"},
                               {TargetMetric::p6, "P6"},
                               {TargetMetric::p7, "P7"},
                               {TargetMetric::licensed, "licensed"}});
    check_table<Sector>({{Sector::food_beverage, "food_beverage"},
                         {Sector::fashion, "fashion"},
                         {Sector::craft, "craft"},
                         {Sector::retail, "retail"},
                         {Sector::services, "services"},
                         {Sector::agriculture, "agriculture"},
                         {Sector::digital, "digital"},
                         {Sector::other, "other"}});
    check_table<CommunityBasis>({{CommunityBasis::sector, "sector"},
                                 {CommunityBasis::organisation, "organisation"},
                                 {CommunityBasis::region, "region"}});
    check_table<MentorKind>({{MentorKind::office, "office"}, {MentorKind::community, "community"}});
    check_table<Sex>({{Sex::male, "M"}, {Sex::female, "F"}});
    // Mentors' phases column (`;` list of these).
    check_table<Phase>({{Phase::starting, "starting"},
                        {Phase::mid_stage, "mid_stage"},
                        {Phase::stalled, "stalled"}});
}

TEST_CASE("option and output enums spell as documented") {
    check_table<StepPolicy>(
        {{StepPolicy::sequential, "sequential"}, {StepPolicy::a_la_carte, "a_la_carte"}});
    check_table<PhaseRule>(
        {{PhaseRule::no_business_start, "no_business_start"},
         {PhaseRule::young_business, "young_business"},
         {PhaseRule::established, "established"},
         {PhaseRule::growing, "growing"},
         {PhaseRule::insufficient_monitoring_data, "insufficient_monitoring_data"},
         {PhaseRule::no_growth, "no_growth"},
         {PhaseRule::zero_revenue, "zero_revenue"}});
    check_table<SizeClass>({{SizeClass::micro, "micro"},
                            {SizeClass::small, "small"},
                            {SizeClass::medium, "medium"},
                            {SizeClass::large, "large"}});
    check_table<SizeRegime>(
        {{SizeRegime::uu_20_2008, "UU 20/2008"}, {SizeRegime::pp_7_2021, "PP 7/2021"}});
    check_table<RegionLevel>({{RegionLevel::province, "province"},
                              {RegionLevel::kota, "kota"},
                              {RegionLevel::kecamatan, "kecamatan"},
                              {RegionLevel::kelurahan, "kelurahan"}});
    check_table<GroupBy>({{GroupBy::none, "none"},
                          {GroupBy::province, "province"},
                          {GroupBy::kota, "kota"},
                          {GroupBy::kecamatan, "kecamatan"},
                          {GroupBy::kelurahan, "kelurahan"},
                          {GroupBy::sector, "sector"},
                          {GroupBy::phase, "phase"},
                          {GroupBy::registration_quarter, "registration_quarter"},
                          {GroupBy::community, "community"},
                          {GroupBy::mentor_kind, "mentor_kind"}});
    check_table<OverdueBy>({{OverdueBy::mentor, "mentor"}, {OverdueBy::kecamatan, "kecamatan"}});
    check_table<CascadeWeights>({{CascadeWeights::equal, "equal"},
                                 {CascadeWeights::population, "population"},
                                 {CascadeWeights::registrations, "registrations"}});
    check_table<MentoringDemand>({{MentoringDemand::next_step, "next_step"},
                                  {MentoringDemand::until_pathway_done, "until_pathway_done"},
                                  {MentoringDemand::all_active, "all_active"}});
    check_table<MentorDistance>({{MentorDistance::same_kecamatan, "same_kecamatan"},
                                 {MentorDistance::same_kota, "same_kota"},
                                 {MentorDistance::same_province, "same_province"}});
    check_table<UnassignedReason>(
        {{UnassignedReason::no_mentor_in_province, "no_mentor_in_province"},
         {UnassignedReason::no_capacity_within_reach, "no_capacity_within_reach"}});
    check_table<Milestone::Kind>(
        {{Milestone::Kind::step, "step"}, {Milestone::Kind::licensed, "licensed"}});
}

TEST_CASE("what the texts built from a table say") {
    CHECK(expected_code<Step>() == "a step: P1, P2, P3, P4, P5, P6 or P7");
    CHECK(expected_code<MentorKind>() == "a mentor kind: office or community");
    CHECK(allowed_codes<Sex>("", ", ") == "M, F");
    // The inside of an SQL IN list, as io_sqlite's CHECK clauses use it.
    CHECK(allowed_codes<LicenceKind>("'", ", ") ==
          "'IUMK', 'SKU', 'NIB', 'PIRT', 'HALAL', 'OTHER'");
    CHECK(allowed_codes<StepPolicy>("'") == "'sequential' or 'a_la_carte'");
    // A value outside the table (RegionCode() has level 0) has the table's fallback.
    CHECK(to_string(RegionLevel{0}) == "none");
    CHECK(to_string(static_cast<Sector>(200)) == "?");
    CHECK(enumerator_name(SizeRegime::pp_7_2021) == "pp_7_2021");
    CHECK(enumerator_name(Step::p4) == "p4");
}

TEST_CASE("case and aliases only where the table allows them") {
    // Steps and licence kinds are read ignoring case (files are typed by hand); sectors are not.
    CHECK(try_parse<Step>("p4") == Step::p4);
    CHECK(try_parse<LicenceKind>("Halal") == LicenceKind::halal);
    CHECK(try_parse<LicenceKind>("spp-irt") == LicenceKind::pirt);
    CHECK_FALSE(try_parse<Sector>("Retail").has_value());
    CHECK_FALSE(try_parse<TargetMetric>("p4").has_value());
    CHECK_FALSE(try_parse<SizeRegime>("pp_7_2021").has_value()); // the name is not the code
    // Labels are for people, never parsed.
    CHECK_FALSE(try_parse<Step>("Perizinan").has_value());
}

TEST_CASE("labels share one function for steps, sectors and phases") {
    CHECK(label(Step::p4, Lang::id) == "Perizinan");
    CHECK(label(Step::p4, Lang::en) == "Licensing");
    CHECK(label(Step::p6, Lang::id) == "Pelaporan Keuangan");
    CHECK(label(Sector::retail, Lang::id) == "Perdagangan eceran");
    CHECK(label(Sector::food_beverage, Lang::en) == "Food and beverage");
    CHECK(label(Phase::stalled, Lang::id) == "lama tapi skala belum berkembang");
    CHECK(label(Phase::mid_stage, Lang::en) == "mid-stage");
    static_assert(Labelled<Step> && Labelled<Sector> && Labelled<Phase>);
    static_assert(!Labelled<LicenceKind> && !Labelled<GroupBy>);
}

TEST_CASE("EnumSet") {
    SectorSet s;
    CHECK(s.empty());
    CHECK(s.size() == 0);
    s.insert(Sector::other).insert(Sector::craft).insert(Sector::food_beverage);
    s.insert(Sector::craft); // twice is once
    CHECK(s.size() == 3);
    CHECK(s.contains(Sector::craft));
    CHECK_FALSE(s.contains(Sector::retail));
    // Bits by enumerator value: food_beverage 0, craft 2, other 7 -> 1 + 4 + 128.
    CHECK(s.bits() == 133);
    // Iteration in table order, whatever the insertion order.
    CHECK(std::vector<Sector>(s.begin(), s.end()) ==
          std::vector<Sector>{Sector::food_beverage, Sector::craft, Sector::other});
    s.erase(Sector::craft);
    CHECK(std::vector<Sector>(s.begin(), s.end()) ==
          std::vector<Sector>{Sector::food_beverage, Sector::other});
    CHECK(SectorSet::from_bits(129) == s);

    CHECK(SectorSet::all().size() == 8);
    CHECK(SectorSet::all().bits() == 0xFF);
    CHECK(PhaseSet::all().bits() == 0b111);

    // An empty set serves every value (a mentor's sectors and phases), contains none.
    const PhaseSet any;
    CHECK(any.serves(Phase::stalled));
    CHECK_FALSE(any.contains(Phase::stalled));
    const PhaseSet only{Phase::mid_stage};
    CHECK(only.serves(Phase::mid_stage));
    CHECK_FALSE(only.serves(Phase::starting));

    // Codes joined in table order, as the mentors file writes its `;` lists.
    CHECK(join_codes(StepSet{Step::p3, Step::p1, Step::p7}, ";") == "P1;P3;P7");
    CHECK(join_codes(StepSet{}, ";").empty());

    // Values that do not start at 0: the bit is the value (same_province = 3).
    const EnumSet<MentorDistance> far{MentorDistance::same_province, MentorDistance::same_kota};
    CHECK(far.bits() == 0b1100);
    CHECK(std::vector<MentorDistance>(far.begin(), far.end()) ==
          std::vector<MentorDistance>{MentorDistance::same_kota, MentorDistance::same_province});
    // Ten groupings need more than eight bits (mentor_kind = 9).
    static_assert(std::is_same_v<EnumSet<GroupBy>::Bits, std::uint16_t>);
    CHECK(EnumSet<GroupBy>{GroupBy::mentor_kind}.bits() == 512);

    // The default licence counting (IUMK, SKU and NIB) is a set like any other.
    CHECK(default_counting == LicenceKinds{LicenceKind::nib, LicenceKind::iumk, LicenceKind::sku});
    CHECK(default_counting.size() == 3);
    CHECK(LicenceKinds{}.empty());
}
