// The NIK, Indonesia's 16-digit identity number. It is personal data, so the Python object shows
// its masked form everywhere (str, repr) and gives the full digits only through digits().
#include "casters.hpp"
#include "register.hpp"

#include <pybind11/operators.h>

namespace okoce::python {

void register_nik(py::module_& m) {
    py::class_<Nik>(m, "Nik",
                    R"(A NIK (Nomor Induk Kependudukan): region, birth date and sex, serial.

Personal data: ``str()`` and ``repr()`` show the masked form (``'3174**********01'``); the
full 16 digits come only from ``digits()`` (a pickle of a Nik holds them too). There is no check digit, so parsing checks the
structure (region parts, a real birth date, a serial from 0001).)")
        .def_static(
            "parse",
            [](std::string_view digits, std::optional<Date> reference) {
                return reference ? Nik::parse(digits, *reference) : Nik::parse(digits);
            },
            py::arg("digits"), py::arg("reference") = py::none(),
            R"(Parse exactly 16 digits.

The two-digit birth year is read as 19YY or 20YY, the later one whose birth date is on or
before ``reference`` (a datetime.date: pass the registration date). Without it today is
used, which makes the result depend on when the code runs. Raises ValidationError naming the
part that is wrong; the message never shows the whole number.)")
        .def_property_readonly("province_code", &Nik::province_code,
                               R"(Province of first registration (31).)")
        .def_property_readonly("kota_code", &Nik::kota_code, R"(Kab/kota part (74).)")
        .def_property_readonly("kecamatan_code", &Nik::kecamatan_code, R"(Kecamatan part (1).)")
        .def_property_readonly(
            "region",
            [](const Nik& n) {
                return RegionCode::from_parts(n.province_code(), n.kota_code(), n.kecamatan_code());
            },
            R"(The kecamatan of first registration as a RegionCode (31.74.01).)")
        .def_property_readonly("sex", &Nik::sex, R"(Sex: the birth day has 40 added for women.)")
        .def_property_readonly("birth_date", &Nik::birth_date,
                               R"(Birth date, a datetime.date. Personal data.)")
        .def_property_readonly("serial", &Nik::serial, R"(Serial number, from 1.)")
        .def("digits", &Nik::digits,
             R"(The full 16 digits. Personal data: ask for it only where it is needed.)")
        .def("masked", &Nik::masked,
             R"(Province and kab/kota, stars, the last two digits: ``'3174**********01'``.)")
        // Nik::packed() is not bound: it is the number times two, the NIK itself in another
        // form, and nothing in Python needs it (hash and pickle use it inside).
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def("__hash__", [](const Nik& n) { return py::hash(py::int_(n.packed())); })
        .def("__str__", &Nik::masked)
        .def("__repr__", [](const Nik& n) { return "Nik('" + n.masked() + "')"; })
        // A pickle holds the NIK's 16 digits (personal data, like digits()) and its birth
        // century, which the digits leave open; not the packed number, which is not exposed.
        .def(py::pickle(
            [](const Nik& n) {
                return py::make_tuple(n.digits(), n.birth_date().year() >= 2000 ? 2000 : 1900);
            },
            [](const py::tuple& state) {
                if (state.size() != 2)
                    throw okoce::argument_error("Nik.__setstate__", "state",
                                                std::to_string(state.size()) + " items",
                                                "(digits, birth century 1900 or 2000)");
                const auto digits = state[0].cast<std::string>();
                const auto century = state[1].cast<int>();
                if (century != 1900 && century != 2000)
                    throw okoce::argument_error("Nik.__setstate__", "state[1]",
                                                std::to_string(century),
                                                "the birth century, 1900 or 2000");
                // parse takes the later century whose birth date is on or before the reference.
                const auto last_year = static_cast<unsigned short>(century + 99);
                return Nik::parse(digits, Date(last_year, 12, 31));
            }));
    pickle_at_every_protocol(m.attr("Nik"));
}

} // namespace okoce::python
