// Shared by the libFuzzer targets: a scratch folder per process, the rule that only okoce
// errors may escape a loader or parser, and a table-by-table comparison of two programmes for
// the round-trip checks. A failed check prints what differed and aborts, which libFuzzer
// reports as a finding and saves the input under crash-*.
#pragma once

#include "okoce/error.hpp"
#include "okoce/programme.hpp"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unistd.h>

namespace okoce::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "okoce fuzz check failed: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline void check(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

// Runs `f`; an okoce::error is the expected outcome of bad input and is returned as its message
// (empty when `f` succeeded). Any other exception is a finding: bad input must surface as an
// okoce error that names where it came from, never as std::out_of_range or boost's bad_year.
template <class F>
bool only_okoce_errors(F&& f, std::string& message) {
    try {
        f();
        message.clear();
        return true;
    } catch (const okoce::error& e) {
        message = e.what();
        if (message.empty()) fail("an okoce error with an empty message");
        return false;
    } catch (const std::exception& e) {
        fail(std::string("a non-okoce exception escaped: ") + typeid(e).name() + ": " + e.what());
    } catch (...) {
        fail("a non-std exception escaped");
    }
}

// A folder of this process's own under /dev/shm (or the temporary directory), removed at exit.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        namespace fs = std::filesystem;
        const fs::path base =
            fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        // A process that aborted on a finding could not remove its folder: do it for it.
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(base, ec)) {
            const std::string name = e.path().filename().string();
            if (!name.starts_with("okoce-fuzz-")) continue;
            const long pid = std::strtol(name.c_str() + 11, nullptr, 10);
            if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
                fs::remove_all(e.path(), ec);
        }
        fs::path d = base / ("okoce-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(scratch(), ec);
        });
        return d;
    }();
    return dir;
}

inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) fail("cannot write " + p.string());
}

// Every table of two programmes, column by column. Regions are compared by code and name.
inline void check_same_programme(const Programme& a, const Programme& b) {
    const auto& ra = a.regions();
    const auto& rb = b.regions();
    check(ra.size() == rb.size(), "round trip: region count");
    for (std::size_t i = 0; i < ra.size(); ++i) {
        check(ra.codes()[i] == rb.codes()[i], "round trip: region code " + std::to_string(i));
        check(ra.name_at(i) == rb.name_at(i), "round trip: region name " + std::to_string(i));
    }
#define OKOCE_SAME(table, column)                                                                  \
    check(a.table().column == b.table().column, "round trip: " #table "." #column " differs")
    OKOCE_SAME(participants, id);
    OKOCE_SAME(participants, nik);
    OKOCE_SAME(participants, name);
    OKOCE_SAME(participants, sex);
    OKOCE_SAME(participants, birth_date);
    OKOCE_SAME(participants, kelurahan);
    OKOCE_SAME(participants, sector);
    OKOCE_SAME(participants, kbli);
    OKOCE_SAME(participants, community);
    OKOCE_SAME(participants, registered_on);
    OKOCE_SAME(participants, business_started_on);
    OKOCE_SAME(participants, exited_on);
    OKOCE_SAME(steps, offsets);
    OKOCE_SAME(steps, participant);
    OKOCE_SAME(steps, step);
    OKOCE_SAME(steps, completed_on);
    OKOCE_SAME(licences, offsets);
    OKOCE_SAME(licences, participant);
    OKOCE_SAME(licences, kind);
    OKOCE_SAME(licences, number);
    OKOCE_SAME(licences, issued_on);
    OKOCE_SAME(licences, valid_until);
    OKOCE_SAME(licences, issuer);
    OKOCE_SAME(reports, offsets);
    OKOCE_SAME(reports, participant);
    OKOCE_SAME(reports, quarter);
    OKOCE_SAME(reports, revenue);
    OKOCE_SAME(reports, capital);
    OKOCE_SAME(reports, employees);
    OKOCE_SAME(reports, reported_on);
    OKOCE_SAME(reports, known_on);
    OKOCE_SAME(assignments, offsets);
    OKOCE_SAME(assignments, participant);
    OKOCE_SAME(assignments, mentor);
    OKOCE_SAME(assignments, from);
    OKOCE_SAME(assignments, to);
    OKOCE_SAME(mentors, id);
    OKOCE_SAME(mentors, name);
    OKOCE_SAME(mentors, kind);
    OKOCE_SAME(mentors, kecamatan);
    OKOCE_SAME(mentors, community);
    OKOCE_SAME(mentors, sectors);
    OKOCE_SAME(mentors, phases);
    OKOCE_SAME(mentors, capacity);
    OKOCE_SAME(mentors, active_from);
    OKOCE_SAME(mentors, active_to);
    OKOCE_SAME(communities, id);
    OKOCE_SAME(communities, name);
    OKOCE_SAME(communities, basis);
    OKOCE_SAME(communities, sector);
    OKOCE_SAME(communities, region);
    OKOCE_SAME(targets, id);
    OKOCE_SAME(targets, metric);
    OKOCE_SAME(targets, region);
    OKOCE_SAME(targets, start);
    OKOCE_SAME(targets, end);
    OKOCE_SAME(targets, value);
#undef OKOCE_SAME
}

} // namespace okoce::fuzz
