// Internal: text rows of any source -> Programme. The CSV folder and the SQLite file each
// present their tables as TextRows, and one decoder holds both to the same parsing and error rules.
#pragma once

#include "io/tables.hpp"
#include "okoce/io/csv.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace okoce::io::detail {

// One table as text rows, from a CSV file or an SQLite table.
class TextRows {
public:
    virtual ~TextRows() = default;
    // Where errors point: the CSV path, or "path:table" for SQLite.
    virtual const std::string& source() const noexcept = 0;
    // Column names in the order the fields come in; the line the header is on (CSV) or 0.
    virtual const std::vector<std::string>& columns() const noexcept = 0;
    virtual std::size_t header_line() const noexcept = 0;
    // The next row, false at the end. `line` is the physical line (CSV) or the rowid (SQLite).
    virtual bool next(std::span<const std::string_view>& fields, std::size_t& line) = 0;
    // The line on which field k of the current row starts (differs from `line` only when a
    // quoted field before it spans lines).
    virtual std::size_t field_line(std::size_t k) const noexcept = 0;
    // About how many rows the table holds, so that the decoder can reserve room for them; 0
    // when unknown. Only a hint: more or fewer rows may come.
    virtual std::size_t size_hint() const noexcept { return 0; }
};

// Opens a table; nullptr when it is absent (an empty table).
using TableOpener = std::function<std::unique_ptr<TextRows>(Table)>;

// Decodes every table, checks them with ProgrammeBuilder and builds. All or nothing.
LoadResult decode(const TableOpener& open, const LoadOptions& options);
} // namespace okoce::io::detail
