#include "okoce/monitoring.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace okoce {

namespace {

void require_date(Date d) {
    if (d.is_special()) throw validation_error({"", 0, "as_of"}, "", "a date");
}

struct Scan {
    ExpectedQuarters owed;
    std::int32_t received = 0;
    std::optional<Quarter> last_report;
    bool latest_received = false;
};

// One pass over a participant's reports (sorted by quarter), calling on_missing(q) for each
// owed quarter without a known report, oldest first.
template <class OnMissing>
Scan scan(const Programme& programme, Index i, Date as_of, OnMissing on_missing) {
    const auto& rc = programme.reports();
    Scan s;
    s.owed = expected_quarters(programme, i, as_of);
    Quarter cursor = s.owed.first; // next owed quarter not yet accounted for
    for (std::size_t r = rc.begin(i); r < rc.end(i); ++r) {
        if (rc.known_on[r] > as_of) continue;
        const Quarter q = rc.quarter[r];
        s.last_report = q;
        if (s.owed.count == 0 || q < s.owed.first || q > s.owed.last) continue;
        for (; cursor < q; cursor = cursor.next()) on_missing(cursor);
        cursor = q.next();
        ++s.received;
        if (q == s.owed.last) s.latest_received = true;
    }
    if (s.owed.count > 0)
        for (; cursor <= s.owed.last; cursor = cursor.next()) on_missing(cursor);
    return s;
}

} // namespace

ExpectedQuarters expected_quarters(const Programme& programme, Index participant, Date as_of) {
    require_date(as_of);
    const auto& pc = programme.participants();
    const Date registered = pc.registered_on[participant];
    ExpectedQuarters e;
    e.first = Quarter::of(registered).next();
    if (registered > as_of) return e;
    Quarter last = Quarter::of(as_of);
    if (as_of < last.last_day()) last = last.previous();
    const Date exited = pc.exited_on[participant];
    // The quarter of the exit is not owed: it did not end while the participant was in.
    if (!exited.is_special() && Quarter::of(exited).previous() < last)
        last = Quarter::of(exited).previous();
    e.last = last;
    e.count = std::max(0, last - e.first + 1);
    return e;
}

Compliance compliance(const Programme& programme, Date as_of) {
    require_date(as_of);
    const auto& pc = programme.participants();
    Compliance c;
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scan(programme, i, as_of, [&](Quarter q) { c.missing.push_back(q); });
        c.participant.push_back(i);
        c.expected.push_back(s.owed.count);
        c.received.push_back(s.received);
        c.last_report.push_back(s.last_report);
        c.missing_offsets.push_back(c.missing.size());
    }
    return c;
}

ComplianceSummary compliance_summary(const Programme& programme, Date as_of, GroupBy by,
                                     Suppression suppression) {
    require_date(as_of);
    const auto& pc = programme.participants();
    const Groups groups = group_participants(programme, by, as_of);
    const std::size_t ng = groups.size();
    std::vector<std::int64_t> people(ng, 0), expected(ng, 0), received(ng, 0);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scan(programme, i, as_of, [](Quarter) {});
        const auto g = groups.key[i];
        ++people[g];
        expected[g] += s.owed.count;
        received[g] += s.received;
    }
    ComplianceSummary out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t g = 0; g < ng; ++g) {
        if (people[g] == 0 && by != GroupBy::none) continue;
        out.group.push_back(groups.label[g]);
        if (suppress(people[g], suppression) == suppressed) {
            out.participants.push_back(suppressed);
            out.expected.push_back(suppressed);
            out.received.push_back(suppressed);
            out.rate.push_back(nan);
            continue;
        }
        out.participants.push_back(people[g]);
        out.expected.push_back(expected[g]);
        out.received.push_back(received[g]);
        out.rate.push_back(expected[g] == 0 ? nan
                                            : static_cast<double>(received[g]) /
                                                  static_cast<double>(expected[g]));
    }
    return out;
}

OverdueList overdue(const Programme& programme, Date as_of, OverdueBy by) {
    require_date(as_of);
    if (by != OverdueBy::mentor && by != OverdueBy::kecamatan)
        throw validation_error({"", 0, "by"}, std::to_string(static_cast<int>(by)),
                               "mentor or kecamatan");
    const auto& pc = programme.participants();
    // Candidate labels and, per participant, the label it falls under.
    std::vector<std::string> labels;
    std::vector<std::uint32_t> label_of;
    if (by == OverdueBy::kecamatan) {
        Groups g = group_participants(programme, GroupBy::kecamatan, as_of);
        labels = std::move(g.label);
        label_of = std::move(g.key);
    } else {
        labels = programme.mentors().id;
        labels.emplace_back("(none)");
        label_of.resize(pc.size());
        const auto none = static_cast<std::uint32_t>(labels.size() - 1);
        for (Index i = 0; i < pc.size(); ++i) {
            if (pc.registered_on[i] > as_of) continue;
            const Index m = current_mentor(programme, i, as_of);
            label_of[i] = m == no_index ? none : static_cast<std::uint32_t>(m);
        }
    }
    // Walking participants in id order lists each group's rows by id already; a counting sort
    // by group then keeps that order within each group.
    OverdueList raw;
    for (const Index i : programme.participants_by_id()) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scan(programme, i, as_of, [](Quarter) {});
        if (s.owed.count == 0 || s.latest_received) continue;
        raw.group.push_back(label_of[i]);
        raw.participant.push_back(i);
        raw.quarters_missing.push_back(s.owed.count - s.received);
        raw.last_report.push_back(s.last_report);
    }
    std::vector<std::size_t> start(labels.size() + 1, 0);
    for (const auto l : raw.group) ++start[l + 1];
    std::vector<std::uint32_t> by_text(labels.size());
    std::iota(by_text.begin(), by_text.end(), 0u);
    std::sort(by_text.begin(), by_text.end(),
              [&](std::uint32_t a, std::uint32_t b) { return labels[a] < labels[b]; });
    // Offsets of each label's rows in the output, labels in text order.
    std::vector<std::size_t> at(labels.size(), 0);
    std::vector<std::uint32_t> group_index(labels.size(), 0);
    OverdueList out;
    std::size_t next = 0;
    for (const auto l : by_text) {
        const std::size_t rows = start[l + 1];
        if (rows == 0) continue;
        at[l] = next;
        next += rows;
        group_index[l] = static_cast<std::uint32_t>(out.groups.size());
        out.groups.push_back(labels[l]);
    }
    const std::size_t n = raw.size();
    out.group.resize(n);
    out.participant.resize(n);
    out.quarters_missing.resize(n);
    out.last_report.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
        const auto l = raw.group[r];
        const std::size_t to = at[l]++;
        out.group[to] = group_index[l];
        out.participant[to] = raw.participant[r];
        out.quarters_missing[to] = raw.quarters_missing[r];
        out.last_report[to] = raw.last_report[r];
    }
    return out;
}

} // namespace okoce
