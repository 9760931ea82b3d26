#include "okoce/programme.hpp"

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

// Reorders every column of an event table by `perm` (new row k = old row perm[k]).
template <class T>
void permute(std::vector<T>& column, const std::vector<std::size_t>& perm) {
    std::vector<T> out;
    out.reserve(column.size());
    for (std::size_t k : perm) out.push_back(std::move(column[k]));
    column = std::move(out);
}

// Counting sort by participant (stable), then each participant's slice by `key`: linear in
// the number of rows plus small per-participant sorts. Fills the offsets.
template <class Key>
std::vector<std::size_t> sort_by_participant(const std::vector<Index>& participant,
                                             std::size_t participants, Slices& slices, Key key) {
    slices.offsets.assign(participants + 1, 0);
    for (Index p : participant) ++slices.offsets[p + 1];
    std::partial_sum(slices.offsets.begin(), slices.offsets.end(), slices.offsets.begin());
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
    first.fill(Date(boost::gregorian::not_a_date_time));
    // Rows are sorted by date, so the first row of each step is its first completion.
    for (std::size_t r = steps_.begin(i); r < steps_.end(i); ++r) {
        if (steps_.completed_on[r] > as_of) break;
        auto& slot = first[static_cast<std::size_t>(steps_.step[r])];
        if (slot.is_special()) slot = steps_.completed_on[r];
    }
    return first;
}

StepSet Programme::steps_done(Index i, Date as_of) const noexcept {
    StepSet done;
    for (std::size_t r = steps_.begin(i); r < steps_.end(i); ++r) {
        if (steps_.completed_on[r] > as_of) break;
        done.insert(steps_.step[r]);
    }
    return done;
}

bool Programme::licensed_as_of(Index i, Date as_of, LicenceCounting counting) const noexcept {
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

struct ProgrammeBuilder::Impl {
    std::shared_ptr<const RegionTable> regions;
    std::vector<Participant> participants;
    std::vector<StepRecord> steps;
    std::vector<LicenceRecord> licences;
    std::vector<QuarterlyReport> reports;
    std::vector<AssignmentRecord> assignments;
    std::vector<Mentor> mentors;
    std::vector<Community> communities;
    std::vector<Target> targets;

    struct Source {
        std::string file;
        std::vector<std::size_t> lines;
    };
    std::map<std::string, Source, std::less<>> sources;
    std::size_t collect_limit = 0;
    std::vector<validation_error> errors;
    bool truncated = false;

    SourceLocation where(std::string_view table, std::size_t record, std::string column) const {
        auto it = sources.find(table);
        if (it != sources.end() && record < it->second.lines.size())
            return {it->second.file, it->second.lines[record], std::move(column)};
        return {std::string(table), record + 1, std::move(column)};
    }

    template <class E = validation_error>
    void fail(std::string_view table, std::size_t record, std::string column, std::string value,
              std::string expected) {
        E e(where(table, record, std::move(column)), std::move(value), std::move(expected));
        if (collect_limit == 0) throw e;
        if (errors.size() < collect_limit)
            errors.push_back(e);
        else
            truncated = true;
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
ProgrammeBuilder& ProgrammeBuilder::add(Participant p) {
    impl_->participants.push_back(std::move(p));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(StepRecord s) {
    impl_->steps.push_back(std::move(s));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(LicenceRecord l) {
    impl_->licences.push_back(std::move(l));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(QuarterlyReport r) {
    impl_->reports.push_back(std::move(r));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(AssignmentRecord a) {
    impl_->assignments.push_back(std::move(a));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Mentor m) {
    impl_->mentors.push_back(std::move(m));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Community c) {
    impl_->communities.push_back(std::move(c));
    return *this;
}
ProgrammeBuilder& ProgrammeBuilder::add(Target t) {
    impl_->targets.push_back(std::move(t));
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
    const RegionTable& regions = *prog.regions_;
    const auto date_or_empty = [](Date d) { return format_date(d); };

    // A duplicate id is reported at its second occurrence.
    const auto check_unique = [&](std::string_view table, const std::vector<std::string>& ids,
                                  const std::vector<Index>& order) {
        for (std::size_t k = 1; k < order.size(); ++k)
            if (ids[order[k]] == ids[order[k - 1]])
                in.fail(table, std::max(order[k], order[k - 1]), "id", ids[order[k]],
                        "a unique id");
    };
    const auto check_id = [&](std::string_view table, std::size_t row, const std::string& id) {
        if (id.empty()) in.fail(table, row, "id", id, "a non-empty id");
    };

    // Communities.
    auto& cc = prog.communities_;
    for (std::size_t r = 0; r < in.communities.size(); ++r) {
        auto& c = in.communities[r];
        check_id("communities", r, c.id);
        if (c.region.valid() && !regions.contains(c.region))
            in.fail("communities", r, "region", c.region.to_string(), "a region in the table");
        cc.id.push_back(std::move(c.id));
        cc.name.push_back(std::move(c.name));
        cc.basis.push_back(c.basis);
        cc.sector.push_back(c.sector);
        cc.region.push_back(c.region);
    }
    prog.community_order_ = order_by_id(cc.id);
    check_unique("communities", cc.id, prog.community_order_);
    const auto community_ref = [&](std::string_view table, std::size_t row,
                                   const std::string& id) -> Index {
        if (id.empty()) return no_index;
        if (auto c = find_in(prog.community_order_, cc.id, id)) return *c;
        in.fail<reference_error>(table, row, "community", id, "the id of a known community");
        return no_index;
    };

    // Mentors.
    auto& mc = prog.mentors_;
    for (std::size_t r = 0; r < in.mentors.size(); ++r) {
        auto& m = in.mentors[r];
        check_id("mentors", r, m.id);
        if (!m.kecamatan.valid() || m.kecamatan.level() != RegionLevel::kecamatan ||
            !regions.contains(m.kecamatan))
            in.fail<reference_error>("mentors", r, "kecamatan", m.kecamatan.to_string(),
                                     "a kecamatan code in the region table");
        if (m.capacity < 0)
            in.fail("mentors", r, "capacity", std::to_string(m.capacity),
                    "a capacity of zero or more");
        if (!m.active_from.is_special() && !m.active_to.is_special() && m.active_to < m.active_from)
            in.fail("mentors", r, "active_to", date_or_empty(m.active_to),
                    "a date on or after active_from " + date_or_empty(m.active_from));
        mc.community.push_back(community_ref("mentors", r, m.community));
        mc.id.push_back(std::move(m.id));
        mc.name.push_back(std::move(m.name));
        mc.kind.push_back(m.kind);
        mc.kecamatan.push_back(m.kecamatan);
        mc.sectors.push_back(m.sectors);
        mc.phases.push_back(m.phases);
        mc.capacity.push_back(m.capacity);
        mc.active_from.push_back(m.active_from);
        mc.active_to.push_back(m.active_to);
    }
    prog.mentor_order_ = order_by_id(mc.id);
    check_unique("mentors", mc.id, prog.mentor_order_);

    // Participants.
    auto& pc = prog.participants_;
    const std::size_t np = in.participants.size();
    if (np >= no_index) throw error("too many participants for a 32-bit index");
    for (auto* col : {&pc.id, &pc.name, &pc.kbli}) col->reserve(np);
    for (std::size_t r = 0; r < np; ++r) {
        auto& p = in.participants[r];
        check_id("participants", r, p.id);
        if (!p.kelurahan.valid() || p.kelurahan.level() != RegionLevel::kelurahan ||
            !regions.contains(p.kelurahan))
            in.fail<reference_error>("participants", r, "kelurahan", p.kelurahan.to_string(),
                                     "a kelurahan code in the region table");
        if (p.registered_on.is_special())
            in.fail("participants", r, "registered_on", "", "a registration date");
        else if (!p.exited_on.is_special() && p.exited_on < p.registered_on)
            in.fail("participants", r, "exited_on", date_or_empty(p.exited_on),
                    "a date on or after registered_on " + date_or_empty(p.registered_on));
        pc.community.push_back(community_ref("participants", r, p.community));
        pc.id.push_back(std::move(p.id));
        pc.nik.push_back(p.nik ? p.nik->packed() : 0);
        pc.name.push_back(std::move(p.name));
        pc.sex.push_back(p.sex ? static_cast<std::uint8_t>(*p.sex) : no_sex);
        pc.birth_date.push_back(p.birth_date);
        pc.kelurahan.push_back(p.kelurahan);
        pc.sector.push_back(p.sector);
        pc.kbli.push_back(std::move(p.kbli));
        pc.registered_on.push_back(p.registered_on);
        pc.business_started_on.push_back(p.business_started_on);
        pc.exited_on.push_back(p.exited_on);
    }
    in.participants = {};
    prog.participant_order_ = order_by_id(pc.id);
    check_unique("participants", pc.id, prog.participant_order_);

    const auto participant_ref = [&](std::string_view table, std::size_t row,
                                     const std::string& id) -> Index {
        if (auto i = find_in(prog.participant_order_, pc.id, id)) return *i;
        in.fail<reference_error>(table, row, "participant", id, "the id of a known participant");
        return no_index;
    };
    const auto warn = [&](std::string_view table, std::size_t row, std::string column,
                          std::string message) {
        warnings.push_back({in.where(table, row, std::move(column)), std::move(message)});
    };

    // Steps.
    {
        StepColumns& sc = prog.steps_;
        for (std::size_t r = 0; r < in.steps.size(); ++r) {
            auto& s = in.steps[r];
            const Index p = participant_ref("steps", r, s.participant);
            if (s.completed_on.is_special())
                in.fail("steps", r, "completed_on", "", "a completion date");
            else if (p != no_index && s.completed_on < pc.registered_on[p] &&
                     !pc.registered_on[p].is_special())
                warn("steps", r, "completed_on",
                     std::string(to_string(s.step)) + " completed before registration");
            sc.participant.push_back(p);
            sc.step.push_back(s.step);
            sc.completed_on.push_back(s.completed_on);
        }
        in.steps = {};
    }
    // Licences.
    {
        LicenceColumns& lc = prog.licences_;
        for (std::size_t r = 0; r < in.licences.size(); ++r) {
            auto& l = in.licences[r];
            const Index p = participant_ref("licences", r, l.participant);
            if (l.licence.issued_on.is_special())
                in.fail("licences", r, "issued_on", "", "an issue date");
            else if (!l.licence.valid_until.is_special() &&
                     l.licence.valid_until < l.licence.issued_on)
                in.fail("licences", r, "valid_until", date_or_empty(l.licence.valid_until),
                        "a date on or after issued_on " + date_or_empty(l.licence.issued_on));
            else if (is_anomalous(l.licence))
                warn("licences", r, "issued_on",
                     std::string(to_string(l.licence.kind)) +
                         " anomalous: an IUMK issued on or after 2021-07-02 (risk-based OSS) "
                         "or a NIB that is not 13 digits");
            lc.participant.push_back(p);
            lc.kind.push_back(l.licence.kind);
            lc.number.push_back(std::move(l.licence.number));
            lc.issued_on.push_back(l.licence.issued_on);
            lc.valid_until.push_back(l.licence.valid_until);
            lc.issuer.push_back(std::move(l.licence.issuer));
        }
        in.licences = {};
    }
    // A P4 step without any licence on record is worth a look but is not an error: the
    // licence may simply not have been entered.
    {
        std::vector<bool> has_licence(np, false);
        for (Index p : prog.licences_.participant)
            if (p != no_index) has_licence[p] = true;
        const auto& sc = prog.steps_;
        for (std::size_t r = 0; r < sc.size(); ++r)
            if (sc.step[r] == Step::p4 && sc.participant[r] != no_index &&
                !has_licence[sc.participant[r]])
                warn("steps", r, "step",
                     "participant " + pc.id[sc.participant[r]] + " has P4 but no licence");
    }
    // Reports.
    {
        ReportColumns& rc = prog.reports_;
        for (std::size_t r = 0; r < in.reports.size(); ++r) {
            auto& q = in.reports[r];
            const Index p = participant_ref("reports", r, q.participant);
            if (q.revenue.value() < 0)
                in.fail("reports", r, "revenue", q.revenue.to_plain_string(),
                        "zero or more rupiah");
            if (q.capital && q.capital->value() < 0)
                in.fail("reports", r, "capital", q.capital->to_plain_string(),
                        "zero or more rupiah");
            if (q.employees && *q.employees < 0)
                in.fail("reports", r, "employees", std::to_string(*q.employees),
                        "zero or more employees");
            if (p != no_index && q.quarter.last_day() < pc.registered_on[p])
                warn("reports", r, "quarter",
                     "report for " + q.quarter.to_string() + " ends before registration on " +
                         date_or_empty(pc.registered_on[p]));
            rc.participant.push_back(p);
            rc.quarter.push_back(q.quarter);
            rc.revenue.push_back(q.revenue.value());
            rc.capital.push_back(q.capital ? q.capital->value() : no_amount);
            rc.employees.push_back(q.employees ? *q.employees : no_count);
            rc.reported_on.push_back(q.reported_on);
            rc.known_on.push_back(q.known_on());
        }
        in.reports = {};
    }
    // Assignments.
    {
        AssignmentColumns& ac = prog.assignments_;
        for (std::size_t r = 0; r < in.assignments.size(); ++r) {
            auto& a = in.assignments[r];
            const Index p = participant_ref("assignments", r, a.participant);
            Index m = no_index;
            if (auto found = find_in(prog.mentor_order_, mc.id, a.mentor))
                m = *found;
            else
                in.fail<reference_error>("assignments", r, "mentor", a.mentor,
                                         "the id of a known mentor");
            if (a.from.is_special())
                in.fail("assignments", r, "from", "", "a start date");
            else if (!a.to.is_special() && a.to < a.from)
                in.fail("assignments", r, "to", date_or_empty(a.to),
                        "a date on or after from " + date_or_empty(a.from));
            ac.participant.push_back(p);
            ac.mentor.push_back(m);
            ac.from.push_back(a.from);
            ac.to.push_back(a.to);
        }
        in.assignments = {};
    }
    // Targets.
    {
        TargetColumns& tc = prog.targets_;
        for (std::size_t r = 0; r < in.targets.size(); ++r) {
            auto& t = in.targets[r];
            check_id("targets", r, t.id);
            if (!t.region.valid() || !regions.contains(t.region))
                in.fail<reference_error>("targets", r, "region", t.region.to_string(),
                                         "a region code in the region table");
            if (t.start.is_special()) in.fail("targets", r, "start", "", "a start date");
            if (t.end.is_special() || (!t.start.is_special() && t.end < t.start))
                in.fail("targets", r, "end", date_or_empty(t.end), "an end date on or after start");
            if (t.value < 0)
                in.fail("targets", r, "value", std::to_string(t.value), "zero or more");
            tc.id.push_back(std::move(t.id));
            tc.metric.push_back(t.metric);
            tc.region.push_back(t.region);
            tc.start.push_back(t.start);
            tc.end.push_back(t.end);
            tc.value.push_back(t.value);
        }
        check_unique("targets", tc.id, order_by_id(tc.id));
    }

    if (!in.errors.empty()) throw validation_errors(std::move(in.errors), in.truncated);

    // Sort the event tables by participant, then date; index them by offsets.
    {
        auto& s = prog.steps_;
        auto perm = sort_by_participant(s.participant, np, s, [&](std::size_t r) {
            return std::pair(s.completed_on[r], s.step[r]);
        });
        permute(s.participant, perm), permute(s.step, perm), permute(s.completed_on, perm);
    }
    {
        auto& l = prog.licences_;
        auto perm = sort_by_participant(l.participant, np, l,
                                        [&](std::size_t r) { return l.issued_on[r]; });
        permute(l.participant, perm), permute(l.kind, perm), permute(l.number, perm);
        permute(l.issued_on, perm), permute(l.valid_until, perm), permute(l.issuer, perm);
    }
    {
        auto& r = prog.reports_;
        auto perm =
            sort_by_participant(r.participant, np, r, [&](std::size_t k) { return r.quarter[k]; });
        permute(r.participant, perm), permute(r.quarter, perm), permute(r.revenue, perm);
        permute(r.capital, perm), permute(r.employees, perm), permute(r.reported_on, perm);
        permute(r.known_on, perm);
        // One report per participant and quarter: a second one is ambiguous input.
        for (Index i = 0; i < np; ++i)
            for (std::size_t k = r.begin(i) + 1; k < r.end(i); ++k)
                if (r.quarter[k] == r.quarter[k - 1])
                    throw validation_error(in.where("reports", perm[k], "quarter"),
                                           r.quarter[k].to_string(),
                                           "one report per participant and quarter (participant " +
                                               pc.id[i] + " reports it twice)");
    }
    {
        auto& a = prog.assignments_;
        auto perm =
            sort_by_participant(a.participant, np, a, [&](std::size_t k) { return a.from[k]; });
        permute(a.participant, perm), permute(a.mentor, perm), permute(a.from, perm);
        permute(a.to, perm);
    }

    return prog;
}

} // namespace okoce
