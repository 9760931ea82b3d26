// The seven steps of "7 PAS" (7 Langkah Pasti Akan Sukses), P1 registration to P7 capital, and
// the two policies for counting them: OK OCE's sequential policy (a step counts only once the
// steps before it are done) and JakPreneur's a-la-carte policy (each step counts on its own).
#pragma once

#include "okoce/calendar.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace okoce {

enum class Step : std::uint8_t { p1, p2, p3, p4, p5, p6, p7 };

inline constexpr std::size_t step_count = 7;
inline constexpr std::array<Step, step_count> all_steps{Step::p1, Step::p2, Step::p3, Step::p4,
                                                        Step::p5, Step::p6, Step::p7};

constexpr int number(Step s) noexcept {
    return static_cast<int>(s) + 1;
}
constexpr Step step_from_number(int n) noexcept {
    return static_cast<Step>(n - 1);
}

// "P1".."P7", as written in the data files.
constexpr std::string_view to_string(Step s) noexcept {
    constexpr std::array<std::string_view, step_count> codes{"P1", "P2", "P3", "P4",
                                                             "P5", "P6", "P7"};
    return codes[static_cast<std::size_t>(s)];
}

constexpr std::string_view name_id(Step s) noexcept {
    constexpr std::array<std::string_view, step_count> names{
        "Pendaftaran", "Pelatihan",          "Pendampingan", "Perizinan",
        "Pemasaran",   "Pelaporan Keuangan", "Permodalan"};
    return names[static_cast<std::size_t>(s)];
}

constexpr std::string_view name_en(Step s) noexcept {
    constexpr std::array<std::string_view, step_count> names{
        "Registration",        "Training",      "Mentoring", "Licensing", "Marketing",
        "Financial reporting", "Capital access"};
    return names[static_cast<std::size_t>(s)];
}

constexpr std::optional<Step> try_parse_step(std::string_view code) noexcept {
    if (code.size() == 2 && (code[0] == 'P' || code[0] == 'p') && code[1] >= '1' && code[1] <= '7')
        return step_from_number(code[1] - '0');
    return std::nullopt;
}

enum class StepPolicy : std::uint8_t {
    sequential, // OK OCE 2017-2019: a step counts once every step before it is done
    a_la_carte, // JakPreneur (Pergub 2/2020): only P1 is required; others count on their own
};

constexpr std::string_view to_string(StepPolicy p) noexcept {
    return p == StepPolicy::sequential ? "sequential" : "a_la_carte";
}

// The steps a participant has done, as a bit mask.
class StepSet {
public:
    constexpr StepSet() noexcept = default;
    constexpr StepSet(std::initializer_list<Step> steps) noexcept {
        for (Step s : steps) insert(s);
    }
    constexpr StepSet& insert(Step s) noexcept {
        bits_ = static_cast<std::uint8_t>(bits_ | (1u << static_cast<unsigned>(s)));
        return *this;
    }
    constexpr bool contains(Step s) const noexcept {
        return (bits_ >> static_cast<unsigned>(s)) & 1u;
    }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    constexpr std::uint8_t bits() const noexcept { return bits_; }
    constexpr bool operator==(const StepSet&) const noexcept = default;

private:
    std::uint8_t bits_ = 0;
};

// Whether `target` is reached given the steps done. Sequential: every step up to and including
// `target` is done. A-la-carte: P1 (the one required step) and `target` are done.
constexpr bool reached(StepSet done, Step target, StepPolicy policy) noexcept {
    if (policy == StepPolicy::a_la_carte) return done.contains(Step::p1) && done.contains(target);
    for (Step s : all_steps) {
        if (!done.contains(s)) return false;
        if (s == target) return true;
    }
    return false;
}

// The date on which `target` was reached, given the date each step was first completed
// (not_a_date_time where not done). Sequential: the latest of P1..target, since the step
// counts only once the ones before it are done. A-la-carte: the later of P1 and target.
// nullopt when not reached.
std::optional<Date> reached_on(const std::array<Date, step_count>& first_done, Step target,
                               StepPolicy policy) noexcept;

} // namespace okoce
