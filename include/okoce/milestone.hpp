// What it means for a participant to "reach" something: a step under a step policy, or holding
// a licence (the programme's success indicator, P4 by licence). Cohorts, survival curves and
// targets all ask the same question - when did this participant first get there - so it is
// answered once, here.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/licence.hpp"
#include "okoce/programme.hpp"
#include "okoce/step.hpp"
#include "okoce/table.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace okoce {

struct Milestone {
    enum class Kind : std::uint8_t { step, licensed };
    Kind kind = Kind::licensed;
    Step step = Step::p4;                       // for Kind::step
    StepPolicy policy = StepPolicy::a_la_carte; // for Kind::step
    LicenceKinds counting = default_counting;   // for Kind::licensed

    static Milestone licensed(LicenceKinds counting = default_counting);
    static Milestone reached(Step step, StepPolicy policy);

    // "licensed" (with the counted kinds when not the default: "licensed (IUMK+SKU)"), or the
    // step and policy: "P4 (sequential)", "P4 (a_la_carte)".
    std::string to_string() const;

    bool operator==(const Milestone&) const noexcept = default;

    static constexpr auto fields() {
        return std::tuple{field("kind", &Milestone::kind), field("step", &Milestone::step),
                          field("policy", &Milestone::policy),
                          field("counting", &Milestone::counting)};
    }
};

template <>
struct enum_traits<Milestone::Kind> : enum_info<"MilestoneKind", "a milestone kind"> {
    static constexpr auto entries = enum_names<Milestone::Kind>({"step", "licensed"});
};

// The date each step was first completed on or before `as_of` (not_a_date_time where not),
// with registration standing for P1 (Pendaftaran is registration): the P1 date is the earlier
// of registered_on and any P1 step record, and nothing is completed for a participant
// registered after `as_of`. Funnels and step milestones use this, so a programme whose files
// record no P1 rows still counts its registrants.
std::array<Date, step_count> first_completions(const Programme& programme, Index participant,
                                               Date as_of) noexcept;

// The date the participant first reached the milestone, on or before `as_of`; not_a_date_time
// when not reached by then.
// - licensed: over the licences of a counting kind with issued_on <= as_of that are in force
//   on some day from registration on (valid_until empty or >= registered_on), the earliest
//   issued_on, or registered_on when that is later: a licence obtained before joining counts
//   from the day of joining, since nobody reaches a programme milestone before being in the
//   programme. A licence that has expired by as_of still marks when the participant was first
//   licensed. Being in force on as_of is not required (that is Programme::licensed_as_of).
// - step: reached_on() from step.hpp over first_completions(programme, participant, as_of).
// A participant registered after `as_of` has reached nothing.
Date reached_on(const Programme& programme, Index participant, const Milestone& milestone,
                Date as_of);

// "First licensed on" for a participant of the programme: licence.hpp's first_licensed_on over
// the participant's licences with from = registered_on; not_a_date_time when not licensed by
// `as_of` or registered after it. reached_on(Milestone::licensed(counting)) is this.
Date first_licensed_on(const Programme& programme, Index participant, Date as_of,
                       LicenceKinds counting = default_counting);

// reached_on() for every participant, by participant index (split over two threads for a large
// programme: cohorts, survival curves and targets all start from these dates).
std::vector<Date> reached_dates(const Programme& programme, const Milestone& milestone, Date as_of);

} // namespace okoce
