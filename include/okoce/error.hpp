// One exception hierarchy for the whole library, rooted in okoce::error, so that callers (and
// the Python module) can catch everything okoce raises in one place. Bad input raises
// validation_error, which says where the input came from and what was expected there; a bad
// argument raises argument_error, which names the function and the argument.
#pragma once

#include "okoce/detail/config.hpp"

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace okoce {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where a bad value was found. For data loaded from files, `file` is the path and `line` the
// 1-based physical line; for values built in code, `file` names the table and `line` the
// 1-based record number. `column` is the column name; empty when it does not apply.
struct SourceLocation {
    std::string file;
    std::size_t line = 0;
    std::string column;
};

// Any run of 16 or more digits with its middle replaced by stars, as Nik::masked() shows a NIK
// ("3174**********01"): a NIK can sit in any column (shifted fields, a NIK used as an id), so
// every value an error shows goes through this, whatever column it came from. The digits of a
// run may be grouped by single separators, as people write a NIK ("3174.0115.0785.0001",
// "3174 0115 0785 0001", "3174-0115-0785-0001"); the separators stay, the digits are masked.
inline std::string mask_digit_runs(std::string value) {
    constexpr std::size_t nik_length = 16, kept_before = 4, kept_after = 2;
    const auto digit = [&](std::size_t i) {
        return i < value.size() && value[i] >= '0' && value[i] <= '9';
    };
    const auto separator = [&](std::size_t i) {
        return i < value.size() && (value[i] == '.' || value[i] == ' ' || value[i] == '-');
    };
    std::size_t i = 0;
    while (i < value.size()) {
        if (!digit(i)) {
            ++i;
            continue;
        }
        // The run from i: digits, and single separators between two digits.
        const std::size_t start = i;
        std::size_t digits = 0;
        while (digit(i) || (separator(i) && digit(i + 1) && i > start)) {
            if (digit(i)) ++digits;
            ++i;
        }
        if (digits < nik_length) continue;
        std::size_t seen = 0;
        for (std::size_t k = start; k < i; ++k) {
            if (!digit(k)) continue;
            if (seen >= kept_before && seen < digits - kept_after) value[k] = '*';
            ++seen;
        }
    }
    return value;
}

class validation_error : public error {
public:
    validation_error(SourceLocation where, std::string value, std::string expected)
        : validation_error(std::move(where), Masked{mask_digit_runs(std::move(value))},
                           std::move(expected)) {}

    const std::string& file() const noexcept { return where_.file; }
    std::size_t line() const noexcept { return where_.line; }
    const std::string& column() const noexcept { return where_.column; }
    // The offending value as it may be shown: personal data is already masked here.
    const std::string& value() const noexcept { return value_; }
    const std::string& expected() const noexcept { return expected_; }
    const SourceLocation& where() const noexcept { return where_; }

    static std::string compose(const SourceLocation& where, const std::string& value,
                               const std::string& expected) {
        std::string m;
        if (!where.file.empty()) m += where.file;
        if (where.line != 0) m += (m.empty() ? "line " : ":") + std::to_string(where.line);
        if (!where.column.empty()) m += (m.empty() ? "column " : ", column ") + where.column;
        if (!m.empty()) m += ": ";
        m += "bad value '" + value + "'; expected " + expected;
        return m;
    }

private:
    struct Masked {
        std::string value;
    };
    validation_error(SourceLocation where, Masked value, std::string expected)
        : error(compose(where, value.value, expected)), where_(std::move(where)),
          value_(std::move(value.value)), expected_(std::move(expected)) {}

    SourceLocation where_;
    std::string value_;
    std::string expected_;
};

// A value that is well-formed but refers to something that does not exist (an unknown id).
class reference_error : public validation_error {
public:
    using validation_error::validation_error;
};

// Every bad row of a load in collect mode (up to a limit). It is itself the first error, so a
// caller that only catches validation_error still gets a precise message.
class validation_errors : public validation_error {
public:
    explicit validation_errors(std::vector<validation_error> all, bool truncated = false)
        : validation_error(all.front()), all_(std::move(all)), truncated_(truncated) {}
    const std::vector<validation_error>& all() const noexcept { return all_; }
    // True when more errors existed than the limit allowed to collect.
    bool truncated() const noexcept { return truncated_; }

private:
    std::vector<validation_error> all_;
    bool truncated_ = false;
};

// A bad argument to a function of the library: a value out of range, an option that makes no
// sense, columns of different lengths. It names the function and the argument, where a
// validation_error names the file (or table), line and column a bad value was read from.
// `argument` may index into a sequence ("time[3]", 0-based).
class argument_error : public error {
public:
    argument_error(std::string function, std::string argument, std::string value,
                   std::string expected)
        : argument_error(Masked{mask_digit_runs(std::move(value))}, std::move(function),
                         std::move(argument), std::move(expected)) {}

    const std::string& function() const noexcept { return function_; }
    const std::string& argument() const noexcept { return argument_; }
    // The offending value as it may be shown: personal data is already masked here.
    const std::string& value() const noexcept { return value_; }
    const std::string& expected() const noexcept { return expected_; }

private:
    struct Masked {
        std::string value;
    };
    argument_error(Masked value, std::string function, std::string argument, std::string expected)
        : error(function + ": argument " + argument + ": bad value '" + value.value +
                "'; expected " + expected),
          function_(std::move(function)), argument_(std::move(argument)),
          value_(std::move(value.value)), expected_(std::move(expected)) {}

    std::string function_;
    std::string argument_;
    std::string value_;
    std::string expected_;
};

// The one precondition check of the library, in the spirit of QuantLib's QL_REQUIRE: when
// `condition` is false, throws argument_error(function, argument, value, expected). A macro
// rather than a function so that the value is formatted only on failure:
//   OKOCE_REQUIRE(n >= 0, "cohorts", "max_quarters", std::to_string(n), "zero or more");
// Bad data read from a file or a table is not a precondition: it throws validation_error with
// its location.
#define OKOCE_REQUIRE(condition, function, argument, value, expected)                              \
    do {                                                                                           \
        if (!(condition))                                                                          \
            throw ::okoce::argument_error((function), (argument), (value), (expected));            \
    } while (false)

// A double as an error shows it: every digit needed to give back the same double ("%.17g"), so
// the value quoted is the value that was refused.
inline std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

// A file or database that cannot be read or written (I/O, SQLite).
class io_error : public error {
public:
    using error::error;
};

} // namespace okoce
