// io::from_columns: tables handed over as columns are validated as a CSV folder of the same
// values is, errors name table, row, column and value, and nothing is built on error.
#include "okoce/io.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
namespace fs = std::filesystem;
using io::InputColumn;
using io::InputTable;

namespace {

// A small programme held as columns: three participants, four steps, three reports.
struct Columns {
    std::vector<std::string_view> ids{"A", "B", "C"};
    std::vector<std::string_view> kelurahan{"31.74.01.1001", "31.71.01.1002", "31.74.01.1003"};
    // As a pandas Categorical: codes into the categories.
    std::vector<std::int32_t> sector_codes{0, 1, 0};
    std::vector<std::string_view> sector_categories{"food_beverage", "craft"};
    std::vector<Date> registered{date(2019, 1, 5), date(2019, 2, 1), date(2019, 3, 9)};
    // Days since 1970-01-01: 2020-06-30 for C, missing (NaT) for the others.
    std::vector<std::int64_t> exited{std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::min(), 18443};
    std::vector<std::string_view> nik{"3174011507850001", "", ""};

    std::vector<std::string_view> step_who{"A", "A", "B", "C"};
    std::vector<std::string_view> step{"P2", "P3", "P2", "P2"};
    std::vector<Date> step_on{date(2019, 2, 1), date(2019, 3, 1), date(2019, 2, 10),
                              date(2019, 4, 1)};

    std::vector<std::string_view> report_who{"A", "A", "C"};
    std::vector<std::int32_t> quarter{2019 * 4 + 0, 2019 * 4 + 1, 2019 * 4 + 1}; // Q1, Q2, Q2
    std::vector<std::int64_t> revenue{15'000'000, 18'500'000, 2'000'000};
    std::vector<double> capital{50'000'000.0, std::nan(""), 1'000'000.0};
    std::vector<std::int64_t> employees{2, 0, 1};
    std::vector<std::uint8_t> employees_missing{0, 1, 0};

    std::vector<InputTable> tables() const {
        std::vector<InputTable> t;
        t.push_back({Table::participants,
                     {InputColumn::text("id", ids), InputColumn::text("nik", nik),
                      InputColumn::text("kelurahan", kelurahan),
                      InputColumn::categorical("sector", sector_codes, sector_categories),
                      InputColumn::dates("registered_on", registered),
                      InputColumn::days("exited_on", exited)}});
        t.push_back({Table::steps,
                     {InputColumn::text("participant", step_who), InputColumn::text("step", step),
                      InputColumn::dates("completed_on", step_on)}});
        t.push_back(
            {Table::reports,
             {InputColumn::text("participant", report_who),
              InputColumn::quarters("quarter", quarter), InputColumn::integers("revenue", revenue),
              InputColumn::numbers("capital", capital),
              InputColumn::integers("employees", employees, employees_missing)}});
        return t;
    }
};

// The same programme written by hand as a CSV folder.
void write_csv_twin(const fs::path& dir) {
    std::ofstream(dir / "participants.csv")
        << "id,nik,kelurahan,sector,registered_on,exited_on\n"
           "A,3174011507850001,31.74.01.1001,food_beverage,2019-01-05,\n"
           "B,,31.71.01.1002,craft,2019-02-01,\n"
           "C,,31.74.01.1003,food_beverage,2019-03-09,2020-06-30\n";
    std::ofstream(dir / "steps.csv") << "participant,step,completed_on\n"
                                        "A,P2,2019-02-01\nA,P3,2019-03-01\n"
                                        "B,P2,2019-02-10\nC,P2,2019-04-01\n";
    std::ofstream(dir / "reports.csv") << "participant,quarter,revenue,capital,employees\n"
                                          "A,2019Q1,15000000,50000000,2\n"
                                          "A,2019Q2,18500000,,\n"
                                          "C,2019Q2,2000000,1000000,1\n";
}

template <class F>
std::optional<validation_error> error_of(F&& f) {
    try {
        f();
    } catch (const validation_error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("columns give the programme a CSV folder of the same values gives") {
    const Columns c;
    const Programme p = io::from_columns(c.tables()).programme;
    okoce::test::TempDir dir("columns");
    write_csv_twin(dir.path);
    const Programme q = io::load_csv(dir.path).programme;

    REQUIRE(p.participant_count() == 3);
    REQUIRE(q.participant_count() == 3);
    for (Index i = 0; i < 3; ++i) {
        CHECK(p.participants().id[i] == q.participants().id[i]);
        CHECK(p.participants().nik[i] == q.participants().nik[i]);
        CHECK(p.participants().kelurahan[i] == q.participants().kelurahan[i]);
        CHECK(p.participants().sector[i] == q.participants().sector[i]);
        CHECK(p.participants().registered_on[i] == q.participants().registered_on[i]);
        CHECK(p.participants().exited_on[i] == q.participants().exited_on[i]);
    }
    CHECK(p.participants().exited_on[2] == date(2020, 6, 30)); // day 18443
    CHECK(p.participants().sector[1] == Sector::craft);
    REQUIRE(p.steps().size() == 4);
    REQUIRE(p.reports().size() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(p.reports().participant[r] == q.reports().participant[r]);
        CHECK(p.reports().quarter[r] == q.reports().quarter[r]);
        CHECK(p.reports().revenue[r] == q.reports().revenue[r]);
        CHECK(p.reports().capital[r] == q.reports().capital[r]);
        CHECK(p.reports().employees[r] == q.reports().employees[r]);
    }
    CHECK(p.reports().capital[1] == no_amount);  // NaN is missing
    CHECK(p.reports().employees[1] == no_count); // the mask is missing
    CHECK(p.reports().quarter[1] == Quarter(2019, 2));
}

TEST_CASE("a bad value names the table, the 1-based row, the column and the value") {
    Columns c;
    c.revenue[1] = -5;
    auto e = error_of([&] { io::from_columns(c.tables()); });
    REQUIRE(e);
    CHECK(e->file() == "reports");
    CHECK(e->line() == 2);
    CHECK(e->column() == "revenue");
    CHECK(e->value() == "-5");
    CHECK(e->expected() == "zero or more rupiah");

    Columns d;
    d.capital[2] = 1.5; // not a whole number of rupiah
    e = error_of([&] { io::from_columns(d.tables()); });
    REQUIRE(e);
    CHECK(e->line() == 3);
    CHECK(e->column() == "capital");
    CHECK(e->value() == "1.5");

    Columns s;
    s.step[3] = "P9";
    e = error_of([&] { io::from_columns(s.tables()); });
    REQUIRE(e);
    CHECK(e->file() == "steps");
    CHECK(e->line() == 4);
    CHECK(e->column() == "step");
    CHECK(e->value() == "P9");
}

TEST_CASE("references, duplicate ids and missing columns are named as in a load") {
    Columns c;
    c.step_who[2] = "Z";
    auto e = error_of([&] { io::from_columns(c.tables()); });
    REQUIRE(e);
    CHECK_THROWS_AS(io::from_columns(c.tables()), reference_error); // an unknown id
    CHECK(e->file() == "steps");
    CHECK(e->line() == 3);
    CHECK(e->column() == "participant");
    CHECK(e->value() == "Z");

    Columns d;
    d.ids[2] = "A";
    e = error_of([&] { io::from_columns(d.tables()); });
    REQUIRE(e);
    CHECK(e->file() == "participants");
    CHECK(e->line() == 3);
    CHECK(e->column() == "id");
    CHECK(e->value() == "A");

    Columns m;
    auto tables = m.tables();
    tables[0].columns.erase(tables[0].columns.begin() + 2); // kelurahan
    e = error_of([&] { io::from_columns(tables); });
    REQUIRE(e);
    CHECK(e->file() == "participants");
    CHECK(e->line() == 0);
    CHECK(e->column() == "kelurahan");
}

TEST_CASE("collect mode gathers every bad row, and nothing is built") {
    Columns c;
    c.revenue[0] = -1;
    c.step[1] = "bogus";
    io::LoadOptions o;
    o.collect_errors = 10;
    try {
        io::from_columns(c.tables(), o);
        FAIL("no error");
    } catch (const validation_errors& es) {
        REQUIRE(es.all().size() == 2);
        CHECK(es.all()[0].file() == "steps"); // tables are read in dependency order
        CHECK(es.all()[0].line() == 2);
        CHECK(es.all()[1].file() == "reports");
        CHECK(es.all()[1].line() == 1);
    }
}

TEST_CASE("a NIK held as a number is refused as such, without its digits") {
    Columns c;
    const std::vector<double> as_numbers{std::nan(""), 3174014303900000.0, std::nan("")};
    auto tables = c.tables();
    tables[0].columns[1] = InputColumn::numbers("nik", as_numbers);
    auto e = error_of([&] { io::from_columns(tables); });
    REQUIRE(e);
    CHECK(e->file() == "participants");
    CHECK(e->line() == 2);
    CHECK(e->column() == "nik");
    CHECK(e->value() == "(a number)");
    CHECK(std::string(e->what()).find("Excel stored the NIK as a number") != std::string::npos);
    CHECK(std::string(e->what()).find("31740143") == std::string::npos);

    Columns s;
    s.nik[2] = "3.17401E+15";
    e = error_of([&] { io::from_columns(s.tables()); });
    REQUIRE(e);
    CHECK(e->line() == 3);
    CHECK(e->value() == "(a number in scientific notation)");
    CHECK(std::string(e->what()).find("317401") == std::string::npos);

    CHECK(io::looks_like_scientific_number("3,17401E+15"));
    CHECK(io::looks_like_scientific_number("3174e15"));
    CHECK_FALSE(io::looks_like_scientific_number("3174011507850001"));
    CHECK_FALSE(io::looks_like_scientific_number("E+15"));
    CHECK_FALSE(io::looks_like_scientific_number("3.1.7E+15"));
}

TEST_CASE("dates outside the calendar and quarters out of range are refused with the value") {
    Columns c;
    c.exited[0] = -1'000'000; // before 1400
    auto e = error_of([&] { io::from_columns(c.tables()); });
    REQUIRE(e);
    CHECK(e->line() == 1);
    CHECK(e->column() == "exited_on");
    CHECK(e->value() == "day -1000000 from 1970-01-01");

    Columns q;
    q.quarter[0] = 2300 * 4; // 2300Q1, after the supported range
    e = error_of([&] { io::from_columns(q.tables()); });
    REQUIRE(e);
    CHECK(e->column() == "quarter");
    CHECK(e->value() == "2300Q1");
}

TEST_CASE("columns of unequal length, a table twice, no participants: argument errors") {
    Columns c;
    auto tables = c.tables();
    c.ids.push_back("D");
    tables[0].columns[0] = InputColumn::text("id", c.ids);
    CHECK_THROWS_AS(io::from_columns(tables), argument_error);

    const Columns c2;
    auto twice = c2.tables();
    twice.push_back(twice[1]);
    CHECK_THROWS_AS(io::from_columns(twice), argument_error);

    auto none = c2.tables();
    none.erase(none.begin());
    CHECK_THROWS_AS(io::from_columns(none), argument_error);

    const std::vector<std::int32_t> codes{0, 2};
    const std::vector<std::string_view> cats{"a", "b"};
    CHECK_THROWS_AS(InputColumn::categorical("sector", codes, cats), argument_error);
}
