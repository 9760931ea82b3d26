// The seven steps of "7 PAS" (7 Langkah Pasti Akan Sukses), P1 registration to P7 capital, and
// the two policies for counting them: OK OCE's sequential policy (a step counts only once the
// steps before it are done) and JakPreneur's a-la-carte policy (each step counts on its own).
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace okoce {

enum class Step : std::uint8_t { p1, p2, p3, p4, p5, p6, p7 };

template <>
struct enum_traits<Step> : enum_info<"Step", "a step"> {
    // Codes "P1".."P7" as written in the data files (read ignoring case); the programme's
    // Indonesian step names, and English ones.
    static constexpr auto entries =
        enum_rows<Step>({{"p1", "P1", "Pendaftaran", "Registration"},
                         {"p2", "P2", "Pelatihan", "Training"},
                         {"p3", "P3", "Pendampingan", "Mentoring"},
                         {"p4", "P4", "Perizinan", "Licensing"},
                         {"p5", "P5", "Pemasaran", "Marketing"},
                         {"p6", "P6", "Pelaporan Keuangan", "Financial reporting"},
                         {"p7", "P7", "Permodalan", "Capital access"}});
    static constexpr bool ignore_case = true;
};

inline constexpr std::size_t step_count = enum_count<Step>;
inline constexpr const std::array<Step, step_count>& all_steps = enum_values<Step>;

constexpr int number(Step s) noexcept {
    return static_cast<int>(s) + 1;
}
constexpr Step step_from_number(int n) noexcept {
    return static_cast<Step>(n - 1);
}

enum class StepPolicy : std::uint8_t {
    sequential, // OK OCE 2017-2019: a step counts once every step before it is done
    a_la_carte, // JakPreneur (Pergub 2/2020): only P1 is required; others count on their own
};

template <>
struct enum_traits<StepPolicy> : enum_info<"StepPolicy", "a step policy"> {
    static constexpr auto entries = enum_names<StepPolicy>({"sequential", "a_la_carte"});
};

// The steps a participant has done.
using StepSet = EnumSet<Step>;

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
// no_date when not reached.
Date reached_on(const std::array<Date, step_count>& first_done, Step target,
                StepPolicy policy) noexcept;

} // namespace okoce
