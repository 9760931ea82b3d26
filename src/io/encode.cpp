// Programme -> cells, table by table, for the CSV and SQLite writers and the analyst export.
#include "io/encode.hpp"

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
#include <utility>

namespace okoce::io::detail {

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

    static constexpr std::size_t max_columns = 16;

private:
    static void put(char* out, int v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
    }
    Table table_;
    std::span<const std::string_view> columns_;
    std::size_t record_ = 0;
    std::size_t n_ = 0;
    std::array<Cell, max_columns> cells_{};
    std::array<std::array<char, 24>, max_columns> scratch_{};
    std::array<std::string, max_columns> owned_{};
};

// An enumeration member, less std::optional: what a `code` or `codes` column holds.
template <class T>
struct optional_of {
    using type = T;
    static constexpr bool optional = false;
};
template <class T>
struct optional_of<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
};
template <class T>
struct is_enum_set : std::false_type {};
template <class E>
struct is_enum_set<EnumSet<E>> : std::true_type {};

template <class V>
constexpr bool text_like = std::is_convertible_v<const V&, std::string_view>;

// A personal column goes into an analyst export only when asked for by its name.
bool asked_for(const ExportOptions& o, std::string_view column) {
    return (column == "nik" && o.include_nik) || (column == "name" && o.include_name) ||
           (column == "birth_date" && o.include_birth_date);
}

// One table's rows written over its schema: each column's cells follow from its kind, so that a
// column added to a schema is written (and named in the header) without an edit here.
template <class Columns>
class TableWriter {
    // Every column, and a pseudonym beside the NIK, fits in a row.
    static_assert(column_infos<Columns>().size() + 1 <= RowOut::max_columns);

public:
    TableWriter(const Programme& p, Table t, const Columns& columns, const ExportOptions* analyst)
        : p_(p), table_(t), columns_(columns), analyst_(analyst) {
        // The owner's copy keeps pseudonyms read from an analyst export, when there are any;
        // an analyst export writes them at the NIK's place, beside (or instead of) the NIK.
        for_each_column(columns_, [&](const ColumnInfo& info, const auto& c) {
            using V = std::remove_cvref_t<decltype(c[0])>;
            if constexpr (text_like<V>)
                if (info.kind == ColumnKind::pseudonym) {
                    pseudonym_name_ = info.name;
                    for (std::size_t i = 0; i < c.size() && !keep_pseudonyms_; ++i)
                        keep_pseudonyms_ = !analyst_ && !std::string_view(c[i]).empty();
                }
        });
        for_each_column(columns_, [&](const ColumnInfo& info, const auto&) { name(info); });
    }

    void write(TableSink& sink) {
        sink.begin(table_, names_);
        RowOut out(table_, names_);
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            out.start(i);
            for_each_column(columns_,
                            [&](const ColumnInfo& info, const auto& c) { cell(out, info, c, i); });
            sink.row(out.cells());
        }
        sink.end();
    }

private:
    // Whether a column is written at all: derived ones never, personal ones in an analyst
    // export only when asked for, a pseudonym column only in the owner's copy that holds some.
    bool written(const ColumnInfo& info) const {
        switch (info.kind) {
        case ColumnKind::derived:
            return false;
        case ColumnKind::pseudonym:
            return keep_pseudonyms_;
        default:
            return !analyst_ || !info.personal || asked_for(*analyst_, info.name);
        }
    }

    void name(const ColumnInfo& info) {
        if (analyst_ && info.kind == ColumnKind::nik) {
            if (pseudonym_name_.empty())
                throw error("encode: table " + std::string(table_name(table_)) +
                            " has a nik column but no pseudonym column for the analyst export");
            names_.push_back(pseudonym_name_);
        }
        if (written(info)) names_.push_back(info.name);
    }

    // The text of the table's pseudonym column at row i (empty when it has none).
    std::string_view held_pseudonym(std::size_t i) const {
        std::string_view s;
        for_each_column(columns_, [&](const ColumnInfo& info, const auto& c) {
            using V = std::remove_cvref_t<decltype(c[0])>;
            if constexpr (text_like<V>)
                if (info.kind == ColumnKind::pseudonym) s = std::string_view(c[i]);
        });
        return s;
    }

    // The id of row `row` of table `t`: what a reference column writes.
    std::string_view id_of(Table t, Index row) const {
        std::string_view id;
        visit_columns(p_, t, [&](const auto& cols) {
            for_each_column(cols, [&](const ColumnInfo& info, const auto& c) {
                using V = std::remove_cvref_t<decltype(c[0])>;
                if constexpr (text_like<V>)
                    if (info.kind == ColumnKind::id) id = std::string_view(c[row]);
            });
        });
        return id;
    }

    [[noreturn]] void unfit(const ColumnInfo& info) const {
        throw error("encode: column " + std::string(table_name(table_)) + "." +
                    std::string(info.name) + " has a kind its member type cannot hold");
    }

    template <class Column>
    void cell(RowOut& out, const ColumnInfo& info, const Column& c, std::size_t i) const {
        using V = std::remove_cvref_t<decltype(c[i])>;
        if (analyst_ && info.kind == ColumnKind::nik) {
            if constexpr (std::is_integral_v<V>) {
                if (c[i] != 0)
                    out.owned(pseudonym(Nik::from_packed(c[i]), analyst_->key));
                else
                    out.text(held_pseudonym(i)); // an export of an export keeps the original
            }
        }
        if (!written(info)) return;
        switch (info.kind) {
        case ColumnKind::id:
        case ColumnKind::text:
        case ColumnKind::pseudonym:
            if constexpr (text_like<V>) {
                if (info.required)
                    out.required(std::string_view(c[i]));
                else
                    out.text(std::string_view(c[i]));
                return;
            }
            break;
        case ColumnKind::date:
            if constexpr (std::is_same_v<V, Date>) return out.date(c[i]);
            break;
        case ColumnKind::quarter:
            if constexpr (std::is_same_v<V, Quarter>) return out.quarter(c[i]);
            break;
        case ColumnKind::code:
            if constexpr (Enumerated<typename optional_of<V>::type>) {
                if constexpr (optional_of<V>::optional) {
                    if (!c[i]) return out.null();
                    return out.text(to_string(*c[i]));
                } else {
                    return out.text(to_string(c[i]));
                }
            }
            break;
        case ColumnKind::codes:
            if constexpr (is_enum_set<V>::value) return out.owned(join_codes(c[i], ";"));
            break;
        case ColumnKind::region:
            if constexpr (std::is_same_v<V, RegionCode>) return out.region(c[i]);
            break;
        case ColumnKind::reference:
            if constexpr (std::is_same_v<V, Index>) {
                if (c[i] == no_index) return out.null();
                return out.text(id_of(info.refers_to, c[i]));
            }
            break;
        case ColumnKind::whole:
            if constexpr (std::is_integral_v<V>)
                return out.integer(static_cast<std::int64_t>(c[i]));
            break;
        case ColumnKind::amount:
            if constexpr (std::is_same_v<V, std::int64_t>) {
                if (c[i] == no_amount) return out.null();
                return out.integer(c[i]);
            }
            break;
        case ColumnKind::count:
            if constexpr (std::is_same_v<V, std::int32_t>) {
                if (c[i] == no_count) return out.null();
                return out.integer(c[i]);
            }
            break;
        case ColumnKind::nik:
            if constexpr (std::is_same_v<V, std::uint64_t>) {
                if (c[i] == 0) return out.null();
                return out.owned(Nik::from_packed(c[i]).digits());
            }
            break;
        case ColumnKind::sex:
            if constexpr (std::is_same_v<V, std::uint8_t>) {
                if (c[i] == no_sex) return out.null();
                return out.text(to_string(static_cast<Sex>(c[i])));
            }
            break;
        case ColumnKind::derived:
            return;
        }
        unfit(info);
    }

    const Programme& p_;
    Table table_;
    const Columns& columns_;
    const ExportOptions* analyst_;
    std::string_view pseudonym_name_;
    bool keep_pseudonyms_ = false;
    std::vector<std::string_view> names_;
};

} // namespace

void encode(const Programme& p, TableSink& sink, const ExportOptions* analyst) {
    if (analyst) check_pseudonym_key(analyst->key, "export_for_analysts");
    for (const Table t : all_tables) {
        if (t != Table::regions) {
            visit_columns(p, t, [&](const auto& columns) {
                TableWriter(p, t, columns, analyst).write(sink);
            });
            continue;
        }
        // Regions, only when they are not the embedded table (which an empty table stands for).
        std::vector<std::string_view> names;
        for (const auto& c : region_infos) names.push_back(c.name);
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
}

} // namespace okoce::io::detail
