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
std::vector<std::string_view> names_of(const std::array<ColumnSpec, N>& spec) {
    std::vector<std::string_view> names;
    for (const auto& c : spec) names.push_back(c.name);
    return names;
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
            out.owned(join_codes(m.sectors[i], ";"));
            out.owned(join_codes(m.phases[i], ";"));
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
                out.text(to_string(static_cast<Sex>(pc.sex[i])));
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

} // namespace okoce::io::detail
