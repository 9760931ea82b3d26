#include "io/sql_schema.hpp"
#include "okoce/io.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>

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
const char* const csv_tables[] = {"communities.csv", "mentors.csv",  "participants.csv",
                                  "steps.csv",       "licences.csv", "reports.csv",
                                  "assignments.csv", "targets.csv"};

// Runs SQL on a file directly, outside the library, to inspect or tamper with it.
int run_sql(const fs::path& db, const std::string& statements) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &h) == SQLITE_OK);
    const int rc = sqlite3_exec(h, statements.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(h);
    return rc;
}
std::string query(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &h) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h);
    return out;
}

std::optional<validation_error> error_of(const fs::path& file) {
    try {
        io::load_sqlite(file);
    } catch (const validation_error& e) {
        return e;
    }
    return std::nullopt;
}

Programme unsaveable() {
    // A community without a name: the schema's NOT NULL (and the loader) refuse it.
    ProgrammeBuilder b;
    b.add(Community{"C1", "", std::nullopt, std::nullopt, {}});
    Participant p;
    p.id = "X";
    p.kelurahan = RegionCode::parse("31.74.01.1001");
    p.registered_on = date(2020, 1, 1);
    b.add(p);
    return b.build();
}

} // namespace

TEST_CASE("CSV -> programme -> SQLite -> programme -> CSV gives the same files") {
    TempDir d("sqlite-roundtrip");
    const Programme first = io::load_csv(fixture).programme;
    io::save_csv(first, d.path / "direct");
    io::save_sqlite(first, d.path / "p.sqlite");
    const auto second = io::load_sqlite(d.path / "p.sqlite");
    io::save_csv(second.programme, d.path / "via-sqlite");
    for (const char* name : csv_tables) {
        CAPTURE(name);
        const std::string direct = slurp(d.path / "direct" / name);
        CHECK_FALSE(direct.empty());
        CHECK(slurp(d.path / "via-sqlite" / name) == direct);
    }
    // The warning about P004's P4 without a licence names the table and the rowid: the
    // ninth step row once sorted by participant and date.
    REQUIRE(second.warnings.size() == 1);
    CHECK(second.warnings[0].where.file == (d.path / "p.sqlite").string() + ":steps");
    CHECK(second.warnings[0].where.line == 9);

    // A second save over the same file replaces the tables rather than adding to them.
    io::save_sqlite(second.programme, d.path / "p.sqlite");
    CHECK(io::load_sqlite(d.path / "p.sqlite").programme.steps().size() == 10);
    CHECK(query(d.path / "p.sqlite", "SELECT count(*) FROM steps") == "10");
}

TEST_CASE("the SQLite schema: version, journal mode, keys, checks and indexes") {
    TempDir d("sqlite-schema");
    const fs::path db = d.path / "p.db";
    io::save_sqlite(io::load_csv(fixture).programme, db);

    CHECK(query(db, "PRAGMA user_version") == "1");
    // Rollback-journal mode, so the file opens read-only anywhere (see the read-only test).
    CHECK(query(db, "PRAGMA journal_mode") == "delete");
    CHECK(query(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                    "('steps_by_participant', 'licences_by_participant', "
                    "'reports_by_participant', 'assignments_by_participant')") == "4");
    // Money is stored as integers, missing values as NULL.
    CHECK(query(db, "SELECT typeof(revenue) FROM reports LIMIT 1") == "integer");
    CHECK(query(db, "SELECT count(*) FROM reports WHERE capital IS NULL") == "1");
    CHECK(query(db, "SELECT name FROM participants WHERE id = 'P002'") == "Siti \"Ani\" Rahma");
    CHECK(query(db, "SELECT nik FROM participants WHERE id = 'P001'") == "3174011507850001");
    // The regions table is empty: the programme uses the embedded DKI table.
    CHECK(query(db, "SELECT count(*) FROM regions") == "0");

    // The constraints refuse what the data contract forbids.
    const auto refused = [&](const std::string& sql) {
        CAPTURE(sql);
        CHECK(run_sql(db, "PRAGMA foreign_keys = ON; " + sql) != SQLITE_OK);
    };
    refused("INSERT INTO steps VALUES ('P001', 'P8', '2019-01-01')");
    refused("INSERT INTO steps VALUES ('P001', 'P2', '2019/01/01')");
    refused("INSERT INTO steps VALUES ('P999', 'P2', '2019-01-01')"); // foreign key
    refused("INSERT INTO reports VALUES ('P002', '2019Q1', -5, NULL, NULL, NULL)");
    refused("INSERT INTO reports VALUES ('P002', '2019Q1', 1.5, NULL, NULL, NULL)");
    refused("INSERT INTO reports VALUES ('P002', '2019Q5', 5, NULL, NULL, NULL)");
    refused("INSERT INTO reports VALUES ('P001', '2018Q1', 5, NULL, NULL, NULL)"); // unique
    refused("INSERT INTO licences VALUES ('P002', 'SIUP', NULL, '2019-01-01', NULL, NULL)");
    refused("UPDATE participants SET sex = 'L' WHERE id = 'P001'");
    refused("INSERT INTO participants (id, kelurahan, sector, registered_on) VALUES "
            "('P001', '31.74.01.1001', 'other', '2019-01-01')"); // primary key
    refused("INSERT INTO mentors (id, kind, kecamatan, capacity) VALUES "
            "('M9', 'komunitas', '31.74.01', 3)");
    refused("INSERT INTO assignments VALUES ('P002', 'M-NONE', '2019-01-01', NULL)");
    // A well-formed row is accepted, so the refusals above are the checks at work.
    CHECK(run_sql(db, "PRAGMA foreign_keys = ON; INSERT INTO reports VALUES "
                      "('P002', '2019Q1', 5, NULL, NULL, NULL)") == SQLITE_OK);
}

TEST_CASE("the DDL follows from the schemas: each column's kind gives its type and checks") {
    // Written out by hand from the data contract (DESIGN.md section 3): reports refer to a
    // participant, have a YYYYQn quarter, whole non-negative rupiah (revenue required), and an
    // optional report date.
    const std::string reports =
        R"(CREATE TABLE "reports" ()"
        R"("participant" TEXT NOT NULL REFERENCES participants(id), )"
        R"("quarter" TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'), )"
        R"("revenue" INTEGER CHECK ("revenue" IS NULL OR )"
        R"((typeof("revenue") = 'integer' AND "revenue" >= 0)) NOT NULL, )"
        R"("capital" INTEGER CHECK ("capital" IS NULL OR )"
        R"((typeof("capital") = 'integer' AND "capital" >= 0)), )"
        R"("employees" INTEGER CHECK ("employees" IS NULL OR )"
        R"((typeof("employees") = 'integer' AND "employees" >= 0)), )"
        R"("reported_on" TEXT CHECK ("reported_on" IS NULL OR )"
        R"("reported_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')))";
    const std::string_view report_columns[] = {"participant", "quarter",   "revenue",
                                               "capital",     "employees", "reported_on"};
    CHECK(io::detail::create_table_sql(Table::reports, report_columns) == reports);

    // Optional codes accept NULL or one of the enumeration's codes; the id is the key.
    const std::string communities =
        R"(CREATE TABLE "communities" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, )"
        R"("basis" TEXT CHECK (basis IN ('sector', 'organisation', 'region')), )"
        R"("sector" TEXT CHECK (sector IN ('food_beverage', 'fashion', 'craft', 'retail', )"
        R"('services', 'agriculture', 'digital', 'other')), "region" TEXT))";
    const std::string_view community_columns[] = {"id", "name", "basis", "sector", "region"};
    CHECK(io::detail::create_table_sql(Table::communities, community_columns) == communities);

    // A required region, an unknown column and a derived one.
    CHECK(io::detail::column_sql(Table::targets, "region") == "TEXT NOT NULL");
    CHECK(io::detail::column_sql(Table::participants, "nik") ==
          "TEXT CHECK (nik IS NULL OR length(nik) = 16)");
    CHECK(io::detail::column_sql(Table::participants, "sex") == "TEXT CHECK (sex IN ('M', 'F'))");
    CHECK(io::detail::column_sql(Table::reports, "known_on") == "TEXT");
    CHECK(io::detail::column_sql(Table::reports, "notes") == "TEXT");
    CHECK(io::detail::column_sql(Table::regions, "code") == "TEXT PRIMARY KEY NOT NULL");

    // A saved file declares the table so.
    TempDir d("sqlite-ddl");
    io::save_sqlite(io::load_csv(fixture).programme, d.path / "p.db");
    CHECK(query(d.path / "p.db", "SELECT sql FROM sqlite_master WHERE name = 'reports'") ==
          reports);
}

TEST_CASE("a file with a newer schema version is refused, for reading and writing") {
    TempDir d("sqlite-newer");
    const fs::path db = d.path / "p.sqlite";
    io::save_sqlite(io::load_csv(fixture).programme, db);
    REQUIRE(run_sql(db, "PRAGMA user_version = 2") == SQLITE_OK);
    try {
        io::load_sqlite(db);
        FAIL("expected io_error");
    } catch (const io_error& e) {
        const std::string what = e.what();
        CHECK(what.find(db.string()) != std::string::npos);
        CHECK(what.find("version 2") != std::string::npos);
    }
    const std::string before = slurp(db);
    CHECK_THROWS_AS(io::save_sqlite(io::load_csv(fixture).programme, db), io_error);
    CHECK(slurp(db) == before);
    CHECK(query(db, "PRAGMA user_version") == "2");
}

TEST_CASE("a failed save leaves the file as it was") {
    TempDir d("sqlite-failsave");
    const fs::path db = d.path / "p.sqlite";
    io::save_sqlite(io::load_csv(fixture).programme, db);
    const std::string before = slurp(db);

    // The bad community is met after every old table has been dropped inside the
    // transaction; the rollback restores them.
    CHECK_THROWS(io::save_sqlite(unsaveable(), db));
    CHECK(slurp(db) == before);
    CHECK_FALSE(fs::exists(d.path / "p.sqlite-wal"));
    const auto again = io::load_sqlite(db).programme;
    CHECK(again.participant_count() == 5);
    CHECK(again.reports().size() == 4);

    // A save to a new file that fails leaves no file behind.
    CHECK_THROWS(io::save_sqlite(unsaveable(), d.path / "new.sqlite"));
    CHECK_FALSE(fs::exists(d.path / "new.sqlite"));

    // A file that is not a database is not overwritten.
    std::ofstream(d.path / "notes.db") << "not a database, just notes\n";
    CHECK_THROWS_AS(io::save_sqlite(io::load_csv(fixture).programme, d.path / "notes.db"),
                    io_error);
    CHECK(slurp(d.path / "notes.db") == "not a database, just notes\n");
    CHECK_THROWS_AS(io::load_sqlite(d.path / "notes.db"), io_error);
}

TEST_CASE("bad rows in a database name file:table, rowid, column and value") {
    TempDir d("sqlite-bad");
    const fs::path db = d.path / "p.sqlite";
    const std::string file = db.string();
    io::save_sqlite(io::load_csv(fixture).programme, db);

    SUBCASE("a revenue that is not whole rupiah") {
        // Row 2 of reports is P001's 2018Q2. The checks are switched off to plant bad data,
        // as another tool writing the file might.
        REQUIRE(run_sql(db, "PRAGMA ignore_check_constraints = ON; "
                            "UPDATE reports SET revenue = 1.5 WHERE rowid = 2") == SQLITE_OK);
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":reports");
        CHECK(e->line() == 2);
        CHECK(e->column() == "revenue");
        CHECK(e->value() == "1.5");
    }
    SUBCASE("a NIK with month 13 is shown masked") {
        REQUIRE(run_sql(db, "UPDATE participants SET nik = '3174014313900002' "
                            "WHERE id = 'P002'") == SQLITE_OK);
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":participants");
        CHECK(e->line() == 2);
        CHECK(e->column() == "nik");
        CHECK(e->value() == "month 13");
        CHECK(std::string(e->what()).find("3174014313900002") == std::string::npos);
    }
    SUBCASE("a step for an unknown participant") {
        REQUIRE(run_sql(db, "INSERT INTO steps (rowid, participant, step, completed_on) "
                            "VALUES (40, 'P009', 'P2', '2019-01-01')") == SQLITE_OK);
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":steps");
        CHECK(e->line() == 40);
        CHECK(e->column() == "participant");
        CHECK(e->value() == "P009");
    }
    SUBCASE("a missing required column") {
        REQUIRE(run_sql(db, "ALTER TABLE targets DROP COLUMN metric") == SQLITE_OK);
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":targets");
        CHECK(e->column() == "metric");
    }
    SUBCASE("collect mode gathers bad rows across tables") {
        REQUIRE(run_sql(db, "PRAGMA ignore_check_constraints = ON; "
                            "UPDATE steps SET step = 'P0' WHERE rowid = 3; "
                            "UPDATE targets SET value = -1 WHERE rowid = 1") == SQLITE_OK);
        io::LoadOptions o;
        o.collect_errors = 10;
        try {
            io::load_sqlite(db, o);
            FAIL("expected validation_errors");
        } catch (const validation_errors& es) {
            REQUIRE(es.all().size() == 2);
            CHECK(es.all()[0].file() == file + ":steps");
            CHECK(es.all()[0].line() == 3);
            CHECK(es.all()[1].file() == file + ":targets");
            CHECK(es.all()[1].column() == "value");
        }
    }
}

TEST_CASE("a minimal database: participants only, optional columns absent") {
    TempDir d("sqlite-minimal");
    const fs::path db = d.path / "p.sqlite";
    REQUIRE(run_sql(db, "CREATE TABLE participants (id TEXT, kelurahan TEXT, sector TEXT, "
                        "registered_on TEXT, extra TEXT);"
                        "INSERT INTO participants VALUES ('A', '31.74.01.1001', 'craft', "
                        "'2018-05-06', 'ignored')") == SQLITE_OK);
    const auto p = io::load_sqlite(db).programme;
    REQUIRE(p.participant_count() == 1);
    CHECK(p.participants().sector[0] == Sector::craft);
    CHECK(p.participants().registered_on[0] == date(2018, 5, 6));
    CHECK(p.steps().size() == 0);

    REQUIRE(run_sql(db, "DROP TABLE participants") == SQLITE_OK);
    CHECK_THROWS_AS(io::load_sqlite(db), io_error);
    CHECK_THROWS_AS(io::load_sqlite(d.path / "absent.sqlite"), io_error);
}

TEST_CASE("io::load and io::save choose the format by the path") {
    TempDir d("dispatch");
    const Programme p = io::load(fixture).programme; // a directory: CSV
    CHECK(io::is_sqlite_path("x.sqlite"));
    CHECK(io::is_sqlite_path("x.SQLite3"));
    CHECK(io::is_sqlite_path("dir/x.db"));
    CHECK_FALSE(io::is_sqlite_path("dir/programme"));
    CHECK_FALSE(io::is_sqlite_path("x.csv"));

    io::save(p, d.path / "p.sqlite3");
    CHECK(fs::is_regular_file(d.path / "p.sqlite3"));
    io::save(p, d.path / "folder");
    CHECK(fs::is_regular_file(d.path / "folder" / "participants.csv"));
    const auto from_db = io::load(d.path / "p.sqlite3").programme; // a file: SQLite
    CHECK(from_db.participant_count() == 5);
    CHECK(from_db.participants().name[3] == "Dewi Lestari\n(Bu Dewi)");
}

TEST_CASE("a saved file loads read-only and leaves no -wal, -shm or -journal file") {
    TempDir d("sqlite-readonly");
    const fs::path db = d.path / "p.sqlite";
    // A file an earlier okoce left in WAL mode is converted by the next save.
    io::save_sqlite(io::load_csv(fixture).programme, db);
    REQUIRE(query(db, "PRAGMA journal_mode = WAL") == "wal");
    io::save_sqlite(io::load_csv(fixture).programme, db);
    CHECK(query(db, "PRAGMA journal_mode") == "delete");
    for (const char* s : {"-wal", "-shm", "-journal"}) REQUIRE_FALSE(fs::exists(db.string() + s));

    // The folder made read-only (the tests may run as root, where that does not bite: the check
    // that no file appears is the proof, as a WAL file's read-only open creates -shm and -wal).
    fs::permissions(d.path, fs::perms::owner_read | fs::perms::owner_exec);
    const auto loaded = io::load_sqlite(db);
    fs::permissions(d.path, fs::perms::owner_all);
    CHECK(loaded.programme.participant_count() == 5);
    for (const char* s : {"-wal", "-shm", "-journal"}) CHECK_FALSE(fs::exists(db.string() + s));
    // And by SQLite's own read-only open, outside the library.
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(("file:" + db.string() + "?mode=ro").c_str(), &h,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK);
    CHECK(sqlite3_exec(h, "SELECT count(*) FROM participants", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
    sqlite3_close(h);
    for (const char* s : {"-wal", "-shm", "-journal"}) CHECK_FALSE(fs::exists(db.string() + s));

    // The other direction: a WAL file does leave -shm behind a read-only open, so the checks
    // above can fail.
    const fs::path wal = d.path / "wal.sqlite";
    REQUIRE(run_sql(wal, "PRAGMA journal_mode = WAL; CREATE TABLE t(x)") == SQLITE_OK);
    REQUIRE(sqlite3_open_v2(("file:" + wal.string() + "?mode=ro").c_str(), &h,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK);
    sqlite3_exec(h, "SELECT count(*) FROM t", nullptr, nullptr, nullptr);
    CHECK(fs::exists(wal.string() + "-shm"));
    sqlite3_close(h);
}

TEST_CASE("a save keeps the file's other tables and its permission bits") {
    TempDir d("sqlite-keep");
    const fs::path db = d.path / "p.sqlite";
    io::save_sqlite(io::load_csv(fixture).programme, db);
    REQUIRE(run_sql(db, "CREATE TABLE notes(text); INSERT INTO notes VALUES ('kept')") ==
            SQLITE_OK);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    io::save_sqlite(io::load_csv(fixture).programme, db);
    CHECK(query(db, "SELECT text FROM notes") == "kept");
    CHECK(query(db, "SELECT count(*) FROM participants") == "5");
    CHECK(fs::status(db).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("a load waits for a lock another program holds, up to the busy timeout") {
    TempDir d("sqlite-busy");
    const fs::path db = d.path / "p.sqlite";
    io::save_sqlite(io::load_csv(fixture).programme, db);
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &h) == SQLITE_OK);
    // An exclusive transaction locks readers out until it ends, 300 ms later: far less than
    // okoce's 10 s, far more than no waiting at all.
    REQUIRE(sqlite3_exec(h, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    std::thread writer([h] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
    });
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t participants = 0;
    CHECK_NOTHROW(participants = io::load_sqlite(db).programme.participant_count());
    const auto waited = std::chrono::steady_clock::now() - t0;
    writer.join();
    sqlite3_close(h);
    CHECK(participants == 5);
    CHECK(waited >= std::chrono::milliseconds(250));
    static_assert(io::sqlite_busy_timeout_ms == 10'000);
}

TEST_CASE("a save removes the temporaries killed saves left, and not a running save's") {
    TempDir d("sqlite-stale");
    const fs::path db = d.path / "p.sqlite";
    const fs::path stale = d.path / ".p.sqlite.okoce-tmp-0123456789abcdef";
    const fs::path legacy = d.path / ".p.sqlite.tmp-4242";
    const fs::path live = d.path / ".p.sqlite.okoce-tmp-fedcba9876543210";
    const fs::path other = d.path / ".q.sqlite.okoce-tmp-0123456789abcdef";
    for (const auto& f : {stale, legacy, live, other}) std::ofstream(f) << "x";
    std::ofstream(stale.string() + "-journal") << "x";
    // A running save holds an exclusive flock on its temporary.
    const int fd = ::open(live.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    io::save_sqlite(io::load_csv(fixture).programme, db);
    ::close(fd);
    CHECK_FALSE(fs::exists(stale));
    CHECK_FALSE(fs::exists(stale.string() + "-journal"));
    CHECK_FALSE(fs::exists(legacy));
    CHECK(fs::exists(live));  // still in use
    CHECK(fs::exists(other)); // another file's
    io::save_sqlite(io::load_csv(fixture).programme, db);
    CHECK_FALSE(fs::exists(live)); // its save is gone now
}

TEST_CASE("a damaged SQLite file is reported as damaged in both modes, not by its garbage rows") {
    // Found by fuzz_sqlite_file (both inputs are kept as regressions): rows that decode into bad
    // values, then pages SQLite finds corrupt. Fail-fast stopped at a bad row and collect mode
    // read on into the damage, so the two disagreed about the same file (and which bad row came
    // first depended on where the damage began). A data error now counts only in a file that
    // passes SQLite's own structure check; otherwise both modes say the file is malformed.
    for (const char* input : {"collect-mode-lost-first-error-to-later-io-error",
                              "fail-fast-bad-row-before-a-corrupt-page"}) {
        CAPTURE(input);
        TempDir d("damaged");
        const fs::path db = d.path / "p.sqlite";
        fs::copy_file(fs::path(OKOCE_TEST_DIR) / "fuzz" / "regressions" / "sqlite_file" / input,
                      db);
        io::LoadOptions collect;
        collect.collect_errors = 10;
        for (const io::LoadOptions& options : {io::LoadOptions{}, collect})
            CHECK_THROWS_WITH_AS(io::load_sqlite(db, options),
                                 doctest::Contains("database disk image is malformed"), io_error);
    }
    // A sound file with a bad row still reports the row: the planted-value cases above.
}

TEST_CASE("a long table is read ahead on a second thread: same rows, errors at their rowid") {
    // Jakarta at scale 0.08 has some 180,000 reports: past the 100,000 rows from which the
    // reports are stepped on a second thread, and some forty batches of 4,096 rows.
    TempDir d("sqlite-read-ahead");
    const fs::path db = d.path / "p.sqlite";
    const std::string file = db.string();
    synth::Options o;
    o.seed = 5;
    o.scale = 0.08;
    io::save_sqlite(synth::jakarta(o), db);
    const auto rows = std::stoll(query(db, "SELECT count(*) FROM reports"));
    REQUIRE(rows > 150'000);

    // Two revenues that are not whole rupiah, deep in the table, the later one planted first.
    const auto plant_two_bad_revenues = [&] {
        REQUIRE(run_sql(db, "PRAGMA ignore_check_constraints = ON; "
                            "UPDATE reports SET revenue = 2.5 WHERE rowid = 170001; "
                            "UPDATE reports SET revenue = 1.5 WHERE rowid = 150001") == SQLITE_OK);
    };

    SUBCASE("every value arrives, NULLs included, as SQLite holds them") {
        // Blank a few optional values in later batches, then compare sums SQLite computes
        // itself with sums over what the load made.
        REQUIRE(run_sql(db, "UPDATE reports SET capital = NULL, employees = NULL, "
                            "reported_on = NULL WHERE rowid % 9973 = 0") == SQLITE_OK);
        const Programme p = io::load_sqlite(db).programme;
        const ReportColumns& r = p.reports();
        REQUIRE(static_cast<long long>(r.revenue.size()) == rows);
        long long revenue = 0, capital = 0, with_capital = 0, employees = 0, with_employees = 0,
                  with_date = 0;
        for (std::size_t k = 0; k < r.revenue.size(); ++k) {
            revenue += r.revenue[k];
            if (r.capital[k] != no_amount) capital += r.capital[k], ++with_capital;
            if (r.employees[k] != no_count) employees += r.employees[k], ++with_employees;
            if (!r.reported_on[k].is_special()) ++with_date;
        }
        CHECK(std::to_string(revenue) == query(db, "SELECT sum(revenue) FROM reports"));
        CHECK(std::to_string(capital) == query(db, "SELECT sum(capital) FROM reports"));
        CHECK(std::to_string(with_capital) == query(db, "SELECT count(capital) FROM reports"));
        CHECK(std::to_string(employees) == query(db, "SELECT sum(employees) FROM reports"));
        CHECK(std::to_string(with_employees) == query(db, "SELECT count(employees) FROM reports"));
        CHECK(std::to_string(with_date) == query(db, "SELECT count(reported_on) FROM reports"));
    }
    SUBCASE("fail-fast names the first bad row, deep in the table") {
        plant_two_bad_revenues();
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":reports");
        CHECK(e->line() == 150001);
        CHECK(e->column() == "revenue");
        CHECK(e->value() == "1.5");
    }
    SUBCASE("collect mode names both, in row order") {
        plant_two_bad_revenues();
        io::LoadOptions lo;
        lo.collect_errors = 10;
        try {
            io::load_sqlite(db, lo);
            FAIL("expected validation_errors");
        } catch (const validation_errors& es) {
            REQUIRE(es.all().size() == 2);
            CHECK(es.all()[0].line() == 150001);
            CHECK(es.all()[0].value() == "1.5");
            CHECK(es.all()[1].line() == 170001);
            CHECK(es.all()[1].value() == "2.5");
        }
    }
}

TEST_CASE("values no programme can hold are refused with table, rowid, column and value") {
    TempDir d("sqlite-suspect");
    const fs::path db = d.path / "p.sqlite";
    const std::string file = db.string();
    io::save_sqlite(io::load_csv(fixture).programme, db);
    const auto refused = [&](const std::string& sql, const std::string& table, std::size_t rowid,
                             const std::string& column, const std::string& value) {
        REQUIRE(run_sql(db, "PRAGMA ignore_check_constraints = ON; " + sql) == SQLITE_OK);
        const auto e = error_of(db);
        REQUIRE(e);
        CHECK(e->file() == file + ":" + table);
        CHECK(e->line() == rowid);
        CHECK(e->column() == column);
        CHECK(e->value() == value);
        return e->expected();
    };
    SUBCASE("a BLOB in an INTEGER column: its bytes '123' were read as 123") {
        const auto expected = refused("UPDATE reports SET revenue = X'313233' WHERE rowid = 3",
                                      "reports", 3, "revenue", "<BLOB of 3 bytes>");
        CHECK(expected.find("not a BLOB") != std::string::npos);
        // Collect mode reports it too, as the table's last error.
        io::LoadOptions o;
        o.collect_errors = 10;
        CHECK_THROWS_WITH_AS(io::load_sqlite(db, o), doctest::Contains("<BLOB of 3 bytes>"),
                             validation_errors);
    }
    SUBCASE("a BLOB in a TEXT column") {
        refused("UPDATE participants SET kelurahan = X'00FF' WHERE rowid = 4", "participants", 4,
                "kelurahan", "<BLOB of 2 bytes>");
    }
    SUBCASE("a REAL in an INTEGER column") {
        // (A whole REAL such as 5.0 is stored as the INTEGER 5 by the column's affinity, so it
        // is 5; a REAL that is not whole stays REAL.)
        refused("UPDATE reports SET employees = 2.5 WHERE rowid = 2", "reports", 2, "employees",
                "2.5");
    }
    SUBCASE("a REAL beyond 64 bits in an INTEGER column") {
        refused("UPDATE reports SET revenue = 1e20 WHERE rowid = 2", "reports", 2, "revenue",
                "1.0e+20");
    }
    SUBCASE("a revenue of INT64_MAX, which overflowed the growth") {
        const auto expected =
            refused("UPDATE reports SET revenue = 9223372036854775807 WHERE rowid = 2", "reports",
                    2, "revenue", "9223*************07"); // 19 digits: masked as a NIK
        CHECK(expected.find("at most 1000000000000 rupiah") != std::string::npos);
        // The bound itself is a value a programme may hold.
        REQUIRE(run_sql(db, "UPDATE reports SET revenue = 1000000000000 WHERE rowid = 2") ==
                SQLITE_OK);
        CHECK(io::load_sqlite(db).programme.reports().revenue[1] == 1'000'000'000'000);
    }
    SUBCASE("capital above the bound") {
        refused("UPDATE reports SET capital = 1000000000001 WHERE rowid = 1", "reports", 1,
                "capital", "1000000000001");
    }
}
