#include "io/reader.hpp"
#include "io/shown.hpp"
#include "okoce/io.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace okoce;
using boost::gregorian::date;
namespace fs = std::filesystem;

namespace {
using okoce::test::slurp;
using okoce::test::TempDir;

const fs::path fixture = fs::path(OKOCE_TEST_DIR) / "data" / "small";
// Every NIK in the fixture: none may appear whole in an error message.
const char* const fixture_niks[] = {"3174011507850001", "3174014303900002", "3171011201950003",
                                    "3173024102010005"};

void spit(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

// A copy of the fixture with the first `from` in `file` replaced by `to`.
struct Broken : TempDir {
    Broken(const std::string& file, const std::string& from, const std::string& to)
        : TempDir("broken") {
        for (const auto& e : fs::directory_iterator(fixture))
            fs::copy_file(e.path(), path / e.path().filename());
        std::string text = slurp(path / file);
        const auto at = text.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, from);
        text.replace(at, from.size(), to);
        spit(path / file, text);
    }
};

std::optional<validation_error> error_of(const fs::path& folder, io::LoadOptions o = {}) {
    try {
        io::load_csv(folder, o);
    } catch (const validation_error& e) {
        return e;
    }
    return std::nullopt;
}

bool shows_a_nik(const std::string& message) {
    for (const char* nik : fixture_niks)
        if (message.find(nik) != std::string::npos) return true;
    return false;
}

// The error for one broken field: file, physical line, column, and the value shown.
void check_error(const Broken& d, const std::string& file, std::size_t line,
                 const std::string& column, const std::string& value) {
    const auto e = error_of(d.path);
    REQUIRE(e);
    CHECK(e->file() == d.file(file));
    CHECK(e->line() == line);
    CHECK(e->column() == column);
    CHECK(e->value() == value);
    CHECK_FALSE(e->expected().empty());
    CHECK_FALSE(shows_a_nik(e->what()));
    // The message names all four, as a reader of a log would need.
    const std::string what = e->what();
    CHECK(what.find(d.file(file) + ":" + std::to_string(line)) != std::string::npos);
    CHECK(what.find(column) != std::string::npos);
}

} // namespace

TEST_CASE("the small fixture loads with the values written in its files") {
    const auto result = io::load_csv(fixture);
    const Programme& p = result.programme;

    // participants.csv: five rows; P004's quoted name spans lines 5-6.
    REQUIRE(p.participant_count() == 5);
    const auto& pc = p.participants();
    CHECK(pc.id[0] == "P001");
    CHECK(pc.id[4] == "P005");
    CHECK(pc.name[1] == "Siti \"Ani\" Rahma"); // doubled quotes collapse
    CHECK(pc.name[3] == "Dewi Lestari\n(Bu Dewi)");
    CHECK(pc.kbli[0] == "10792");
    CHECK(pc.kbli[1].empty());
    CHECK(pc.kelurahan[2] == RegionCode::parse("31.71.01.1002"));
    CHECK(pc.sector[2] == Sector::craft);
    CHECK(pc.sector[4] == Sector::digital);
    CHECK(pc.registered_on[0] == date(2018, 2, 10));
    CHECK(pc.business_started_on[0] == date(2014, 5, 1));
    CHECK(pc.business_started_on[1].is_not_a_date());
    CHECK(pc.exited_on[2] == date(2020, 6, 30));
    CHECK(pc.exited_on[0].is_not_a_date());
    CHECK(pc.birth_date[0] == date(1985, 7, 15));
    CHECK(pc.birth_date[3].is_not_a_date());
    CHECK(pc.sex[0] == static_cast<std::uint8_t>(Sex::male));
    CHECK(pc.sex[1] == static_cast<std::uint8_t>(Sex::female));
    // PGO-IBU is the second community row.
    CHECK(pc.community[2] == 1);
    CHECK(pc.community[1] == no_index);

    // NIKs: 3174011507850001 is a man born 15-07-85; P002's day 43 is a woman born on the 3rd;
    // P005's "010201"+40 is 1 Feb 01, read as 2001 because she registered in 2019.
    REQUIRE(p.nik(0));
    CHECK(p.nik(0)->digits() == "3174011507850001");
    CHECK(p.nik(0)->birth_date() == date(1985, 7, 15));
    CHECK(p.nik(1)->sex() == Sex::female);
    CHECK(p.nik(1)->birth_date() == date(1990, 3, 3));
    CHECK(p.nik(4)->birth_date() == date(2001, 2, 1));
    CHECK_FALSE(p.nik(3));

    // steps.csv: ten rows; P001's come back in date order P1, P2, P3, P4 although the file
    // lists P3 before P2.
    const auto& s = p.steps();
    CHECK(s.size() == 10);
    CHECK(s.end(0) - s.begin(0) == 4);
    CHECK(s.step[s.begin(0) + 1] == Step::p2);
    CHECK(s.completed_on[s.begin(0) + 1] == date(2018, 3, 1));
    CHECK(s.step[s.begin(0) + 2] == Step::p3);
    CHECK(p.steps_done(3, date(2019, 12, 31)) == StepSet{Step::p1, Step::p4});

    // licences.csv: the SKU of 2018-09-10 makes P001 licensed from that day.
    const auto& l = p.licences();
    CHECK(l.size() == 3);
    CHECK(l.kind[l.begin(0)] == LicenceKind::sku);
    CHECK(l.issuer[l.begin(0) + 1] == "Camat Tebet, DPMPTSP");
    CHECK(l.number[l.begin(0) + 1] == "503/IUMK/2018/0456");
    CHECK(l.kind[l.begin(2)] == LicenceKind::pirt);
    CHECK(l.valid_until[l.begin(2)] == date(2024, 5, 1));
    CHECK(p.licensed_as_of(0, date(2018, 9, 10)));
    CHECK_FALSE(p.licensed_as_of(0, date(2018, 9, 9)));
    CHECK_FALSE(p.licensed_as_of(2, date(2020, 1, 1))); // PIRT does not count for P4

    // reports.csv: P001's 2018Q2 row has no capital and no report date.
    const auto& r = p.reports();
    CHECK(r.size() == 4);
    const auto q2 = r.begin(0) + 1;
    CHECK(r.quarter[q2] == Quarter(2018, 2));
    CHECK(r.revenue[q2] == 18'500'000);
    CHECK(r.capital[q2] == no_amount);
    CHECK(r.employees[q2] == 2);
    CHECK(r.reported_on[q2].is_not_a_date());
    CHECK(r.known_on[q2] == date(2018, 6, 30));
    CHECK(r.capital[r.begin(0)] == 50'000'000);
    CHECK(r.revenue[r.begin(2)] == 4'500'000);

    // mentors.csv
    const auto& m = p.mentors();
    REQUIRE(m.size() == 3);
    const Index kul = *p.find_mentor("M-TEB-2");
    CHECK(m.kind[kul] == MentorKind::community);
    CHECK(m.kecamatan[kul] == RegionCode::parse("31.74.01"));
    CHECK(m.community[kul] == 0);
    CHECK(m.sectors[kul].contains(Sector::food_beverage));
    CHECK(m.sectors[kul].contains(Sector::retail));
    CHECK_FALSE(m.sectors[kul].contains(Sector::fashion));
    CHECK(m.phases[kul].contains(Phase::stalled));
    CHECK_FALSE(m.phases[kul].contains(Phase::mid_stage));
    CHECK(m.capacity[kul] == 10);
    CHECK(m.active_to[kul] == date(2019, 12, 31));
    CHECK(m.sectors[0].empty()); // empty list: serves all
    CHECK(m.active_from[2].is_not_a_date());
    CHECK(m.capacity[2] == 20);

    // communities.csv
    const auto& c = p.communities();
    REQUIRE(c.size() == 2);
    CHECK(c.name[1] == "Ibu-Ibu Rumah Tangga, Gambir");
    CHECK(c.basis[1] == CommunityBasis::organisation);
    CHECK_FALSE(c.sector[1]);
    CHECK_FALSE(c.region[1].valid());
    CHECK(c.sector[0] == Sector::food_beverage);
    CHECK(c.region[0] == RegionCode::parse("31.74.01"));

    // assignments.csv
    const auto& a = p.assignments();
    CHECK(a.size() == 3);
    CHECK(a.mentor[a.begin(1)] == *p.find_mentor("M-TEB-1"));
    CHECK(a.to[a.begin(1)] == date(2018, 12, 31));
    CHECK(a.to[a.begin(0)].is_not_a_date());

    // targets.csv
    const auto& t = p.targets();
    REQUIRE(t.size() == 2);
    CHECK(t.region[0] == RegionCode::parse("31"));
    CHECK(t.value[0] == 40'000);
    CHECK(t.metric[1] == TargetMetric::licensed);
    CHECK(t.start[1] == date(2018, 9, 1));
    CHECK(t.value[1] == 200);

    // No regions.csv: the embedded DKI table.
    CHECK(&p.regions() == &RegionTable::dki_jakarta());

    // P004 has P4 on line 10 of steps.csv but no licence: a warning, not an error.
    REQUIRE(result.warnings.size() == 1);
    CHECK(result.warnings[0].where.file == (fixture / "steps.csv").string());
    CHECK(result.warnings[0].where.line == 10);
    CHECK(result.warnings[0].message.find("P004") != std::string::npos);
}

TEST_CASE("each kind of bad input names file, line, column and value") {
    SUBCASE("a missing required column") {
        Broken d("participants.csv", ",kelurahan,", ",kelurahan_code,");
        check_error(d, "participants.csv", 1, "kelurahan", "");
    }
    SUBCASE("a required value left empty") {
        Broken d("steps.csv", "P002,P2,2018-04-01", "P002,,2018-04-01");
        check_error(d, "steps.csv", 7, "step", "");
    }
    SUBCASE("a date that does not exist") {
        Broken d("participants.csv", "2018-03-05", "2018-02-30");
        check_error(d, "participants.csv", 3, "registered_on", "2018-02-30");
    }
    SUBCASE("a date in another format") {
        Broken d("licences.csv", "2019-05-02", "02/05/2019");
        check_error(d, "licences.csv", 4, "issued_on", "02/05/2019");
    }
    SUBCASE("a bad birth date is shown with its digits masked") {
        Broken d("participants.csv", "1990-03-03", "1990/03/03");
        check_error(d, "participants.csv", 3, "birth_date", "****/**/**");
    }
    SUBCASE("a bad quarter") {
        Broken d("reports.csv", "2018Q2", "2018Q5");
        check_error(d, "reports.csv", 3, "quarter", "2018Q5");
    }
    SUBCASE("a NIK with month 13 shows only the wrong part") {
        Broken d("participants.csv", "3174014303900002", "3174014313900002");
        check_error(d, "participants.csv", 3, "nik", "month 13");
    }
    SUBCASE("a NIK of 15 digits") {
        Broken d("participants.csv", "3174011507850001", "317401150785001");
        check_error(d, "participants.csv", 2, "nik", "15 characters");
    }
    SUBCASE("a kecamatan code where a kelurahan is expected") {
        Broken d("participants.csv", "31.71.01.1002", "31.71.01");
        check_error(d, "participants.csv", 4, "kelurahan", "31.71.01");
    }
    SUBCASE("a kelurahan code that is not in the region table") {
        Broken d("participants.csv", "31.71.01.1002", "31.71.01.1099");
        check_error(d, "participants.csv", 4, "kelurahan", "31.71.01.1099");
        CHECK_THROWS_AS(io::load_csv(d.path), reference_error);
    }
    SUBCASE("a malformed region code") {
        Broken d("targets.csv", "31.74.01.1001", "3174011001");
        check_error(d, "targets.csv", 3, "region", "3174011001");
    }
    SUBCASE("an unknown sector, after a record that spans two lines") {
        // P005 is on physical line 7: P004's name holds a newline.
        Broken d("participants.csv", ",digital,", ",teknologi,");
        check_error(d, "participants.csv", 7, "sector", "teknologi");
    }
    SUBCASE("an unknown sector in a mentor's list") {
        Broken d("mentors.csv", "food_beverage;retail", "food_beverage;kuliner");
        check_error(d, "mentors.csv", 3, "sectors", "kuliner");
    }
    SUBCASE("negative money") {
        Broken d("reports.csv", "4500000", "-4500000");
        check_error(d, "reports.csv", 5, "revenue", "-4500000");
        CHECK(error_of(d.path)->expected().find("zero or more") != std::string::npos);
    }
    SUBCASE("money with decimals") {
        Broken d("reports.csv", "18500000", "18500000.50");
        check_error(d, "reports.csv", 3, "revenue", "18500000.50");
    }
    SUBCASE("money with thousands separators") {
        Broken d("reports.csv", "52000000", "52.000.000");
        check_error(d, "reports.csv", 4, "capital", "52.000.000");
    }
    SUBCASE("sex other than M or F") {
        Broken d("participants.csv", "Andi Wijaya,M,", "Andi Wijaya,L,");
        // Beside the name column: a shifted name could be there, so kind and length only.
        check_error(d, "participants.csv", 4, "sex", "<text of 1 character>");
    }
    SUBCASE("a step beyond P7") {
        Broken d("steps.csv", "P001,P3", "P001,P8");
        check_error(d, "steps.csv", 3, "step", "P8");
    }
    SUBCASE("an unknown licence kind") {
        Broken d("licences.csv", ",PIRT,", ",SIUP,");
        check_error(d, "licences.csv", 4, "kind", "SIUP");
    }
    SUBCASE("an unknown mentor kind") {
        Broken d("mentors.csv", "Kuliner,community,", "Kuliner,komunitas,");
        check_error(d, "mentors.csv", 3, "kind", "komunitas");
    }
    SUBCASE("an unknown target metric") {
        Broken d("targets.csv", ",licensed,", ",izin,");
        check_error(d, "targets.csv", 3, "metric", "izin");
    }
    SUBCASE("a negative mentor capacity") {
        Broken d("mentors.csv", ",,,,20,", ",,,,-20,");
        check_error(d, "mentors.csv", 4, "capacity", "-20");
    }
    SUBCASE("a duplicate participant id") {
        Broken d("participants.csv", "P005,", "P003,");
        check_error(d, "participants.csv", 7, "id", "P003");
    }
    SUBCASE("a reference to an unknown participant") {
        Broken d("assignments.csv", "P003,M-GAM-1", "P009,M-GAM-1");
        check_error(d, "assignments.csv", 4, "participant", "P009");
        CHECK_THROWS_AS(io::load_csv(d.path), reference_error);
    }
    SUBCASE("a reference to an unknown mentor") {
        Broken d("assignments.csv", "P003,M-GAM-1", "P003,M-GAM-9");
        check_error(d, "assignments.csv", 4, "mentor", "M-GAM-9");
    }
    SUBCASE("a reference to an unknown community") {
        Broken d("participants.csv", "PGO-IBU", "PGO-XXX");
        check_error(d, "participants.csv", 4, "community", "PGO-XXX");
    }
    SUBCASE("a row with fewer fields than the header") {
        Broken d("steps.csv", "P002,P2,2018-04-01", "P002,P2");
        check_error(d, "steps.csv", 7, "", "2 fields");
    }
}

TEST_CASE("CSV syntax errors name the line and never show the field's text") {
    SUBCASE("an unterminated quote names the line it opened on") {
        Broken d("participants.csv", "Rina Putri", "\"Rina Putri");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->file() == d.file("participants.csv"));
        CHECK(e->line() == 7);
        CHECK(std::string(e->what()).find("Rina") == std::string::npos);
    }
    SUBCASE("a quote inside an unquoted field") {
        Broken d("participants.csv", "Andi Wijaya", "Andi \"Wijaya\"");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->line() == 4);
        CHECK(std::string(e->what()).find("Wijaya") == std::string::npos);
    }
    SUBCASE("text after a closing quote") {
        Broken d("licences.csv", "\"Camat Tebet, DPMPTSP\"", "\"Camat Tebet\" DPMPTSP");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->line() == 3);
    }
}

TEST_CASE("collect mode gathers errors from every table, and a load is all or nothing") {
    TempDir d("collect");
    for (const auto& e : fs::directory_iterator(fixture))
        fs::copy_file(e.path(), d.path / e.path().filename());
    const auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
        std::string text = slurp(d.path / file);
        text.replace(text.find(from), from.size(), to);
        spit(d.path / file, text);
    };
    edit("participants.csv", "1990-03-03", "1990-13-03");    // line 3 birth_date
    edit("participants.csv", ",digital,", ",teknologi,");    // line 7 sector
    edit("steps.csv", "P001,P3", "P001,P9");                 // line 3 step
    edit("reports.csv", "4500000", "4,5 juta");              // line 5: splits into 7 fields
    edit("reports.csv", "18500000", "-1");                   // line 3 revenue
    edit("assignments.csv", "P003,M-GAM-1", "P009,M-GAM-1"); // line 4, builder: participant
    edit("steps.csv", "2019-04-15", "");                     // line 11 completed_on

    io::LoadOptions collect;
    collect.collect_errors = 20;
    try {
        io::load_csv(d.path, collect);
        FAIL("expected validation_errors");
    } catch (const validation_errors& es) {
        // Tables are read in dependency order (participants, steps, ..., reports,
        // assignments), then the builder's reference errors come last.
        struct Expected {
            const char* file;
            std::size_t line;
            const char* column;
        };
        const Expected expected[] = {
            {"participants.csv", 3, "birth_date"},
            {"participants.csv", 7, "sector"},
            {"steps.csv", 3, "step"},
            {"steps.csv", 11, "completed_on"},
            {"reports.csv", 3, "revenue"},
            {"reports.csv", 5, ""},
            {"assignments.csv", 4, "participant"},
        };
        REQUIRE(es.all().size() == std::size(expected));
        for (std::size_t k = 0; k < std::size(expected); ++k) {
            CAPTURE(k);
            CHECK(es.all()[k].file() == d.file(expected[k].file));
            CHECK(es.all()[k].line() == expected[k].line);
            CHECK(es.all()[k].column() == expected[k].column);
        }
        CHECK_FALSE(es.truncated());
        // The exception is itself the first error.
        CHECK(es.line() == 3);
        CHECK(es.column() == "birth_date");
    }

    // With room for only three, the fourth makes the result truncated.
    collect.collect_errors = 3;
    try {
        io::load_csv(d.path, collect);
        FAIL("expected validation_errors");
    } catch (const validation_errors& es) {
        CHECK(es.all().size() == 3);
        CHECK(es.truncated());
    }
}

TEST_CASE("BOM, CRLF, quoting, reordered and unknown columns") {
    TempDir d("dialect");
    // Columns in another order, an unknown column (catatan) and no optional columns but one;
    // a BOM, CRLF line ends, a quoted field holding a comma, doubled quotes and a CRLF.
    spit(d.path / "participants.csv",
         "\xEF\xBB\xBF"
         "registered_on,catatan,sector,kelurahan,id,name\r\n"
         "2018-02-10,\"tulis, \"\"apa saja\"\"\r\nbaris dua\",food_beverage,31.74.01.1001,A1,"
         "\"Nama, Satu\"\r\n"
         "\r\n"
         "2018-03-01,,retail,31.74.01.1002,A2,\r\n");
    const auto result = io::load_csv(d.path);
    const Programme& p = result.programme;
    REQUIRE(p.participant_count() == 2);
    CHECK(p.participants().id[0] == "A1");
    CHECK(p.participants().name[0] == "Nama, Satu");
    CHECK(p.participants().kelurahan[1] == RegionCode::parse("31.74.01.1002"));
    CHECK(p.participants().sector[1] == Sector::retail);
    CHECK(p.participants().registered_on[1] == date(2018, 3, 1));
    CHECK_FALSE(p.nik(0));

    // Line numbers under CRLF: header 1, A1 on 2-3, a blank line 4, A2 on line 5.
    spit(d.path / "participants.csv",
         "\xEF\xBB\xBF"
         "registered_on,catatan,sector,kelurahan,id,name\r\n"
         "2018-02-10,\"baris satu\r\nbaris dua\",food_beverage,31.74.01.1001,A1,x\r\n"
         "\r\n"
         "2018-03-01,,retail,31.74.01.10022,A2,\r\n");
    const auto e = error_of(d.path);
    REQUIRE(e);
    CHECK(e->line() == 5);
    CHECK(e->column() == "kelurahan");
    CHECK(e->value() == "31.74.01.10022");

    // A header name given twice is ambiguous.
    spit(d.path / "participants.csv", "id,id,registered_on,sector,kelurahan\n");
    const auto twice = error_of(d.path);
    REQUIRE(twice);
    CHECK(twice->line() == 1);
    CHECK(twice->column() == "id");
}

TEST_CASE("absent tables are empty tables") {
    TempDir d("absent");
    // The fixture's participants without their community references, and nothing else.
    std::string text = slurp(fixture / "participants.csv");
    for (const std::string id : {",PGO-KUL,", ",PGO-IBU,"})
        text.replace(text.find(id), id.size(), ",,");
    spit(d.path / "participants.csv", text);
    const auto result = io::load_csv(d.path);
    const Programme& p = result.programme;
    CHECK(p.participant_count() == 5);
    CHECK(p.steps().size() == 0);
    CHECK(p.licences().size() == 0);
    CHECK(p.reports().size() == 0);
    CHECK(p.assignments().size() == 0);
    CHECK(p.mentors().size() == 0);
    CHECK(p.communities().size() == 0);
    CHECK(p.targets().size() == 0);
    CHECK(result.warnings.empty());
    // The slices still cover every participant, with nothing in them.
    CHECK(p.steps().begin(4) == 0);
    CHECK(p.steps().end(4) == 0);
    CHECK_FALSE(p.licensed_as_of(0, date(2030, 1, 1)));
    CHECK(&p.regions() == &RegionTable::dki_jakarta());

    // A table file holding nothing at all (not even a header) is empty too.
    spit(d.path / "steps.csv", "");
    CHECK(io::load_csv(d.path).programme.steps().size() == 0);
}

TEST_CASE("an absent table does not excuse a reference into it") {
    // P001 (line 2) names community PGO-KUL, which is unknown without communities.csv.
    TempDir d("nocomm");
    fs::copy_file(fixture / "participants.csv", d.path / "participants.csv");
    const auto e = error_of(d.path);
    REQUIRE(e);
    CHECK(e->file() == d.file("participants.csv"));
    CHECK(e->line() == 2);
    CHECK(e->column() == "community");
    CHECK(e->value() == "PGO-KUL");
}

TEST_CASE("a folder without participants.csv, or no folder, is an io_error") {
    TempDir d("empty");
    CHECK_THROWS_AS(io::load_csv(d.path), io_error);
    CHECK_THROWS_AS(io::load_csv(d.path / "nope"), io_error);
    CHECK_THROWS_AS(io::load(d.path / "nope"), io_error);
}

TEST_CASE("a regions.csv replaces the embedded table") {
    TempDir d("regions");
    spit(d.path / "regions.csv", "code,name\n31,DKI Jakarta\n31.74,Jakarta Selatan\n"
                                 "31.74.01,Tebet\n31.74.01.1001,Tebet Timur\n");
    spit(d.path / "participants.csv",
         "id,kelurahan,sector,registered_on\nA,31.74.01.1001,other,2018-01-02\n");
    const auto p = io::load_csv(d.path).programme;
    CHECK(p.regions().size() == 4);
    CHECK(p.regions().name(RegionCode::parse("31.74.01")) == "Tebet");

    // Tebet Barat is a real kelurahan but not in this table.
    spit(d.path / "participants.csv",
         "id,kelurahan,sector,registered_on\nA,31.74.01.1002,other,2018-01-02\n");
    const auto e = error_of(d.path);
    REQUIRE(e);
    CHECK(e->file() == d.file("participants.csv"));
    CHECK(e->line() == 2);

    // A code whose parent is missing: named by its line in regions.csv.
    spit(d.path / "regions.csv", "code,name\n31,DKI Jakarta\n31.74.01,Tebet\n");
    const auto orphan = error_of(d.path);
    REQUIRE(orphan);
    CHECK(orphan->file() == d.file("regions.csv"));
    CHECK(orphan->line() == 3);
    CHECK(orphan->value() == "31.74.01");

    // A header-only regions.csv is an empty table, which stands for the embedded one.
    spit(d.path / "regions.csv", "code,name\n");
    CHECK(&io::load_csv(d.path).programme.regions() == &RegionTable::dki_jakarta());
}

TEST_CASE("save_csv writes what load_csv reads back, byte for byte") {
    const Programme original = io::load_csv(fixture).programme;
    TempDir a("save-a"), b("save-b");
    io::save_csv(original, a.path);
    io::save_csv(io::load_csv(a.path).programme, b.path);
    for (const char* name : {"communities.csv", "mentors.csv", "participants.csv", "steps.csv",
                             "licences.csv", "reports.csv", "assignments.csv", "targets.csv"}) {
        CAPTURE(name);
        REQUIRE(fs::exists(a.path / name));
        CHECK(slurp(a.path / name) == slurp(b.path / name));
    }
    // The embedded region table is written as no file.
    CHECK_FALSE(fs::exists(a.path / "regions.csv"));

    // The written text, by hand: steps sorted by participant and date, quoting only where
    // needed, empty for missing, money as plain digits.
    CHECK(slurp(a.path / "steps.csv") == "participant,step,completed_on\n"
                                         "P001,P1,2018-02-10\n"
                                         "P001,P2,2018-03-01\n"
                                         "P001,P3,2018-04-15\n"
                                         "P001,P4,2018-09-10\n"
                                         "P002,P1,2018-03-05\n"
                                         "P002,P2,2018-04-01\n"
                                         "P003,P1,2018-08-20\n"
                                         "P004,P1,2019-01-07\n"
                                         "P004,P4,2019-02-01\n"
                                         "P005,P1,2019-04-15\n");
    // Participants, communities, licences, reports, assignments and targets keep the
    // fixture's order and spelling, so the files come back as they were written by hand.
    for (const char* name : {"participants.csv", "communities.csv", "licences.csv", "reports.csv",
                             "assignments.csv", "targets.csv", "mentors.csv"}) {
        CAPTURE(name);
        CHECK(slurp(a.path / name) == slurp(fixture / name));
    }
    // No temporary files are left behind.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(a.path)) ++files;
    CHECK(files == 8);
}

TEST_CASE("a failed save leaves the folder as it was") {
    TempDir d("failsave");
    io::save_csv(io::load_csv(fixture).programme, d.path);
    const std::string before = slurp(d.path / "participants.csv");

    // A community without a name cannot be written: the loader would refuse the file.
    ProgrammeBuilder b;
    b.add(Community{"C1", "", std::nullopt, std::nullopt, {}});
    Participant p;
    p.id = "X";
    p.kelurahan = RegionCode::parse("31.74.01.1001");
    p.registered_on = date(2020, 1, 1);
    b.add(p);
    const Programme bad = b.build();
    CHECK_THROWS_AS(io::save_csv(bad, d.path), validation_error);
    CHECK(slurp(d.path / "participants.csv") == before);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++files;
    CHECK(files == 8);
}

TEST_CASE("save_csv keeps a custom region table and round-trips it") {
    TempDir d("regions-save"), again("regions-save-2");
    spit(d.path / "regions.csv", "code,name\n31,DKI Jakarta\n31.74,Jakarta Selatan\n"
                                 "31.74.01,Tebet\n31.74.01.1001,\"Tebet Timur, Kel.\"\n");
    spit(d.path / "participants.csv",
         "id,kelurahan,sector,registered_on\nA,31.74.01.1001,other,2018-01-02\n");
    io::save_csv(io::load_csv(d.path).programme, again.path);
    CHECK(slurp(again.path / "regions.csv") == slurp(d.path / "regions.csv"));
    // Saving a programme with the embedded table over it removes the stale regions.csv.
    io::save_csv(io::load_csv(fixture).programme, again.path);
    CHECK_FALSE(fs::exists(again.path / "regions.csv"));
}

TEST_CASE("the streaming reader gives the same records wherever its chunks end") {
    // Every awkward construct, with chunk ends landing inside each of them for some size: a
    // BOM, CRLF and lone-CR line ends, blank lines, doubled quotes, a quoted field holding a
    // CRLF and a LF, an empty last field, and a record longer than the smallest chunks.
    const std::string long_field(100, 'x');
    const std::string text = "\xEF\xBB\xBF"
                             "a,b,c\r\n"
                             "1,\"say \"\"hi\"\"\",\r\n"
                             "\r\n"
                             "2,\"two\r\nlines\nthree\",z\r"
                             "3," +
                             long_field + ",\"\"\n\n" + "4,,last";
    // Written out by hand: the fields of each record and the physical line it starts on.
    struct Expected {
        std::vector<std::string> fields;
        std::size_t line;
    };
    const std::vector<Expected> expected{
        {{"a", "b", "c"}, 1},
        {{"1", "say \"hi\"", ""}, 2},
        {{"2", "two\r\nlines\nthree", "z"}, 4},
        {{"3", long_field, ""}, 7},
        {{"4", "", "last"}, 9},
    };
    TempDir dir("chunks");
    spit(dir.path / "t.csv", text);
    for (std::size_t chunk = 16; chunk <= text.size() + 1; ++chunk) {
        CAPTURE(chunk);
        io::detail::CsvReader reader(dir.file("t.csv"), chunk);
        std::size_t k = 0;
        while (reader.next()) {
            REQUIRE(k < expected.size());
            const auto got = reader.fields();
            REQUIRE(got.size() == expected[k].fields.size());
            for (std::size_t f = 0; f < got.size(); ++f)
                CHECK(std::string(got[f]) == expected[k].fields[f]);
            CHECK(reader.line() == expected[k].line);
            ++k;
        }
        CHECK(k == expected.size());
    }
}

TEST_CASE("the streaming reader reports an unterminated quote across chunks") {
    TempDir dir("chunks");
    spit(dir.path / "t.csv", "a,b\n1,\"open\nand never\nclosed\n");
    for (std::size_t chunk : {16U, 17U, 32U, 1U << 20}) {
        CAPTURE(chunk);
        io::detail::CsvReader reader(dir.file("t.csv"), chunk);
        REQUIRE(reader.next());
        try {
            reader.next();
            FAIL("an unterminated quote was accepted");
        } catch (const validation_error& e) {
            CHECK(e.line() == 2); // where the quote opened
        }
    }
}

TEST_CASE("dates and quarters outside 1900-01-01..2200-12-31 are refused where they are") {
    SUBCASE("a date in 2300, which pandas' datetime64[ns] cannot hold") {
        Broken d("participants.csv", "2018-03-05", "2300-03-05");
        check_error(d, "participants.csv", 3, "registered_on", "2300-03-05");
        CHECK(std::string(error_of(d.path)->expected()).find("2200-12-31") != std::string::npos);
    }
    SUBCASE("a date before 1900") {
        Broken d("licences.csv", "2019-05-02", "1899-12-31");
        check_error(d, "licences.csv", 4, "issued_on", "1899-12-31");
    }
    SUBCASE("9999Q4, whose next quarter boost cannot make") {
        Broken d("reports.csv", "2018Q2", "9999Q4");
        check_error(d, "reports.csv", 3, "quarter", "9999Q4");
    }
}

TEST_CASE("text that is not UTF-8 is refused at the line and column of its byte") {
    SUBCASE("a Latin-1 byte in a name") {
        Broken d("participants.csv", "Andi Wijaya", "Andi Wij\xE9ya");
        // A name is shown as its kind and length only (11 characters, the bad byte one).
        check_error(d, "participants.csv", 4, "name", "<text of 11 characters>");
        const auto e = error_of(d.path);
        CHECK(e->expected().find("byte 9") != std::string::npos);
        CHECK(e->expected().find("0xE9") != std::string::npos);
    }
    SUBCASE("on the second line of a quoted field") {
        // P004's name opens on line 5 and goes on to line 6, where the bad byte is.
        Broken d("participants.csv", "(Bu Dewi)", "(Bu D\xE9wi)");
        check_error(d, "participants.csv", 6, "name", "<text of 22 characters>");
    }
    SUBCASE("a Latin-1 byte in a value that is bad anyway") {
        Broken d("participants.csv", "craft", "caf\xE9");
        check_error(d, "participants.csv", 4, "sector", "caf?");
    }
    SUBCASE("a UTF-8 character cut short, and an overlong form") {
        Broken d("participants.csv", "Rina Putri", "Rina \xC3");
        check_error(d, "participants.csv", 7, "name", "<text of 6 characters>");
        Broken o("participants.csv", "Rina Putri", "Rina \xC0\xAF");
        check_error(o, "participants.csv", 7, "name", "<text of 6 characters>");
    }
    SUBCASE("in a column name") {
        Broken d("steps.csv", "completed_on", "completed_\xF6n");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->line() == 1);
        CHECK(e->value() == "completed_?n");
    }
    SUBCASE("valid UTF-8 of every length loads") {
        // e-acute (2 bytes), a Javanese letter (3 bytes), an emoji (4 bytes).
        Broken d("participants.csv", "Andi Wijaya", "Andi W\xC3\xA9 \xEA\xA6\xA0 \xF0\x9F\x98\x80");
        CHECK(io::load_csv(d.path).programme.participants().name[2] ==
              "Andi W\xC3\xA9 \xEA\xA6\xA0 \xF0\x9F\x98\x80");
    }
}

TEST_CASE("a shown value is cut between characters and masks any 16-digit run") {
    using io::detail::first_invalid_utf8;
    using io::detail::shown;
    // 59 ASCII bytes and a 2-byte character: the character does not fit in 60 bytes, whole.
    const std::string e_acute = "\xC3\xA9";
    CHECK(shown(std::string(59, 'a') + e_acute + "bbb") == std::string(59, 'a') + "...");
    CHECK(shown(std::string(58, 'a') + e_acute + "b") == std::string(58, 'a') + e_acute + "...");
    for (std::size_t pad = 50; pad < 64; ++pad) {
        CAPTURE(pad);
        const std::string s = shown(std::string(pad, 'x') + "\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
        CHECK(first_invalid_utf8(s) == std::string::npos);
    }
    // A NIK in a column other than nik (shifted fields, a NIK used as an id), also one that the
    // cut at 60 bytes would otherwise show in part.
    CHECK(shown("3171011201950003") == "3171**********03");
    CHECK(shown("id 3171011201950003, 12345678901234567") ==
          "id 3171**********03, 1234***********67");
    CHECK(shown(std::string(50, 'x') + "3171011201950003") ==
          std::string(50, 'x') + "3171******...");
    CHECK(shown("317101120195000") == "317101120195000"); // 15 digits are not a NIK
}

TEST_CASE("a NIK in another column is masked in the error") {
    Broken d("participants.csv", "31.71.01.1002", "3171011201950003");
    check_error(d, "participants.csv", 4, "kelurahan", "3171**********03");
    io::LoadOptions collect;
    collect.collect_errors = 100;
    try {
        io::load_csv(d.path, collect);
        FAIL("loaded");
    } catch (const validation_errors& all) {
        for (const auto& e : all.all()) CHECK_FALSE(shows_a_nik(e.what()));
    }
}

TEST_CASE("only regular files are read: no FIFO, no device, no unbounded record") {
    SUBCASE("a FIFO named participants.csv is refused, without blocking") {
        TempDir d("fifo");
        REQUIRE(::mkfifo((d.path / "participants.csv").c_str(), 0600) == 0);
        try {
            io::load_csv(d.path);
            FAIL("loaded a FIFO");
        } catch (const io_error& e) {
            CHECK(std::string(e.what()).find("a FIFO, not a regular file") != std::string::npos);
        }
    }
    SUBCASE("a link to /dev/zero is refused, before reading anything") {
        Broken d("steps.csv", "P1", "P1");
        fs::remove(d.path / "steps.csv");
        fs::create_symlink("/dev/zero", d.path / "steps.csv");
        try {
            io::load_csv(d.path);
            FAIL("loaded /dev/zero");
        } catch (const io_error& e) {
            CHECK(std::string(e.what()).find("steps.csv: is a character device") !=
                  std::string::npos);
        }
    }
    SUBCASE("a record longer than 1 MiB is a validation error on its line") {
        TempDir d("long");
        const std::string all = slurp(fixture / "participants.csv");
        const std::string header = all.substr(0, all.find('\n') + 1);
        spit(d.path / "participants.csv",
             header + "P001,," + std::string(io::detail::CsvReader::max_record_bytes, 'x'));
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->line() == 2);
        CHECK(e->value().find("1 MiB") != std::string::npos);
        // A long record under the cap is read whole: a name of 1,000,000 bytes.
        spit(d.path / "participants.csv", header + "P001,," + std::string(1'000'000, 'x') +
                                              ",M,,31.74.01.1001,retail,,,2018-01-01,,\n");
        CHECK(io::load_csv(d.path).programme.participants().name[0].size() == 1'000'000);
    }
}

TEST_CASE("an unreadable table is reported as what happened, not as missing") {
    SUBCASE("a symlink loop") {
        // steps.csv used to be "absent" (exists() swallowed ELOOP) and the load went on without
        // the steps; participants.csv was "missing".
        Broken d("steps.csv", "P1", "P1");
        fs::remove(d.path / "steps.csv");
        fs::create_symlink("steps.csv", d.path / "steps.csv");
        try {
            io::load_csv(d.path);
            FAIL("loaded without the steps");
        } catch (const io_error& e) {
            const std::string what = e.what();
            CHECK(what.find("steps.csv: cannot open for reading") != std::string::npos);
            CHECK(what.find(std::strerror(ELOOP)) != std::string::npos);
        }
        TempDir loop("loop");
        fs::create_symlink("participants.csv", loop.path / "participants.csv");
        try {
            io::load_csv(loop.path);
            FAIL("loaded");
        } catch (const io_error& e) {
            CHECK(std::string(e.what()).find("missing") == std::string::npos);
            CHECK(std::string(e.what()).find(std::strerror(ELOOP)) != std::string::npos);
        }
        // The programme path itself a loop.
        fs::create_symlink("self", loop.path / "self");
        try {
            io::load(loop.path / "self");
            FAIL("loaded");
        } catch (const io_error& e) {
            CHECK(std::string(e.what()).find(std::strerror(ELOOP)) != std::string::npos);
        }
    }
    SUBCASE("a folder the user may not read") {
        if (::geteuid() == 0) {
            MESSAGE("running as root, which reads any folder: EACCES cannot be made here");
            return;
        }
        Broken d("steps.csv", "P1", "P1");
        const fs::path blocked = d.path / "sub";
        fs::create_directory(blocked);
        fs::copy_file(d.path / "participants.csv", blocked / "participants.csv");
        fs::permissions(blocked, fs::perms::owner_write);
        try {
            io::load_csv(blocked);
            FAIL("loaded");
        } catch (const io_error& e) {
            CHECK(std::string(e.what()).find("missing") == std::string::npos);
            CHECK(std::string(e.what()).find(std::strerror(EACCES)) != std::string::npos);
        }
        fs::permissions(blocked, fs::perms::owner_all);
    }
}

TEST_CASE("a save keeps the owner's files beside the tables and refuses a subfolder") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("save-keep");
    const fs::path out = d.path / "out";
    io::save_csv(p, out);
    std::ofstream(out / "README.txt") << "notes\n";
    // An owner's extra table-like file is not a table: kept as it is.
    std::ofstream(out / "steps-2019.csv") << "a,b\n";
    io::save_csv(p, out.string() + "/"); // a trailing separator names the same folder
    CHECK(slurp(out / "README.txt") == "notes\n");
    CHECK(slurp(out / "steps-2019.csv") == "a,b\n");
    CHECK(io::load_csv(out).programme.participant_count() == 5);
    CHECK(fs::exists(out / "participants.csv"));
    CHECK_FALSE(fs::exists(d.path / "out" / "out"));

    fs::create_directories(out / "archive");
    try {
        io::save_csv(p, out);
        FAIL("expected io_error");
    } catch (const io_error& e) {
        CHECK(std::string(e.what()).find("archive") != std::string::npos);
    }
    CHECK(fs::is_directory(out / "archive"));
    std::size_t beside = 0; // the folder and no temporary
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++beside;
    CHECK(beside == 1);
}

TEST_CASE("a save removes the temporaries killed saves left, and not a running save's") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("save-stale");
    const fs::path out = d.path / "out";
    const fs::path stale = d.path / ".out.okoce-tmp-0123456789abcdef";
    const fs::path live = d.path / ".out.okoce-tmp-fedcba9876543210";
    io::save_csv(p, out);
    for (const auto& f : {stale, live}) {
        fs::create_directories(f);
        fs::copy_file(fixture / "participants.csv", f / "participants.csv");
    }
    // A temporary of the per-file writer of earlier versions, inside the folder.
    const fs::path legacy = out / ".participants.csv.tmp-98765";
    fs::copy_file(fixture / "participants.csv", legacy);
    const int fd = ::open(live.c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0); // as a running save holds it
    io::save_csv(p, out);
    ::close(fd);
    CHECK_FALSE(fs::exists(stale));
    CHECK_FALSE(fs::exists(legacy));
    CHECK(fs::exists(live / "participants.csv"));
    io::save_csv(p, out);
    CHECK_FALSE(fs::exists(live));
    std::size_t beside = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++beside;
    CHECK(beside == 1);
}

TEST_CASE("a table that is not a regular file stops fail-fast and collect mode alike") {
    // Every table is opened before any row is read (so that a concurrent save cannot mix
    // programmes), and a folder named steps.csv is refused there: both modes report that, not
    // the bad row in participants.csv, which was never read.
    TempDir d("collect-io");
    spit(d.path / "participants.csv", "id,kelurahan,sector,registered_on\n"
                                      "A,31.74.01.1001,teknologi,2018-01-02\n");
    fs::create_directories(d.path / "steps.csv");
    std::string fast;
    try {
        io::load_csv(d.path);
        FAIL("expected an io_error");
    } catch (const io_error& e) {
        fast = e.what();
        CHECK(fast.find("steps.csv") != std::string::npos);
        CHECK(fast.find("not a regular file") != std::string::npos);
    }
    io::LoadOptions collect;
    collect.collect_errors = 10;
    try {
        io::load_csv(d.path, collect);
        FAIL("expected an io_error");
    } catch (const io_error& e) {
        CHECK(std::string(e.what()) == fast);
    }
}

TEST_CASE("a table that is a dangling symlink is an error with the reason, not a missing table") {
    // An unmounted share: steps.csv links to a path that is not there. It was taken as an
    // absent table, and the programme loaded without its steps.
    Broken d("steps.csv", "P1", "P1");
    fs::remove(d.path / "steps.csv");
    const fs::path share = d.path / "share-not-mounted" / "steps.csv";
    fs::create_symlink(share, d.path / "steps.csv");
    io::LoadOptions collect;
    collect.collect_errors = 10;
    for (const io::LoadOptions& options : {io::LoadOptions{}, collect}) {
        try {
            io::load_csv(d.path, options);
            FAIL("loaded without the steps");
        } catch (const io_error& e) {
            const std::string what = e.what();
            CHECK(what.find(d.file("steps.csv") + ": cannot open for reading") !=
                  std::string::npos);
            CHECK(what.find("symbolic link") != std::string::npos);
            CHECK(what.find(std::strerror(ENOENT)) != std::string::npos);
        }
    }
    // participants.csv the same: not "missing".
    fs::remove(d.path / "participants.csv");
    fs::create_symlink(d.path / "nowhere.csv", d.path / "participants.csv");
    try {
        io::load_csv(d.path);
        FAIL("loaded");
    } catch (const io_error& e) {
        CHECK(std::string(e.what()).find("missing") == std::string::npos);
        CHECK(std::string(e.what()).find("symbolic link") != std::string::npos);
    }
}

TEST_CASE("a header of 200,000 extra columns loads, and a repeated name among them is found") {
    // The duplicate check compared every pair of names: 200,000 columns hung past 120 s.
    const std::string header = "id,kelurahan,sector,registered_on";
    std::string extra;
    constexpr std::size_t n = 200'000;
    for (std::size_t k = 0; k < n; ++k) extra += ",x" + std::to_string(k);
    const std::string blanks(n, ','); // each row as many (empty) extra fields
    const std::string rows = "P001,31.74.01.1001,retail,2018-02-10" + blanks + "\n" +
                             "P002,31.71.01.1002,craft,2019-04-15" + blanks + "\n";
    TempDir d("wide");
    spit(d.path / "participants.csv", header + extra + "\n" + rows);
    const Programme wide = io::load_csv(d.path).programme;
    REQUIRE(wide.participant_count() == 2);
    CHECK(wide.participants().registered_on[1] == date(2019, 4, 15));

    // The first extra column named again at the end: reported, with its name.
    spit(d.path / "participants.csv", header + extra + ",x0\n" + rows);
    const auto e = error_of(d.path);
    REQUIRE(e);
    CHECK(e->file() == d.file("participants.csv"));
    CHECK(e->line() == 1);
    CHECK(e->column() == "x0");
    CHECK(e->expected() == "each column name once in the header");
}

TEST_CASE("where a name or NIK may be, an error shows the value's kind and length only") {
    SUBCASE("a name shifted into the sex column, and into the birth date") {
        // A row whose nik field was left out: the name lands in nik, the sex in name, and so on.
        Broken d("participants.csv", "P005,3173024102010005,Rina Putri,F,2001-02-01",
                 "P005,Rina Putri,F,2001-02-01,31.73.02.1003");
        io::LoadOptions collect;
        collect.collect_errors = 100;
        try {
            io::load_csv(d.path, collect);
            FAIL("loaded");
        } catch (const validation_errors& all) {
            for (const auto& e : all.all()) {
                CAPTURE(e.what());
                CHECK(std::string(e.what()).find("Rina") == std::string::npos);
            }
        }
        // A name two columns to the right, in the sex column (beside name): its kind and length.
        Broken s("participants.csv", "Rina Putri,F,", "Rina Putri,Rina Putri,");
        check_error(s, "participants.csv", 7, "sex", "<text of 10 characters>");
        // In the birth date (personal): the same; a date-like value keeps its masked digits.
        Broken b("participants.csv", "Rina Putri,F,2001-02-01", "Rina Putri,F,Rina Putri");
        check_error(b, "participants.csv", 7, "birth_date", "<text of 10 characters>");
        // Asked for by name, the sex column's values are shown.
        io::LoadOptions shown;
        shown.show_personal_values = {"participants.sex"};
        const auto e = error_of(s.path, shown);
        REQUIRE(e);
        CHECK(e->value() == "Rina Putri");
        // A column far from the name and NIK shows its value as before.
        Broken far("participants.csv", "craft", "crafts");
        check_error(far, "participants.csv", 4, "sector", "crafts");
    }
    SUBCASE("a NIK with separators in another column is masked") {
        Broken d("participants.csv", "31.71.01.1002", "3171.0112.0195.0003");
        check_error(d, "participants.csv", 4, "kelurahan", "3171.****.****.**03");
    }
}

TEST_CASE("an id of spaces only and a birth date after registration are refused") {
    SUBCASE("a participant id of spaces only") {
        // P003 is on line 4; its steps and reports then name an unknown participant, but the
        // id is the first error.
        Broken d("participants.csv", "P003,3171011201950003", "   ,3171011201950003");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->file() == d.file("participants.csv"));
        CHECK(e->line() == 4);
        CHECK(e->column() == "id");
        CHECK(e->expected().find("not only spaces") != std::string::npos);
    }
    SUBCASE("a mentor id of spaces only") {
        const std::string mentors = slurp(fixture / "mentors.csv");
        const auto second = mentors.find('\n') + 1;
        const auto comma = mentors.find(',', second);
        Broken d("mentors.csv", mentors.substr(second, comma - second + 1), " \t ,");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->file() == d.file("mentors.csv"));
        CHECK(e->line() == 2);
        CHECK(e->column() == "id");
    }
    SUBCASE("born after registering") {
        // P001, line 2: born 1985-07-15, registered 2018-02-10; born 2018-02-11 instead.
        Broken d("participants.csv", "1985-07-15", "2018-02-11");
        const auto e = error_of(d.path);
        REQUIRE(e);
        CHECK(e->file() == d.file("participants.csv"));
        CHECK(e->line() == 2);
        CHECK(e->column() == "birth_date");
        CHECK(e->value() == "****-**-**"); // personal: no digits
        CHECK(e->expected() == "a birth date on or before registered_on 2018-02-10");
        // Born on the day of registration contradicts no date; how young is plausible is for
        // the data-quality report, not a refusal.
        Broken same("participants.csv", "1985-07-15", "2018-02-10");
        CHECK_FALSE(error_of(same.path));
    }
}
