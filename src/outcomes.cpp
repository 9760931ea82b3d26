#include "okoce/outcomes.hpp"

#include "okoce/error.hpp"
#include "okoce/milestone.hpp"
#include "partial_codec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>
#include <type_traits>

namespace okoce {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double share(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? nan : static_cast<double>(part) / static_cast<double>(whole);
}

// A group's counts as they may be shown: all hidden when the group is small (see outcomes.hpp).
struct Shown {
    bool hide;
    std::int64_t operator()(std::int64_t v) const noexcept { return hide ? suppressed : v; }
    double operator()(double v) const noexcept { return hide ? nan : v; }
};
Shown shown_for(std::int64_t people, Suppression s) {
    return Shown{suppress(people, s) == suppressed};
}

void require_date(Date d, const char* function, const char* argument) {
    OKOCE_REQUIRE(!d.is_special(), function, argument, format_date(d), "a date");
}

// "P3", or "P2+P3" for a set; empty for no split.
std::string exposure_name(StepSet exposure) {
    std::string out;
    for (const Step s : exposure) {
        if (!out.empty()) out += '+';
        out += 'P';
        out += static_cast<char>('1' + static_cast<int>(s));
    }
    return out;
}

std::string comparison_of(StepSet exposure) {
    return exposure.empty() ? std::string() : std::string(descriptive_note);
}

// The rows of an outcome table: one per group, or two per group (not reached, reached) when
// split by exposure, in the sorted order of their labels.
class Rows {
public:
    Rows(const Programme& programme, GroupBy by, Date as_of, StepSet exposure)
        : programme_(programme), exposure_(exposure), as_of_(as_of),
          groups_(group_participants(programme, by, as_of)) {}

    std::size_t count() const noexcept { return groups_.size() * (exposure_.empty() ? 1 : 2); }

    std::size_t row(Index i) const noexcept {
        const std::size_t g = groups_.key[i];
        if (exposure_.empty()) return g;
        const StepSet done = programme_.steps_done(i, as_of_);
        bool all = true;
        for (const Step s : exposure_) all = all && done.contains(s);
        return g * 2 + (all ? 1 : 0);
    }

    std::string label(std::size_t r) const {
        if (exposure_.empty()) return groups_.label[r];
        const std::string name = exposure_name(exposure_);
        return groups_.label[r / 2] + exposure_separator + (r % 2 ? "reached " : "not ") + name;
    }

    // The rows to list, sorted by label: those with someone in them (`people`), and "all" of
    // an ungrouped, unsplit table even when empty.
    std::vector<std::size_t> listed(const std::vector<std::int64_t>& people, GroupBy by) const {
        std::vector<std::size_t> out;
        for (std::size_t r = 0; r < count(); ++r)
            if (people[r] > 0 || (by == GroupBy::none && exposure_.empty())) out.push_back(r);
        std::sort(out.begin(), out.end(),
                  [&](std::size_t a, std::size_t b) { return label(a) < label(b); });
        return out;
    }

private:
    const Programme& programme_;
    StepSet exposure_;
    Date as_of_;
    Groups groups_;
};

// Per row, a count per distinct value (sorted), for a median that merges exactly.
template <class T>
void emit_series(std::vector<T>& values, std::vector<std::vector<T>>& keys,
                 std::vector<std::vector<std::int64_t>>& counts) {
    std::sort(values.begin(), values.end());
    auto& k = keys.emplace_back();
    auto& c = counts.emplace_back();
    for (const T v : values) {
        if (k.empty() || k.back() != v) {
            k.push_back(v);
            c.push_back(0);
        }
        ++c.back();
    }
}

// The median of a distribution given as ascending distinct values and their counts (the mean
// of the two middle values for an even total, as pandas); NaN when empty.
template <class T>
double median_of(const std::vector<T>& values, const std::vector<std::int64_t>& counts) {
    const std::int64_t n = std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
    if (n == 0) return nan;
    const auto at = [&](std::int64_t rank) { // 0-based rank
        std::int64_t seen = 0;
        for (std::size_t k = 0; k < values.size(); ++k) {
            seen += counts[k];
            if (rank < seen) return static_cast<double>(values[k]);
        }
        return static_cast<double>(values.back());
    };
    if (n % 2 == 1) return at(n / 2);
    return (at(n / 2 - 1) + at(n / 2)) / 2.0;
}

// A per-group outcome's partial before its rows are chosen: its options, and each summed column
// with a zero for every row of `rows`, to count into by row.
template <class P>
P open_partial(const Rows& rows, Date as_of, GroupBy by, StepSet exposure) {
    P p;
    p.as_of = as_of;
    p.by = by;
    p.exposure = exposure;
    detail::zero_rows(p, rows.count());
    return p;
}

// Keeps the rows to list (Rows::listed), in label order, labelled, in every summed column;
// returns them, in that order, for the columns counted outside the partial.
template <class P>
std::vector<std::size_t> close_partial(P& p, const Rows& rows) {
    const std::vector<std::size_t> listed = rows.listed(p.participants, p.by);
    for (const std::size_t r : listed) p.group.push_back(rows.label(r));
    detail::keep_rows(p, listed);
    return listed;
}

// A per-group outcome's result before its columns: the partial checked, its date, exposure
// and groups.
template <class Out, class P>
Out open_result(const P& partial) {
    check_partial(partial);
    Out out;
    out.as_of = partial.as_of;
    out.exposure = exposure_name(partial.exposure);
    out.comparison = comparison_of(partial.exposure);
    out.group = partial.group;
    return out;
}

// Whether a report row counts on a day whose latest full quarter is `last`: its quarter has
// ended by then. When it arrived does not matter: an outcome describes the quarter, from the
// reports held.
bool usable(const ReportColumns& rc, std::size_t r, Quarter last) {
    return rc.quarter[r] <= last;
}

} // namespace

// ---- annual turnover ------------------------------------------------------------------------

Quarter last_full_quarter(Date d) {
    OKOCE_REQUIRE(!d.is_special(), "last_full_quarter", "d", format_date(d), "a date");
    const Quarter q = Quarter::of(d);
    return d == q.last_day() ? q : q.previous();
}

AnnualTurnover annual_turnover(const Programme& programme, Index participant, Quarter q,
                               TurnoverRule rule, Date known_by) {
    OKOCE_REQUIRE(participant < programme.participant_count(), "annual_turnover", "participant",
                  std::to_string(participant), "a participant row of the programme");
    OKOCE_REQUIRE(detail::entry_of(rule) != nullptr, "annual_turnover", "rule",
                  std::to_string(static_cast<int>(rule)), "four_quarters or annualise");
    const auto& rc = programme.reports();
    AnnualTurnover out;
    std::int64_t sum = 0;
    for (std::size_t r = rc.begin(participant); r < rc.end(participant); ++r) {
        if (rc.quarter[r] > q || rc.quarter[r] < q - 3) continue;
        if (!known_by.is_special() && !rc.known_on[r].is_special() && rc.known_on[r] > known_by)
            continue;
        sum += rc.revenue[r];
        ++out.quarters;
    }
    if (out.quarters == 4) {
        out.amount = Rupiah(sum);
    } else if (out.quarters > 0 && rule == TurnoverRule::annualise) {
        out.amount = Rupiah(sum * 4 / out.quarters);
        out.annualised = true;
    }
    return out;
}

// ---- size class and naik kelas --------------------------------------------------------------

std::uint8_t size_class_on(const Programme& programme, Index participant, Date d, SizeRegime law,
                           TurnoverRule rule) {
    require_date(d, "size_class_on", "d");
    const AnnualTurnover t = annual_turnover(programme, participant, last_full_quarter(d), rule);
    if (!t.amount) return unknown_size;
    const SizeLimits limits = size_limits(law, true);
    const Rupiah a = *t.amount;
    return static_cast<std::uint8_t>(a <= limits.micro    ? SizeClass::micro
                                     : a <= limits.small  ? SizeClass::small
                                     : a <= limits.medium ? SizeClass::medium
                                                          : SizeClass::large);
}

std::pair<SizeRegime, SizeRegime> naik_kelas_laws(Date start, Date end, NaikKelasRegime regime) {
    switch (regime) {
    case NaikKelasRegime::later: return {size_regime(end), size_regime(end)};
    case NaikKelasRegime::each_date: return {size_regime(start), size_regime(end)};
    case NaikKelasRegime::uu20_2008: return {SizeRegime::uu_20_2008, SizeRegime::uu_20_2008};
    case NaikKelasRegime::pp7_2021: return {SizeRegime::pp_7_2021, SizeRegime::pp_7_2021};
    }
    throw argument_error("naik_kelas", "regime", std::to_string(static_cast<int>(regime)),
                         "later, each_date, uu20_2008 or pp7_2021");
}

void NaikKelasPartial::check() const {
    if (end < start) detail::bad_partial(kind, "end", "an end before the start");
    if (with_participants != 0 && with_participants != 1)
        detail::bad_partial(kind, "with_participants", "a flag other than 0 or 1");
    if (with_participants == 0 && !id.empty())
        detail::bad_partial(kind, "id", "participants listed in a partial made without them");
    for (const auto* v : {&from, &to})
        for (const auto c : *v)
            if (c < 0 || c > unknown_size) detail::bad_partial(kind, "from", "a class outside 0..4");
}

NaikKelasPartial naik_kelas_partial(const Programme& programme, Date start, Date end,
                                    NaikKelasRegime regime, GroupBy by, TurnoverRule turnover,
                                    StepSet exposure, bool with_participants) {
    require_date(start, "naik_kelas", "start");
    require_date(end, "naik_kelas", "end");
    OKOCE_REQUIRE(start <= end, "naik_kelas", "end", format_date(end),
                  "a date on or after start (" + format_date(start) + ")");
    const auto [law_start, law_end] = naik_kelas_laws(start, end, regime);
    const auto& pc = programme.participants();
    const Rows rows(programme, by, end, exposure);
    std::vector<std::int64_t> people(rows.count(), 0);
    std::vector<std::array<std::int64_t, 25>> matrix(rows.count(), std::array<std::int64_t, 25>{});
    NaikKelasPartial p;
    p.start = start;
    p.end = end;
    p.regime = regime;
    p.turnover = turnover;
    p.by = by;
    p.exposure = exposure;
    p.with_participants = with_participants ? 1 : 0;
    // One pass over each participant's reports sums both years (size_class_on, twice over).
    const Quarter qa = last_full_quarter(start), qb = last_full_quarter(end);
    const SizeLimits la = size_limits(law_start, true), lb = size_limits(law_end, true);
    const auto& rc = programme.reports();
    const auto classify = [&](std::int64_t sum, std::int32_t n, const SizeLimits& l) {
        if (n == 0 || (n < 4 && turnover == TurnoverRule::four_quarters)) return unknown_size;
        const Rupiah a(n == 4 ? sum : sum * 4 / n);
        return static_cast<std::uint8_t>(a <= l.micro ? 0 : a <= l.small ? 1 : a <= l.medium ? 2 : 3);
    };
    if (with_participants) {
        p.id.reserve(pc.size());
        p.from.reserve(pc.size());
        p.to.reserve(pc.size());
    }
    for (const Index i : programme.participants_by_id()) {
        if (pc.registered_on[i] > start) continue;
        std::int64_t sa = 0, sb = 0;
        std::int32_t na = 0, nb = 0;
        for (std::size_t k = rc.begin(i); k < rc.end(i); ++k) {
            const Quarter q = rc.quarter[k];
            if (q <= qa && q >= qa - 3) sa += rc.revenue[k], ++na;
            if (q <= qb && q >= qb - 3) sb += rc.revenue[k], ++nb;
        }
        const auto a = classify(sa, na, la);
        const auto b = classify(sb, nb, lb);
        const std::size_t r = rows.row(i);
        ++people[r];
        ++matrix[r][a * 5 + b];
        if (!with_participants) continue;
        p.id.emplace_back(pc.id[i]);
        p.from.push_back(a);
        p.to.push_back(b);
    }
    for (const std::size_t r : rows.listed(people, by)) {
        p.group.push_back(rows.label(r));
        p.matrix.push_back(matrix[r]);
    }
    return p;
}

NaikKelas finish(const NaikKelasPartial& partial, Suppression suppression) {
    check_partial(partial);
    NaikKelas out;
    const auto [law_start, law_end] =
        naik_kelas_laws(partial.start, partial.end, partial.regime);
    out.regime = std::string(to_string(partial.regime));
    out.law_start = std::string(to_string(law_start));
    out.law_end = std::string(to_string(law_end));
    out.turnover = std::string(to_string(partial.turnover));
    out.exposure = exposure_name(partial.exposure);
    out.comparison = comparison_of(partial.exposure);
    out.mixes_laws = law_start != law_end ? 1 : 0;
    out.group = partial.group;
    for (const auto& m : partial.matrix) {
        std::int64_t n = 0, up = 0, down = 0, same = 0, unknown = 0;
        for (int a = 0; a < 5; ++a)
            for (int b = 0; b < 5; ++b) {
                const std::int64_t c = m[static_cast<std::size_t>(a * 5 + b)];
                n += c;
                if (a == unknown_size || b == unknown_size) unknown += c;
                else if (b > a) up += c;
                else if (b < a) down += c;
                else same += c;
            }
        const Shown show = shown_for(n, suppression);
        auto cells = m;
        for (auto& x : cells) x = show(x);
        out.matrix.push_back(cells);
        out.participants.push_back(show(n));
        out.up.push_back(show(up));
        out.down.push_back(show(down));
        out.same.push_back(show(same));
        out.unclassified.push_back(show(unknown));
    }
    // Participants by id: each part lists its own in id order; the merge concatenates.
    if (std::is_sorted(partial.id.begin(), partial.id.end())) { // one part, or parts in order
        out.id = partial.id;
        out.from = partial.from;
        out.to = partial.to;
        return out;
    }
    std::vector<std::size_t> order(partial.id.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return partial.id[a] < partial.id[b]; });
    out.id.reserve(order.size());
    for (const std::size_t k : order) {
        out.id.push_back(partial.id[k]);
        out.from.push_back(partial.from[k]);
        out.to.push_back(partial.to[k]);
    }
    return out;
}

NaikKelas naik_kelas(const Programme& programme, Date start, Date end, NaikKelasRegime regime,
                     GroupBy by, TurnoverRule turnover, StepSet exposure) {
    return finish(naik_kelas_partial(programme, start, end, regime, by, turnover, exposure, true));
}

// ---- jobs -----------------------------------------------------------------------------------

JobsPartial jobs_partial(const Programme& programme, Date as_of, GroupBy by, StepSet exposure) {
    require_date(as_of, "jobs", "as_of");
    const Quarter last = last_full_quarter(as_of);
    const auto& pc = programme.participants();
    const auto& rc = programme.reports();
    const Rows rows(programme, by, as_of, exposure);
    auto p = open_partial<JobsPartial>(rows, as_of, by, exposure);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const std::size_t r = rows.row(i);
        ++p.participants[r];
        const Quarter first = Quarter::of(pc.registered_on[i]);
        std::optional<std::pair<Quarter, std::int32_t>> b, e;
        for (std::size_t k = rc.begin(i); k < rc.end(i); ++k) {
            if (rc.employees[k] == no_count || !usable(rc, k, last)) continue;
            const Quarter q = rc.quarter[k];
            if (!b && q >= first && q <= first + 1) b.emplace(q, rc.employees[k]);
            if (q >= last - 3 && (!e || q > e->first)) e.emplace(q, rc.employees[k]);
        }
        if (!b || !e || e->first <= b->first) continue;
        ++p.with_data[r];
        p.baseline[r] += b->second;
        p.now[r] += e->second;
        const std::int64_t change = std::int64_t{e->second} - b->second;
        if (change > 0) p.created[r] += change;
        else p.lost[r] -= change;
    }
    close_partial(p, rows);
    return p;
}

Jobs finish(const JobsPartial& partial, Suppression suppression) {
    auto out = open_result<Jobs>(partial);
    for (std::size_t r = 0; r < partial.group.size(); ++r) {
        const Shown show = shown_for(partial.participants[r], suppression);
        out.participants.push_back(show(partial.participants[r]));
        out.with_data.push_back(show(partial.with_data[r]));
        out.baseline_employees.push_back(show(partial.baseline[r]));
        out.employees_now.push_back(show(partial.now[r]));
        out.jobs_created.push_back(show(partial.created[r]));
        out.jobs_lost.push_back(show(partial.lost[r]));
        // Net may be negative: hidden, it is the marker too (the counts beside it say so).
        out.net.push_back(show(partial.created[r] - partial.lost[r]));
    }
    return out;
}

Jobs jobs(const Programme& programme, Date as_of, GroupBy by, StepSet exposure) {
    return finish(jobs_partial(programme, as_of, by, exposure));
}

// ---- sales growth ---------------------------------------------------------------------------

SalesGrowthPartial sales_growth_partial(const Programme& programme, Date as_of, GroupBy by,
                                        StepSet exposure) {
    require_date(as_of, "sales_growth", "as_of");
    const Quarter q = last_full_quarter(as_of);
    const auto& pc = programme.participants();
    const auto& rc = programme.reports();
    const Rows rows(programme, by, as_of, exposure);
    auto p = open_partial<SalesGrowthPartial>(rows, as_of, by, exposure);
    std::vector<std::vector<double>> values(rows.count());
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const std::size_t r = rows.row(i);
        ++p.participants[r];
        std::optional<std::int64_t> now, before;
        for (std::size_t k = rc.begin(i); k < rc.end(i); ++k) {
            if (!usable(rc, k, q)) continue;
            if (rc.quarter[k] == q) now = rc.revenue[k];
            if (rc.quarter[k] == q - 4) before = rc.revenue[k];
        }
        if (!now || !before) continue;
        if (*before == 0) {
            ++p.from_zero[r];
            continue;
        }
        const double g =
            static_cast<double>(*now - *before) / static_cast<double>(*before);
        values[r].push_back(g);
        if (*now > *before) ++p.growing[r];
        else if (*now < *before) ++p.falling[r];
        else ++p.flat[r];
    }
    for (const std::size_t r : close_partial(p, rows)) emit_series(values[r], p.growth, p.count);
    return p;
}

SalesGrowth finish(const SalesGrowthPartial& partial, Suppression suppression) {
    auto out = open_result<SalesGrowth>(partial);
    out.quarter = last_full_quarter(partial.as_of).to_string();
    for (std::size_t r = 0; r < partial.group.size(); ++r) {
        const Shown show = shown_for(partial.participants[r], suppression);
        const std::int64_t with = partial.growing[r] + partial.falling[r] + partial.flat[r];
        out.participants.push_back(show(partial.participants[r]));
        out.growing.push_back(show(partial.growing[r]));
        out.falling.push_back(show(partial.falling[r]));
        out.flat.push_back(show(partial.flat[r]));
        out.from_zero.push_back(show(partial.from_zero[r]));
        out.with_data.push_back(show(with));
        out.share_growing.push_back(show(share(partial.growing[r], with)));
        out.share_falling.push_back(show(share(partial.falling[r], with)));
        out.median_growth.push_back(show(median_of(partial.growth[r], partial.count[r])));
    }
    return out;
}

SalesGrowth sales_growth(const Programme& programme, Date as_of, GroupBy by, StepSet exposure) {
    return finish(sales_growth_partial(programme, as_of, by, exposure));
}

// ---- business starts ------------------------------------------------------------------------

void BusinessStartsPartial::check() const {
    for (const auto& row : days)
        for (const auto d : row)
            if (d < 0) detail::bad_partial(kind, "days", "a negative number of days to start");
}

BusinessStartsPartial business_starts_partial(const Programme& programme, Date as_of, GroupBy by,
                                              StepSet exposure) {
    require_date(as_of, "business_starts", "as_of");
    const Quarter last = last_full_quarter(as_of);
    const auto& pc = programme.participants();
    const auto& rc = programme.reports();
    const Rows rows(programme, by, as_of, exposure);
    auto p = open_partial<BusinessStartsPartial>(rows, as_of, by, exposure);
    std::vector<std::vector<std::int32_t>> days(rows.count());
    for (Index i = 0; i < pc.size(); ++i) {
        const Date reg = pc.registered_on[i];
        if (reg > as_of) continue;
        const std::size_t r = rows.row(i);
        ++p.participants[r];
        const Date started = pc.business_started_on[i];
        if (!started.is_special() && started <= reg) continue; // had a business already
        ++p.without_business[r];
        Date from_date = no_date, from_revenue = no_date;
        if (!started.is_special() && started <= as_of) from_date = started;
        for (std::size_t k = rc.begin(i); k < rc.end(i); ++k)
            if (rc.revenue[k] > 0 && usable(rc, k, last)) {
                from_revenue = std::max(rc.quarter[k].first_day(), reg);
                break; // reports are in quarter order
            }
        Date start = no_date;
        if (!from_date.is_special()) {
            start = from_revenue.is_special() ? from_date : std::min(from_date, from_revenue);
            ++p.by_date[r];
        } else if (!from_revenue.is_special()) {
            start = from_revenue;
            ++p.by_revenue_only[r];
        } else {
            continue;
        }
        days[r].push_back(static_cast<std::int32_t>((start - reg).days()));
    }
    for (const std::size_t r : close_partial(p, rows)) emit_series(days[r], p.days, p.count);
    return p;
}

BusinessStarts finish(const BusinessStartsPartial& partial, Suppression suppression) {
    auto out = open_result<BusinessStarts>(partial);
    for (std::size_t r = 0; r < partial.group.size(); ++r) {
        const Shown show = shown_for(partial.participants[r], suppression);
        const std::int64_t started = partial.by_date[r] + partial.by_revenue_only[r];
        out.participants.push_back(show(partial.participants[r]));
        out.without_business.push_back(show(partial.without_business[r]));
        out.by_date.push_back(show(partial.by_date[r]));
        out.by_revenue_only.push_back(show(partial.by_revenue_only[r]));
        out.started.push_back(show(started));
        out.share_started.push_back(show(share(started, partial.without_business[r])));
        out.median_days_to_start.push_back(show(median_of(partial.days[r], partial.count[r])));
    }
    return out;
}

BusinessStarts business_starts(const Programme& programme, Date as_of, GroupBy by,
                               StepSet exposure) {
    return finish(business_starts_partial(programme, as_of, by, exposure));
}

// ---- new entrepreneurs ----------------------------------------------------------------------

NewEntrepreneursPartial new_entrepreneurs_partial(const Programme& programme, Date as_of,
                                                  GroupBy by, StepSet exposure) {
    require_date(as_of, "new_entrepreneurs", "as_of");
    const Quarter last = last_full_quarter(as_of);
    const auto& pc = programme.participants();
    const auto& rc = programme.reports();
    const Rows rows(programme, by, as_of, exposure);
    auto p = open_partial<NewEntrepreneursPartial>(rows, as_of, by, exposure);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const std::size_t r = rows.row(i);
        ++p.participants[r];
        const bool licensed_okoce =
            !first_licensed_on(programme, i, as_of, okoce_counting).is_special();
        const bool licensed = !first_licensed_on(programme, i, as_of).is_special();
        p.licensed_okoce[r] += licensed_okoce ? 1 : 0;
        p.licensed[r] += licensed ? 1 : 0;
        p.capital[r] += programme.steps_done(i, as_of).contains(Step::p7) ? 1 : 0;
        bool in_business = licensed;
        for (std::size_t k = rc.begin(i); k < rc.end(i) && !in_business; ++k)
            in_business = usable(rc, k, last) &&
                          (rc.revenue[k] > 0 || rc.employees[k] > 0);
        p.verified_in_business[r] += in_business ? 1 : 0;
    }
    close_partial(p, rows);
    return p;
}

NewEntrepreneurs finish(const NewEntrepreneursPartial& partial, Suppression suppression) {
    auto out = open_result<NewEntrepreneurs>(partial);
    for (std::size_t r = 0; r < partial.group.size(); ++r) {
        const Shown show = shown_for(partial.participants[r], suppression);
        out.participants.push_back(show(partial.participants[r]));
        out.licensed_okoce.push_back(show(partial.licensed_okoce[r]));
        out.licensed.push_back(show(partial.licensed[r]));
        out.capital.push_back(show(partial.capital[r]));
        out.verified_in_business.push_back(show(partial.verified_in_business[r]));
    }
    return out;
}

NewEntrepreneurs new_entrepreneurs(const Programme& programme, Date as_of, GroupBy by,
                                   StepSet exposure) {
    return finish(new_entrepreneurs_partial(programme, as_of, by, exposure));
}

} // namespace okoce

OKOCE_PARTIAL(okoce::NaikKelasPartial);
OKOCE_PARTIAL(okoce::JobsPartial);
OKOCE_PARTIAL(okoce::SalesGrowthPartial);
OKOCE_PARTIAL(okoce::BusinessStartsPartial);
OKOCE_PARTIAL(okoce::NewEntrepreneursPartial);
