// The table codec shared by the CSV and SQLite formats (text rows -> Programme, Programme ->
// cells) and the load/save dispatch by path.
#include "okoce/io.hpp"

#include "okoce/detail/csv_reader.hpp"
#include "okoce/privacy.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace okoce::io {

namespace detail {

std::string_view table_name(Table t) noexcept {
    constexpr std::array<std::string_view, table_count> names{
        "regions",  "communities", "mentors",     "participants", "steps",
        "licences", "reports",     "assignments", "targets"};
    return names[static_cast<std::size_t>(t)];
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t at) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(at);
    if (b < 0x80) return 1;
    // Well-formed sequences per the Unicode standard, table 3-7: no overlong forms, no
    // surrogates, nothing above U+10FFFF.
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        n = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (at + n > s.size()) return 0;
    if (byte(at + 1) < lo || byte(at + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(at + k) < 0x80 || byte(at + k) > 0xBF) return 0;
    return n;
}

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        // Most text is ASCII: skip it eight bytes at a time.
        while (i + 8 <= s.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i == s.size()) break;
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string shown(std::string_view value) {
    // Whole characters up to 60 bytes, so that the message is valid UTF-8 (Python decodes it);
    // control characters and bytes that are not UTF-8 become '?'. A NIK is masked before the
    // cut, so that one straddling it is not half shown.
    constexpr std::size_t limit = 60;
    const std::string masked = mask_digit_runs(std::string(value));
    std::string s;
    std::size_t i = 0;
    while (i < masked.size()) {
        const std::size_t n = utf8_sequence_length(masked, i);
        if (s.size() + std::max<std::size_t>(n, 1) > limit) break;
        const auto c = static_cast<unsigned char>(masked[i]);
        if (n == 0 || c < 0x20 || c == 0x7f) {
            s += '?';
            ++i;
        } else {
            s.append(masked, i, n);
            i += n;
        }
    }
    if (i < masked.size()) s += "...";
    return s;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Columns of each table, in the order they are written. The data contract's required columns
// are marked; a file may hold them in any order, with other columns beside them.

struct ColumnSpec {
    std::string_view name;
    bool required;
};

constexpr ColumnSpec region_columns[] = {{"code", true}, {"name", true}};
enum RegionCol { rg_code, rg_name };

constexpr ColumnSpec community_columns[] = {
    {"id", true}, {"name", true}, {"basis", false}, {"sector", false}, {"region", false}};
enum CommunityCol { cm_id, cm_name, cm_basis, cm_sector, cm_region };

constexpr ColumnSpec mentor_columns[] = {
    {"id", true},           {"name", false},     {"kind", true},    {"kecamatan", true},
    {"community", false},   {"sectors", false},  {"phases", false}, {"capacity", true},
    {"active_from", false}, {"active_to", false}};
enum MentorCol {
    mt_id,
    mt_name,
    mt_kind,
    mt_kecamatan,
    mt_community,
    mt_sectors,
    mt_phases,
    mt_capacity,
    mt_active_from,
    mt_active_to
};

constexpr ColumnSpec participant_columns[] = {{"id", true},
                                              {"nik", false},
                                              {"name", false},
                                              {"sex", false},
                                              {"birth_date", false},
                                              {"kelurahan", true},
                                              {"sector", true},
                                              {"kbli", false},
                                              {"community", false},
                                              {"registered_on", true},
                                              {"business_started_on", false},
                                              {"exited_on", false},
                                              {"nik_pseudonym", false}};
enum ParticipantCol {
    pt_id,
    pt_nik,
    pt_name,
    pt_sex,
    pt_birth_date,
    pt_kelurahan,
    pt_sector,
    pt_kbli,
    pt_community,
    pt_registered_on,
    pt_business_started_on,
    pt_exited_on,
    pt_nik_pseudonym
};

constexpr ColumnSpec step_columns[] = {
    {"participant", true}, {"step", true}, {"completed_on", true}};
enum StepCol { st_participant, st_step, st_completed_on };

constexpr ColumnSpec licence_columns[] = {{"participant", true},  {"kind", true},
                                          {"number", false},      {"issued_on", true},
                                          {"valid_until", false}, {"issuer", false}};
enum LicenceCol { lc_participant, lc_kind, lc_number, lc_issued_on, lc_valid_until, lc_issuer };

constexpr ColumnSpec report_columns[] = {{"participant", true}, {"quarter", true},
                                         {"revenue", true},     {"capital", false},
                                         {"employees", false},  {"reported_on", false}};
enum ReportCol { rp_participant, rp_quarter, rp_revenue, rp_capital, rp_employees, rp_reported_on };

constexpr ColumnSpec assignment_columns[] = {
    {"participant", true}, {"mentor", true}, {"from", true}, {"to", false}};
enum AssignmentCol { as_participant, as_mentor, as_from, as_to };

constexpr ColumnSpec target_columns[] = {{"id", true},    {"metric", true}, {"region", true},
                                         {"start", true}, {"end", true},    {"value", true}};
enum TargetCol { tg_id, tg_metric, tg_region, tg_start, tg_end, tg_value };

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

// One table being read: maps the wanted columns to positions in the source and reads rows
// with typed accessors that report bad values with file, line, column and value.
class Rows {
public:
    Rows(TextRows& src, Errors& errors, std::span<const ColumnSpec> spec)
        : src_(src), errors_(errors), spec_(spec), index_(spec.size(), -1) {
        const auto& cols = src.columns();
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (const auto bad = first_invalid_utf8(cols[k]); bad != std::string_view::npos)
                errors_.add(validation_error({src.source(), src.header_line(), ""}, shown(cols[k]),
                                             not_utf8(cols[k], bad, "names")));
            for (std::size_t j = 0; j < k; ++j)
                if (cols[j] == cols[k])
                    errors_.add(validation_error({src.source(), src.header_line(), cols[k]},
                                                 shown(cols[k]),
                                                 "each column name once in the header"));
            for (std::size_t c = 0; c < spec.size(); ++c)
                if (spec[c].name == cols[k]) index_[c] = static_cast<int>(k);
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
        if (!v) return Date(boost::gregorian::not_a_date_time);
        if (auto d = try_parse_date(*v)) return *d;
        fail(c, personal ? mask_digits(*v) : shown(*v),
             "an ISO date YYYY-MM-DD that exists, from 1900-01-01 to 2200-12-31");
        return Date(boost::gregorian::not_a_date_time);
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

    template <class T, class Parse>
    std::optional<T> code(int c, Parse parse, std::string_view expected) {
        const auto v = value(c);
        if (!v) return std::nullopt;
        if (auto x = parse(*v)) return *x;
        fail(c, shown(*v), std::string(expected));
        return std::nullopt;
    }

    // A `;` list of codes; empty elements are skipped.
    template <class Set, class Parse>
    Set code_list(int c, Parse parse, std::string_view expected) {
        Set set;
        std::string_view rest = raw(c);
        while (!rest.empty()) {
            const auto cut = rest.find(';');
            const std::string_view item = rest.substr(0, cut);
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
            if (item.empty()) continue;
            if (auto x = parse(item))
                set.insert(*x);
            else
                fail(c, shown(item), std::string(expected));
        }
        return set;
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
            errors_.add(validation_error({src_.source(),
                                          src_.field_line(static_cast<std::size_t>(k)) + breaks,
                                          std::string(spec_[c].name)},
                                         shown(v), not_utf8(v, bad, "text")),
                        line_);
        }
    }

    TextRows& src_;
    Errors& errors_;
    std::span<const ColumnSpec> spec_;
    std::vector<int> index_;
    std::span<const std::string_view> fields_;
    std::size_t line_ = 0;
    bool usable_ = true;
    bool row_bad_ = false;
};

constexpr std::string_view sector_expected =
    "a sector code: food_beverage, fashion, craft, retail, services, agriculture, digital or "
    "other";

Sector parse_sector_or_other(Rows& r, int c) {
    return r.code<Sector>(c, try_parse_sector, sector_expected).value_or(Sector::other);
}

// Reads one table into the builder, with the line of each record for its errors.
void read_table(Table t, TextRows& src, Errors& errors, ProgrammeBuilder& b,
                std::optional<RegionTable>& regions) {
    std::vector<std::size_t> lines;
    lines.reserve(src.size_hint());
    const auto done = [&] { b.set_source(table_name(t), src.source(), std::move(lines)); };
    switch (t) {
    case Table::regions: {
        Rows r(src, errors, region_columns);
        std::vector<std::pair<RegionCode, std::string>> rows;
        while (r.next()) {
            const RegionCode code = r.region(rg_code, std::nullopt);
            std::string name = r.text(rg_name);
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
    case Table::communities: {
        Rows r(src, errors, community_columns);
        while (r.next()) {
            Community c;
            c.id = r.text(cm_id);
            c.name = r.text(cm_name);
            c.basis = r.code<CommunityBasis>(cm_basis, try_parse_community_basis,
                                             "a basis: sector, organisation or region");
            c.sector = r.code<Sector>(cm_sector, try_parse_sector, sector_expected);
            c.region = r.region(cm_region, std::nullopt);
            b.add(std::move(c));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::mentors: {
        Rows r(src, errors, mentor_columns);
        while (r.next()) {
            Mentor m;
            m.id = r.text(mt_id);
            m.name = r.text(mt_name);
            m.kind = r.code<MentorKind>(mt_kind, try_parse_mentor_kind,
                                        "a mentor kind: office or community")
                         .value_or(MentorKind::office);
            m.kecamatan = r.region(mt_kecamatan, RegionLevel::kecamatan);
            m.community = r.text(mt_community);
            m.sectors = r.code_list<SectorSet>(
                mt_sectors, try_parse_sector,
                "sector codes separated by ';' (food_beverage, fashion, craft, retail, "
                "services, agriculture, digital, other)");
            m.phases =
                r.code_list<PhaseSet>(mt_phases, try_parse_phase,
                                      "phases separated by ';' (starting, mid_stage, stalled)");
            m.capacity = r.count(mt_capacity, "participants").value_or(0);
            m.active_from = r.date(mt_active_from);
            m.active_to = r.date(mt_active_to);
            b.add(std::move(m));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::participants: {
        Rows r(src, errors, participant_columns);
        while (r.next()) {
            Participant p;
            p.id = r.text(pt_id);
            p.registered_on = r.date(pt_registered_on);
            if (const auto nik = r.value(pt_nik)) {
                // The registration date decides the birth century of a two-digit year, so the
                // same file always reads the same way.
                const Date reference = p.registered_on.is_special()
                                           ? boost::gregorian::day_clock::local_day()
                                           : p.registered_on;
                try {
                    p.nik = Nik::parse(*nik, reference);
                } catch (const validation_error& e) {
                    r.fail(pt_nik, e.value(), e.expected()); // the value is already masked
                }
            }
            p.name = r.text(pt_name);
            if (const auto sex = r.value(pt_sex)) {
                if (*sex == "M")
                    p.sex = Sex::male;
                else if (*sex == "F")
                    p.sex = Sex::female;
                else
                    r.fail(pt_sex, shown(*sex), "M, F or empty");
            }
            p.birth_date = r.date(pt_birth_date, /*personal=*/true);
            p.kelurahan = r.region(pt_kelurahan, RegionLevel::kelurahan);
            p.sector = parse_sector_or_other(r, pt_sector);
            p.kbli = r.text(pt_kbli);
            p.community = r.text(pt_community);
            p.business_started_on = r.date(pt_business_started_on);
            p.exited_on = r.date(pt_exited_on);
            // An analyst export's pseudonym: hex HMAC-SHA256, kept as it is for joining back.
            if (const auto ps = r.value(pt_nik_pseudonym)) {
                if (ps->size() == 64 && std::all_of(ps->begin(), ps->end(), [](char ch) {
                        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                    }))
                    p.nik_pseudonym = std::string(*ps);
                else
                    r.fail(pt_nik_pseudonym, shown(*ps), "64 lower-case hex digits or empty");
            }
            b.add(std::move(p));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::steps: {
        Rows r(src, errors, step_columns);
        while (r.next()) {
            StepRecord s;
            s.participant = r.text(st_participant);
            s.step = r.code<Step>(st_step, try_parse_step, "a step P1 to P7").value_or(Step::p1);
            s.completed_on = r.date(st_completed_on);
            b.add(std::move(s));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::licences: {
        Rows r(src, errors, licence_columns);
        while (r.next()) {
            LicenceRecord l;
            l.participant = r.text(lc_participant);
            l.licence.kind = r.code<LicenceKind>(lc_kind, try_parse_licence_kind,
                                                 "a licence kind: IUMK, SKU, NIB, PIRT, HALAL "
                                                 "or OTHER")
                                 .value_or(LicenceKind::other);
            l.licence.number = r.text(lc_number);
            l.licence.issued_on = r.date(lc_issued_on);
            l.licence.valid_until = r.date(lc_valid_until);
            l.licence.issuer = r.text(lc_issuer);
            b.add(std::move(l));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::reports: {
        Rows r(src, errors, report_columns);
        while (r.next()) {
            QuarterlyReport q;
            q.participant = r.text(rp_participant);
            // A bad quarter has already been reported; any quarter keeps the row in place.
            q.quarter = r.quarter(rp_quarter).value_or(Quarter(2000, 1));
            q.revenue = Rupiah(r.whole(rp_revenue, "rupiah").value_or(0));
            if (const auto capital = r.whole(rp_capital, "rupiah")) q.capital = Rupiah(*capital);
            q.employees = r.count(rp_employees, "employees");
            q.reported_on = r.date(rp_reported_on);
            b.add(std::move(q));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::assignments: {
        Rows r(src, errors, assignment_columns);
        while (r.next()) {
            AssignmentRecord a;
            a.participant = r.text(as_participant);
            a.mentor = r.text(as_mentor);
            a.from = r.date(as_from);
            a.to = r.date(as_to);
            b.add(std::move(a));
            lines.push_back(r.line());
        }
        return done();
    }
    case Table::targets: {
        Rows r(src, errors, target_columns);
        while (r.next()) {
            Target tg;
            tg.id = r.text(tg_id);
            tg.metric = r.code<TargetMetric>(tg_metric, try_parse_target_metric,
                                             "a metric: registered, P1 to P7, or licensed")
                            .value_or(TargetMetric::registered);
            tg.region = r.region(tg_region, std::nullopt);
            tg.start = r.date(tg_start);
            tg.end = r.date(tg_end);
            tg.value = r.whole(tg_value, "participants").value_or(0);
            b.add(std::move(tg));
            lines.push_back(r.line());
        }
        return done();
    }
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
            b.reserve(*try_parse_table(table_name(t)), src->size_hint());
            read_table(t, *src, errors, b, regions);
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

// ---------------------------------------------------------------------------------------------
// Encoding

namespace {

// The cells of one row, with room to format dates and quarters without allocating.
class RowOut {
public:
    RowOut(Table t, std::span<const std::string_view> columns) : table_(t), columns_(columns) {}

    void start(std::size_t record) {
        n_ = 0;
        record_ = record;
    }
    void null() { cells_[n_++] = Cell{}; }
    void text(std::string_view s) {
        cells_[n_] = s.empty() ? Cell{} : Cell{Cell::Kind::text, s, 0};
        ++n_;
    }
    // A required text column: an empty value would make a file the loader rejects.
    void required(std::string_view s) {
        if (s.empty())
            throw validation_error(
                {std::string(table_name(table_)), record_ + 1, std::string(columns_[n_])}, "",
                "a value (the column is required)");
        text(s);
    }
    void integer(std::int64_t v) {
        cells_[n_] = Cell{Cell::Kind::integer, {}, v};
        ++n_;
    }
    void date(Date d) {
        if (d.is_special()) return null();
        const auto ymd = d.year_month_day();
        char* b = scratch_[n_].data();
        put(b, static_cast<int>(ymd.year), 4);
        b[4] = '-';
        put(b + 5, static_cast<int>(ymd.month), 2);
        b[7] = '-';
        put(b + 8, static_cast<int>(ymd.day), 2);
        text({b, 10});
    }
    void quarter(Quarter q) {
        char* b = scratch_[n_].data();
        const auto [end, ec] = std::to_chars(b, b + 20, q.year());
        (void)ec;
        end[0] = 'Q';
        end[1] = static_cast<char>('0' + q.number());
        text({b, static_cast<std::size_t>(end + 2 - b)});
    }
    void region(RegionCode c) {
        if (!c.valid()) return null();
        owned_[n_] = c.to_string();
        text(owned_[n_]);
    }
    void owned(std::string s) {
        owned_[n_] = std::move(s);
        text(owned_[n_]);
    }
    std::span<const Cell> cells() const noexcept { return {cells_.data(), n_}; }

private:
    static void put(char* out, int v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
    }
    static constexpr std::size_t max_columns = 16;
    Table table_;
    std::span<const std::string_view> columns_;
    std::size_t record_ = 0;
    std::size_t n_ = 0;
    std::array<Cell, max_columns> cells_{};
    std::array<std::array<char, 24>, max_columns> scratch_{};
    std::array<std::string, max_columns> owned_{};
};

template <std::size_t N>
std::vector<std::string_view> names_of(const ColumnSpec (&spec)[N]) {
    std::vector<std::string_view> names;
    for (const auto& c : spec) names.push_back(c.name);
    return names;
}

std::string list_of(SectorSet s) {
    std::string out;
    for (const Sector x : all_sectors)
        if (s.contains(x)) {
            if (!out.empty()) out += ';';
            out += to_string(x);
        }
    return out;
}
std::string list_of(PhaseSet s) {
    std::string out;
    for (const Phase x : {Phase::starting, Phase::mid_stage, Phase::stalled})
        if (s.contains(x)) {
            if (!out.empty()) out += ';';
            out += to_string(x);
        }
    return out;
}

} // namespace

void encode(const Programme& p, TableSink& sink, const ExportOptions* analyst) {
    if (analyst) check_pseudonym_key(analyst->key, "export_for_analysts");

    // Regions, only when they are not the embedded table (which an empty table stands for).
    {
        const auto names = names_of(region_columns);
        sink.begin(Table::regions, names);
        const RegionTable& rt = p.regions();
        if (&rt != &RegionTable::dki_jakarta()) {
            RowOut out(Table::regions, names);
            for (std::size_t i = 0; i < rt.size(); ++i) {
                out.start(i);
                out.region(rt.codes()[i]);
                out.required(rt.name_at(i));
                sink.row(out.cells());
            }
        }
        sink.end();
    }
    {
        const auto names = names_of(community_columns);
        sink.begin(Table::communities, names);
        RowOut out(Table::communities, names);
        const auto& c = p.communities();
        for (std::size_t i = 0; i < c.size(); ++i) {
            out.start(i);
            out.required(c.id[i]);
            out.required(c.name[i]);
            if (c.basis[i])
                out.text(to_string(*c.basis[i]));
            else
                out.null();
            if (c.sector[i])
                out.text(to_string(*c.sector[i]));
            else
                out.null();
            out.region(c.region[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        const auto names = names_of(mentor_columns);
        sink.begin(Table::mentors, names);
        RowOut out(Table::mentors, names);
        const auto& m = p.mentors();
        for (std::size_t i = 0; i < m.size(); ++i) {
            out.start(i);
            out.required(m.id[i]);
            out.text(m.name[i]);
            out.text(to_string(m.kind[i]));
            out.region(m.kecamatan[i]);
            out.text(m.community[i] == no_index ? std::string_view{}
                                                : p.communities().id[m.community[i]]);
            out.owned(list_of(m.sectors[i]));
            out.owned(list_of(m.phases[i]));
            out.integer(m.capacity[i]);
            out.date(m.active_from[i]);
            out.date(m.active_to[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        std::vector<std::string_view> names;
        // The owner's copy keeps pseudonyms read from an analyst export, when there are any;
        // an analyst export writes them beside (or instead of) the NIK.
        const auto& held = p.participants().nik_pseudonym;
        const bool keep_pseudonyms =
            !analyst &&
            std::any_of(held.begin(), held.end(), [](const auto& s) { return !s.empty(); });
        for (const auto& c : participant_columns) {
            if (c.name == "nik_pseudonym" && (analyst || !keep_pseudonyms)) continue;
            if (analyst) {
                if (c.name == "nik") {
                    names.push_back("nik_pseudonym");
                    if (!analyst->include_nik) continue;
                }
                if (c.name == "name" && !analyst->include_name) continue;
                if (c.name == "birth_date" && !analyst->include_birth_date) continue;
            }
            names.push_back(c.name);
        }
        sink.begin(Table::participants, names);
        RowOut out(Table::participants, names);
        const auto& pc = p.participants();
        for (std::size_t i = 0; i < pc.size(); ++i) {
            out.start(i);
            out.required(pc.id[i]);
            const auto nik = p.nik(static_cast<Index>(i));
            if (analyst) {
                if (nik)
                    out.owned(pseudonym(*nik, analyst->key));
                else
                    out.text(pc.nik_pseudonym[i]); // an export of an export keeps the original
            }
            if (!analyst || analyst->include_nik) {
                if (nik)
                    out.owned(nik->digits());
                else
                    out.null();
            }
            if (!analyst || analyst->include_name) out.text(pc.name[i]);
            if (pc.sex[i] == no_sex)
                out.null();
            else
                out.text(static_cast<Sex>(pc.sex[i]) == Sex::male ? "M" : "F");
            if (!analyst || analyst->include_birth_date) out.date(pc.birth_date[i]);
            out.region(pc.kelurahan[i]);
            out.text(to_string(pc.sector[i]));
            out.text(pc.kbli[i]);
            out.text(pc.community[i] == no_index ? std::string_view{}
                                                 : p.communities().id[pc.community[i]]);
            out.date(pc.registered_on[i]);
            out.date(pc.business_started_on[i]);
            out.date(pc.exited_on[i]);
            if (keep_pseudonyms) out.text(pc.nik_pseudonym[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    const auto& ids = p.participants().id;
    {
        const auto names = names_of(step_columns);
        sink.begin(Table::steps, names);
        RowOut out(Table::steps, names);
        const auto& s = p.steps();
        for (std::size_t i = 0; i < s.size(); ++i) {
            out.start(i);
            out.text(ids[s.participant[i]]);
            out.text(to_string(s.step[i]));
            out.date(s.completed_on[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        const auto names = names_of(licence_columns);
        sink.begin(Table::licences, names);
        RowOut out(Table::licences, names);
        const auto& l = p.licences();
        for (std::size_t i = 0; i < l.size(); ++i) {
            out.start(i);
            out.text(ids[l.participant[i]]);
            out.text(to_string(l.kind[i]));
            out.text(l.number[i]);
            out.date(l.issued_on[i]);
            out.date(l.valid_until[i]);
            out.text(l.issuer[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        const auto names = names_of(report_columns);
        sink.begin(Table::reports, names);
        RowOut out(Table::reports, names);
        const auto& r = p.reports();
        for (std::size_t i = 0; i < r.size(); ++i) {
            out.start(i);
            out.text(ids[r.participant[i]]);
            out.quarter(r.quarter[i]);
            out.integer(r.revenue[i]);
            if (r.capital[i] == no_amount)
                out.null();
            else
                out.integer(r.capital[i]);
            if (r.employees[i] == no_count)
                out.null();
            else
                out.integer(r.employees[i]);
            out.date(r.reported_on[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        const auto names = names_of(assignment_columns);
        sink.begin(Table::assignments, names);
        RowOut out(Table::assignments, names);
        const auto& a = p.assignments();
        for (std::size_t i = 0; i < a.size(); ++i) {
            out.start(i);
            out.text(ids[a.participant[i]]);
            out.text(p.mentors().id[a.mentor[i]]);
            out.date(a.from[i]);
            out.date(a.to[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
    {
        const auto names = names_of(target_columns);
        sink.begin(Table::targets, names);
        RowOut out(Table::targets, names);
        const auto& t = p.targets();
        for (std::size_t i = 0; i < t.size(); ++i) {
            out.start(i);
            out.required(t.id[i]);
            out.text(to_string(t.metric[i]));
            out.region(t.region[i]);
            out.date(t.start[i]);
            out.date(t.end[i]);
            out.integer(t.value[i]);
            sink.row(out.cells());
        }
        sink.end();
    }
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// Dispatch by path

LoadResult load(const std::filesystem::path& path, const LoadOptions& options) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) return load_csv(path, options);
    if (std::filesystem::is_regular_file(status)) return load_sqlite(path, options);
    // Say what is there: not found is one thing, a permission or a symlink loop another.
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw io_error(path.string() + ": cannot read (" + ec.message() + ")");
    if (std::filesystem::exists(status))
        throw io_error(path.string() +
                       ": not a programme folder, and not a regular file that could be SQLite");
    throw io_error(path.string() + ": no such programme folder or SQLite file");
}

bool is_sqlite_path(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return ext == ".sqlite" || ext == ".sqlite3" || ext == ".db";
}

void save(const Programme& programme, const std::filesystem::path& path) {
    if (is_sqlite_path(path))
        save_sqlite(programme, path);
    else
        save_csv(programme, path);
}

} // namespace okoce::io
