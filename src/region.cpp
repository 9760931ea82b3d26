#include "okoce/region.hpp"

#include "io/reader.hpp"
#include "okoce/error.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <ostream>
#include <system_error>

namespace okoce {

namespace {

constexpr const char* code_expected = "a Kemendagri region code like 31.74.01.1001";

// What to show for a code in a message: the empty code would otherwise print as ''.
std::string shown(RegionCode code) {
    return code.valid() ? code.to_string() : "(empty)";
}

bool valid_level(RegionLevel level) noexcept {
    const auto l = static_cast<int>(level);
    return l >= 1 && l <= 4;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// RegionCode

std::optional<RegionCode> RegionCode::try_parse(std::string_view text) noexcept {
    constexpr std::size_t digits[4] = {2, 2, 2, 4};
    constexpr std::uint64_t scale[4] = {province_scale, kota_scale, kecamatan_scale, 1};
    std::uint64_t packed = 0;
    std::size_t segment = 0, pos = 0;
    for (;;) {
        if (segment == 4) return std::nullopt; // a fifth segment
        const std::size_t dot = text.find('.', pos);
        const std::size_t end = dot == std::string_view::npos ? text.size() : dot;
        if (end - pos != digits[segment]) return std::nullopt;
        std::uint64_t v = 0;
        for (std::size_t i = pos; i < end; ++i) {
            const char c = text[i];
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + static_cast<std::uint64_t>(c - '0');
        }
        // Zero would mean "this level is absent" in the packed form; Kemendagri provinces
        // start at 11 (Aceh).
        if (v == 0 || (segment == 0 && v < 11)) return std::nullopt;
        packed += v * scale[segment];
        ++segment;
        if (dot == std::string_view::npos) break;
        pos = dot + 1;
    }
    RegionCode r;
    r.packed_ = packed;
    return r;
}

RegionCode RegionCode::parse(std::string_view text) {
    if (auto r = try_parse(text)) return *r;
    throw validation_error({}, std::string(text), code_expected);
}

RegionCode RegionCode::from_parts(int province, int kota, int kecamatan, int kelurahan) {
    constexpr const char* f = "RegionCode::from_parts";
    OKOCE_REQUIRE(province >= 11 && province <= 99, f, "province", std::to_string(province),
                  "a province number 11..99");
    OKOCE_REQUIRE(kota >= 0 && kota <= 99, f, "kota", std::to_string(kota),
                  "a kota number 1..99, or 0 to stop");
    OKOCE_REQUIRE(kecamatan >= 0 && kecamatan <= 99, f, "kecamatan", std::to_string(kecamatan),
                  "a kecamatan number 1..99, or 0 to stop");
    OKOCE_REQUIRE(kelurahan >= 0 && kelurahan <= 9999, f, "kelurahan", std::to_string(kelurahan),
                  "a kelurahan number 1..9999, or 0 to stop");
    OKOCE_REQUIRE(kota != 0 || kecamatan == 0, f, "kecamatan", std::to_string(kecamatan),
                  "0, since the kota is 0 (the code stops at the province)");
    OKOCE_REQUIRE(kecamatan != 0 || kelurahan == 0, f, "kelurahan", std::to_string(kelurahan),
                  "0, since the kecamatan is 0 (the code stops earlier)");
    RegionCode r;
    r.packed_ = static_cast<std::uint64_t>(province) * province_scale +
                static_cast<std::uint64_t>(kota) * kota_scale +
                static_cast<std::uint64_t>(kecamatan) * kecamatan_scale +
                static_cast<std::uint64_t>(kelurahan);
    return r;
}

RegionCode RegionCode::ancestor(RegionLevel wanted) const {
    constexpr const char* f = "RegionCode::ancestor";
    OKOCE_REQUIRE(valid_level(wanted), f, "level", std::to_string(static_cast<int>(wanted)),
                  "a region level (1..4)");
    OKOCE_REQUIRE(valid(), f, "this", "the empty region code",
                  "a region code (the empty one has no ancestors)");
    OKOCE_REQUIRE(wanted <= level(), f, "level", std::string(okoce::to_string(wanted)),
                  "a level at or above that of " + to_string() + ", a " +
                      std::string(okoce::to_string(level())));
    return truncated(wanted);
}

std::string RegionCode::to_string() const {
    if (!valid()) return {};
    // Longest form is 13 characters (31.74.01.1001), within the small-string buffer.
    char buf[16];
    std::size_t n = 0;
    auto put = [&](int value, int width) {
        for (int d = width - 1; d >= 0; --d) {
            int v = value;
            for (int i = 0; i < d; ++i) v /= 10;
            buf[n++] = static_cast<char>('0' + v % 10);
        }
    };
    put(province(), 2);
    const auto l = level();
    if (l >= RegionLevel::kota) buf[n++] = '.', put(kota(), 2);
    if (l >= RegionLevel::kecamatan) buf[n++] = '.', put(kecamatan(), 2);
    if (l >= RegionLevel::kelurahan) buf[n++] = '.', put(kelurahan(), 4);
    return std::string(buf, n);
}

std::ostream& operator<<(std::ostream& os, RegionCode code) {
    return os << shown(code);
}

// ---------------------------------------------------------------------------------------------
// RegionTable construction

// Collects rows in input order, then validates and sorts them into a table. Shared by
// from_rows, from_csv and the embedded table so that all three apply the same rules.
struct RegionTableBuilder {
    std::string source;
    const char* position_word; // "record" or "line": what `positions` count
    std::vector<RegionCode> codes;
    std::vector<std::size_t> positions;
    std::string names;
    std::vector<std::uint32_t> name_start{0};

    void reserve(std::size_t rows, std::size_t name_bytes) {
        codes.reserve(rows);
        positions.reserve(rows);
        name_start.reserve(rows + 1);
        names.reserve(name_bytes);
    }

    void add(RegionCode code, std::string_view name, std::size_t position) {
        if (!code.valid()) throw validation_error({source, position, "code"}, "", "a region code");
        if (name.empty())
            throw validation_error({source, position, "name"}, "", "a non-empty region name");
        if (names.size() + name.size() > std::numeric_limits<std::uint32_t>::max())
            throw validation_error({source, position, "name"}, std::string(name),
                                   "names totalling under 4 GiB");
        codes.push_back(code);
        positions.push_back(position);
        names.append(name);
        name_start.push_back(static_cast<std::uint32_t>(names.size()));
    }

    RegionTable build() && {
        const std::size_t n = codes.size();
        // Files are usually written in code order already; only sort when they are not.
        const bool in_order =
            std::adjacent_find(codes.begin(), codes.end(), std::greater_equal<>{}) == codes.end();
        std::vector<std::size_t> order;
        if (!in_order) {
            order.resize(n);
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return codes[a] < codes[b]; });
        }
        auto row = [&](std::size_t k) { return in_order ? k : order[k]; };

        // Report the problem that comes first in the input, as a reader scanning it would.
        std::size_t bad_row = n;
        std::string bad_expected;
        auto note = [&](std::size_t r, std::string expected) {
            if (r < bad_row) bad_row = r, bad_expected = std::move(expected);
        };
        // In depth-first order a code's parent, if present, is the latest code seen at the
        // parent's level, so one pass checks every parent.
        std::array<RegionCode, 5> latest{};
        std::size_t group_first = 0; // first row of the current run of equal codes
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t r = row(k);
            const RegionCode c = codes[r];
            if (k > 0 && c == codes[row(k - 1)]) {
                note(r, "a region code not already given (it is also at " +
                            std::string(position_word) + " " +
                            std::to_string(positions[group_first]) + ")");
                continue;
            }
            group_first = r;
            const auto l = static_cast<std::size_t>(c.level());
            if (l > 1 && latest[l - 1] != *c.parent())
                note(r,
                     "a region code whose parent " + c.parent()->to_string() + " is also listed");
            latest[l] = c;
        }
        if (bad_row < n)
            throw validation_error({source, positions[bad_row], "code"}, codes[bad_row].to_string(),
                                   bad_expected);

        RegionTable t;
        t.source_ = std::move(source);
        if (in_order) {
            t.codes_ = std::move(codes);
            t.names_ = std::move(names);
            t.name_start_ = std::move(name_start);
        } else {
            t.codes_.reserve(n);
            t.names_.reserve(names.size());
            t.name_start_.reserve(n + 1);
            t.name_start_.push_back(0);
            for (std::size_t r : order) {
                t.codes_.push_back(codes[r]);
                t.names_.append(names, name_start[r], name_start[r + 1] - name_start[r]);
                t.name_start_.push_back(static_cast<std::uint32_t>(t.names_.size()));
            }
        }
        for (RegionCode c : t.codes_) ++t.per_level_[static_cast<std::size_t>(c.level())];
        return t;
    }
};

RegionTable RegionTable::from_rows(std::vector<std::pair<RegionCode, std::string>> rows,
                                   std::string source) {
    RegionTableBuilder b{std::move(source), "record", {}, {}, {}, {0}};
    std::size_t bytes = 0;
    for (const auto& r : rows) bytes += r.second.size();
    b.reserve(rows.size(), bytes);
    for (std::size_t i = 0; i < rows.size(); ++i) b.add(rows[i].first, rows[i].second, i + 1);
    return std::move(b).build();
}

RegionTable RegionTable::from_csv(const std::filesystem::path& file) {
    // The reader the programme tables use, so that a regions file follows the same RFC 4180
    // rules (line endings, quotes, blank lines, the 1 MiB record limit) and refuses what they
    // refuse, a FIFO or a device included.
    const std::string path = file.string();
    io::detail::CsvReader reader(path);

    // Header: the first record (the reader skips blank lines).
    constexpr const char* header_expected = "a header line naming the columns code and name";
    if (!reader.next()) throw validation_error({path, 1, ""}, "", header_expected);
    std::size_t line = reader.line();
    const std::size_t width = reader.fields().size();
    std::size_t code_col = width, name_col = width;
    std::string header_text;
    for (std::size_t i = 0; i < width; ++i) {
        const std::string_view h = reader.fields()[i];
        for (auto [wanted, col] : {std::pair{"code", &code_col}, std::pair{"name", &name_col}}) {
            if (h != wanted) continue;
            if (*col != width)
                throw validation_error({path, line, wanted}, std::string(h),
                                       "each of code and name to be named once in the header");
            *col = i;
        }
        if (i > 0) header_text += ',';
        header_text += h;
    }
    if (code_col == width)
        throw validation_error({path, line, "code"}, header_text,
                               "a header with a column named code");
    if (name_col == width)
        throw validation_error({path, line, "name"}, header_text,
                               "a header with a column named name");

    RegionTableBuilder b{path, "line", {}, {}, {}, {0}};
    // The reader's row estimate is a little over; names take at most the file's bytes.
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    b.reserve(reader.size_hint(), ec ? 0 : static_cast<std::size_t>(bytes));
    while (reader.next()) {
        line = reader.line();
        const auto fields = reader.fields();
        if (fields.size() != width)
            throw validation_error({path, line, ""}, std::to_string(fields.size()) + " fields",
                                   std::to_string(width) + " fields, as in the header");
        const std::string_view code_text = fields[code_col];
        const auto code = RegionCode::try_parse(code_text);
        if (!code)
            throw validation_error({path, line, "code"}, std::string(code_text), code_expected);
        b.add(*code, fields[name_col], line);
    }
    return std::move(b).build();
}

// ---------------------------------------------------------------------------------------------
// RegionTable queries

std::optional<std::size_t> RegionTable::index_of(RegionCode code) const noexcept {
    const auto it = std::lower_bound(codes_.begin(), codes_.end(), code);
    if (it == codes_.end() || *it != code) return std::nullopt;
    return static_cast<std::size_t>(it - codes_.begin());
}

namespace {
[[noreturn]] void throw_unknown(RegionCode code, const std::string& source) {
    throw reference_error({}, shown(code), "a region code listed in " + source);
}
} // namespace

std::string_view RegionTable::name(RegionCode code) const {
    const auto i = index_of(code);
    if (!i) throw_unknown(code, source_);
    return name_at(*i);
}

std::vector<RegionCode> RegionTable::children(RegionCode code) const {
    if (!code.valid()) return at_level(RegionLevel::province);
    const auto i = index_of(code);
    if (!i) throw_unknown(code, source_);
    std::vector<RegionCode> out;
    if (code.level() == RegionLevel::kelurahan) return out;
    auto by_packed = [](RegionCode c, std::uint64_t p) { return c.packed() < p; };
    const auto subtree_end =
        std::lower_bound(codes_.begin() + static_cast<std::ptrdiff_t>(*i), codes_.end(),
                         code.packed() + RegionCode::subtree_width(code.level()), by_packed);
    // Every code in the table has its parent there too, so the first code after a child's own
    // subtree is the next child: jump from child to child instead of walking grandchildren.
    for (auto it = codes_.begin() + static_cast<std::ptrdiff_t>(*i) + 1; it < subtree_end;) {
        out.push_back(*it);
        it = std::lower_bound(it + 1, subtree_end,
                              it->packed() + RegionCode::subtree_width(it->level()), by_packed);
    }
    return out;
}

std::vector<RegionCode> RegionTable::at_level(RegionLevel level) const {
    std::vector<RegionCode> out;
    out.reserve(count(level));
    for (RegionCode c : codes_)
        if (c.level() == level) out.push_back(c);
    return out;
}

std::size_t RegionTable::count(RegionLevel level) const noexcept {
    return valid_level(level) ? per_level_[static_cast<std::size_t>(level)] : 0;
}

std::vector<RegionCode> RegionTable::roll_up(std::span<const RegionCode> codes,
                                             RegionLevel level) const {
    OKOCE_REQUIRE(valid_level(level), "RegionTable::roll_up", "level",
                  std::to_string(static_cast<int>(level)), "a region level (1..4)");
    std::vector<RegionCode> out(codes.size());
    // Columns are often grouped by region, so remember the last code checked against the table.
    RegionCode last_known;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const RegionCode c = codes[i];
        if (!c.valid()) continue;
        if (c != last_known) {
            if (!contains(c))
                throw reference_error({"roll-up input", i + 1, "code"}, c.to_string(),
                                      "a region code listed in " + source_);
            last_known = c;
        }
        if (c.level() >= level) out[i] = c.ancestor(level);
    }
    return out;
}

RegionTable RegionTable::within(RegionCode code) const {
    const auto i = index_of(code);
    if (!i) throw_unknown(code, source_);
    auto by_packed = [](RegionCode c, std::uint64_t p) { return c.packed() < p; };
    const auto first = codes_.begin() + static_cast<std::ptrdiff_t>(*i);
    const auto last = std::lower_bound(
        first, codes_.end(), code.packed() + RegionCode::subtree_width(code.level()), by_packed);
    // The table is valid, so each ancestor is in it and the rows stay in depth-first order.
    RegionTable t;
    t.source_ = source_ + ", within " + code.to_string();
    std::vector<std::size_t> rows;
    for (auto l = static_cast<int>(RegionLevel::province); l < static_cast<int>(code.level()); ++l)
        rows.push_back(*index_of(code.ancestor(static_cast<RegionLevel>(l))));
    for (auto it = first; it != last; ++it)
        rows.push_back(static_cast<std::size_t>(it - codes_.begin()));
    t.codes_.reserve(rows.size());
    t.name_start_.reserve(rows.size() + 1);
    t.name_start_.push_back(0);
    for (std::size_t r : rows) {
        t.codes_.push_back(codes_[r]);
        t.names_.append(name_at(r));
        t.name_start_.push_back(static_cast<std::uint32_t>(t.names_.size()));
        ++t.per_level_[static_cast<std::size_t>(codes_[r].level())];
    }
    return t;
}

} // namespace okoce
