// Conversions shared by every binding file: boost::gregorian::date <-> datetime.date, and the
// library's enums <-> real Python enum.Enum classes (made at import by register_enums from each
// enum's table, enum_table.hpp). A date argument takes whatever a pandas user holds a day in
// (datetime.date, pandas.Timestamp, numpy.datetime64, 'YYYY-MM-DD'); a time of day other than
// midnight is refused, since silently dropping it would hide a caller's mistake. Wrong types raise
// a TypeError saying what is accepted, not pybind11's "incompatible function arguments".
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/licence.hpp"
#include "okoce/mentor.hpp"
#include "okoce/nik.hpp"
#include "okoce/phase.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/size_class.hpp"
#include "okoce/step.hpp"
#include "okoce/target.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <datetime.h>

#include <array>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace okoce::python {

namespace py = pybind11;

// datetime.h's PyDateTimeAPI is a static per translation unit; one shared pointer instead, so
// that every binding file sees the imported C API.
inline PyDateTime_CAPI* datetime_api() {
    static PyDateTime_CAPI* const api =
        static_cast<PyDateTime_CAPI*>(PyCapsule_Import(PyDateTime_CAPSULE_NAME, 0));
    if (!api) throw py::error_already_set();
    return api;
}

// The enums bound as Python enum.Enum classes (register_enums makes each from its table, with a
// docstring); any other library enum is not a Python type.
template <class... E>
struct EnumList {};
using BoundEnums = EnumList<Sector, Step, StepPolicy, Phase, PhaseRule, LicenceKind, SizeClass,
                            SizeRegime, MentorKind, CommunityBasis, TargetMetric, Sex, RegionLevel>;
template <class E, class List>
inline constexpr bool listed = false;
template <class E, class... Es>
inline constexpr bool listed<E, EnumList<Es...>> = (std::is_same_v<E, Es> || ...);
template <class E>
concept BoundEnum = Enumerated<E> && listed<E, BoundEnums>;

// The Python enum class standing for the C++ enum E, and its members in table order. Filled
// once by register_enums; the objects live as long as the interpreter.
template <BoundEnum E>
struct EnumRegistry {
    static inline PyObject* cls = nullptr;
    static inline std::array<PyObject*, enum_count<E>> members{};
};

// An option given as text ("policy", "by"): the enumerator its code names, or a ValueError
// naming the option and listing the codes of E's table.
template <Enumerated E>
E option(const char* name, const std::string& text) {
    if (const auto e = try_parse<E>(text)) return *e;
    throw py::value_error(std::string(name) + " " + py::repr(py::str(text)).cast<std::string>() +
                          ": expected " + allowed_codes<E>("'", " or "));
}

// Days since 1970-01-01, the representation of numpy's datetime64[D].
inline std::int64_t days_since_epoch(Date d) noexcept {
    static const auto epoch = Date(1970, 1, 1).day_number();
    return static_cast<std::int64_t>(d.day_number()) - static_cast<std::int64_t>(epoch);
}

// A TypeError (or `type`) for an argument of the wrong kind: says what is accepted and what was
// given. The offending object rides along as `okoce_value`, so that okoce._args can name the
// argument it was passed as (a caster does not know the parameter's name).
[[noreturn]] inline void argument_error(const std::string& expected, py::handle given,
                                        PyObject* type = PyExc_TypeError) {
    std::string shown = py::repr(given).cast<std::string>();
    if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
    const std::string message = "expected " + expected + "; got " +
                                std::string(Py_TYPE(given.ptr())->tp_name) + " " + shown;
    py::object exc = py::reinterpret_borrow<py::object>(type)(message);
    exc.attr("okoce_value") = given;
    PyErr_SetObject(type, exc.ptr());
    throw py::error_already_set();
}

inline constexpr const char* date_forms =
    "a date: datetime.date, pandas.Timestamp or numpy.datetime64 at midnight, or 'YYYY-MM-DD'";

// numpy.datetime64, looked up once (numpy is loaded with the module).
inline PyObject* numpy_datetime64() {
    static PyObject* const type =
        py::module_::import("numpy").attr("datetime64").cast<py::object>().release().ptr();
    return type;
}

// The supported range (calendar.hpp), as in the files: a ValidationError, not boost's bad_year
// (an IndexError) from deep inside an analysis.
[[noreturn]] inline void unsupported_date(py::handle src) {
    throw okoce::validation_error({}, std::string(py::str(src)), okoce::supported_dates);
}

inline Date checked_date(int y, int m, int d, py::handle src) {
    if (!okoce::is_supported_year(y)) unsupported_date(src);
    return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

// Every form a pandas user holds a day in. A datetime (pandas.Timestamp is one) is a day only at
// midnight: any other time of day is a TypeError rather than silently dropped, and a time-zone
// aware value counts by its own wall clock. Missing values (NaT) are refused: an optional date
// takes None.
inline Date date_from_python(py::handle src) {
    PyDateTime_CAPI* api = datetime_api();
    PyObject* o = src.ptr();
    if (PyUnicode_Check(o)) return parse_date(src.cast<std::string>()); // ValidationError if bad
    const bool is_datetime = PyObject_TypeCheck(o, api->DateTimeType);
    const bool is_datetime64 = !is_datetime && PyObject_IsInstance(o, numpy_datetime64()) == 1;
    // NaT is the one value unequal to itself (RichCompareBool would short-cut on identity).
    const auto missing = [&] {
        const py::object same =
            py::reinterpret_steal<py::object>(PyObject_RichCompare(o, o, Py_EQ));
        if (!same) throw py::error_already_set();
        return !same.cast<bool>();
    };
    if ((is_datetime || is_datetime64) && missing())
        argument_error(std::string(date_forms) + ", not a missing value (pass None where a date "
                                                 "may be missing)",
                       src);
    if (is_datetime) {
        const bool midnight =
            PyDateTime_DATE_GET_HOUR(o) == 0 && PyDateTime_DATE_GET_MINUTE(o) == 0 &&
            PyDateTime_DATE_GET_SECOND(o) == 0 && PyDateTime_DATE_GET_MICROSECOND(o) == 0 &&
            (!py::hasattr(src, "nanosecond") || src.attr("nanosecond").cast<long long>() == 0);
        if (!midnight)
            argument_error(std::string(date_forms) +
                               " (a datetime.datetime with a time of day other than midnight is "
                               "refused rather than truncated; pass .date() if that is intended)",
                           src);
    } else if (is_datetime64) {
        const auto unit = py::module_::import("numpy")
                              .attr("datetime_data")(src.attr("dtype"))[py::int_(0)]
                              .cast<std::string>();
        if (unit == "Y" || unit == "M" || unit == "W")
            argument_error(std::string(date_forms) + " (a datetime64['" + unit +
                               "'] is a period, not a day)",
                           src);
        const py::object day = src.attr("astype")("datetime64[D]");
        if (PyObject_RichCompareBool(day.ptr(), o, Py_EQ) != 1)
            argument_error(std::string(date_forms) +
                               " (a time of day other than midnight is refused rather than "
                               "truncated)",
                           src);
        const auto days = day.attr("astype")("int64").cast<std::int64_t>();
        if (days < days_since_epoch(Date(okoce::first_supported_year, 1, 1)) ||
            days > days_since_epoch(Date(okoce::last_supported_year, 12, 31)))
            unsupported_date(src);
        return Date(1970, 1, 1) + boost::gregorian::date_duration(static_cast<long>(days));
    } else if (!PyObject_TypeCheck(o, api->DateType)) {
        argument_error(date_forms, src);
    }
    return checked_date(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o),
                        src);
}

} // namespace okoce::python

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
    PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

    // Never returns false for a wrong type: a TypeError saying what is accepted beats pybind11's
    // "incompatible function arguments" (no okoce function overloads on a date).
    bool load(handle src, bool) {
        if (!src) return false;
        value = okoce::python::date_from_python(src);
        return true;
    }

    // not_a_date_time (a missing date in the store) becomes None.
    static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
        if (d.is_special()) return none().release();
        PyDateTime_CAPI* api = okoce::python::datetime_api();
        const auto ymd = d.year_month_day();
        return api->Date_FromDate(ymd.year, ymd.month, ymd.day, api->DateType);
    }
};

// Every bound enum: a member of its Python enum or (for notebooks) its code as written in the
// data files. Anything else is a TypeError listing the accepted values.
template <okoce::python::BoundEnum E>
struct type_caster<E> {
    using registry = okoce::python::EnumRegistry<E>;
    PYBIND11_TYPE_CASTER(E, const_name("okoce.") + const_name(okoce::enum_traits<E>::name));

    bool load(handle src, bool) {
        if (!src) return false;
        const auto& entries = okoce::enum_traits<E>::entries;
        for (std::size_t k = 0; k < entries.size(); ++k)
            if (src.ptr() == registry::members[k]) return value = entries[k].value, true;
        if (PyUnicode_Check(src.ptr())) {
            const auto text = src.cast<std::string>();
            for (const auto& x : entries)
                if (x.code == text) return value = x.value, true;
        }
        okoce::python::argument_error("an okoce." + std::string(okoce::enum_traits<E>::name) +
                                          " member or one of " + okoce::allowed_codes<E>("'", ", "),
                                      src);
    }

    static handle cast(E e, return_value_policy, handle) {
        const auto& entries = okoce::enum_traits<E>::entries;
        for (std::size_t k = 0; k < entries.size(); ++k)
            if (entries[k].value == e) return handle(registry::members[k]).inc_ref();
        throw value_error("enumerator without a Python member");
    }
};

} // namespace pybind11::detail

namespace okoce::python {

// Arguments that take either the value type or its text form: RegionCode or '31.74.01',
// Quarter or '2019Q3'. Text is parsed strictly, so a bad code raises ValidationError naming the
// value rather than a TypeError about overloads.
struct RegionArg {
    RegionCode code;
};
struct QuarterArg {
    Quarter quarter;
};

} // namespace okoce::python

namespace pybind11::detail {

template <>
struct type_caster<okoce::python::RegionArg> {
    PYBIND11_TYPE_CASTER(okoce::python::RegionArg, const_name("okoce.RegionCode | str"));
    bool load(handle src, bool) {
        if (!src) return false;
        if (PyUnicode_Check(src.ptr())) {
            value.code = okoce::RegionCode::parse(src.cast<std::string>());
            return true;
        }
        make_caster<okoce::RegionCode> inner;
        if (!inner.load(src, false))
            okoce::python::argument_error("a region code: okoce.RegionCode or dotted text such as "
                                          "'31.74.01'",
                                          src);
        value.code = cast_op<okoce::RegionCode>(inner);
        return true;
    }
    static handle cast(const okoce::python::RegionArg& r, return_value_policy p, handle parent) {
        return make_caster<okoce::RegionCode>::cast(r.code, p, parent);
    }
};

template <>
struct type_caster<okoce::python::QuarterArg> {
    PYBIND11_TYPE_CASTER(okoce::python::QuarterArg,
                         const_name("okoce.Quarter | str | pandas.Period"));
    // okoce.Quarter, 'YYYYQn' text (parsed strictly: ValidationError when bad) or a calendar
    // quarter Period (freq "Q", i.e. Q-DEC: what phase_history and reports() return). A fiscal
    // quarter (Q-MAR, ...) or any other type is a TypeError saying what is accepted.
    bool load(handle src, bool) {
        if (!src) return false;
        constexpr const char* forms =
            "a quarter: okoce.Quarter, 'YYYYQn' text or pandas.Period with freq 'Q'";
        if (PyUnicode_Check(src.ptr())) {
            value.quarter = okoce::Quarter::parse(src.cast<std::string>());
            return true;
        }
        make_caster<okoce::Quarter> inner;
        if (inner.load(src, false)) {
            value.quarter = cast_op<okoce::Quarter>(inner);
            return true;
        }
        if (hasattr(src, "freqstr") && hasattr(src, "quarter") && hasattr(src, "ordinal")) {
            if (!reinterpret_steal<object>(PyObject_RichCompare(src.ptr(), src.ptr(), Py_EQ))
                     .cast<bool>())
                okoce::python::argument_error(std::string(forms) + ", not a missing value", src);
            const auto freq = src.attr("freqstr").cast<std::string>();
            if (freq != "Q-DEC")
                okoce::python::argument_error(std::string(forms) +
                                                  " (calendar quarters, Q-DEC; "
                                                  "this Period's freq is '" +
                                                  freq + "')",
                                              src);
            value.quarter =
                okoce::Quarter(src.attr("year").cast<int>(), src.attr("quarter").cast<int>());
            return true;
        }
        okoce::python::argument_error(forms, src);
    }
    static handle cast(const okoce::python::QuarterArg& q, return_value_policy p, handle parent) {
        return make_caster<okoce::Quarter>::cast(q.quarter, p, parent);
    }
};

} // namespace pybind11::detail
