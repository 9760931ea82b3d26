#include "okoce/programme.hpp"
#include "okoce/string_column.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

StringColumn column_of(std::initializer_list<std::string_view> values) {
    StringColumn c;
    for (const std::string_view v : values) c.push_back(v);
    return c;
}

std::vector<std::string> values_of(const StringColumn& c) {
    return {c.begin(), c.end()};
}

std::size_t bytes_of(const Programme& p, std::string_view table, std::string_view column) {
    for (const auto& c : p.memory_bytes())
        if (c.table == table && c.column == column) return c.bytes;
    FAIL("no column " << table << "." << column);
    return 0;
}

} // namespace

TEST_CASE("an empty column has no rows and holds nothing") {
    const StringColumn c;
    CHECK(c.size() == 0);
    CHECK(c.empty());
    CHECK_FALSE(c.any());
    CHECK(c.begin() == c.end());
    CHECK(c.memory_bytes() == 0);
}

TEST_CASE("a column given only empty values counts its rows and allocates nothing") {
    StringColumn c;
    c.reserve(1000);
    for (int k = 0; k < 1000; ++k) c.push_back("");
    CHECK(c.size() == 1000);
    CHECK_FALSE(c.empty());
    CHECK_FALSE(c.any());
    CHECK(c[0].empty());
    CHECK(c[999].empty());
    CHECK(c.memory_bytes() == 0);
    CHECK(std::count(c.begin(), c.end(), std::string_view{}) == 1000);
}

TEST_CASE("rows before the first text stay empty, later values read back in order") {
    StringColumn c = column_of({"", "", "P001", "", "Nama, Satu"});
    REQUIRE(c.size() == 5);
    CHECK(c.any());
    CHECK(values_of(c) == std::vector<std::string>{"", "", "P001", "", "Nama, Satu"});
    CHECK(c.front().empty());
    CHECK(c.back() == "Nama, Satu");
    // By hand: 4 + 10 = 14 characters and five 4-byte ends (0, 0, 4, 4, 14) = 34 bytes, once
    // growing's slack is given back; five std::strings would take 5 * 32 = 160 before any text.
    c.shrink_to_fit();
    CHECK(c.memory_bytes() == 34);
    // Non-ASCII text is bytes like any other: "Ça" is 3 bytes in UTF-8.
    c.push_back("\xc3\x87"
                "a");
    CHECK(c[5].size() == 3);
    CHECK(c[4] == "Nama, Satu");
}

TEST_CASE("a moved-from column is empty, not a run of empty values") {
    StringColumn a = column_of({"x", "", "zz"});
    StringColumn b = std::move(a);
    CHECK(values_of(b) == std::vector<std::string>{"x", "", "zz"});
    CHECK(a.size() == 0); // NOLINT(bugprone-use-after-move): the state is the point
    StringColumn c;
    c = std::move(b);
    CHECK(c.size() == 3);
    CHECK(b.size() == 0); // NOLINT(bugprone-use-after-move)
    b.push_back("new");
    CHECK(values_of(b) == std::vector<std::string>{"new"});
}

TEST_CASE("clear empties a column that held text") {
    StringColumn c = column_of({"x", "yy"});
    c.clear();
    CHECK(c.size() == 0);
    CHECK_FALSE(c.any());
    c.push_back("");
    CHECK(c.size() == 1);
    CHECK(c[0].empty());
}

TEST_CASE("permute reorders the rows, and columns compare by value") {
    StringColumn c = column_of({"a", "", "ccc"});
    permute_column(c, {2, 0, 1});
    CHECK(values_of(c) == std::vector<std::string>{"ccc", "a", ""});
    CHECK(c == column_of({"ccc", "a", ""}));
    CHECK_FALSE(c == column_of({"ccc", "a", "x"}));
    CHECK_FALSE(c == column_of({"ccc", "a"}));
    // The permuted copy is made to measure: 4 characters and 3 ends = 16 bytes.
    CHECK(c.memory_bytes() == 16);

    // An empty value first: the new column starts without text and gains it at row 1.
    permute_column(c, {2, 1, 0});
    CHECK(values_of(c) == std::vector<std::string>{"", "a", "ccc"});
    CHECK(c[0].empty());
}

TEST_CASE("permuting a column without text keeps its rows, all empty") {
    StringColumn c = column_of({"", "", ""});
    permute_column(c, {1, 2, 0});
    CHECK(c.size() == 3);
    CHECK_FALSE(c.any());
    CHECK(c == column_of({"", "", ""}));
}

TEST_CASE("reserve_more makes room beyond the rows already held") {
    StringColumn c = column_of({"a"});
    reserve_more(c, 9);
    // Ten offsets reserved, nothing of the text yet beyond the one character: 1 + 10 * 4.
    CHECK(c.memory_bytes() == 1 + 40);
    c.push_back("b");
    CHECK(values_of(c) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a built programme holds its text to measure, and absent columns cost nothing") {
    ProgrammeBuilder b;
    b.reserve(Table::participants, 100); // far more than added: build() gives the rest back
    b.add(person("P1", "31.74.01.1001", date(2019, 1, 1)));
    b.add(person("P22", "31.74.01.1001", date(2019, 1, 2)));
    Participant named = person("P333", "31.74.01.1001", date(2019, 1, 3));
    named.kbli = "10792";
    b.add(named);
    b.add(StepRecord{"P22", Step::p2, date(2019, 2, 1)});
    const Programme p = b.build();
    // ids: 2 + 3 + 4 = 9 characters and 3 ends of 4 bytes = 21 bytes.
    CHECK(bytes_of(p, "participants", "id") == 21);
    // No name nor pseudonym was given: no bytes, and each reads as empty.
    CHECK(bytes_of(p, "participants", "name") == 0);
    CHECK(bytes_of(p, "participants", "nik_pseudonym") == 0);
    CHECK(p.participants().name[1].empty());
    CHECK(p.participant(2).nik_pseudonym.empty());
    // One KBLI among three rows: 5 characters and 3 ends = 17 bytes.
    CHECK(bytes_of(p, "participants", "kbli") == 17);
    CHECK(p.participant(0).kbli.empty());
    CHECK(p.participant(2).kbli == "10792");
    // Dates are 4 bytes each; 3 rows, not the 100 reserved.
    CHECK(bytes_of(p, "participants", "registered_on") == 3 * 4);
    // Step offsets: one per participant plus one, 4 bytes each.
    CHECK(bytes_of(p, "steps", "(offsets)") == 4 * 4);
    CHECK(p.find_participant("P22") == Index{1});
    CHECK_FALSE(p.find_participant("P2").has_value());
}
