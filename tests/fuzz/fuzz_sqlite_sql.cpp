// The SQLite loader (io::load_sqlite) on a database built by running the input as an SQL
// script in a fresh file: see sqlite_checks.hpp for what is checked. Where fuzz_sqlite_file
// mostly finds corrupt files, this reaches well-formed databases with odd schemas, types and
// values (a REAL in a date column, a BLOB id, a table without the expected columns, ...).
//
// The script runs fenced in: ATTACH and DETACH are refused, a script mentioning VACUUM is
// skipped (VACUUM INTO writes another file), the page count and the length of a value are
// capped, and a progress handler stops a script after a bounded amount of work.
#include "sqlite_checks.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

int authorise(void*, int action, const char* arg1, const char*, const char*, const char*) {
    if (action == SQLITE_ATTACH || action == SQLITE_DETACH) return SQLITE_DENY;
    if (action == SQLITE_PRAGMA && arg1 && sqlite3_stricmp(arg1, "max_page_count") == 0)
        return SQLITE_DENY;
    return SQLITE_OK;
}

int stop_after_budget(void* steps) {
    return ++*static_cast<int*>(steps) > 2000; // in units of 1000 VM instructions
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string script(reinterpret_cast<const char*>(data), size);
    std::string lower(script);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("vacuum") != std::string::npos) return 0;

    const auto file = okoce::fuzz::scratch() / "script.sqlite";
    okoce::fuzz::remove_database(file);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
        okoce::fuzz::fail(std::string("cannot create a database: ") + sqlite3_errmsg(db));
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    sqlite3_exec(db, "PRAGMA max_page_count = 4096", nullptr, nullptr, nullptr);
    sqlite3_set_authorizer(db, authorise, nullptr);
    int steps = 0;
    sqlite3_progress_handler(db, 1000, stop_after_budget, &steps);
    // Statements up to the first failing one take effect, as in the sqlite3 shell with
    // .bail on; the loader then sees whatever the script left.
    sqlite3_exec(db, script.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close_v2(db);
    okoce::fuzz::check_sqlite_load(file);
    return 0;
}
