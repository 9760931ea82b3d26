// Conversions shared by every binding file: boost::gregorian::date <-> datetime.date, and the
// library's enums <-> real Python enum.Enum classes (made at import by register_enums). Dates
// refuse datetime.datetime: it is a subclass of date, and silently dropping its time of day
// would hide a caller's mistake.
#pragma once

#include "okoce/calendar.hpp"
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

#include <string>
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

// The Python enum class standing for the C++ enum E, and its members with the enumerator each
// stands for. Filled once by register_enums; the objects live as long as the interpreter.
template <class E>
struct EnumRegistry {
    static inline PyObject* cls = nullptr;
    static inline std::vector<std::pair<E, PyObject*>> members;
    static inline std::vector<std::string> values;
};

template <class E>
struct EnumName;
#define OKOCE_ENUM_NAME(E, text)                                                                   \
    template <>                                                                                    \
    struct EnumName<E> {                                                                           \
        static constexpr auto name = py::detail::const_name(text);                                 \
    };
OKOCE_ENUM_NAME(Sector, "okoce.Sector")
OKOCE_ENUM_NAME(Step, "okoce.Step")
OKOCE_ENUM_NAME(StepPolicy, "okoce.StepPolicy")
OKOCE_ENUM_NAME(Phase, "okoce.Phase")
OKOCE_ENUM_NAME(PhaseRule, "okoce.PhaseRule")
OKOCE_ENUM_NAME(LicenceKind, "okoce.LicenceKind")
OKOCE_ENUM_NAME(SizeClass, "okoce.SizeClass")
OKOCE_ENUM_NAME(SizeRegime, "okoce.SizeRegime")
OKOCE_ENUM_NAME(MentorKind, "okoce.MentorKind")
OKOCE_ENUM_NAME(CommunityBasis, "okoce.CommunityBasis")
OKOCE_ENUM_NAME(TargetMetric, "okoce.TargetMetric")
OKOCE_ENUM_NAME(Sex, "okoce.Sex")
OKOCE_ENUM_NAME(RegionLevel, "okoce.RegionLevel")
#undef OKOCE_ENUM_NAME

// Days since 1970-01-01, the representation of numpy's datetime64[D].
inline std::int64_t days_since_epoch(Date d) noexcept {
    static const auto epoch = Date(1970, 1, 1).day_number();
    return static_cast<std::int64_t>(d.day_number()) - static_cast<std::int64_t>(epoch);
}

} // namespace okoce::python

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
    PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

    bool load(handle src, bool) {
        if (!src) return false;
        PyDateTime_CAPI* api = okoce::python::datetime_api();
        if (PyObject_TypeCheck(src.ptr(), api->DateTimeType))
            throw type_error("okoce takes datetime.date, not datetime.datetime (" +
                             std::string(repr(src)) +
                             "); pass .date() if dropping the time of day is intended");
        if (!PyObject_TypeCheck(src.ptr(), api->DateType)) return false;
        const int y = PyDateTime_GET_YEAR(src.ptr());
        // The supported range (calendar.hpp), as in the files: a ValidationError, not boost's
        // bad_year (an IndexError) from deep inside an analysis.
        if (!okoce::is_supported_year(y))
            throw okoce::validation_error({}, std::string(str(src)), okoce::supported_dates);
        value = boost::gregorian::date(static_cast<unsigned short>(y),
                                       static_cast<unsigned short>(PyDateTime_GET_MONTH(src.ptr())),
                                       static_cast<unsigned short>(PyDateTime_GET_DAY(src.ptr())));
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

template <class E>
struct okoce_enum_caster {
    using registry = okoce::python::EnumRegistry<E>;
    PYBIND11_TYPE_CASTER(E, okoce::python::EnumName<E>::name);

    // A member of the Python enum, or (for notebooks) its value as written in the data files.
    bool load(handle src, bool) {
        if (!src) return false;
        for (const auto& [e, obj] : registry::members)
            if (src.ptr() == obj) return value = e, true;
        if (PyUnicode_Check(src.ptr())) {
            const auto text = src.cast<std::string>();
            for (std::size_t k = 0; k < registry::values.size(); ++k)
                if (registry::values[k] == text) return value = registry::members[k].first, true;
        }
        return false;
    }

    static handle cast(E e, return_value_policy, handle) {
        for (const auto& [m, obj] : registry::members)
            if (m == e) return handle(obj).inc_ref();
        throw value_error("enumerator without a Python member");
    }
};

#define OKOCE_ENUM_CASTER(E)                                                                       \
    template <>                                                                                    \
    struct type_caster<E> : okoce_enum_caster<E> {};
OKOCE_ENUM_CASTER(okoce::Sector)
OKOCE_ENUM_CASTER(okoce::Step)
OKOCE_ENUM_CASTER(okoce::StepPolicy)
OKOCE_ENUM_CASTER(okoce::Phase)
OKOCE_ENUM_CASTER(okoce::PhaseRule)
OKOCE_ENUM_CASTER(okoce::LicenceKind)
OKOCE_ENUM_CASTER(okoce::SizeClass)
OKOCE_ENUM_CASTER(okoce::SizeRegime)
OKOCE_ENUM_CASTER(okoce::MentorKind)
OKOCE_ENUM_CASTER(okoce::CommunityBasis)
OKOCE_ENUM_CASTER(okoce::TargetMetric)
OKOCE_ENUM_CASTER(okoce::Sex)
OKOCE_ENUM_CASTER(okoce::RegionLevel)
#undef OKOCE_ENUM_CASTER

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
        if (!inner.load(src, false)) return false;
        value.code = cast_op<okoce::RegionCode>(inner);
        return true;
    }
    static handle cast(const okoce::python::RegionArg& r, return_value_policy p, handle parent) {
        return make_caster<okoce::RegionCode>::cast(r.code, p, parent);
    }
};

template <>
struct type_caster<okoce::python::QuarterArg> {
    PYBIND11_TYPE_CASTER(okoce::python::QuarterArg, const_name("okoce.Quarter | str"));
    bool load(handle src, bool) {
        if (!src) return false;
        if (PyUnicode_Check(src.ptr())) {
            value.quarter = okoce::Quarter::parse(src.cast<std::string>());
            return true;
        }
        make_caster<okoce::Quarter> inner;
        if (!inner.load(src, false)) return false;
        value.quarter = cast_op<okoce::Quarter>(inner);
        return true;
    }
    static handle cast(const okoce::python::QuarterArg& q, return_value_policy p, handle parent) {
        return make_caster<okoce::Quarter>::cast(q.quarter, p, parent);
    }
};

} // namespace pybind11::detail
