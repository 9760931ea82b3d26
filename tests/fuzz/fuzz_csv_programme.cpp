// The CSV programme loader (io::load_csv) on a folder made from the input. Checks that only
// okoce errors escape, that fail-fast and collect mode agree (both fail or both load, and the
// first error collected is the one fail-fast stops at), and that a loaded programme saved with
// save_csv loads back equal in every table.
//
// Input scheme: the bytes are split into table files at each separator "@@" followed by one
// letter naming the table of the section that follows:
//   r regions, c communities, m mentors, p participants, s steps, l licences, q reports
//   (quarterly), a assignments, t targets.
// The bytes before the first separator are participants.csv. A table named twice keeps its
// last section, an unknown letter drops its section, and a table without a section has no
// file (absent tables are legal, except participants).
#include "fuzz_support.hpp"

#include "okoce/io/csv.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;
using okoce::fuzz::check;

constexpr std::array<std::pair<char, const char*>, 9> tables{{{'r', "regions.csv"},
                                                              {'c', "communities.csv"},
                                                              {'m', "mentors.csv"},
                                                              {'p', "participants.csv"},
                                                              {'s', "steps.csv"},
                                                              {'l', "licences.csv"},
                                                              {'q', "reports.csv"},
                                                              {'a', "assignments.csv"},
                                                              {'t', "targets.csv"}}};

const char* table_file(char letter) {
    for (const auto& [l, name] : tables)
        if (l == letter) return name;
    return nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const fs::path folder = okoce::fuzz::scratch() / "in";
    const fs::path copy = okoce::fuzz::scratch() / "saved";
    std::error_code ec;
    fs::remove_all(folder, ec);
    fs::remove_all(copy, ec);
    fs::create_directories(folder);

    std::array<std::optional<std::string_view>, 9> sections;
    const char* name = "participants.csv";
    std::size_t start = 0;
    for (;;) {
        const auto at = input.find("@@", start);
        const auto end = at == std::string_view::npos ? input.size() : at;
        if (name)
            for (std::size_t k = 0; k < tables.size(); ++k)
                if (std::string_view(tables[k].second) == name)
                    sections[k] = input.substr(start, end - start);
        if (at == std::string_view::npos) break;
        name = at + 2 < input.size() ? table_file(input[at + 2]) : nullptr;
        start = std::min(input.size(), at + 3);
    }
    for (std::size_t k = 0; k < tables.size(); ++k)
        if (sections[k]) okoce::fuzz::write_file(folder / tables[k].second, *sections[k]);

    std::optional<okoce::io::LoadResult> fast;
    std::string fast_error, collect_error;
    const bool fast_ok = okoce::fuzz::only_okoce_errors(
        [&] { fast.emplace(okoce::io::load_csv(folder)); }, fast_error);
    okoce::io::LoadOptions collect;
    collect.collect_errors = 100;
    const bool collect_ok = okoce::fuzz::only_okoce_errors(
        [&] { (void)okoce::io::load_csv(folder, collect); }, collect_error);
    check(fast_ok == collect_ok,
          std::string("fail-fast ") + (fast_ok ? "loaded" : "failed: " + fast_error) +
              " but collect mode " + (collect_ok ? "loaded" : "failed: " + collect_error));
    // validation_errors is itself its first error, so what() is the first error's message.
    check(fast_error == collect_error, "fail-fast stopped at \"" + fast_error +
                                           "\" but collect mode's first error is \"" +
                                           collect_error + "\"");
    if (!fast_ok) return 0;

    std::string message;
    check(okoce::fuzz::only_okoce_errors([&] { okoce::io::save_csv(fast->programme, copy); },
                                         message),
          "a loaded programme could not be saved: " + message);
    std::optional<okoce::io::LoadResult> again;
    check(
        okoce::fuzz::only_okoce_errors([&] { again.emplace(okoce::io::load_csv(copy)); }, message),
        "the saved copy does not load: " + message);
    okoce::fuzz::check_same_programme(fast->programme, again->programme);
    return 0;
}
