#include "okoce/programme.hpp"

#include "okoce/milestone.hpp"

#include "huge_pages.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace okoce {

namespace {

template <class Ids>
std::vector<Index> order_by_id(const Ids& ids) {
    std::vector<Index> order(ids.size());
    std::iota(order.begin(), order.end(), Index{0});
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return ids[a] < ids[b]; });
    return order;
}

template <class Ids>
std::optional<Index> find_in(const std::vector<Index>& order, const Ids& ids,
                             std::string_view id) noexcept {
    auto it = std::lower_bound(order.begin(), order.end(), id,
                               [&](Index row, std::string_view key) { return ids[row] < key; });
    if (it == order.end() || ids[*it] != id) return std::nullopt;
    return *it;
}

// Counting sort by participant (stable), then each participant's slice by `key`: linear in
// the number of rows plus small per-participant sorts. Fills the offsets. Returns the
// permutation, or an empty one when the rows are already in order (a file this library wrote,
// or the generator's output), which leaves nothing to move.
template <class Key>
std::vector<std::size_t> sort_by_participant(const std::vector<Index>& participant,
                                             std::size_t participants, Slices& slices, Key key) {
    if (participant.size() >= std::numeric_limits<std::uint32_t>::max())
        throw error("an event table of 2^32 rows or more does not fit 32-bit offsets; split the "
                    "programme into partitions (okoce::split)");
    slices.offsets.assign(participants + 1, 0);
    for (Index p : participant) ++slices.offsets[p + 1];
    std::partial_sum(slices.offsets.begin(), slices.offsets.end(), slices.offsets.begin());
    bool sorted = true;
    for (std::size_t row = 1; row < participant.size() && sorted; ++row)
        sorted = participant[row - 1] < participant[row] ||
                 (participant[row - 1] == participant[row] && !(key(row) < key(row - 1)));
    if (sorted) return {};
    std::vector<std::size_t> perm(participant.size());
    std::vector<std::size_t> next(slices.offsets.begin(), slices.offsets.end() - 1);
    for (std::size_t row = 0; row < participant.size(); ++row) perm[next[participant[row]]++] = row;
    for (std::size_t i = 0; i < participants; ++i) {
        auto b = perm.begin() + static_cast<std::ptrdiff_t>(slices.offsets[i]);
        auto e = perm.begin() + static_cast<std::ptrdiff_t>(slices.offsets[i + 1]);
        if (e - b > 1)
            std::stable_sort(b, e, [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
    }
    return perm;
}

} // namespace

Programme::Programme()
    : regions_(std::shared_ptr<const RegionTable>(&RegionTable::dki_jakarta(),
                                                  [](const RegionTable*) {})) {
    for (Slices* s : {static_cast<Slices*>(&steps_), static_cast<Slices*>(&licences_),
                      static_cast<Slices*>(&reports_), static_cast<Slices*>(&assignments_)})
        s->offsets.assign(1, 0);
}

std::optional<Index> Programme::find_participant(std::string_view id) const noexcept {
    return find_in(participant_order_, participants_.id, id);
}
std::optional<Index> Programme::find_mentor(std::string_view id) const noexcept {
    return find_in(mentor_order_, mentors_.id, id);
}
std::optional<Index> Programme::find_community(std::string_view id) const noexcept {
    return find_in(community_order_, communities_.id, id);
}

std::optional<Nik> Programme::nik(Index i) const {
    const auto packed = participants_.nik[i];
    if (packed == 0) return std::nullopt;
    return Nik::from_packed(packed);
}

Participant Programme::participant(Index i) const {
    const auto& c = participants_;
    Participant p;
    p.id = c.id[i];
    p.nik = nik(i);
    p.nik_pseudonym = c.nik_pseudonym[i];
    p.name = c.name[i];
    if (c.sex[i] != no_sex) p.sex = static_cast<Sex>(c.sex[i]);
    p.birth_date = c.birth_date[i];
    p.kelurahan = c.kelurahan[i];
    p.sector = c.sector[i];
    p.kbli = c.kbli[i];
    if (c.community[i] != no_index) p.community = communities_.id[c.community[i]];
    p.registered_on = c.registered_on[i];
    p.business_started_on = c.business_started_on[i];
    p.exited_on = c.exited_on[i];
    return p;
}

Mentor Programme::mentor(Index m) const {
    const auto& c = mentors_;
    Mentor r;
    r.id = c.id[m];
    r.name = c.name[m];
    r.kind = c.kind[m];
    r.kecamatan = c.kecamatan[m];
    if (c.community[m] != no_index) r.community = communities_.id[c.community[m]];
    r.sectors = c.sectors[m];
    r.phases = c.phases[m];
    r.capacity = c.capacity[m];
    r.active_from = c.active_from[m];
    r.active_to = c.active_to[m];
    return r;
}

std::array<Date, step_count> Programme::first_steps(Index i, Date as_of) const noexcept {
    std::array<Date, step_count> first;
    first.fill(no_date);
    // Rows are sorted by date, so the first row of each step is its first completion.
    for (std::size_t r = steps_.begin(i); r < steps_.end(i); ++r) {
        if (steps_.completed_on[r] > as_of) break;
        auto& slot = first[static_cast<std::size_t>(steps_.step[r])];
        if (slot.is_special()) slot = steps_.completed_on[r];
    }
    return first;
}

// The same rule as first_completions() (registering completes P1; nothing counts before
// registration), without building the dates: the funnel and the phase walk call it for every
// participant.
StepSet Programme::steps_done(Index i, Date as_of) const noexcept {
    const Date registered = participants_.registered_on[i];
    if (registered.is_special() || registered > as_of) return {};
    StepSet done{Step::p1};
    for (std::size_t r = steps_.begin(i); r < steps_.end(i); ++r) {
        if (steps_.completed_on[r] > as_of) break;
        done.insert(steps_.step[r]);
    }
    return done;
}

bool Programme::licensed_as_of(Index i, Date as_of, LicenceKinds counting) const noexcept {
    const auto b = licences_.begin(i), n = licences_.end(i) - b;
    return okoce::licensed_as_of(std::span(licences_.kind).subspan(b, n),
                                 std::span(licences_.issued_on).subspan(b, n),
                                 std::span(licences_.valid_until).subspan(b, n), as_of, counting);
}

RevenueSeries Programme::revenue_series(Index i) const noexcept {
    const auto b = reports_.begin(i), n = reports_.end(i) - b;
    return {std::span(reports_.quarter).subspan(b, n), std::span(reports_.revenue).subspan(b, n),
            std::span(reports_.known_on).subspan(b, n)};
}

// ---------------------------------------------------------------------------------------------

// Ids that event rows refer to, each stored once: a row keeps a 4-byte key, and build() resolves
// each distinct id once instead of searching for it on every row. A participant's rows usually
// come together and in the order the ids were first seen (in files and from the generator), so
// the last id and the one after it are tried before the hash table. The table is open
// addressing over one flat array (a slot holds the id's hash and its key), so a lookup costs
// about one cache miss, not a walk along a node chain.
class IdPool {
public:
    Index intern(std::string_view id) {
        if (last_ != no_index) {
            if (id == ids_[last_]) return last_;
            if (last_ + 1 < ids_.size() && id == ids_[last_ + 1]) return ++last_;
        }
        const std::uint32_t h = hash(id);
        std::size_t at = probe(id, h);
        if (slots_[at].key == no_index) {
            if (ids_.size() >= no_index - 1)
                throw error("too many distinct ids for a 32-bit index");
            const auto key = static_cast<Index>(ids_.size());
            ids_.emplace_back(id);
            slots_[at] = {h, key};
            if (2 * ids_.size() > slots_.size()) grow(2 * slots_.size());
            return last_ = key;
        }
        return last_ = slots_[at].key;
    }
    std::optional<Index> find(std::string_view id) const {
        if (slots_.empty()) return std::nullopt;
        const Index key = slots_[probe(id, hash(id))].key;
        if (key == no_index) return std::nullopt;
        return key;
    }
    const std::string& id(Index key) const { return ids_[key]; }
    std::size_t size() const noexcept { return ids_.size(); }
    void reserve(std::size_t more) {
        ids_.reserve(ids_.size() + more);
        std::size_t want = 16;
        while (want < 2 * (ids_.size() + more)) want *= 2;
        if (want > slots_.size()) grow(want);
    }

private:
    struct Slot {
        std::uint32_t hash = 0;
        Index key = no_index;
    };
    static std::uint32_t hash(std::string_view id) noexcept {
        const std::size_t h = std::hash<std::string_view>{}(id);
        return static_cast<std::uint32_t>(h ^ (h >> 32));
    }
    // The slot holding `id`, or the empty slot where it would go.
    std::size_t probe(std::string_view id, std::uint32_t h) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t at = h & mask;; at = (at + 1) & mask) {
            const Slot& s = slots_[at];
            if (s.key == no_index || (s.hash == h && ids_[s.key] == id)) return at;
        }
    }
    void grow(std::size_t n) {
        std::vector<Slot> old(n);
        old.swap(slots_);
        const std::size_t mask = n - 1;
        for (const Slot& s : old)
            if (s.key != no_index) {
                std::size_t at = s.hash & mask;
                while (slots_[at].key != no_index) at = (at + 1) & mask;
                slots_[at] = s;
            }
    }

    std::vector<std::string> ids_;
    std::vector<Slot> slots_ = std::vector<Slot>(16); // a power of two, at most half full
    Index last_ = no_index;
};

struct ProgrammeBuilder::Impl {
    std::shared_ptr<const RegionTable> regions;
    // Records are held as the Programme's own columns, so that build() moves them instead of
    // copying. Until build(), the events' participant column holds keys into
    // `participant_ids`, and the ids other rows refer to wait in the *_community and
    // assignment_mentor columns (their Index columns hold no_index).
    ParticipantColumns participants;
    std::vector<std::string> participant_community;
    StepColumns steps;
    LicenceColumns licences;
    ReportColumns reports;
    AssignmentColumns assignments;
    std::vector<std::string> assignment_mentor;
    MentorColumns mentors;
    std::vector<std::string> mentor_community;
    CommunityColumns communities;
    TargetColumns targets;
    IdPool participant_ids;
    // Reports whose capital or employees were given as the very value that stands for "not
    // reported" in the columns (the lowest int64, -1): build() must still refuse them as
    // negative, as it refuses any other negative value.
    struct GivenAsSentinel {
        std::size_t row;
        bool capital, employees;
    };
    std::vector<GivenAsSentinel> report_sentinels;

    struct Source {
        std::string file;
        std::vector<std::size_t> lines;
    };
    std::map<std::string, Source, std::less<>> sources;
    std::size_t collect_limit = 0;
    std::vector<validation_error> errors;
    bool truncated = false;

    SourceLocation where(Table table, std::size_t record, std::string column) const {
        auto it = sources.find(to_string(table));
        if (it != sources.end() && record < it->second.lines.size())
            return {it->second.file, it->second.lines[record], std::move(column)};
        return {std::string(to_string(table)), record + 1, std::move(column)};
    }

    template <class E = validation_error>
    void fail(Table table, std::size_t record, std::string column, std::string value,
              std::string expected) {
        E e(where(table, record, std::move(column)), std::move(value), std::move(expected));
        if (collect_limit == 0) throw e;
        if (errors.size() < collect_limit)
            errors.push_back(e);
        else
            truncated = true;
    }

    // build(), one step per table, in the order that lets each resolve its references.
    struct Build;
};

namespace {

std::string date_or_empty(Date d) {
    return format_date(d);
}

// Gives back the room that growing, or a generator's upper-bound reserve(), left unused: each
// column is copied at most once, for a programme that is smaller for as long as it lives.
template <class Columns>
void shrink_rows(Columns& columns) {
    for_each_column(columns, [](const ColumnInfo&, auto& c) { c.shrink_to_fit(); });
}

// Every column of a table holds one value per row; `add` for a new column that forgets to push
// would otherwise misalign the table silently.
template <class Columns>
void check_lengths(Table table, const Columns& columns, std::size_t rows) {
    if (const auto bad = first_ragged_column(columns, rows); !bad.empty())
        throw error("ProgrammeBuilder: column " + std::string(to_string(table)) + "." +
                    std::string(bad) + " does not hold one value per row");
}

} // namespace

struct ProgrammeBuilder::Impl::Build {
    Impl& in;
    Programme& prog;
    std::vector<Warning>& warnings;
    const RegionTable& regions;
    // A key of the participant id pool -> the participant's row (no_index: unknown id).
    std::vector<Index> row_of_key;

    // A duplicate id is reported at its second occurrence.
    template <class Ids>
    void check_unique(Table table, const Ids& ids, const std::vector<Index>& order) {
        for (std::size_t k = 1; k < order.size(); ++k)
            if (ids[order[k]] == ids[order[k - 1]])
                in.fail(table, std::max(order[k], order[k - 1]), "id", std::string(ids[order[k]]),
                        "a unique id");
    }
    void check_id(Table table, std::size_t row, std::string_view id) {
        // Spaces alone are no id: they look empty in every report and export.
        if (id.find_first_not_of(" \t") == std::string_view::npos)
            in.fail(table, row, "id", std::string(id), "a non-empty id (not only spaces)");
    }
    Index community_ref(Table table, std::size_t row, const std::string& id) {
        if (id.empty()) return no_index;
        if (auto c = find_in(prog.community_order_, prog.communities_.id, id)) return *c;
        in.fail<reference_error>(table, row, "community", id, "the id of a known community");
        return no_index;
    }
    // Turns an event row's participant key into the participant's row.
    Index participant_ref(Table table, std::size_t row, Index key) {
        const Index p = row_of_key[key];
        if (p == no_index)
            in.fail<reference_error>(table, row, "participant", in.participant_ids.id(key),
                                     "the id of a known participant");
        return p;
    }
    void warn(Table table, std::size_t row, std::string column, std::string message) {
        warnings.push_back({in.where(table, row, std::move(column)), std::move(message)});
    }

    void communities() {
        auto& cc = prog.communities_;
        cc = std::move(in.communities);
        check_lengths(Table::communities, cc, cc.size());
        for (std::size_t r = 0; r < cc.size(); ++r) {
            check_id(Table::communities, r, cc.id[r]);
            if (cc.region[r].valid() && !regions.contains(cc.region[r]))
                in.fail(Table::communities, r, "region", cc.region[r].to_string(),
                        "a region in the table");
        }
        prog.community_order_ = order_by_id(cc.id);
        check_unique(Table::communities, cc.id, prog.community_order_);
    }

    void mentors() {
        auto& mc = prog.mentors_;
        mc = std::move(in.mentors);
        check_lengths(Table::mentors, mc, mc.size());
        for (std::size_t r = 0; r < mc.size(); ++r) {
            check_id(Table::mentors, r, mc.id[r]);
            const RegionCode kecamatan = mc.kecamatan[r];
            if (!kecamatan.valid() || kecamatan.level() != RegionLevel::kecamatan ||
                !regions.contains(kecamatan))
                in.fail<reference_error>(Table::mentors, r, "kecamatan", kecamatan.to_string(),
                                         "a kecamatan code in the region table");
            if (mc.capacity[r] < 0)
                in.fail(Table::mentors, r, "capacity", std::to_string(mc.capacity[r]),
                        "a capacity of zero or more");
            const Date from = mc.active_from[r], to = mc.active_to[r];
            if (!from.is_special() && !to.is_special() && to < from)
                in.fail(Table::mentors, r, "active_to", date_or_empty(to),
                        "a date on or after active_from " + date_or_empty(from));
            mc.community[r] = community_ref(Table::mentors, r, in.mentor_community[r]);
        }
        in.mentor_community = {};
        prog.mentor_order_ = order_by_id(mc.id);
        check_unique(Table::mentors, mc.id, prog.mentor_order_);
    }

    // The columns are checked where they are, then moved into the programme.
    void participants() {
        auto& pc = prog.participants_;
        pc = std::move(in.participants);
        const std::size_t np = pc.size();
        if (np >= no_index) throw error("too many participants for a 32-bit index");
        check_lengths(Table::participants, pc, np);
        row_of_key.assign(in.participant_ids.size(), no_index);
        Index next_key = 0;
        for (std::size_t r = 0; r < np; ++r) {
            check_id(Table::participants, r, pc.id[r]);
            const RegionCode kelurahan = pc.kelurahan[r];
            if (!kelurahan.valid() || kelurahan.level() != RegionLevel::kelurahan ||
                !regions.contains(kelurahan))
                in.fail<reference_error>(Table::participants, r, "kelurahan", kelurahan.to_string(),
                                         "a kelurahan code in the region table");
            const Date registered = pc.registered_on[r], exited = pc.exited_on[r];
            const Date born = pc.birth_date[r];
            if (registered.is_special())
                in.fail(Table::participants, r, "registered_on", "", "a registration date");
            else if (!born.is_special() && born > registered)
                // Nobody registers before being born. The birth date is personal: no digits.
                in.fail(Table::participants, r, "birth_date", "****-**-**",
                        "a birth date on or before registered_on " + date_or_empty(registered));
            else if (!exited.is_special() && exited < registered)
                in.fail(Table::participants, r, "exited_on", date_or_empty(exited),
                        "a date on or after registered_on " + date_or_empty(registered));
            pc.community[r] = community_ref(Table::participants, r, in.participant_community[r]);
            // Events usually name participants in the participants' own order, so the key after
            // the last one found is tried before the hash table.
            std::optional<Index> key;
            if (next_key < in.participant_ids.size() && in.participant_ids.id(next_key) == pc.id[r])
                key = next_key;
            else
                key = in.participant_ids.find(pc.id[r]);
            if (key) {
                if (row_of_key[*key] == no_index) row_of_key[*key] = static_cast<Index>(r);
                next_key = *key + 1;
            }
        }
        in.participant_community = {};
        prog.participant_order_ = order_by_id(pc.id);
        check_unique(Table::participants, pc.id, prog.participant_order_);
    }

    void steps() {
        StepColumns& sc = prog.steps_;
        sc = std::move(in.steps);
        check_lengths(Table::steps, sc, sc.size());
        const auto& registered_on = prog.participants_.registered_on;
        for (std::size_t r = 0; r < sc.size(); ++r) {
            const Index p = participant_ref(Table::steps, r, sc.participant[r]);
            const Date on = sc.completed_on[r];
            if (on.is_special())
                in.fail(Table::steps, r, "completed_on", "", "a completion date");
            else if (p != no_index && on < registered_on[p] && !registered_on[p].is_special())
                warn(Table::steps, r, "completed_on",
                     std::string(to_string(sc.step[r])) + " completed before registration");
            sc.participant[r] = p;
        }
    }

    void licences() {
        LicenceColumns& lc = prog.licences_;
        lc = std::move(in.licences);
        check_lengths(Table::licences, lc, lc.size());
        for (std::size_t r = 0; r < lc.size(); ++r) {
            const Index p = participant_ref(Table::licences, r, lc.participant[r]);
            const Date issued = lc.issued_on[r], until = lc.valid_until[r];
            if (issued.is_special())
                in.fail(Table::licences, r, "issued_on", "", "an issue date");
            else if (!until.is_special() && until < issued)
                in.fail(Table::licences, r, "valid_until", date_or_empty(until),
                        "a date on or after issued_on " + date_or_empty(issued));
            else if (is_anomalous(Licence{lc.kind[r], std::string(lc.number[r]), issued, until,
                                          std::string(lc.issuer[r])}))
                warn(Table::licences, r, "issued_on",
                     std::string(to_string(lc.kind[r])) +
                         " anomalous: an IUMK issued on or after 2021-07-02 (risk-based OSS) "
                         "or a NIB that is not 13 digits");
            lc.participant[r] = p;
        }
    }

    // A P4 step without any licence on record is worth a look but is not an error: the
    // licence may simply not have been entered.
    void p4_without_licence() {
        std::vector<bool> has_licence(prog.participants_.size(), false);
        for (Index p : prog.licences_.participant)
            if (p != no_index) has_licence[p] = true;
        const auto& sc = prog.steps_;
        for (std::size_t r = 0; r < sc.size(); ++r)
            if (sc.step[r] == Step::p4 && sc.participant[r] != no_index &&
                !has_licence[sc.participant[r]])
                warn(Table::steps, r, "step",
                     "participant " + std::string(prog.participants_.id[sc.participant[r]]) +
                         " has P4 but no licence");
    }

    void reports() {
        ReportColumns& rc = prog.reports_;
        rc = std::move(in.reports);
        check_lengths(Table::reports, rc, rc.size());
        const auto& registered_on = prog.participants_.registered_on;
        auto sentinel = in.report_sentinels.begin();
        for (std::size_t r = 0; r < rc.size(); ++r) {
            const Index p = participant_ref(Table::reports, r, rc.participant[r]);
            bool capital_given = rc.capital[r] != no_amount;
            bool employees_given = rc.employees[r] != no_count;
            if (sentinel != in.report_sentinels.end() && sentinel->row == r) {
                capital_given = capital_given || sentinel->capital;
                employees_given = employees_given || sentinel->employees;
                ++sentinel;
            }
            const std::string most = " (Rp 1,000 billion a quarter; see max_report_amount)";
            if (rc.revenue[r] < 0)
                in.fail(Table::reports, r, "revenue", Rupiah(rc.revenue[r]).to_plain_string(),
                        "zero or more rupiah");
            else if (rc.revenue[r] > max_report_amount)
                in.fail(Table::reports, r, "revenue", Rupiah(rc.revenue[r]).to_plain_string(),
                        "at most " + std::to_string(max_report_amount) + " rupiah" + most);
            if (capital_given && rc.capital[r] < 0)
                in.fail(Table::reports, r, "capital", Rupiah(rc.capital[r]).to_plain_string(),
                        "zero or more rupiah");
            else if (capital_given && rc.capital[r] > max_report_amount)
                in.fail(Table::reports, r, "capital", Rupiah(rc.capital[r]).to_plain_string(),
                        "at most " + std::to_string(max_report_amount) + " rupiah" + most);
            if (employees_given && rc.employees[r] < 0)
                in.fail(Table::reports, r, "employees", std::to_string(rc.employees[r]),
                        "zero or more employees");
            if (p != no_index && rc.quarter[r].last_day() < registered_on[p])
                warn(Table::reports, r, "quarter",
                     "report for " + rc.quarter[r].to_string() + " ends before registration on " +
                         date_or_empty(registered_on[p]));
            rc.participant[r] = p;
        }
    }

    void assignments() {
        AssignmentColumns& ac = prog.assignments_;
        ac = std::move(in.assignments);
        check_lengths(Table::assignments, ac, ac.size());
        for (std::size_t r = 0; r < ac.size(); ++r) {
            const Index p = participant_ref(Table::assignments, r, ac.participant[r]);
            const std::string& mentor = in.assignment_mentor[r];
            if (auto found = find_in(prog.mentor_order_, prog.mentors_.id, mentor))
                ac.mentor[r] = *found;
            else
                in.fail<reference_error>(Table::assignments, r, "mentor", mentor,
                                         "the id of a known mentor");
            if (ac.from[r].is_special())
                in.fail(Table::assignments, r, "from", "", "a start date");
            else if (!ac.to[r].is_special() && ac.to[r] < ac.from[r])
                in.fail(Table::assignments, r, "to", date_or_empty(ac.to[r]),
                        "a date on or after from " + date_or_empty(ac.from[r]));
            ac.participant[r] = p;
        }
        in.assignment_mentor = {};
    }

    void targets() {
        TargetColumns& tc = prog.targets_;
        tc = std::move(in.targets);
        check_lengths(Table::targets, tc, tc.size());
        for (std::size_t r = 0; r < tc.size(); ++r) {
            check_id(Table::targets, r, tc.id[r]);
            if (!tc.region[r].valid() || !regions.contains(tc.region[r]))
                in.fail<reference_error>(Table::targets, r, "region", tc.region[r].to_string(),
                                         "a region code in the region table");
            const Date start = tc.start[r], end = tc.end[r];
            if (start.is_special()) in.fail(Table::targets, r, "start", "", "a start date");
            if (end.is_special() || (!start.is_special() && end < start))
                in.fail(Table::targets, r, "end", date_or_empty(end),
                        "an end date on or after start");
            if (tc.value[r] < 0)
                in.fail(Table::targets, r, "value", std::to_string(tc.value[r]), "zero or more");
        }
        check_unique(Table::targets, tc.id, order_by_id(tc.id));
    }

    // Sorts an event table by participant, then `key`, and indexes it by offsets; a table
    // already in that order (as the library writes it) is only indexed. Returns the
    // permutation (empty when nothing moved).
    template <class Columns, class Key>
    std::vector<std::size_t> sort_events(Columns& c, Key key) {
        auto perm = sort_by_participant(c.participant, prog.participants_.size(), c, key);
        if (!perm.empty()) permute_rows(c, perm);
        return perm;
    }

    void sort_all_events() {
        auto& s = prog.steps_;
        sort_events(s, [&](std::size_t r) { return std::pair(s.completed_on[r], s.step[r]); });
        auto& l = prog.licences_;
        sort_events(l, [&](std::size_t r) { return l.issued_on[r]; });
        auto& r = prog.reports_;
        const auto perm = sort_events(r, [&](std::size_t k) { return r.quarter[k]; });
        // One report per participant and quarter: a second one is ambiguous input.
        for (Index i = 0; i < prog.participants_.size(); ++i)
            for (std::size_t k = r.begin(i) + 1; k < r.end(i); ++k)
                if (r.quarter[k] == r.quarter[k - 1])
                    throw validation_error(
                        in.where(Table::reports, perm.empty() ? k : perm[k], "quarter"),
                        r.quarter[k].to_string(),
                        "one report per participant and quarter (participant " +
                            std::string(prog.participants_.id[i]) + " reports it twice)");
        auto& a = prog.assignments_;
        sort_events(a, [&](std::size_t k) { return a.from[k]; });
    }
};

ProgrammeBuilder::ProgrammeBuilder() : impl_(std::make_unique<Impl>()) {}
ProgrammeBuilder::~ProgrammeBuilder() = default;
ProgrammeBuilder::ProgrammeBuilder(ProgrammeBuilder&&) noexcept = default;
ProgrammeBuilder& ProgrammeBuilder::operator=(ProgrammeBuilder&&) noexcept = default;

ProgrammeBuilder& ProgrammeBuilder::set_regions(RegionTable regions) {
    impl_->regions = std::make_shared<const RegionTable>(std::move(regions));
    return *this;
}

namespace {

// reserve_rows and reserve_more of table.hpp, with the new room of each large column advised for
// huge pages (src/huge_pages.hpp): a load or a generator of millions of rows faults its columns
// in 2 MiB at a time instead of 4 KiB, and the analyses' reads of them miss the TLB less.
template <class T, class A>
void reserve_more_huge(std::vector<T, A>& column, std::size_t n) {
    detail::reserve_huge(column, column.size() + n);
}
void reserve_more_huge(StringColumn& column, std::size_t n) {
    reserve_more(column, n);
}

template <class Columns>
void reserve_rows_huge(Columns& columns, std::size_t n) {
    for_each_column(columns, [n](const ColumnInfo&, auto& c) { reserve_more_huge(c, n); });
}

} // namespace

ProgrammeBuilder& ProgrammeBuilder::reserve(Table table, std::size_t records) {
    Impl& in = *impl_;
    switch (table) {
    case Table::participants:
        reserve_rows_huge(in.participants, records);
        reserve_more_huge(in.participant_community, records);
        in.participant_ids.reserve(records);
        break;
    case Table::steps:
        reserve_rows_huge(in.steps, records);
        break;
    case Table::licences:
        reserve_rows_huge(in.licences, records);
        break;
    case Table::reports:
        reserve_rows_huge(in.reports, records);
        break;
    case Table::assignments:
        reserve_rows_huge(in.assignments, records);
        reserve_more_huge(in.assignment_mentor, records);
        break;
    case Table::mentors:
        reserve_rows_huge(in.mentors, records);
        reserve_more_huge(in.mentor_community, records);
        break;
    case Table::communities:
        reserve_rows_huge(in.communities, records);
        break;
    case Table::targets:
        reserve_rows_huge(in.targets, records);
        break;
    case Table::regions: // held by a RegionTable, made in one go
        break;
    }
    return *this;
}

ProgrammeBuilder& ProgrammeBuilder::add(Participant p) {
    auto& c = impl_->participants;
    c.id.push_back(std::move(p.id));
    c.nik.push_back(p.nik ? p.nik->packed() : 0);
    c.nik_pseudonym.push_back(std::move(p.nik_pseudonym));
    c.name.push_back(std::move(p.name));
    c.sex.push_back(p.sex ? static_cast<std::uint8_t>(*p.sex) : no_sex);
    c.birth_date.push_back(p.birth_date);
    c.kelurahan.push_back(p.kelurahan);
    c.sector.push_back(p.sector);
    c.kbli.push_back(std::move(p.kbli));
    c.community.push_back(no_index);
    c.registered_on.push_back(p.registered_on);
    c.business_started_on.push_back(p.business_started_on);
    c.exited_on.push_back(p.exited_on);
    impl_->participant_community.push_back(std::move(p.community));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(StepRecord s) {
    auto& c = impl_->steps;
    c.participant.push_back(impl_->participant_ids.intern(s.participant));
    c.step.push_back(s.step);
    c.completed_on.push_back(s.completed_on);
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(LicenceRecord l) {
    auto& c = impl_->licences;
    c.participant.push_back(impl_->participant_ids.intern(l.participant));
    c.kind.push_back(l.licence.kind);
    c.number.push_back(std::move(l.licence.number));
    c.issued_on.push_back(l.licence.issued_on);
    c.valid_until.push_back(l.licence.valid_until);
    c.issuer.push_back(std::move(l.licence.issuer));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(QuarterlyReport r) {
    auto& c = impl_->reports;
    const bool capital_sentinel = r.capital && r.capital->value() == no_amount;
    const bool employees_sentinel = r.employees && *r.employees == no_count;
    if (capital_sentinel || employees_sentinel)
        impl_->report_sentinels.push_back({c.size(), capital_sentinel, employees_sentinel});
    c.participant.push_back(impl_->participant_ids.intern(r.participant));
    c.quarter.push_back(r.quarter);
    c.revenue.push_back(r.revenue.value());
    c.capital.push_back(r.capital ? r.capital->value() : no_amount);
    c.employees.push_back(r.employees ? *r.employees : no_count);
    c.reported_on.push_back(r.reported_on);
    c.known_on.push_back(r.known_on());
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(AssignmentRecord a) {
    auto& c = impl_->assignments;
    c.participant.push_back(impl_->participant_ids.intern(a.participant));
    c.mentor.push_back(no_index);
    c.from.push_back(a.from);
    c.to.push_back(a.to);
    impl_->assignment_mentor.push_back(std::move(a.mentor));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Mentor m) {
    auto& c = impl_->mentors;
    c.id.push_back(std::move(m.id));
    c.name.push_back(std::move(m.name));
    c.kind.push_back(m.kind);
    c.kecamatan.push_back(m.kecamatan);
    c.community.push_back(no_index);
    c.sectors.push_back(m.sectors);
    c.phases.push_back(m.phases);
    c.capacity.push_back(m.capacity);
    c.active_from.push_back(m.active_from);
    c.active_to.push_back(m.active_to);
    impl_->mentor_community.push_back(std::move(m.community));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Community c) {
    auto& t = impl_->communities;
    t.id.push_back(std::move(c.id));
    t.name.push_back(std::move(c.name));
    t.basis.push_back(c.basis);
    t.sector.push_back(c.sector);
    t.region.push_back(c.region);
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Target t) {
    auto& c = impl_->targets;
    c.id.push_back(std::move(t.id));
    c.metric.push_back(t.metric);
    c.region.push_back(t.region);
    c.start.push_back(t.start);
    c.end.push_back(t.end);
    c.value.push_back(t.value);
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::set_source(std::string_view table, std::string file,
                                               std::vector<std::size_t> lines) {
    impl_->sources[std::string(table)] = {std::move(file), std::move(lines)};
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::collect_errors(std::size_t limit) {
    impl_->collect_limit = limit;
    return *this;
}

Programme ProgrammeBuilder::build() {
    std::vector<Warning> ignored;
    return build(ignored);
}

Programme ProgrammeBuilder::build(std::vector<Warning>& warnings) {
    // Take the records out so that the builder is empty whatever happens.
    auto in = std::move(*impl_);
    *impl_ = Impl{};
    impl_->collect_limit = in.collect_limit;
    Programme prog;
    if (in.regions) prog.regions_ = in.regions;

    // Each table after those it refers to.
    Impl::Build b{in, prog, warnings, *prog.regions_, {}};
    b.communities();
    b.mentors();
    b.participants();
    b.steps();
    b.licences();
    b.p4_without_licence();
    b.reports();
    b.assignments();
    in.participant_ids = {};
    b.targets();
    if (!in.errors.empty()) throw validation_errors(std::move(in.errors), in.truncated);
    b.sort_all_events();
    shrink_rows(prog.participants_), shrink_rows(prog.steps_), shrink_rows(prog.licences_);
    shrink_rows(prog.reports_), shrink_rows(prog.assignments_), shrink_rows(prog.mentors_);
    shrink_rows(prog.communities_), shrink_rows(prog.targets_);
    return prog;
}

} // namespace okoce

namespace okoce {

namespace {

template <class T>
std::size_t heap_bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}
std::size_t heap_bytes(const StringColumn& v) {
    return v.memory_bytes();
}
std::size_t heap_bytes(const std::vector<std::string>& v) {
    std::size_t n = v.capacity() * sizeof(std::string);
    for (const auto& s : v)
        if (s.capacity() > std::string().capacity()) n += s.capacity() + 1; // not inline
    return n;
}

} // namespace

std::size_t Programme::rows(Table table) const noexcept {
    switch (table) {
    case Table::participants:
        return participants_.size();
    case Table::steps:
        return steps_.size();
    case Table::licences:
        return licences_.size();
    case Table::reports:
        return reports_.size();
    case Table::assignments:
        return assignments_.size();
    case Table::mentors:
        return mentors_.size();
    case Table::communities:
        return communities_.size();
    case Table::targets:
        return targets_.size();
    case Table::regions:
        return regions_->size();
    }
    return 0;
}

std::vector<Programme::ColumnBytes> Programme::memory_bytes() const {
    std::vector<ColumnBytes> out;
    const auto add = [&](std::string_view table, std::string_view column, std::size_t bytes) {
        out.push_back({table, column, bytes});
    };
    // One figure per column of the large tables, named by their schemas.
    const auto columns = [&](Table table, const auto& cols) {
        for_each_column(cols, [&](const ColumnInfo& info, const auto& c) {
            add(to_string(table), info.name, heap_bytes(c));
        });
    };
    const auto offsets = [&](Table table, const Slices& s) {
        add(to_string(table), "(offsets)", heap_bytes(s.offsets));
    };
    columns(Table::participants, participants_);
    add("participants", "(order by id)", heap_bytes(participant_order_));
    offsets(Table::steps, steps_);
    columns(Table::steps, steps_);
    offsets(Table::licences, licences_);
    columns(Table::licences, licences_);
    offsets(Table::reports, reports_);
    columns(Table::reports, reports_);
    offsets(Table::assignments, assignments_);
    columns(Table::assignments, assignments_);
    // The small tables, one figure each.
    const auto& mc = mentors_;
    add("mentors", "(all)",
        heap_bytes(mc.id) + heap_bytes(mc.name) + heap_bytes(mc.kind) + heap_bytes(mc.kecamatan) +
            heap_bytes(mc.community) + heap_bytes(mc.sectors) + heap_bytes(mc.phases) +
            heap_bytes(mc.capacity) + heap_bytes(mc.active_from) + heap_bytes(mc.active_to) +
            heap_bytes(mentor_order_));
    const auto& cc = communities_;
    add("communities", "(all)",
        heap_bytes(cc.id) + heap_bytes(cc.name) + heap_bytes(cc.basis) + heap_bytes(cc.sector) +
            heap_bytes(cc.region) + heap_bytes(community_order_));
    const auto& tc = targets_;
    add("targets", "(all)",
        heap_bytes(tc.id) + heap_bytes(tc.metric) + heap_bytes(tc.region) + heap_bytes(tc.start) +
            heap_bytes(tc.end) + heap_bytes(tc.value));
    return out;
}

} // namespace okoce
