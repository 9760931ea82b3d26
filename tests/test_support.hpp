// Helpers shared by the unit tests: a participant or a licence record built in one line, a
// temporary folder removed on scope exit and reading a file whole. Kept here so that each test file
// states only what its case is about.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/participant.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace okoce::test {

// A participant registered on a date, in Tebet Timur (31.74.01.1001) unless a kelurahan is
// named, with everything else at the record's defaults (sector other, no business start, not
// exited). The other fields a test cares about are set by name, so a call reads as the case:
//   b.add(person("A", "31.71.01.1001", date(2019, 1, 1)).sector(Sector::craft).exited(d));
// It converts to Participant; write `Participant p = person(...)` to edit fields directly.
class PersonBuilder {
public:
    PersonBuilder(std::string id, RegionCode kelurahan, Date registered) {
        p_.id = std::move(id);
        p_.kelurahan = kelurahan;
        p_.registered_on = registered;
    }
    PersonBuilder& sector(Sector s) {
        p_.sector = s;
        return *this;
    }
    PersonBuilder& started(Date d) {
        p_.business_started_on = d;
        return *this;
    }
    PersonBuilder& exited(Date d) {
        p_.exited_on = d;
        return *this;
    }
    PersonBuilder& community(std::string c) {
        p_.community = std::move(c);
        return *this;
    }
    operator Participant() const { return p_; }

private:
    Participant p_;
};

inline PersonBuilder person(std::string id, RegionCode kelurahan, Date registered) {
    return {std::move(id), kelurahan, registered};
}
inline PersonBuilder person(std::string id, const char* kelurahan, Date registered) {
    return {std::move(id), RegionCode::parse(kelurahan), registered};
}
inline PersonBuilder person(std::string id, Date registered) {
    return person(std::move(id), "31.74.01.1001", registered);
}

// A licence record: `kind` issued to `who` on `issued`, in force through `until` (open-ended by
// default), with no number or issuer.
inline LicenceRecord licence(std::string who, LicenceKind kind, Date issued, Date until = no_date) {
    return {std::move(who), {kind, "", issued, until, ""}};
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("okoce-" + tag + "-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

// The rows of a fixture committed under tests/data (see its README for where each comes from),
// header first, each split at its commas: the fixtures read this way quote nothing. A missing
// fixture is an error, never a skip: the suite must run from a clone of the project alone.
inline std::vector<std::vector<std::string>> fixture_rows(const std::string& name) {
    const std::string path = std::string(OKOCE_TEST_DIR) + "/data/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("missing test fixture " + path);
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line.find('"') != std::string::npos)
            throw std::runtime_error(path + " quotes a field: read it with RegionTable::from_csv");
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
             start = comma + 1)
            cells.push_back(line.substr(start, comma - start));
        cells.push_back(line.substr(start));
        rows.push_back(std::move(cells));
    }
    return rows;
}

} // namespace okoce::test
