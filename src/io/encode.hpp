// Internal: Programme -> cells, table by table, so that the CSV and SQLite writers (and the
// analyst export) write the same values from one encoder.
#pragma once

#include "io/tables.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace okoce {
struct ExportOptions;
class Programme;
} // namespace okoce

namespace okoce::io::detail {

// A value to write: missing, text, or a whole number.
struct Cell {
    enum class Kind : std::uint8_t { null, text, integer };
    Kind kind = Kind::null;
    std::string_view text;
    std::int64_t integer = 0;
};

// Receives a programme table by table, in dependency order, every table (possibly empty).
class TableSink {
public:
    virtual ~TableSink() = default;
    virtual void begin(Table t, std::span<const std::string_view> columns) = 0;
    virtual void row(std::span<const Cell> cells) = 0;
    virtual void end() = 0;
};

// Writes every table of `p` to `sink`. With `analyst` set, the participants table carries
// nik_pseudonym instead of nik, and name, birth_date and nik only when asked for. The regions
// table is left empty when `p` uses the embedded DKI Jakarta table. Throws validation_error
// (naming table, record and column) for a required text value that is empty, which the file
// could not be read back with.
void encode(const Programme& p, TableSink& sink, const ExportOptions* analyst = nullptr);

// Writes every table of `p` as a CSV folder or an SQLite file (see encode for `analyst`).
void write_csv(const Programme& p, const std::filesystem::path& folder,
               const ExportOptions* analyst);
void write_sqlite(const Programme& p, const std::filesystem::path& file,
                  const ExportOptions* analyst);
} // namespace okoce::io::detail
