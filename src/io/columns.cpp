// Tables as columns -> Programme: each table is presented to the loader's decoder as TextRows,
// one row at a time, with numbers and dates written as the text a file would hold. The decoder
// and the builder then apply every rule of a load, so a column store is held to the same rules
// (and messages) as a CSV folder, and nothing here restates them.
#include "okoce/io/columns.hpp"

#include "io/decode.hpp"
#include "io/tables.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

namespace okoce::io {

namespace {

constexpr std::size_t scratch_bytes = 40;

// Writes `n` digits of v (zero-padded) at b.
void put_digits(char* b, int v, int n) noexcept {
    for (int k = n - 1; k >= 0; --k) {
        b[k] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
}

std::string_view iso(Date d, char* b) noexcept {
    if (d.is_special()) return {};
    const auto ymd = d.year_month_day();
    put_digits(b, static_cast<int>(ymd.year), 4);
    b[4] = '-';
    put_digits(b + 5, static_cast<int>(ymd.month), 2);
    b[7] = '-';
    put_digits(b + 8, static_cast<int>(ymd.day), 2);
    return {b, 10};
}

std::string_view digits(std::int64_t v, char* b) noexcept {
    const auto [end, ec] = std::to_chars(b, b + scratch_bytes, v);
    (void)ec; // 40 bytes hold any int64
    return {b, static_cast<std::size_t>(end - b)};
}

// A day count as a date; outside boost's calendar (1400..9999) as a text no date parser takes,
// so the decoder refuses it with the value shown.
std::string_view day_text(std::int64_t day, char* b) noexcept {
    static const Date epoch(1970, 1, 1);
    constexpr std::int64_t first = -208'188, last = 2'932'896; // 1400-01-01, 9999-12-31
    if (day >= first && day <= last) return iso(epoch + boost::gregorian::days(day), b);
    const int n =
        std::snprintf(b, scratch_bytes, "day %lld from 1970-01-01", static_cast<long long>(day));
    return {b, static_cast<std::size_t>(std::clamp(n, 0, int{scratch_bytes} - 1))};
}

std::string_view number_cell(double x, char* b) noexcept {
    if (std::isnan(x)) return {};
    // Whole values within int64's exact range read as their digits (a count of 3.0 is 3).
    if (x == std::floor(x) && std::fabs(x) < 9.0e18) return digits(static_cast<std::int64_t>(x), b);
    const int n = std::snprintf(b, scratch_bytes, "%.17g", x);
    return {b, static_cast<std::size_t>(std::clamp(n, 0, int{scratch_bytes} - 1))};
}

// The contract's columns of a table, for the names the decoder will read.
std::span<const ColumnInfo> contract_of(Table t) noexcept {
    using namespace detail;
    switch (t) {
    case Table::participants:
        return contract_columns<ParticipantColumns>;
    case Table::steps:
        return contract_columns<StepColumns>;
    case Table::licences:
        return contract_columns<LicenceColumns>;
    case Table::reports:
        return contract_columns<ReportColumns>;
    case Table::assignments:
        return contract_columns<AssignmentColumns>;
    case Table::mentors:
        return contract_columns<MentorColumns>;
    case Table::communities:
        return contract_columns<CommunityColumns>;
    case Table::targets:
        return contract_columns<TargetColumns>;
    case Table::regions:
        return region_infos;
    }
    return {};
}

// One InputTable as the decoder's TextRows: the source is the table's name, the "line" the
// 1-based row, and there is no header line.
class ColumnRows final : public detail::TextRows {
public:
    explicit ColumnRows(const InputTable& t)
        : table_(t), source_(detail::table_name(t.table)),
          rows_(t.columns.empty() ? 0 : t.columns.front().size()),
          scratch_(std::make_unique<char[]>(t.columns.size() * scratch_bytes)) {
        const auto contract = contract_of(t.table);
        for (const InputColumn& c : t.columns) {
            names_.push_back(c.name());
            // Columns the decoder never reads are left empty rather than formatted.
            used_.push_back(std::any_of(contract.begin(), contract.end(),
                                        [&](const ColumnInfo& i) { return i.name == c.name(); }));
        }
        fields_.resize(t.columns.size());
    }

    const std::string& source() const noexcept override { return source_; }
    const std::vector<std::string>& columns() const noexcept override { return names_; }
    std::size_t header_line() const noexcept override { return 0; }
    std::size_t size_hint() const noexcept override { return rows_; }
    std::size_t field_line(std::size_t) const noexcept override { return row_; }

    bool next(std::span<const std::string_view>& fields, std::size_t& line) override {
        if (row_ == rows_) return false;
        for (std::size_t k = 0; k < fields_.size(); ++k)
            fields_[k] = used_[k] ? table_.columns[k].cell(row_, scratch_.get() + k * scratch_bytes)
                                  : std::string_view{};
        ++row_;
        fields = fields_;
        line = row_;
        return true;
    }

private:
    const InputTable& table_;
    std::string source_;
    std::size_t rows_;
    std::size_t row_ = 0;
    std::unique_ptr<char[]> scratch_;
    std::vector<std::string> names_;
    std::vector<bool> used_;
    std::vector<std::string_view> fields_;
};

// A participants' NIK column held as numbers, or as text in scientific notation: the digits
// past the 15th are gone, so no check digit or rule downstream could tell. Reported before
// anything is decoded, naming the first such row; the value shown is what the cell is, never
// its digits.
std::optional<validation_error> nik_as_number(const InputTable& t) {
    if (t.table != Table::participants) return std::nullopt;
    for (const InputColumn& c : t.columns) {
        if (c.name() != "nik") continue;
        char scratch[scratch_bytes];
        for (std::size_t r = 0; r < c.size(); ++r) {
            const std::string_view v = c.cell(r, scratch);
            if (v.empty()) continue;
            const char* what = c.kind() == InputColumn::Kind::numbers ? "(a number)"
                               : looks_like_scientific_number(v)
                                   ? "(a number in scientific notation)"
                                   : nullptr;
            if (what)
                return validation_error({"participants", r + 1, "nik"}, what,
                                        std::string(nik_as_number_expected));
        }
    }
    return std::nullopt;
}

} // namespace

InputColumn InputColumn::text(std::string name, std::span<const std::string_view> values) {
    InputColumn c(std::move(name), Kind::text, values.size());
    c.text_ = values;
    return c;
}

InputColumn InputColumn::integers(std::string name, std::span<const std::int64_t> values,
                                  std::span<const std::uint8_t> missing) {
    OKOCE_REQUIRE(missing.empty() || missing.size() == values.size(), "InputColumn::integers",
                  "missing", std::to_string(missing.size()) + " values",
                  "as many as the column's " + std::to_string(values.size()) + " values, or none");
    InputColumn c(std::move(name), Kind::integers, values.size());
    c.i64_ = values;
    c.missing_ = missing;
    return c;
}

InputColumn InputColumn::numbers(std::string name, std::span<const double> values) {
    InputColumn c(std::move(name), Kind::numbers, values.size());
    c.f64_ = values;
    return c;
}

InputColumn InputColumn::dates(std::string name, std::span<const Date> values) {
    InputColumn c(std::move(name), Kind::dates, values.size());
    c.dates_ = values;
    return c;
}

InputColumn InputColumn::days(std::string name, std::span<const std::int64_t> values,
                              std::int64_t missing_day) {
    InputColumn c(std::move(name), Kind::days, values.size());
    c.i64_ = values;
    c.missing_day_ = missing_day;
    return c;
}

InputColumn InputColumn::quarters(std::string name, std::span<const std::int32_t> index,
                                  std::span<const std::uint8_t> missing) {
    OKOCE_REQUIRE(missing.empty() || missing.size() == index.size(), "InputColumn::quarters",
                  "missing", std::to_string(missing.size()) + " values",
                  "as many as the column's " + std::to_string(index.size()) + " values, or none");
    InputColumn c(std::move(name), Kind::quarters, index.size());
    c.i32_ = index;
    c.missing_ = missing;
    return c;
}

InputColumn InputColumn::categorical(std::string name, std::span<const std::int32_t> codes,
                                     std::span<const std::string_view> categories) {
    const auto n = static_cast<std::int64_t>(categories.size());
    const auto bad =
        std::find_if(codes.begin(), codes.end(), [n](std::int32_t k) { return k >= n; });
    OKOCE_REQUIRE(bad == codes.end(), "InputColumn::categorical",
                  "codes[" + std::to_string(bad - codes.begin()) + "]",
                  bad == codes.end() ? "" : std::to_string(*bad),
                  "a code below the " + std::to_string(n) + " categories, or negative (missing)");
    InputColumn c(std::move(name), Kind::categorical, codes.size());
    c.i32_ = codes;
    c.text_ = categories;
    return c;
}

std::string_view InputColumn::cell(std::size_t r, char* scratch) const noexcept {
    switch (kind_) {
    case Kind::text:
        return text_[r];
    case Kind::integers:
        if (!missing_.empty() && missing_[r]) return {};
        return digits(i64_[r], scratch);
    case Kind::numbers:
        return number_cell(f64_[r], scratch);
    case Kind::dates:
        return iso(dates_[r], scratch);
    case Kind::days:
        if (i64_[r] == missing_day_) return {};
        return day_text(i64_[r], scratch);
    case Kind::quarters: {
        if (!missing_.empty() && missing_[r]) return {};
        const std::int32_t i = i32_[r];
        // Outside a Quarter's 16 bits, shown as the index so that the decoder refuses it.
        if (i < 0 || i > 65535) return digits(i, scratch);
        const Quarter q = Quarter::from_index(i);
        const auto [end, ec] = std::to_chars(scratch, scratch + scratch_bytes, q.year());
        (void)ec;
        end[0] = 'Q';
        end[1] = static_cast<char>('0' + q.number());
        return {scratch, static_cast<std::size_t>(end + 2 - scratch)};
    }
    case Kind::categorical:
        return i32_[r] < 0 ? std::string_view{} : text_[static_cast<std::size_t>(i32_[r])];
    }
    return {};
}

bool looks_like_scientific_number(std::string_view s) noexcept {
    const auto e = s.find_first_of("eE");
    if (e == std::string_view::npos || e == 0 || e + 1 >= s.size()) return false;
    const std::string_view mantissa = s.substr(0, e);
    std::string_view exponent = s.substr(e + 1);
    if (exponent.front() == '+' || exponent.front() == '-') exponent.remove_prefix(1);
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (exponent.empty() || !std::all_of(exponent.begin(), exponent.end(), is_digit)) return false;
    std::size_t marks = 0, count = 0;
    for (const char c : mantissa) {
        if (c == '.' || c == ',')
            ++marks;
        else if (is_digit(c))
            ++count;
        else
            return false;
    }
    return count > 0 && marks <= 1;
}

LoadResult from_columns(std::span<const InputTable> tables, const LoadOptions& options) {
    std::array<const InputTable*, table_count> by_table{};
    bool has_participants = false;
    for (const InputTable& t : tables) {
        const auto k = static_cast<std::size_t>(t.table);
        OKOCE_REQUIRE(by_table[k] == nullptr, "from_columns", "tables",
                      std::string(detail::table_name(t.table)), "each table once");
        by_table[k] = &t;
        has_participants |= t.table == Table::participants;
        for (const InputColumn& c : t.columns)
            OKOCE_REQUIRE(c.size() == t.columns.front().size(), "from_columns",
                          std::string(detail::table_name(t.table)) + "." + c.name(),
                          std::to_string(c.size()) + " rows",
                          "as many rows as column " + t.columns.front().name() + " (" +
                              std::to_string(t.columns.front().size()) + ")");
    }
    OKOCE_REQUIRE(has_participants, "from_columns", "tables", "no participants table",
                  "a participants table; every programme needs one");
    for (const InputTable& t : tables)
        if (auto e = nik_as_number(t)) {
            if (options.collect_errors == 0) throw *e;
            throw validation_errors({*e});
        }
    return detail::decode(
        [&](Table t) -> std::unique_ptr<detail::TextRows> {
            const InputTable* in = by_table[static_cast<std::size_t>(t)];
            if (in == nullptr) return nullptr;
            return std::make_unique<ColumnRows>(*in);
        },
        options);
}

} // namespace okoce::io
