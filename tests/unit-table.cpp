#include "okoce/table.hpp"

#include "okoce/programme.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace okoce;

namespace {

// A table that exists only here: three columns, declared once in schema(). Adding `note` below
// (ToyWithNote) is the whole change needed for every generic layer to carry it.
struct ToyColumns {
    std::vector<std::string> id;
    std::vector<Date> seen_on;
    std::vector<std::int64_t> amount;
    static constexpr auto schema() {
        using K = ColumnKind;
        return std::tuple{
            column(&ToyColumns::id, {.name = "id", .kind = K::id, .required = true}),
            column(&ToyColumns::seen_on, {.name = "seen_on", .kind = K::date}),
            column(&ToyColumns::amount, {.name = "amount", .kind = K::amount}),
        };
    }
};

struct ToyWithNote {
    std::vector<std::string> id;
    std::vector<std::string> note;
    std::vector<std::int64_t> amount;
    static constexpr auto schema() {
        using K = ColumnKind;
        return std::tuple{
            column(&ToyWithNote::id, {.name = "id", .kind = K::id, .required = true}),
            column(&ToyWithNote::amount, {.name = "amount", .kind = K::amount}),
            column(&ToyWithNote::note, {.name = "note", .kind = K::text}),
        };
    }
};

Date day(int y, int m, int d) {
    return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

std::string names(const auto& infos) {
    std::string out;
    for (const ColumnInfo& i : infos) out += std::string(i.name) + (i.required ? "*" : "") + " ";
    return out;
}

} // namespace

TEST_CASE("Table names: each table spelled once, and parsed back") {
    CHECK(to_string(Table::participants) == "participants");
    CHECK(to_string(Table::assignments) == "assignments");
    CHECK(to_string(Table::regions) == "regions");
    CHECK(try_parse<Table>("licences") == Table::licences);
    CHECK(try_parse<Table>("communities") == Table::communities);
    CHECK_FALSE(try_parse<Table>("Participants").has_value()); // names are exact
    CHECK_FALSE(try_parse<Table>("licenses").has_value());     // the contract spells it licences
    CHECK_FALSE(try_parse<Table>("").has_value());
}

TEST_CASE("for_each_column walks a table's columns in schema order, with their members") {
    ToyColumns t;
    t.id = {"a", "b"};
    t.seen_on = {day(2020, 1, 1), day(2021, 2, 2)};
    t.amount = {10, 20};
    std::string seen;
    std::size_t rows = 0;
    for_each_column(t, [&](const ColumnInfo& info, const auto& col) {
        seen += std::string(info.name) + ":" + std::to_string(static_cast<int>(info.kind)) + " ";
        rows += col.size();
    });
    // id is ColumnKind 0, date 2, amount 9 (the enumerators' positions).
    CHECK(seen == "id:0 seen_on:2 amount:9 ");
    CHECK(rows == 6);
    CHECK(names(column_infos<ToyColumns>()) == "id* seen_on amount ");
}

TEST_CASE("reserve_rows and permute_rows reach every column, including one added later") {
    ToyWithNote t;
    t.id = {"a", "b", "c"};
    t.note = {"first", "", "third"};
    t.amount = {10, no_amount, 30};
    reserve_rows(t, 100);
    CHECK(t.id.capacity() >= 103);
    CHECK(t.note.capacity() >= 103);
    CHECK(t.amount.capacity() >= 103);

    // New row k = old row perm[k]: c, a, b.
    permute_rows(t, {2, 0, 1});
    CHECK(t.id == std::vector<std::string>{"c", "a", "b"});
    CHECK(t.note == std::vector<std::string>{"third", "first", ""});
    CHECK(t.amount == std::vector<std::int64_t>{30, 10, no_amount});
    // The schema's order, not the struct's, is the order of files.
    CHECK(names(column_infos<ToyWithNote>()) == "id* amount note ");
}

TEST_CASE("first_ragged_column names a column that missed a row") {
    ToyWithNote t;
    t.id = {"a", "b"};
    t.amount = {1, 2};
    t.note = {"x"}; // an add() that forgot to push the note
    CHECK(first_ragged_column(t, 2) == "note");
    t.note.push_back("y");
    CHECK(first_ragged_column(t, 2).empty());
}

TEST_CASE("The store's schemas list the data contract's columns (DESIGN.md section 3)") {
    // Written out by hand from the data contract, required columns starred.
    CHECK(names(column_infos<ParticipantColumns>()) ==
          "id* nik name sex birth_date kelurahan* sector* kbli community registered_on* "
          "business_started_on exited_on nik_pseudonym ");
    CHECK(names(column_infos<StepColumns>()) == "participant* step* completed_on* ");
    CHECK(names(column_infos<LicenceColumns>()) ==
          "participant* kind* number issued_on* valid_until issuer ");
    // known_on is derived (the builder works it out), listed so that it is reordered too.
    CHECK(names(column_infos<ReportColumns>()) ==
          "participant* quarter* revenue* capital employees reported_on known_on ");
    CHECK(names(column_infos<AssignmentColumns>()) == "participant* mentor* from* to ");
    CHECK(names(column_infos<MentorColumns>()) ==
          "id* name kind* kecamatan* community sectors phases capacity* active_from active_to ");
    CHECK(names(column_infos<CommunityColumns>()) == "id* name* basis sector region ");
    CHECK(names(column_infos<TargetColumns>()) == "id* metric* region* start* end* value* ");

    // Only the NIK, the name and the birth date are personal.
    std::string personal;
    for (const ColumnInfo& i : column_infos<ParticipantColumns>())
        if (i.personal) personal += std::string(i.name) + " ";
    CHECK(personal == "nik name birth_date ");
}

TEST_CASE("build() reorders every column of an event table by the one permutation") {
    // Two reports of one participant added out of order: every report column, including the
    // derived known_on, must follow the quarter.
    ProgrammeBuilder b;
    Participant p;
    p.id = "P1";
    p.kelurahan = *RegionCode::try_parse("31.74.01.1001");
    p.sector = Sector::retail;
    p.registered_on = day(2019, 1, 10);
    b.add(p);
    QuarterlyReport late;
    late.participant = "P1";
    late.quarter = Quarter(2019, 3);
    late.revenue = Rupiah(300);
    late.employees = 3;
    late.reported_on = day(2019, 10, 5);
    QuarterlyReport early;
    early.participant = "P1";
    early.quarter = Quarter(2019, 1);
    early.revenue = Rupiah(100);
    early.capital = Rupiah(7);
    b.add(late).add(early);
    b.reserve(Table::reports, 10).reserve(Table::regions, 5);
    const Programme prog = b.build();
    const auto& r = prog.reports();
    REQUIRE(r.size() == 2);
    CHECK(r.quarter[0] == Quarter(2019, 1));
    CHECK(r.revenue == std::vector<std::int64_t>{100, 300});
    CHECK(r.capital == std::vector<std::int64_t>{7, no_amount});
    CHECK(r.employees == std::vector<std::int32_t>{no_count, 3});
    // known_on: 2019Q1 not recorded, so its last day; 2019Q3 its reported_on.
    CHECK(r.known_on[0] == day(2019, 3, 31));
    CHECK(r.known_on[1] == day(2019, 10, 5));
}

TEST_CASE("for_each_field reaches a record's members by contract name, nested ones too") {
    // A licence row's values sit in LicenceRecord::licence; the fields reach them there.
    LicenceRecord l;
    std::string order;
    for_each_field(l, [&](std::string_view name, auto& member, std::string_view) {
        order += std::string(name) + " ";
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(member)>, std::string>)
            member = std::string(name) + "!";
    });
    CHECK(order == "participant kind number issued_on valid_until issuer ");
    CHECK(l.participant == "participant!");
    CHECK(l.licence.number == "number!");
    CHECK(l.licence.issuer == "issuer!");

    // The units error messages name, written by hand from the old per-table decoder.
    Mentor m;
    std::string units;
    for_each_field(m, [&](std::string_view name, auto&, std::string_view unit) {
        if (!unit.empty()) units += std::string(name) + "=" + std::string(unit) + " ";
    });
    CHECK(units == "sectors=sector codes phases=phases capacity=participants ");

    // A participant's registration date is read before the NIK, which needs it as reference.
    Participant p;
    std::string all;
    for_each_field(
        p, [&](std::string_view name, auto&, std::string_view) { all += std::string(name) + " "; });
    CHECK(all.rfind("id registered_on nik name ", 0) == 0);
}
