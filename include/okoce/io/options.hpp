// What every load takes and gives back, whichever format it reads (CSV folder or SQLite file),
// in a header of its own so that a format's header need not include another format's to get
// them.
#pragma once

#include "okoce/programme.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace okoce::io {

// Shared by every format (CSV and SQLite).
struct LoadOptions {
    // 0: stop at the first bad row. N: collect up to N errors, then throw okoce::validation_errors
    // holding them all (its truncated() says whether there were more). A table that cannot be
    // read after some bad rows were collected ends the load with those rows, truncated(), so
    // that the first error is the one fail-fast mode reports.
    std::size_t collect_errors = 0;
    // Errors never show personal data. A value in a name, NIK or birth-date column, or in a
    // column beside a name or NIK column in the file (where shifted fields put a name or a
    // NIK), is shown as its kind and length only ("<text of 12 characters>"). Columns named here
    // as "table.column" ("participants.sex") are shown as they are, for a caller who may see
    // them.
    std::vector<std::string> show_personal_values;
};

struct LoadResult {
    Programme programme;
    // Consistency findings that are not errors (a P4 step with no licence on record, ...).
    std::vector<ProgrammeBuilder::Warning> warnings;
};

} // namespace okoce::io
