#include "okoce/monitoring.hpp"

#include "huge_pages.hpp"
#include "partial_codec.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace okoce {

namespace {

void require_options(MonitoringOptions o) {
    OKOCE_REQUIRE(o.grace_days >= 0 && o.grace_days <= MonitoringOptions::max_grace_days,
                  "MonitoringOptions", "grace_days", std::to_string(o.grace_days),
                  "days from 0 to " + std::to_string(MonitoringOptions::max_grace_days));
}

struct Scan {
    ExpectedQuarters owed;
    std::int32_t received = 0;
    std::int32_t on_time = 0;
    std::optional<Quarter> last_report;
    bool latest_received = false;
    std::int32_t missing() const noexcept { return owed.count - received; }
};

// The last quarter whose report is due by `as_of`: last_day + grace <= as_of, that is
// last_day <= as_of - grace. nullopt when no quarter can be (as_of within grace of the
// calendar's start).
std::optional<Quarter> last_due_quarter(Date as_of, MonitoringOptions options) {
    const Date min_day(boost::gregorian::min_date_time);
    if ((as_of - min_day).days() < options.grace_days) return std::nullopt;
    const Date cutoff = as_of - boost::gregorian::days(options.grace_days);
    Quarter last = Quarter::of(cutoff);
    if (cutoff < last.last_day()) last = last.previous();
    return last;
}

ExpectedQuarters owed_quarters(const ParticipantColumns& pc, Index participant, Date as_of,
                               std::optional<Quarter> last_due) {
    const Date registered = pc.registered_on[participant];
    ExpectedQuarters e;
    e.first = Quarter::of(registered).next();
    if (registered > as_of || !last_due) return e;
    Quarter last = *last_due;
    const Date exited = pc.exited_on[participant];
    // The quarter of the exit is not owed: it did not end while the participant was in.
    if (!exited.is_special() && Quarter::of(exited).previous() < last)
        last = Quarter::of(exited).previous();
    e.last = last;
    e.count = std::max(0, last - e.first + 1);
    return e;
}

// What every participant's scan shares, worked out once per call: the last quarter due, and
// each quarter's due date as a day number, so that the on-time test of each of a few million
// reports is an integer comparison rather than a calendar conversion.
class Scanner {
public:
    Scanner(const Programme& programme, Date as_of, MonitoringOptions options)
        : programme_(programme), as_of_(as_of), last_due_(last_due_quarter(as_of, options)),
          grace_(options.grace_days) {
        const auto first = Quarter(first_supported_year, 1).index();
        const auto last = Quarter(last_supported_year + 1, 4).index();
        first_index_ = first;
        due_day_.reserve(static_cast<std::size_t>(last - first + 1));
        for (auto k = first; k <= last; ++k) due_day_.push_back(due_day(Quarter::from_index(k)));
    }

    // One pass over a participant's reports (sorted by quarter), calling on_missing(q) for
    // each owed quarter without a known report, oldest first.
    template <class OnMissing>
    Scan scan(Index i, OnMissing on_missing) const {
        const auto& rc = programme_.reports();
        Scan s;
        s.owed = owed_quarters(programme_.participants(), i, as_of_, last_due_);
        Quarter cursor = s.owed.first; // next owed quarter not yet accounted for
        for (std::size_t r = rc.begin(i); r < rc.end(i); ++r) {
            if (rc.known_on[r] > as_of_) continue;
            const Quarter q = rc.quarter[r];
            s.last_report = q;
            if (s.owed.count == 0 || q < s.owed.first || q > s.owed.last) continue;
            for (; cursor < q; cursor = cursor.next()) on_missing(cursor);
            cursor = q.next();
            ++s.received;
            if (rc.known_on[r].day_number() <= due_of(q)) ++s.on_time;
            if (q == s.owed.last) s.latest_received = true;
        }
        if (s.owed.count > 0)
            for (; cursor <= s.owed.last; cursor = cursor.next()) on_missing(cursor);
        return s;
    }

private:
    using DayNumber = Date::date_rep_type::int_type;
    DayNumber due_day(Quarter q) const {
        return (q.last_day() + boost::gregorian::days(grace_)).day_number();
    }
    DayNumber due_of(Quarter q) const {
        const auto k = q.index() - first_index_;
        if (k < 0 || static_cast<std::size_t>(k) >= due_day_.size()) return due_day(q);
        return due_day_[static_cast<std::size_t>(k)];
    }

    const Programme& programme_;
    Date as_of_;
    std::optional<Quarter> last_due_;
    int grace_;
    std::int32_t first_index_ = 0;
    std::vector<DayNumber> due_day_;
};

} // namespace

Date report_due(Quarter q, MonitoringOptions options) {
    require_options(options);
    return q.last_day() + boost::gregorian::days(options.grace_days);
}

ExpectedQuarters expected_quarters(const Programme& programme, Index participant, Date as_of,
                                   MonitoringOptions options) {
    OKOCE_REQUIRE(!as_of.is_special(), "expected_quarters", "as_of", format_date(as_of), "a date");
    require_options(options);
    return owed_quarters(programme.participants(), participant, as_of,
                         last_due_quarter(as_of, options));
}

Compliance compliance(const Programme& programme, Date as_of, MonitoringOptions options) {
    OKOCE_REQUIRE(!as_of.is_special(), "compliance", "as_of", format_date(as_of), "a date");
    require_options(options);
    const Scanner scanner(programme, as_of, options);
    const auto& pc = programme.participants();
    Compliance c;
    c.grace_days = options.grace_days;
    // Sized up front: at a few million rows, growing nine vectors by doubling copies each
    // several times and touches twice the pages.
    std::size_t m = 0;
    for (Index i = 0; i < pc.size(); ++i) m += pc.registered_on[i] > as_of ? 0u : 1u;
    detail::reserve_huge(c.participant, m);
    detail::reserve_huge(c.expected, m);
    detail::reserve_huge(c.received, m);
    detail::reserve_huge(c.received_on_time, m);
    detail::reserve_huge(c.active, m);
    detail::reserve_huge(c.last_report, m);
    detail::reserve_huge(c.missing_offsets, m + 1);
    detail::reserve_huge(c.missing, m); // about one a participant; grows past that if need be
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scanner.scan(i, [&](Quarter q) { c.missing.push_back(q); });
        c.participant.push_back(i);
        c.expected.push_back(s.owed.count);
        c.received.push_back(s.received);
        c.received_on_time.push_back(s.on_time);
        c.active.push_back(programme.active_on(i, as_of) ? 1 : 0);
        c.last_report.push_back(s.last_report);
        c.missing_offsets.push_back(c.missing.size());
    }
    return c;
}

ComplianceSummaryPartial compliance_summary_partial(const Programme& programme, Date as_of,
                                                    GroupBy by, MonitoringOptions options) {
    OKOCE_REQUIRE(!as_of.is_special(), "compliance_summary", "as_of", format_date(as_of), "a date");
    require_options(options);
    const Scanner scanner(programme, as_of, options);
    const auto& pc = programme.participants();
    const Groups groups = group_participants(programme, by, as_of);
    ComplianceSummaryPartial p;
    p.as_of = as_of;
    p.grace_days = options.grace_days;
    p.by = by;
    detail::zero_rows(p, groups.size());
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scanner.scan(i, [](Quarter) {});
        const auto g = groups.key[i];
        ++p.participants[g];
        p.expected[g] += s.owed.count;
        p.received[g] += s.received;
        p.received_on_time[g] += s.on_time;
    }
    detail::keep_groups(p, groups, p.participants, by); // of those registered by as_of
    return p;
}

ComplianceSummary finish(const ComplianceSummaryPartial& partial, Suppression suppression) {
    check_partial(partial);
    ComplianceSummary out;
    out.grace_days = partial.grace_days;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto share = [&](std::int64_t part, std::int64_t whole) {
        return whole == 0 ? nan : static_cast<double>(part) / static_cast<double>(whole);
    };
    for (std::size_t g = 0; g < partial.group.size(); ++g) {
        const std::int64_t people = partial.participants[g], expected = partial.expected[g],
                           received = partial.received[g], on_time = partial.received_on_time[g];
        out.group.push_back(partial.group[g]);
        const bool hide = suppress(people, suppression) == suppressed;
        const auto shown = [&](std::int64_t v) { return hide ? suppressed : v; };
        out.participants.push_back(shown(people));
        out.expected.push_back(shown(expected));
        out.received.push_back(shown(received));
        out.received_on_time.push_back(shown(on_time));
        out.missing.push_back(shown(expected - received));
        out.received_rate.push_back(hide ? nan : share(received, expected));
        out.on_time_rate.push_back(hide ? nan : share(on_time, expected));
    }
    return out;
}

ComplianceSummary compliance_summary(const Programme& programme, Date as_of, GroupBy by,
                                     Suppression suppression, MonitoringOptions options) {
    return finish(compliance_summary_partial(programme, as_of, by, options), suppression);
}

namespace {

// The follow-up list's rows in participant id order, each with its candidate label (an index
// into `labels`), before they are grouped: overdue() and overdue_partial() both start here.
struct OverdueRows {
    std::vector<std::string> labels;
    OverdueList raw;
};

OverdueRows overdue_rows(const Programme& programme, Date as_of, OverdueBy by,
                         MonitoringOptions options) {
    OKOCE_REQUIRE(!as_of.is_special(), "overdue", "as_of", format_date(as_of), "a date");
    require_options(options);
    const Scanner scanner(programme, as_of, options);
    OKOCE_REQUIRE(by == OverdueBy::mentor || by == OverdueBy::kecamatan, "overdue", "by",
                  std::to_string(static_cast<int>(by)), "mentor or kecamatan");
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
    std::int64_t exited = 0;
    for (const Index i : programme.participants_by_id()) {
        if (pc.registered_on[i] > as_of) continue;
        const Scan s = scanner.scan(i, [](Quarter) {});
        if (!programme.active_on(i, as_of)) {
            if (s.missing() > 0) ++exited;
            continue;
        }
        if (s.owed.count == 0 || s.latest_received) continue;
        raw.group.push_back(label_of[i]);
        raw.participant.push_back(i);
        raw.quarters_missing.push_back(s.owed.count - s.received);
        raw.last_report.push_back(s.last_report);
    }
    raw.exited_with_missing = exited;
    return {std::move(labels), std::move(raw)};
}

} // namespace

OverdueList overdue(const Programme& programme, Date as_of, OverdueBy by,
                    MonitoringOptions options) {
    OverdueRows collected = overdue_rows(programme, as_of, by, options);
    const std::vector<std::string>& labels = collected.labels;
    OverdueList& raw = collected.raw;
    const std::int64_t exited = raw.exited_with_missing;
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
    out.grace_days = options.grace_days;
    out.exited_with_missing = exited;
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

ExitedMissing exited_with_missing(const Programme& programme, Date as_of,
                                  MonitoringOptions options) {
    OKOCE_REQUIRE(!as_of.is_special(), "exited_with_missing", "as_of", format_date(as_of),
                  "a date");
    require_options(options);
    const Scanner scanner(programme, as_of, options);
    const auto& pc = programme.participants();
    ExitedMissing out;
    out.grace_days = options.grace_days;
    for (const Index i : programme.participants_by_id()) {
        if (pc.registered_on[i] > as_of || programme.active_on(i, as_of)) continue;
        const Scan s = scanner.scan(i, [](Quarter) {});
        if (s.missing() == 0) continue;
        out.participant.push_back(i);
        out.exited_on.push_back(pc.exited_on[i]);
        out.quarters_missing.push_back(s.missing());
        out.last_report.push_back(s.last_report);
    }
    return out;
}

OverduePartial overdue_partial(const Programme& programme, Date as_of, OverdueBy by,
                               MonitoringOptions options) {
    const OverdueRows rows = overdue_rows(programme, as_of, by, options);
    const std::vector<std::string>& labels = rows.labels;
    const OverdueList& raw = rows.raw;
    const auto& ids = programme.participants().id;
    OverduePartial p;
    p.as_of = as_of;
    p.grace_days = options.grace_days;
    p.by = by;
    p.exited_with_missing = raw.exited_with_missing;
    for (std::size_t r = 0; r < raw.size(); ++r) {
        p.group.push_back(labels[raw.group[r]]);
        p.id.emplace_back(ids[raw.participant[r]]);
    }
    p.quarters_missing = raw.quarters_missing;
    p.last_report = raw.last_report;
    return p;
}

OverdueIds finish(const OverduePartial& partial) {
    check_partial(partial);
    // Sorted as overdue() sorts: by group, then participant id (ids are unique).
    std::vector<std::size_t> order(partial.id.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (partial.group[a] != partial.group[b]) return partial.group[a] < partial.group[b];
        return partial.id[a] < partial.id[b];
    });
    OverdueIds out;
    out.grace_days = partial.grace_days;
    out.exited_with_missing = partial.exited_with_missing;
    for (const std::size_t r : order) {
        if (out.groups.empty() || out.groups.back() != partial.group[r])
            out.groups.push_back(partial.group[r]);
        out.group.push_back(static_cast<std::uint32_t>(out.groups.size() - 1));
        out.id.push_back(partial.id[r]);
        out.quarters_missing.push_back(partial.quarters_missing[r]);
        out.last_report.push_back(partial.last_report[r]);
    }
    return out;
}

ExitedWithMissingPartial exited_with_missing_partial(const Programme& programme, Date as_of,
                                                     MonitoringOptions options) {
    ExitedMissing e = exited_with_missing(programme, as_of, options);
    const auto& ids = programme.participants().id;
    ExitedWithMissingPartial p;
    p.as_of = as_of;
    p.grace_days = options.grace_days;
    p.id.reserve(e.size());
    for (const Index i : e.participant) p.id.emplace_back(ids[i]);
    p.exited_on = std::move(e.exited_on);
    p.quarters_missing = std::move(e.quarters_missing);
    p.last_report = std::move(e.last_report);
    return p;
}

ExitedWithMissingPartial finish(const ExitedWithMissingPartial& partial) {
    check_partial(partial);
    std::vector<std::size_t> order(partial.id.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return partial.id[a] < partial.id[b]; });
    ExitedWithMissingPartial out;
    out.as_of = partial.as_of;
    out.grace_days = partial.grace_days;
    for (const std::size_t r : order) {
        out.id.push_back(partial.id[r]);
        out.exited_on.push_back(partial.exited_on[r]);
        out.quarters_missing.push_back(partial.quarters_missing[r]);
        out.last_report.push_back(partial.last_report[r]);
    }
    return out;
}

namespace {
void check_grace(std::string_view kind, std::int32_t grace_days) {
    if (grace_days < 0 || grace_days > MonitoringOptions::max_grace_days)
        detail::bad_partial(kind, "grace_days",
                            std::to_string(grace_days) + " is not from 0 to " +
                                std::to_string(MonitoringOptions::max_grace_days));
}
} // namespace

void ComplianceSummaryPartial::check() const {
    check_grace(kind, grace_days);
}
void OverduePartial::check() const {
    check_grace(kind, grace_days);
}
void ExitedWithMissingPartial::check() const {
    check_grace(kind, grace_days);
}

} // namespace okoce

OKOCE_PARTIAL(okoce::ComplianceSummaryPartial);
OKOCE_PARTIAL(okoce::OverduePartial);
OKOCE_PARTIAL(okoce::ExitedWithMissingPartial);
