// A programme from tables held as columns (a DataFrame, an Arrow table, a column store), for a
// back end that has its rows in columns already. The columns reach the loader's own decoder and
// builder, so they are validated exactly as a CSV folder of the same values is: the same rules,
// the same messages, all or nothing.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/io/options.hpp"
#include "okoce/table.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace okoce::io {

// One column of a table, handed over in bulk and not copied: the values stay the caller's and
// must live until from_columns returns. Each kind is read as the text a file would hold for it
// (a number as its digits, a date as YYYY-MM-DD, a quarter as 2019Q3), so a column given as
// numbers where the contract wants a code is refused with the same message as in a CSV file.
class InputColumn {
public:
    enum class Kind : std::uint8_t { text, integers, numbers, dates, days, quarters, categorical };

    // Text (UTF-8); an empty view is a missing value.
    static InputColumn text(std::string name, std::span<const std::string_view> values);
    // Whole numbers; a nonzero `missing[r]` (when `missing` is given) marks row r missing.
    static InputColumn integers(std::string name, std::span<const std::int64_t> values,
                                std::span<const std::uint8_t> missing = {});
    // Floating-point numbers, as pandas and spreadsheets hold numbers with gaps: NaN is missing,
    // a whole value is read as its digits, any other as "%.17g" (which a count refuses). A NIK
    // given as numbers is refused: a double keeps about 15 significant digits.
    static InputColumn numbers(std::string name, std::span<const double> values);
    // Dates; no_date (not_a_date_time) is missing.
    static InputColumn dates(std::string name, std::span<const Date> values);
    // Days since 1970-01-01 (numpy's datetime64[D]); `missing_day` marks a missing one (NaT).
    static InputColumn days(std::string name, std::span<const std::int64_t> values,
                            std::int64_t missing_day = std::numeric_limits<std::int64_t>::min());
    // Quarters as Quarter::index() (year * 4 + quarter - 1); `missing` as for integers.
    static InputColumn quarters(std::string name, std::span<const std::int32_t> index,
                                std::span<const std::uint8_t> missing = {});
    // Codes into `categories` (a pandas Categorical, an Arrow dictionary): row r holds
    // categories[codes[r]]; a negative code is missing. A code past the categories is an
    // argument_error.
    static InputColumn categorical(std::string name, std::span<const std::int32_t> codes,
                                   std::span<const std::string_view> categories);

    const std::string& name() const noexcept { return name_; }
    Kind kind() const noexcept { return kind_; }
    std::size_t size() const noexcept { return size_; }

    // Row r as the text a file would hold, written into `scratch` (at least 40 bytes) when it
    // is not text already; empty for a missing value.
    std::string_view cell(std::size_t r, char* scratch) const noexcept;

private:
    InputColumn(std::string name, Kind kind, std::size_t size)
        : name_(std::move(name)), kind_(kind), size_(size) {}

    std::string name_;
    Kind kind_;
    std::size_t size_;
    std::span<const std::string_view> text_;
    std::span<const std::int64_t> i64_;
    std::span<const std::int32_t> i32_;
    std::span<const double> f64_;
    std::span<const Date> dates_;
    std::span<const std::uint8_t> missing_;
    std::int64_t missing_day_ = 0;
};

// One table of the data contract as columns: the contract's column names (programme.hpp's
// schemas; regions: code, name), in any order, with other columns beside them (ignored), all of
// the same length.
struct InputTable {
    Table table;
    std::vector<InputColumn> columns;
};

// Builds a programme from its tables as columns, with the validation of a load: a bad value
// raises validation_error naming the table (as `file`), the 1-based row (as `line`), the
// column, the value (masked when personal) and what was expected; a missing required column
// names the table and the column (line 0); unknown ids, duplicate ids and the other checks of
// ProgrammeBuilder name the table and row too. `options.collect_errors` collects as a load
// does. Nothing is built on error. The participants table is required; every other may be left
// out (an empty table; no regions: the embedded DKI Jakarta table). A NIK given as numbers, or
// as text in scientific notation (3.17401E+15), is refused as having lost its last digits,
// without showing them. argument_error for a table given twice or columns of unequal lengths.
LoadResult from_columns(std::span<const InputTable> tables, const LoadOptions& options = {});

// What the error for a NIK that was stored as a number expects (shared with the Python module,
// which reads spreadsheet cells before they become columns).
inline constexpr std::string_view nik_as_number_expected =
    "a NIK as text; Excel stored the NIK as a number and lost its last digits (a number keeps "
    "15 significant digits, a NIK has 16): format the column as text";

// True for text a spreadsheet writes for a large number: digits with an exponent, such as
// "3.17401E+15" or "3,17401E+15" (a comma as decimal separator).
bool looks_like_scientific_number(std::string_view text) noexcept;

} // namespace okoce::io
