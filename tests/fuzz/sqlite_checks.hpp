// What the two SQLite targets check once they have a database file: only okoce errors escape
// load_sqlite, fail-fast and collect mode agree, and a programme that loads round-trips
// through save_sqlite into a new file.
#pragma once

#include "fuzz_support.hpp"

#include "okoce/io/sqlite.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace okoce::fuzz {

// Removes a database file with its journal, WAL and shared-memory companions.
inline void remove_database(const std::filesystem::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix, ec);
}

inline void check_sqlite_load(const std::filesystem::path& file) {
    std::optional<io::LoadResult> fast;
    std::string fast_error, collect_error;
    // Whether a load failed because the file could not be read (io_error), as opposed to a
    // bad row. SQLite words one corrupt file differently from one connection to the next (the
    // same malformed schema was "database disk image is malformed" on one open and "malformed
    // database schema" on the next, depending on what the process had opened before), so for
    // an unreadable file both modes must fail with an io_error; a validation error must be
    // the same error word for word.
    bool fast_unreadable = false, collect_unreadable = false;
    const bool fast_ok = only_okoce_errors(
        [&] {
            try {
                fast.emplace(io::load_sqlite(file));
            } catch (const io_error&) {
                fast_unreadable = true;
                throw;
            }
        },
        fast_error);
    io::LoadOptions collect;
    collect.collect_errors = 100;
    const bool collect_ok = only_okoce_errors(
        [&] {
            try {
                (void)io::load_sqlite(file, collect);
            } catch (const io_error&) {
                collect_unreadable = true;
                throw;
            }
        },
        collect_error);
    check(fast_ok == collect_ok,
          std::string("fail-fast ") + (fast_ok ? "loaded" : "failed: " + fast_error) +
              " but collect mode " + (collect_ok ? "loaded" : "failed: " + collect_error));
    check(fast_unreadable == collect_unreadable || fast_ok,
          "fail-fast failed with \"" + fast_error + "\" but collect mode with \"" + collect_error +
              "\": one found the file unreadable, the other did not");
    check((fast_unreadable && collect_unreadable) || fast_error == collect_error,
          "fail-fast stopped at \"" + fast_error + "\" but collect mode's first error is \"" +
              collect_error + "\"");
    if (!fast_ok) return;

    const auto copy = scratch() / "saved.sqlite";
    remove_database(copy);
    std::string message;
    check(only_okoce_errors([&] { io::save_sqlite(fast->programme, copy); }, message),
          "a loaded programme could not be saved: " + message);
    std::optional<io::LoadResult> again;
    check(only_okoce_errors([&] { again.emplace(io::load_sqlite(copy)); }, message),
          "the saved copy does not load: " + message);
    check_same_programme(fast->programme, again->programme);
}

} // namespace okoce::fuzz
