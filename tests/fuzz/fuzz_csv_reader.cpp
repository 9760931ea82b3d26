// The streaming CSV reader (io::detail::CsvReader) at every chunk size: the records, their
// fields, the line each record and each field starts on, and the error (if any) must be the
// same whatever the chunk size, as if the file had been read in one piece. Only okoce errors
// may escape.
#include "fuzz_support.hpp"

#include "io/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

struct Record {
    std::vector<std::string> fields;
    std::vector<std::size_t> field_lines;
    std::size_t line = 0;
    bool operator==(const Record&) const = default;
};

struct Outcome {
    std::vector<Record> records;
    std::string error; // empty when the whole file was read
};

Outcome read_all(const std::string& path, std::size_t chunk) {
    Outcome out;
    okoce::fuzz::only_okoce_errors(
        [&] {
            okoce::io::detail::CsvReader reader(path, chunk);
            while (reader.next()) {
                Record r;
                r.line = reader.line();
                for (std::size_t k = 0; k < reader.fields().size(); ++k) {
                    r.fields.emplace_back(reader.fields()[k]);
                    r.field_lines.push_back(reader.field_line(k));
                }
                out.records.push_back(std::move(r));
            }
        },
        out.error);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Every chunk size is read, so the cost grows with the square of the size; records longer
    // than the smallest chunks (16 bytes), and so every refill path, are covered at this length.
    if (size > 512) return 0;
    const std::string path = (okoce::fuzz::scratch() / "t.csv").string();
    okoce::fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
    const Outcome whole = read_all(path, std::size_t{1} << 20);
    for (std::size_t chunk = 16; chunk <= size + 1; ++chunk) {
        const Outcome got = read_all(path, chunk);
        okoce::fuzz::check(got.error == whole.error,
                           "chunk " + std::to_string(chunk) + ": error \"" + got.error +
                               "\", in one piece \"" + whole.error + "\"");
        okoce::fuzz::check(got.records.size() == whole.records.size(),
                           "chunk " + std::to_string(chunk) + ": " +
                               std::to_string(got.records.size()) + " records, in one piece " +
                               std::to_string(whole.records.size()));
        for (std::size_t i = 0; i < got.records.size(); ++i)
            okoce::fuzz::check(got.records[i] == whole.records[i],
                               "chunk " + std::to_string(chunk) + ": record " + std::to_string(i) +
                                   " differs from the one-piece read");
    }
    return 0;
}
