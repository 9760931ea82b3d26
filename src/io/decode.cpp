// Text rows of any source -> Programme: one set of parsing and error rules for the CSV folder
// and the SQLite file, so that a database row is held to the same rules as a CSV line.
#include "io/decode.hpp"

#include "io/shown.hpp"
#include "io/tables.hpp"
#include "okoce/privacy.hpp"
#include "okoce/programme.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace okoce::io::detail {

namespace {

// ---------------------------------------------------------------------------------------------
// Errors: thrown at once, or collected up to a limit.

class Errors {
public:
    explicit Errors(std::size_t limit) : limit_(limit) {}

    // `record_line` is the line the builder would name for the same row, so that the builder's
    // complaint about a value already reported here (an empty registration date) is not
    // reported twice.
    void add(const validation_error& e, std::size_t record_line) {
        if (limit_ == 0) throw e;
        seen_.emplace(e.file(), record_line, e.column());
        if (all_.size() < limit_) {
            all_.push_back(e);
            return;
        }
        throw validation_errors(std::move(all_), true);
    }
    void add(const validation_error& e) { add(e, e.line()); }

    bool collecting() const noexcept { return limit_ != 0; }
    bool empty() const noexcept { return all_.empty(); }
    bool seen(const validation_error& e) const {
        return seen_.count(std::tuple(e.file(), e.line(), e.column())) != 0;
    }
    [[noreturn]] void throw_all(bool truncated = false) {
        throw validation_errors(std::move(all_), truncated);
    }

private:
    std::size_t limit_;
    std::vector<validation_error> all_;
    std::set<std::tuple<std::string, std::size_t, std::string>> seen_;
};

// Digits replaced by stars: what an error may show of a bad birth date.
std::string mask_digits(std::string_view v) {
    std::string s = shown(v);
    for (char& c : s)
        if (c >= '0' && c <= '9') c = '*';
    return s;
}

enum class Whole { ok, negative, not_whole, too_big };

// Plain decimal digits with an optional minus sign. Anything else (decimals, thousands
// separators, "Rp", exponents) is not a whole number as the data contract writes it.
Whole parse_whole(std::string_view s, std::int64_t& out) noexcept {
    const bool negative = !s.empty() && s.front() == '-';
    const std::string_view digits = negative ? s.substr(1) : s;
    if (digits.empty() ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Whole::not_whole;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc::result_out_of_range) return Whole::too_big;
    if (ec != std::errc{} || ptr != s.data() + s.size()) return Whole::not_whole;
    return negative && out != 0 ? Whole::negative : Whole::ok;
}

// The enumeration in an optional code or a set of codes.
template <class T>
struct enum_of {
    static constexpr bool optional = false, set = false;
};
template <Enumerated E>
struct enum_of<std::optional<E>> {
    using type = E;
    static constexpr bool optional = true, set = false;
};
template <Enumerated E>
struct enum_of<EnumSet<E>> {
    using type = E;
    static constexpr bool optional = false, set = true;
};

// One table being read: maps the wanted columns to positions in the source and reads rows
// with typed accessors that report bad values with file, line, column and value.
class Rows {
public:
    // `shown_as_is`: the columns whose values errors show even where a name or a NIK may be
    // (LoadOptions::show_personal_values, this table's part).
    Rows(TextRows& src, Errors& errors, std::span<const ColumnInfo> spec,
         const std::vector<std::string_view>& shown_as_is = {})
        : src_(src), errors_(errors), spec_(spec), index_(spec.size(), -1),
          described_(spec.size(), false) {
        const auto& cols = src.columns();
        // One pass with a hash set, not a comparison of every pair: a header of 200,000 columns
        // took minutes when each name was compared with all before it.
        std::unordered_set<std::string_view> names;
        names.reserve(cols.size());
        std::unordered_map<std::string_view, std::size_t> wanted;
        for (std::size_t c = 0; c < spec.size(); ++c) wanted.emplace(spec[c].name, c);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (const auto bad = first_invalid_utf8(cols[k]); bad != std::string_view::npos)
                errors_.add(validation_error({src.source(), src.header_line(), ""}, shown(cols[k]),
                                             not_utf8(cols[k], bad, "names")));
            if (!names.insert(cols[k]).second)
                errors_.add(validation_error({src.source(), src.header_line(), cols[k]},
                                             shown(cols[k]),
                                             "each column name once in the header"));
            if (const auto w = wanted.find(cols[k]); w != wanted.end())
                index_[w->second] = static_cast<int>(k);
        }
        // Where a name or a NIK may be: their own columns (and a birth date's), and the columns
        // beside a name or NIK column in the file, where shifted fields put them. Errors show
        // those values as their kind and length only.
        std::vector<bool> name_or_nik_at(cols.size() + 2, false); // from position -1
        for (std::size_t c = 0; c < spec.size(); ++c)
            if (spec[c].personal && spec[c].kind != ColumnKind::date && index_[c] >= 0)
                name_or_nik_at[static_cast<std::size_t>(index_[c]) + 1] = true;
        for (std::size_t c = 0; c < spec.size(); ++c) {
            if (std::find(shown_as_is.begin(), shown_as_is.end(), spec[c].name) !=
                shown_as_is.end())
                continue;
            const int k = index_[c];
            described_[c] =
                spec[c].personal || (k >= 0 && (name_or_nik_at[static_cast<std::size_t>(k)] ||
                                                name_or_nik_at[static_cast<std::size_t>(k) + 2]));
        }
        for (std::size_t c = 0; c < spec.size(); ++c)
            if (spec[c].required && index_[c] < 0) {
                usable_ = false;
                errors_.add(validation_error(
                    {src.source(), src.header_line(), std::string(spec[c].name)}, "",
                    "a column named '" + std::string(spec[c].name) + "' in the header"));
            }
    }

    // The next row with as many fields as the header; rows that have not are reported.
    bool next() {
        if (!usable_) return false;
        for (;;) {
            std::optional<validation_error> broken;
            try {
                if (!src_.next(fields_, line_)) return false;
            } catch (const validation_error& e) {
                broken = e;
            }
            if (broken) { // a syntax error ends the table: nothing after it can be trusted
                errors_.add(*broken);
                usable_ = false;
                return false;
            }
            row_bad_ = false;
            if (fields_.size() == src_.columns().size()) {
                check_utf8();
                return true;
            }
            errors_.add(validation_error(
                {src_.source(), line_, ""}, std::to_string(fields_.size()) + " fields",
                std::to_string(src_.columns().size()) + " fields, as many as the header has"));
        }
    }

    std::size_t line() const noexcept { return line_; }
    const std::string& source() const noexcept { return src_.source(); }

    std::string_view raw(int c) const noexcept {
        const int k = index_[static_cast<std::size_t>(c)];
        return k < 0 ? std::string_view{} : fields_[static_cast<std::size_t>(k)];
    }

    void fail(int c, std::string value, std::string expected) {
        const int k = index_[static_cast<std::size_t>(c)];
        // A NIK's own errors already say what is wrong without its digits ("month 13"), and a
        // birth date's show no digits ("****/**/**"), unless it holds letters (a name).
        const ColumnKind kind = spec_[static_cast<std::size_t>(c)].kind;
        const std::string_view v = raw(c);
        const bool letters = std::any_of(v.begin(), v.end(), [](char ch) {
            return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                   (static_cast<unsigned char>(ch) & 0x80) != 0;
        });
        if (described_[static_cast<std::size_t>(c)] && kind != ColumnKind::nik &&
            (kind != ColumnKind::date || letters))
            value = described(v);
        const std::size_t at = k < 0 ? line_ : src_.field_line(static_cast<std::size_t>(k));
        row_bad_ = true;
        errors_.add(validation_error(
                        {src_.source(), at, std::string(spec_[static_cast<std::size_t>(c)].name)},
                        std::move(value), std::move(expected)),
                    line_);
    }

    // The value, or nullopt for an empty one (reported when the column is required).
    std::optional<std::string_view> value(int c) {
        const std::string_view v = raw(c);
        if (!v.empty()) return v;
        if (spec_[static_cast<std::size_t>(c)].required)
            fail(c, "", "a value (the column is required)");
        return std::nullopt;
    }

    std::string text(int c) {
        const auto v = value(c);
        return v ? std::string(*v) : std::string();
    }

    Date date(int c, bool personal = false) {
        const auto v = value(c);
        if (!v) return no_date;
        if (auto d = try_parse_date(*v)) return *d;
        fail(c, personal ? mask_digits(*v) : shown(*v),
             "an ISO date YYYY-MM-DD that exists, from 1900-01-01 to 2200-12-31");
        return no_date;
    }

    std::optional<Quarter> quarter(int c) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        if (auto q = Quarter::try_parse(*v)) return q;
        fail(c, shown(*v),
             "a quarter YYYYQn with n from 1 to 4 (e.g. 2019Q3), from 1900Q1 to 2200Q4");
        return std::nullopt;
    }

    // A whole, non-negative number; `what` names the unit for the message ("rupiah").
    std::optional<std::int64_t> whole(int c, std::string_view what) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        std::int64_t n = 0;
        switch (parse_whole(*v, n)) {
        case Whole::ok:
            return n;
        case Whole::negative:
            fail(c, shown(*v), "zero or more " + std::string(what));
            break;
        case Whole::not_whole:
            fail(c, shown(*v),
                 "whole " + std::string(what) + " as plain digits (no decimals or separators)");
            break;
        case Whole::too_big:
            fail(c, shown(*v), "a number that fits in 64 bits");
            break;
        }
        return std::nullopt;
    }

    std::optional<std::int32_t> count(int c, std::string_view what) {
        const auto n = whole(c, what);
        if (!n) return std::nullopt;
        if (*n > std::numeric_limits<std::int32_t>::max()) {
            fail(c, shown(raw(c)), "a count below 2^31");
            return std::nullopt;
        }
        return static_cast<std::int32_t>(*n);
    }

    RegionCode region(int c, std::optional<RegionLevel> level) {
        const auto v = value(c);
        if (!v) return {};
        const auto code = RegionCode::try_parse(*v);
        if (!code) {
            fail(c, shown(*v), "a dotted Kemendagri region code such as 31.74.01.1001");
            return {};
        }
        if (level && code->level() != *level) {
            fail(c, shown(*v),
                 *level == RegionLevel::kelurahan
                     ? "a kelurahan code (four parts, e.g. 31.74.01.1001)"
                     : "a " + std::string(to_string(*level)) + " code (e.g. 31.74.01)");
            return {};
        }
        return *code;
    }

    // A code of E's table; other text fails with the codes it allows.
    template <Enumerated E>
    std::optional<E> code(int c) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        if (auto x = try_parse<E>(*v)) return *x;
        fail(c, shown(*v), expected_code<E>());
        return std::nullopt;
    }

    // A `;` list of E's codes (`what`: "sector codes"); empty elements are skipped.
    template <Enumerated E>
    EnumSet<E> code_list(int c, std::string_view what) {
        EnumSet<E> set;
        std::string_view rest = raw(c);
        while (!rest.empty()) {
            const auto cut = rest.find(';');
            const std::string_view item = rest.substr(0, cut);
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
            if (item.empty()) continue;
            if (auto x = try_parse<E>(item))
                set.insert(*x);
            else
                fail(c, shown(item),
                     std::string(what) + " separated by ';' (" + allowed_codes<E>("", ", ") + ")");
        }
        return set;
    }

    std::optional<Sex> sex(int c) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        if (const auto x = try_parse<Sex>(*v)) return *x;
        fail(c, shown(*v), allowed_codes<Sex>("", ", ") + " or empty");
        return std::nullopt;
    }

    // A NIK, read with the registration date as reference: it decides the birth century of a
    // two-digit year, so the same file always reads the same way.
    std::optional<Nik> nik(int c, Date registered_on) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        const Date reference =
            registered_on.is_special() ? boost::gregorian::day_clock::local_day() : registered_on;
        try {
            return Nik::parse(*v, reference);
        } catch (const validation_error& e) {
            fail(c, e.value(), e.expected()); // the value is already masked
        }
        return std::nullopt;
    }

    // An analyst export's pseudonym: hex HMAC-SHA256, kept as it is for joining back.
    std::string pseudonym(int c) {
        const auto v = value(c);
        if (!v) return {};
        if (v->size() == 64 && std::all_of(v->begin(), v->end(), [](char ch) {
                return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
            }))
            return std::string(*v);
        fail(c, shown(*v), "64 lower-case hex digits or empty");
        return {};
    }

    // The position of the column named `name` in the table's columns. A name the schema does
    // not hold is a record's field that names no column: a bug, caught by read_records.
    int at(std::string_view name) const {
        for (std::size_t c = 0; c < spec_.size(); ++c)
            if (spec_[c].name == name) return static_cast<int>(c);
        throw error("decode: no column named '" + std::string(name) + "' in " + src_.source());
    }

    // Reads column c into a record's member, by the member's type and the column's kind. A bad
    // value is reported and leaves the member as the record's default (an enumeration's
    // fallback: Sector::other, Step::p1, ...), so that the row still reaches the builder.
    template <class Record, class T>
    void get(int c, T& member, std::string_view unit, const Record& record) {
        const ColumnInfo& info = spec_[static_cast<std::size_t>(c)];
        if constexpr (std::is_same_v<T, std::string>) {
            if (info.kind == ColumnKind::pseudonym)
                member = pseudonym(c);
            else
                member = text(c);
        } else if constexpr (std::is_same_v<T, Date>) {
            member = date(c, info.personal); // a personal date shows no digits in errors
        } else if constexpr (std::is_same_v<T, Quarter>) {
            // A bad quarter has already been reported; any quarter keeps the row in place.
            member = quarter(c).value_or(Quarter(2000, 1));
        } else if constexpr (std::is_same_v<T, RegionCode>) {
            member =
                region(c, info.level == RegionLevel{} ? std::nullopt
                                                      : std::optional<RegionLevel>(info.level));
        } else if constexpr (std::is_same_v<T, std::optional<Sex>>) {
            member = sex(c);
        } else if constexpr (std::is_same_v<T, std::optional<Nik>>) {
            member = nik(c, record.registered_on);
        } else if constexpr (std::is_same_v<T, Rupiah>) {
            member = Rupiah(whole(c, unit).value_or(0));
        } else if constexpr (std::is_same_v<T, std::optional<Rupiah>>) {
            if (const auto n = whole(c, unit)) member = Rupiah(*n);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            member = whole(c, unit).value_or(0);
        } else if constexpr (std::is_same_v<T, std::int32_t>) {
            member = count(c, unit).value_or(0);
        } else if constexpr (std::is_same_v<T, std::optional<std::int32_t>>) {
            member = count(c, unit);
        } else if constexpr (Enumerated<T>) {
            if (const auto x = code<T>(c)) member = *x;
        } else if constexpr (enum_of<T>::optional) {
            member = code<typename enum_of<T>::type>(c);
        } else if constexpr (enum_of<T>::set) {
            member = code_list<typename enum_of<T>::type>(c, unit);
        } else {
            static_assert(sizeof(T) == 0, "decode: no rule reads a member of this type");
        }
    }

    bool row_bad() const noexcept { return row_bad_; }

private:
    // What an error says of text that is not UTF-8: where the bad byte is, and its value.
    static std::string not_utf8(std::string_view v, std::size_t bad, std::string_view what) {
        static constexpr char hex[] = "0123456789ABCDEF";
        const auto b = static_cast<unsigned char>(v[bad]);
        return "UTF-8 " + std::string(what) + " (byte " + std::to_string(bad + 1) + ", 0x" +
               hex[b >> 4] + hex[b & 15] + ", does not begin a UTF-8 character)";
    }

    // Text is UTF-8 (DESIGN.md section 3), checked where it is read: a Latin-1 or cut value is
    // reported at the line of its bad byte, not later by whoever reads the table.
    void check_utf8() {
        for (std::size_t c = 0; c < spec_.size(); ++c) {
            const int k = index_[c];
            if (k < 0) continue;
            const std::string_view v = fields_[static_cast<std::size_t>(k)];
            const std::size_t bad = first_invalid_utf8(v);
            if (bad == std::string_view::npos) continue;
            // Lines within a quoted CSV field; an SQLite "line" is the rowid, with no lines.
            const auto breaks =
                src_.header_line() == 0
                    ? std::size_t{0}
                    : static_cast<std::size_t>(std::count(
                          v.begin(), v.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
            row_bad_ = true;
            errors_.add(validation_error(
                            {src_.source(), src_.field_line(static_cast<std::size_t>(k)) + breaks,
                             std::string(spec_[c].name)},
                            described_[c] ? described(v) : shown(v), not_utf8(v, bad, "text")),
                        line_);
        }
    }

    // A value where a name or NIK may be, as an error shows it: its kind and length only.
    static std::string described(std::string_view v) {
        if (v.empty()) return "<empty>";
        const auto characters =
            static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](char ch) {
                return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
            }));
        const bool digits =
            std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        const std::string n = std::to_string(characters);
        if (digits) return "<" + n + (characters == 1 ? " digit>" : " digits>");
        return "<text of " + n + (characters == 1 ? " character>" : " characters>");
    }

    TextRows& src_;
    Errors& errors_;
    std::span<const ColumnInfo> spec_;
    std::vector<int> index_;
    std::vector<bool> described_; // per spec column: errors show kind and length only
    std::span<const std::string_view> fields_;
    std::size_t line_ = 0;
    bool usable_ = true;
    bool row_bad_ = false;
};

// Each record field names a contract column of the table, and each contract column is read
// into one field: checked at compile time, so a column added to a schema without a member in its
// record (or the reverse) does not build.
template <class Record, std::size_t N>
constexpr bool fields_match(const std::array<ColumnInfo, N>& columns) {
    return std::apply(
        [&](const auto&... f) {
            if (sizeof...(f) != N) return false;
            for (const ColumnInfo& c : columns)
                if (((f.name == c.name ? 1 : 0) + ... + 0) != 1) return false;
            return true;
        },
        Record::fields());
}

// Reads the rows of a table into records of type Record, field by field, and adds them.
template <class Record, class Columns>
void read_records(Rows& r, ProgrammeBuilder& b, std::vector<std::size_t>& lines) {
    static_assert(fields_match<Record>(contract_columns<Columns>));
    // The column of each field, found once by name.
    std::array<int, std::tuple_size_v<decltype(Record::fields())>> at{};
    std::apply([&](const auto&... f) { at = {r.at(f.name)...}; }, Record::fields());
    while (r.next()) {
        Record rec;
        std::size_t k = 0;
        for_each_field(rec, [&](std::string_view, auto& member, std::string_view unit) {
            r.get(at[k++], member, unit, rec);
        });
        b.add(std::move(rec));
        lines.push_back(r.line());
    }
}

// Reads one table into the builder, with the line of each record for its errors.
void read_table(Table t, TextRows& src, Errors& errors, ProgrammeBuilder& b,
                std::optional<RegionTable>& regions, const LoadOptions& options) {
    std::vector<std::size_t> lines;
    lines.reserve(src.size_hint());
    // "participants.sex" in the options: this table's sex column.
    std::vector<std::string_view> shown_as_is;
    const std::string prefix = std::string(table_name(t)) + ".";
    for (const std::string& name : options.show_personal_values)
        if (name.starts_with(prefix))
            shown_as_is.push_back(std::string_view(name).substr(prefix.size()));
    const auto records = [&]<class Record, class Columns>() {
        Rows r(src, errors, contract_columns<Columns>, shown_as_is);
        read_records<Record, Columns>(r, b, lines);
        b.set_source(table_name(t), src.source(), std::move(lines));
    };
    switch (t) {
    case Table::regions: {
        Rows r(src, errors, region_infos);
        const int code_at = r.at("code"), name_at = r.at("name");
        std::vector<std::pair<RegionCode, std::string>> rows;
        while (r.next()) {
            const RegionCode code = r.region(code_at, std::nullopt);
            std::string name = r.text(name_at);
            if (r.row_bad()) continue;
            rows.emplace_back(code, std::move(name));
            lines.push_back(r.line());
        }
        if (rows.empty()) return; // an empty table means the embedded one
        try {
            regions = RegionTable::from_rows(std::move(rows), src.source());
        } catch (const validation_error& e) {
            // from_rows counts records; point at the line (or rowid) instead.
            const std::size_t at =
                e.line() >= 1 && e.line() <= lines.size() ? lines[e.line() - 1] : e.line();
            errors.add(validation_error({e.file(), at, e.column()}, e.value(), e.expected()));
        }
        return;
    }
    case Table::communities:
        return records.operator()<Community, CommunityColumns>();
    case Table::mentors:
        return records.operator()<Mentor, MentorColumns>();
    case Table::participants:
        return records.operator()<Participant, ParticipantColumns>();
    case Table::steps:
        return records.operator()<StepRecord, StepColumns>();
    case Table::licences:
        return records.operator()<LicenceRecord, LicenceColumns>();
    case Table::reports:
        return records.operator()<QuarterlyReport, ReportColumns>();
    case Table::assignments:
        return records.operator()<AssignmentRecord, AssignmentColumns>();
    case Table::targets:
        return records.operator()<Target, TargetColumns>();
    }
}

} // namespace

LoadResult decode(const TableOpener& open, const LoadOptions& options) {
    Errors errors(options.collect_errors);
    ProgrammeBuilder b;
    std::optional<RegionTable> regions;
    for (const Table t : all_tables) {
        try {
            std::unique_ptr<TextRows> src;
            try {
                src = open(t);
            } catch (const validation_error& e) {
                // A syntax error in the header; the table cannot be read at all.
                if (!errors.collecting()) throw;
                errors.add(e);
                continue;
            }
            // A file with no header at all holds no rows; only participants must have them.
            if (!src || (src->columns().empty() && t != Table::participants)) continue;
            b.reserve(t, src->size_hint());
            read_table(t, *src, errors, b, regions, options);
            if (t == Table::regions && !errors.empty())
                errors.throw_all(); // every code would be checked against the wrong table
        } catch (const validation_error&) {
            throw;
        } catch (const error&) {
            // A table that cannot be read (io_error) ends the load. Fail-fast mode stops at the
            // first bad row before it, so collect mode reports the rows collected so far, as an
            // incomplete list (truncated), and both modes name the same first error.
            if (errors.empty()) throw;
            errors.throw_all(true);
        }
    }
    if (regions) b.set_regions(std::move(*regions));

    LoadResult result;
    if (!errors.collecting()) {
        result.programme = b.build(result.warnings);
        return result;
    }
    b.collect_errors(options.collect_errors);
    std::vector<validation_error> from_builder;
    bool truncated = false;
    try {
        result.programme = b.build(result.warnings);
    } catch (const validation_errors& es) {
        from_builder = es.all();
        truncated = es.truncated();
    } catch (const validation_error& e) {
        from_builder.push_back(e);
    }
    // The builder re-finds some problems already reported with a better message (an empty
    // date, a malformed code): keep the first report only.
    for (const auto& e : from_builder)
        if (!errors.seen(e)) errors.add(e);
    if (!errors.empty()) errors.throw_all(truncated);
    return result;
}

} // namespace okoce::io::detail
