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
    const auto& mentor_ids = programme.mentors().id;
    OverdueList raw;
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scan(programme, i, as_of, [](Quarter) {});
        if (s.owed.count == 0 || s.latest_received) continue;
        if (by == OverdueBy::mentor) {
            const Index m = current_mentor(programme, i, as_of);
            raw.group.push_back(m == no_index ? std::string("(none)") : mentor_ids[m]);
        } else {
            raw.group.push_back(pc.kelurahan[i].ancestor(RegionLevel::kecamatan).to_string());
        }
        raw.participant.push_back(i);
        raw.participant_id.push_back(pc.id[i]);
        raw.quarters_missing.push_back(s.owed.count - s.received);
        raw.last_report.push_back(s.last_report);
    }
    std::vector<std::size_t> order(raw.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (raw.group[a] != raw.group[b]) return raw.group[a] < raw.group[b];
        return raw.participant_id[a] < raw.participant_id[b];
    });
    OverdueList out;
    for (auto* v : {&out.group, &out.participant_id}) v->reserve(order.size());
    for (std::size_t r : order) {
        out.group.push_back(std::move(raw.group[r]));
        out.participant.push_back(raw.participant[r]);
        out.participant_id.push_back(std::move(raw.participant_id[r]));
        out.quarters_missing.push_back(raw.quarters_missing[r]);
        out.last_report.push_back(raw.last_report[r]);
    }
    return out;
}

} // namespace okoce
