// Load and save at Jakarta scale: generates the synthetic programme, writes it once as a CSV
// folder and as an SQLite file, then times load_csv, load_sqlite, save_csv and save_sqlite (to
// a new file, and replacing the tables of an existing one), best of N runs each, and prints the
// figures as JSON for bench_io.py, which sets them beside pandas on the same files.
#include "okoce/io.hpp"
#include "okoce/synth.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

struct Args {
    std::uint64_t seed = 2017;
    double scale = 1.0;
    // About 4 million quarterly reports at scale 1 (420,000 participants by then).
    okoce::Date until = okoce::Date(2024, 6, 30);
    std::filesystem::path work = "okoce_bench_io";
    int repeat = 3;
};

[[noreturn]] void usage(const char* why) {
    std::cerr << "okoce_bench_io: " << why
              << "\nusage: okoce_bench_io [--seed N] [--scale X] [--until YYYY-MM-DD] "
                 "[--work DIR] [--repeat N]\n";
    std::exit(2);
}

Args parse(int argc, char** argv) {
    Args a;
    for (int k = 1; k < argc; ++k) {
        const std::string_view flag = argv[k];
        if (k + 1 >= argc) usage("a value is missing after the last option");
        const std::string value = argv[++k];
        try {
            if (flag == "--seed")
                a.seed = std::stoull(value);
            else if (flag == "--scale")
                a.scale = std::stod(value);
            else if (flag == "--until")
                a.until = okoce::parse_date(value);
            else if (flag == "--work")
                a.work = value;
            else if (flag == "--repeat")
                a.repeat = std::max(1, std::stoi(value));
            else
                usage("unknown option");
        } catch (const std::exception&) {
            usage("a value could not be read");
        }
    }
    return a;
}

// Seconds of the fastest of `repeat` runs: the least disturbed by other work on the machine.
double best_of(int repeat, const std::function<void()>& run) {
    double best = 1e300;
    for (int k = 0; k < repeat; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        const std::chrono::duration<double> d = std::chrono::steady_clock::now() - t0;
        best = std::min(best, d.count());
    }
    return best;
}

// A string as a JSON literal (paths may hold quotes or backslashes).
std::string json(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
            out += esc;
        } else {
            out += c;
        }
    }
    return out + '"';
}

std::size_t rows_of(const okoce::Programme& p) {
    // The regions table is not written when the programme uses the embedded one.
    return p.participants().size() + p.steps().size() + p.licences().size() + p.reports().size() +
           p.assignments().size() + p.mentors().size() + p.communities().size() +
           p.targets().size();
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    namespace fs = std::filesystem;
    try {
        fs::create_directories(a.work);
        const fs::path csv = a.work / "csv";
        const fs::path db = a.work / "programme.sqlite";
        fs::remove_all(csv);
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(db.string() + suffix);

        okoce::Programme p;
        const double synth_s =
            best_of(1, [&] { p = okoce::synth::jakarta(a.seed, a.scale, a.until); });
        okoce::io::save_csv(p, csv);
        okoce::io::save_sqlite(p, db);
        const std::size_t rows = rows_of(p);

        std::size_t loaded_csv = 0, loaded_sqlite = 0;
        const double load_csv_s =
            best_of(a.repeat, [&] { loaded_csv = rows_of(okoce::io::load_csv(csv).programme); });
        const double load_sqlite_s = best_of(
            a.repeat, [&] { loaded_sqlite = rows_of(okoce::io::load_sqlite(db).programme); });
        const double save_csv_s = best_of(a.repeat, [&] { okoce::io::save_csv(p, csv); });
        // A new file (an export), and replacing the tables of the existing one in place.
        const fs::path fresh = a.work / "saved.sqlite";
        double save_sqlite_s = 1e300;
        for (int k = 0; k < a.repeat; ++k) {
            fs::remove(fresh);
            save_sqlite_s =
                std::min(save_sqlite_s, best_of(1, [&] { okoce::io::save_sqlite(p, fresh); }));
        }
        fs::remove(fresh);
        const double replace_sqlite_s = best_of(a.repeat, [&] { okoce::io::save_sqlite(p, db); });
        if (loaded_csv != rows || loaded_sqlite != rows) {
            std::cerr << "okoce_bench_io: a load read " << loaded_csv << " (CSV) and "
                      << loaded_sqlite << " (SQLite) rows, not the " << rows << " written\n";
            return 1;
        }

        std::printf("{\n  \"seed\": %llu,\n  \"scale\": %.17g,\n  \"until\": \"%s\",\n",
                    static_cast<unsigned long long>(a.seed), a.scale,
                    okoce::format_date(a.until).c_str());
        std::printf("  \"csv_folder\": %s,\n  \"sqlite_file\": %s,\n",
                    json(fs::absolute(csv).string()).c_str(),
                    json(fs::absolute(db).string()).c_str());
        std::printf("  \"repeat\": %d,\n  \"rows\": {\n", a.repeat);
        const std::pair<const char*, std::size_t> tables[] = {
            {"communities", p.communities().size()},   {"mentors", p.mentors().size()},
            {"participants", p.participants().size()}, {"steps", p.steps().size()},
            {"licences", p.licences().size()},         {"reports", p.reports().size()},
            {"assignments", p.assignments().size()},   {"targets", p.targets().size()}};
        for (std::size_t k = 0; k < std::size(tables); ++k)
            std::printf("    \"%s\": %zu%s\n", tables[k].first, tables[k].second,
                        k + 1 < std::size(tables) ? "," : "");
        std::printf("  },\n  \"total_rows\": %zu,\n  \"seconds\": {\n", rows);
        std::printf("    \"synth\": %.4f,\n    \"load_csv\": %.4f,\n    \"load_sqlite\": %.4f,\n",
                    synth_s, load_csv_s, load_sqlite_s);
        std::printf("    \"save_csv\": %.4f,\n    \"save_sqlite\": %.4f,\n", save_csv_s,
                    save_sqlite_s);
        std::printf("    \"replace_sqlite\": %.4f\n  }\n}\n", replace_sqlite_s);
    } catch (const std::exception& e) {
        std::cerr << "okoce_bench_io: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
