#include "okoce/step.hpp"

#include <doctest/doctest.h>

using namespace okoce;
using boost::gregorian::date;

TEST_CASE("step codes and names") {
    CHECK(to_string(Step::p4) == "P4");
    CHECK(label(Step::p4, Lang::id) == "Perizinan");
    CHECK(label(Step::p6, Lang::en) == "Financial reporting");
    CHECK(label(Step::p7, Lang::id) == "Permodalan");
    CHECK(number(Step::p1) == 1);
    CHECK(try_parse<Step>("P7") == Step::p7);
    CHECK(try_parse<Step>("p3") == Step::p3);
    CHECK_FALSE(try_parse<Step>("P0"));
    CHECK_FALSE(try_parse<Step>("P8"));
    CHECK_FALSE(try_parse<Step>("P"));
    CHECK_FALSE(try_parse<Step>("P11"));
}

TEST_CASE("reached under the sequential and a-la-carte policies") {
    // P1, P2 and P4 done, P3 skipped.
    const StepSet done{Step::p1, Step::p2, Step::p4};
    CHECK(reached(done, Step::p2, StepPolicy::sequential));
    CHECK_FALSE(reached(done, Step::p3, StepPolicy::sequential));
    // P4 does not count in order because P3 is missing.
    CHECK_FALSE(reached(done, Step::p4, StepPolicy::sequential));
    CHECK(reached(done, Step::p4, StepPolicy::a_la_carte));
    CHECK_FALSE(reached(done, Step::p3, StepPolicy::a_la_carte));
    // Without registration nothing counts under either policy.
    const StepSet unregistered{Step::p2};
    CHECK_FALSE(reached(unregistered, Step::p2, StepPolicy::a_la_carte));
    CHECK_FALSE(reached(unregistered, Step::p2, StepPolicy::sequential));
}

TEST_CASE("reached_on takes the latest prerequisite under the sequential policy") {
    std::array<Date, step_count> first;
    first.fill(no_date);
    first[0] = date(2018, 1, 10); // P1
    first[1] = date(2018, 3, 5);  // P2
    first[2] = date(2018, 2, 1);  // P3, before P2
    CHECK(reached_on(first, Step::p3, StepPolicy::sequential) == date(2018, 3, 5));
    CHECK(reached_on(first, Step::p3, StepPolicy::a_la_carte) == date(2018, 2, 1));
    CHECK(reached_on(first, Step::p4, StepPolicy::sequential).is_special());
    first[4] = date(2018, 1, 20); // P5 without P4
    CHECK(reached_on(first, Step::p5, StepPolicy::sequential).is_special());
    CHECK(reached_on(first, Step::p5, StepPolicy::a_la_carte) == date(2018, 1, 20));
    // A step recorded before registration counts from registration.
    first[5] = date(2017, 12, 1);
    CHECK(reached_on(first, Step::p6, StepPolicy::a_la_carte) == date(2018, 1, 10));
}
