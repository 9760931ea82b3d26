// The byte form of the partial results (partial.hpp). Fixed-width little-endian fields behind a
// tag and a version, so that a partial made on one worker reads back on another exactly
// (doubles bit for bit), and a stale or foreign blob is an error rather than a wrong figure.
#include "okoce/partial.hpp"

#include <bit>
#include <cstring>
#include <type_traits>

namespace okoce {

namespace {

constexpr std::uint32_t format_version = 1;

class Writer {
public:
    explicit Writer(std::string_view tag) {
        text(tag);
        u64(format_version);
    }
    void u64(std::uint64_t v) {
        for (int k = 0; k < 8; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void text(std::string_view s) {
        u64(s.size());
        out_.append(s);
    }
    // Days since the epoch of boost's calendar; special values by their own codes.
    void date(Date d) {
        if (d.is_not_a_date()) return i64(std::numeric_limits<std::int64_t>::min());
        i64(static_cast<std::int64_t>(d.day_number()));
    }
    void quarter(Quarter q) { i64(q.index()); }
    void opt_quarter(const std::optional<Quarter>& q) {
        i64(q ? static_cast<std::int64_t>(q->index()) : std::numeric_limits<std::int64_t>::min());
    }
    template <class T, class Put>
    void list(const std::vector<T>& v, Put put) {
        u64(v.size());
        for (const auto& x : v) put(x);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    Reader(std::string_view bytes, std::string_view tag) : in_(bytes) {
        const std::string got = text_or_empty();
        if (got != tag)
            throw error("from_bytes: not a " + std::string(tag) + " (the bytes hold " +
                        (got.empty() ? std::string("something else") : got) + ")");
        const auto v = u64();
        if (v != format_version)
            throw error("from_bytes: " + std::string(tag) + " format version " + std::to_string(v) +
                        ", this library reads version " + std::to_string(format_version));
    }
    std::uint64_t u64() {
        need(8);
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + k])) << (8 * k);
        at_ += 8;
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string text() {
        const auto n = count(1);
        std::string s(in_.substr(at_, n));
        at_ += n;
        return s;
    }
    Date date() {
        const auto v = i64();
        if (v == std::numeric_limits<std::int64_t>::min()) return no_date;
        // day_number() is the Julian day number; boost builds a date from its calendar parts.
        const auto ymd = Date::calendar_type::from_day_number(static_cast<Date::date_int_type>(v));
        return Date(ymd.year, ymd.month, ymd.day);
    }
    Quarter quarter() { return Quarter::from_index(static_cast<std::int32_t>(i64())); }
    std::optional<Quarter> opt_quarter() {
        const auto v = i64();
        if (v == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
        return Quarter::from_index(static_cast<std::int32_t>(v));
    }
    // A length prefix, checked against what is left (each element takes at least min_bytes).
    std::size_t count(std::size_t min_bytes) {
        const auto n = u64();
        if (min_bytes > 0 && n > (in_.size() - at_) / min_bytes) cut_short();
        return static_cast<std::size_t>(n);
    }
    template <class T, class Get>
    void list(std::vector<T>& v, Get get, std::size_t min_bytes = 8) {
        const auto n = count(min_bytes);
        v.clear();
        v.reserve(n);
        for (std::size_t k = 0; k < n; ++k) v.push_back(get());
    }
    void done() const {
        if (at_ != in_.size()) throw error("from_bytes: bytes left over after the partial");
    }

private:
    std::string text_or_empty() {
        if (in_.size() < 8) return {};
        const auto n = u64();
        if (n > 64 || n > in_.size() - at_) return {};
        std::string s(in_.substr(at_, n));
        at_ += n;
        return s;
    }
    void need(std::size_t n) const {
        if (in_.size() - at_ < n) cut_short();
    }
    [[noreturn]] static void cut_short() { throw error("from_bytes: the bytes are cut short"); }
    std::string_view in_;
    std::size_t at_ = 0;
};

void lengths(bool ok, const char* what) {
    if (!ok) throw error(std::string("from_bytes: ") + what + " columns of different lengths");
}

void put_milestone(Writer& w, const Milestone& m) {
    w.u64(static_cast<std::uint64_t>(m.kind));
    w.u64(static_cast<std::uint64_t>(m.step));
    w.u64(static_cast<std::uint64_t>(m.policy));
    w.u64(m.counting.bits());
}
Milestone get_milestone(Reader& r) {
    Milestone m;
    m.kind = static_cast<Milestone::Kind>(r.u64());
    m.step = static_cast<Step>(r.u64());
    m.policy = static_cast<StepPolicy>(r.u64());
    m.counting = LicenceKinds::from_bits(static_cast<LicenceKinds::Bits>(r.u64()));
    return m;
}

template <std::size_t N>
void put_rows(Writer& w, const std::vector<std::array<std::int64_t, N>>& rows) {
    w.list(rows, [&](const auto& row) {
        for (const auto x : row) w.i64(x);
    });
}
template <std::size_t N>
void get_rows(Reader& r, std::vector<std::array<std::int64_t, N>>& rows) {
    r.list(
        rows,
        [&] {
            std::array<std::int64_t, N> row{};
            for (auto& x : row) x = r.i64();
            return row;
        },
        8 * N);
}

void put_counts(Writer& w, const std::vector<std::int64_t>& v) {
    w.list(v, [&](std::int64_t x) { w.i64(x); });
}
void get_counts(Reader& r, std::vector<std::int64_t>& v) {
    r.list(v, [&] { return r.i64(); });
}
void put_texts(Writer& w, const std::vector<std::string>& v) {
    w.list(v, [&](const std::string& s) { w.text(s); });
}
void get_texts(Reader& r, std::vector<std::string>& v) {
    r.list(v, [&] { return r.text(); });
}

} // namespace

std::string to_bytes(const FunnelPartial& p) {
    Writer w("FunnelPartial");
    w.date(p.as_of);
    w.u64(static_cast<std::uint64_t>(p.policy));
    w.u64(static_cast<std::uint64_t>(p.by));
    put_texts(w, p.group);
    put_counts(w, p.registered);
    put_rows(w, p.reached);
    return w.take();
}
void from_bytes(std::string_view bytes, FunnelPartial& p) {
    Reader r(bytes, "FunnelPartial");
    p.as_of = r.date();
    p.policy = static_cast<StepPolicy>(r.u64());
    p.by = static_cast<GroupBy>(r.u64());
    get_texts(r, p.group);
    get_counts(r, p.registered);
    get_rows(r, p.reached);
    r.done();
    lengths(p.registered.size() == p.group.size() && p.reached.size() == p.group.size(),
            "FunnelPartial");
}

std::string to_bytes(const CohortPartial& p) {
    Writer w("CohortPartial");
    w.date(p.as_of);
    put_milestone(w, p.milestone);
    w.i64(p.max_quarters);
    w.list(p.cohort, [&](Quarter q) { w.quarter(q); });
    put_counts(w, p.size);
    put_counts(w, p.reached_in);
    return w.take();
}
void from_bytes(std::string_view bytes, CohortPartial& p) {
    Reader r(bytes, "CohortPartial");
    p.as_of = r.date();
    p.milestone = get_milestone(r);
    p.max_quarters = static_cast<int>(r.i64());
    r.list(p.cohort, [&] { return r.quarter(); });
    get_counts(r, p.size);
    get_counts(r, p.reached_in);
    r.done();
    lengths(p.max_quarters >= 0 && p.size.size() == p.cohort.size() &&
                p.reached_in.size() ==
                    p.cohort.size() * (static_cast<std::size_t>(p.max_quarters) + 1),
            "CohortPartial");
}

std::string to_bytes(const ComplianceSummaryPartial& p) {
    Writer w("ComplianceSummaryPartial");
    w.date(p.as_of);
    w.i64(p.grace_days);
    w.u64(static_cast<std::uint64_t>(p.by));
    put_texts(w, p.group);
    for (const auto* v : {&p.participants, &p.expected, &p.received, &p.received_on_time})
        put_counts(w, *v);
    return w.take();
}
void from_bytes(std::string_view bytes, ComplianceSummaryPartial& p) {
    Reader r(bytes, "ComplianceSummaryPartial");
    p.as_of = r.date();
    p.grace_days = static_cast<std::int32_t>(r.i64());
    p.by = static_cast<GroupBy>(r.u64());
    get_texts(r, p.group);
    for (auto* v : {&p.participants, &p.expected, &p.received, &p.received_on_time})
        get_counts(r, *v);
    r.done();
    lengths(p.participants.size() == p.group.size() && p.expected.size() == p.group.size() &&
                p.received.size() == p.group.size() && p.received_on_time.size() == p.group.size(),
            "ComplianceSummaryPartial");
}

std::string to_bytes(const OverduePartial& p) {
    Writer w("OverduePartial");
    w.date(p.as_of);
    w.i64(p.grace_days);
    w.u64(static_cast<std::uint64_t>(p.by));
    put_texts(w, p.group);
    put_texts(w, p.id);
    w.list(p.quarters_missing, [&](std::int32_t x) { w.i64(x); });
    w.list(p.last_report, [&](const std::optional<Quarter>& q) { w.opt_quarter(q); });
    w.i64(p.exited_with_missing);
    return w.take();
}
void from_bytes(std::string_view bytes, OverduePartial& p) {
    Reader r(bytes, "OverduePartial");
    p.as_of = r.date();
    p.grace_days = static_cast<std::int32_t>(r.i64());
    p.by = static_cast<OverdueBy>(r.u64());
    get_texts(r, p.group);
    get_texts(r, p.id);
    r.list(p.quarters_missing, [&] { return static_cast<std::int32_t>(r.i64()); });
    r.list(p.last_report, [&] { return r.opt_quarter(); });
    p.exited_with_missing = r.i64();
    r.done();
    lengths(p.id.size() == p.group.size() && p.quarters_missing.size() == p.group.size() &&
                p.last_report.size() == p.group.size(),
            "OverduePartial");
}

std::string to_bytes(const ExitedMissingPartial& p) {
    Writer w("ExitedMissingPartial");
    w.date(p.as_of);
    w.i64(p.grace_days);
    put_texts(w, p.id);
    w.list(p.exited_on, [&](Date d) { w.date(d); });
    w.list(p.quarters_missing, [&](std::int32_t x) { w.i64(x); });
    w.list(p.last_report, [&](const std::optional<Quarter>& q) { w.opt_quarter(q); });
    return w.take();
}
void from_bytes(std::string_view bytes, ExitedMissingPartial& p) {
    Reader r(bytes, "ExitedMissingPartial");
    p.as_of = r.date();
    p.grace_days = static_cast<std::int32_t>(r.i64());
    get_texts(r, p.id);
    r.list(p.exited_on, [&] { return r.date(); });
    r.list(p.quarters_missing, [&] { return static_cast<std::int32_t>(r.i64()); });
    r.list(p.last_report, [&] { return r.opt_quarter(); });
    r.done();
    lengths(p.exited_on.size() == p.id.size() && p.quarters_missing.size() == p.id.size() &&
                p.last_report.size() == p.id.size(),
            "ExitedMissingPartial");
}

std::string to_bytes(const TargetPartial& p) {
    Writer w("TargetPartial");
    w.date(p.as_of);
    w.u64(static_cast<std::uint64_t>(p.policy));
    w.u64(p.counting.bits());
    put_texts(w, p.id);
    w.list(p.metric, [&](TargetMetric m) { w.u64(static_cast<std::uint64_t>(m)); });
    w.list(p.region, [&](RegionCode c) { w.u64(c.packed()); });
    w.list(p.start, [&](Date d) { w.date(d); });
    w.list(p.end, [&](Date d) { w.date(d); });
    put_counts(w, p.value);
    w.list(p.day, [&](const std::vector<std::int32_t>& days) {
        w.list(days, [&](std::int32_t d) { w.i64(d); });
    });
    w.list(p.events, [&](const std::vector<std::int64_t>& v) { put_counts(w, v); });
    return w.take();
}
void from_bytes(std::string_view bytes, TargetPartial& p) {
    Reader r(bytes, "TargetPartial");
    p.as_of = r.date();
    p.policy = static_cast<StepPolicy>(r.u64());
    p.counting = LicenceKinds::from_bits(static_cast<LicenceKinds::Bits>(r.u64()));
    get_texts(r, p.id);
    r.list(p.metric, [&] { return static_cast<TargetMetric>(r.u64()); });
    r.list(p.region, [&] { return RegionCode::from_packed(r.u64()); });
    r.list(p.start, [&] { return r.date(); });
    r.list(p.end, [&] { return r.date(); });
    get_counts(r, p.value);
    r.list(p.day, [&] {
        std::vector<std::int32_t> days;
        r.list(days, [&] { return static_cast<std::int32_t>(r.i64()); });
        return days;
    });
    r.list(p.events, [&] {
        std::vector<std::int64_t> v;
        get_counts(r, v);
        return v;
    });
    r.done();
    const auto n = p.id.size();
    if (p.metric.size() != n || p.region.size() != n || p.start.size() != n || p.end.size() != n ||
        p.value.size() != n || p.day.size() != n || p.events.size() != n)
        throw error("from_bytes: TargetPartial columns of different lengths");
}

std::string to_bytes(const PhaseMixPartial& p) {
    Writer w("PhaseMixPartial");
    w.date(p.as_of);
    w.u64(static_cast<std::uint64_t>(p.by));
    put_texts(w, p.group);
    put_rows(w, p.count);
    put_counts(w, p.insufficient_data);
    return w.take();
}
void from_bytes(std::string_view bytes, PhaseMixPartial& p) {
    Reader r(bytes, "PhaseMixPartial");
    p.as_of = r.date();
    p.by = static_cast<GroupBy>(r.u64());
    get_texts(r, p.group);
    get_rows(r, p.count);
    get_counts(r, p.insufficient_data);
    r.done();
    lengths(p.count.size() == p.group.size() && p.insufficient_data.size() == p.group.size(),
            "PhaseMixPartial");
}

std::string to_bytes(const PhaseHistoryPartial& p) {
    Writer w("PhaseHistoryPartial");
    w.quarter(p.from);
    w.quarter(p.to);
    put_rows(w, p.transitions);
    put_rows(w, p.entries);
    put_rows(w, p.exits);
    return w.take();
}
void from_bytes(std::string_view bytes, PhaseHistoryPartial& p) {
    Reader r(bytes, "PhaseHistoryPartial");
    p.from = r.quarter();
    p.to = r.quarter();
    get_rows(r, p.transitions);
    get_rows(r, p.entries);
    get_rows(r, p.exits);
    r.done();
    const auto pairs = static_cast<std::size_t>(std::max(0, p.to - p.from));
    if (p.transitions.size() != pairs || p.entries.size() != pairs || p.exits.size() != pairs)
        throw error("from_bytes: PhaseHistoryPartial counts do not match its quarters");
}

std::string to_bytes(const SurvivalPartial& p) {
    Writer w("SurvivalPartial");
    w.date(p.as_of);
    put_milestone(w, p.milestone);
    w.u64(static_cast<std::uint64_t>(p.by));
    put_texts(w, p.group);
    w.list(p.time, [&](const std::vector<double>& t) { w.list(t, [&](double x) { w.f64(x); }); });
    w.list(p.events, [&](const std::vector<std::int64_t>& v) { put_counts(w, v); });
    w.list(p.censored, [&](const std::vector<std::int64_t>& v) { put_counts(w, v); });
    return w.take();
}
void from_bytes(std::string_view bytes, SurvivalPartial& p) {
    Reader r(bytes, "SurvivalPartial");
    p.as_of = r.date();
    p.milestone = get_milestone(r);
    p.by = static_cast<GroupBy>(r.u64());
    get_texts(r, p.group);
    r.list(p.time, [&] {
        std::vector<double> t;
        r.list(t, [&] { return r.f64(); });
        return t;
    });
    const auto counts = [&] {
        std::vector<std::int64_t> v;
        get_counts(r, v);
        return v;
    };
    r.list(p.events, counts);
    r.list(p.censored, counts);
    r.done();
    const auto n = p.group.size();
    bool ok = p.time.size() == n && p.events.size() == n && p.censored.size() == n;
    for (std::size_t g = 0; ok && g < n; ++g)
        ok = p.events[g].size() == p.time[g].size() && p.censored[g].size() == p.time[g].size();
    if (!ok) throw error("from_bytes: SurvivalPartial columns of different lengths");
}

} // namespace okoce
