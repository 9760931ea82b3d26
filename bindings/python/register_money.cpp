// Money is a plain Python int of whole rupiah everywhere in the module; these helpers read and
// write the Indonesian display form (Rp1.250.000) through okoce::Rupiah.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/money.hpp"

namespace okoce::python {

void register_money(py::module_& m) {
    m.def(
        "parse_rupiah", [](std::string_view text) { return Rupiah::parse(text).value(); },
        py::arg("text"), R"(Whole rupiah from text, as an int.

Accepts plain digits as in the data files (``'1250000'``, optionally signed) or the Indonesian
display form ``'Rp1.250.000'`` (dots group thousands; ``Rp`` optional). Decimals, stray
characters and misplaced dots raise ValidationError.)");
    m.def(
        "format_rupiah", [](std::int64_t amount) { return Rupiah(amount).to_string(); },
        py::arg("amount"),
        R"(The Indonesian display form of an amount: 1250000 -> ``'Rp1.250.000'``.)");
}

} // namespace okoce::python
