// ProgrammeBuilder from Python: one add_<table> call per record with keyword arguments, then
// build(). Text is accepted where the data files have text (region codes, quarters, NIKs).
#include "casters.hpp"
#include "register.hpp"

#include "okoce/programme.hpp"

#include <memory>
#include <variant>

namespace okoce::python {

namespace {
Date or_nat(const std::optional<Date>& d) {
    return d.value_or(Date());
}
std::optional<Rupiah> rupiah(const std::optional<std::int64_t>& v) {
    return v ? std::optional<Rupiah>(Rupiah(*v)) : std::nullopt;
}
} // namespace

void register_builder(py::module_& m) {
    py::class_<ProgrammeBuilder>(m, "ProgrammeBuilder",
                                 R"(Collects records and builds an immutable Programme.

Add records in any order with ``add_participant``, ``add_step``, ``add_licence``,
``add_report``, ``add_mentor``, ``add_community``, ``add_assignment`` and ``add_target``, then
call ``build()``. Records are checked against each other only in ``build()``, which raises
ValidationError (UnknownReferenceError for an unknown id) naming the table, the record number
(1-based, per table), the column and the value. Nothing is built on error, and the builder is
empty afterwards either way.)")
        .def(py::init<>())
        .def(
            "set_regions", [](ProgrammeBuilder& b, const RegionTable& t) { b.set_regions(t); },
            py::arg("regions"),
            R"(The RegionTable to check codes against (the embedded DKI Jakarta table by default).)")
        .def(
            "add_participant",
            [](ProgrammeBuilder& b, std::string id, RegionArg kelurahan, Sector sector,
               Date registered_on, std::optional<std::variant<std::string, Nik>> nik,
               std::string name, std::optional<Sex> sex, std::optional<Date> birth_date,
               std::string kbli, std::string community, std::optional<Date> business_started_on,
               std::optional<Date> exited_on) {
                Participant p;
                p.id = std::move(id);
                if (nik) {
                    if (const auto* n = std::get_if<Nik>(&*nik))
                        p.nik = *n;
                    else // read the birth year against the registration date, not today
                        p.nik = Nik::parse(std::get<std::string>(*nik), registered_on);
                }
                p.name = std::move(name);
                p.sex = sex;
                p.birth_date = or_nat(birth_date);
                p.kelurahan = kelurahan.code;
                p.sector = sector;
                p.kbli = std::move(kbli);
                p.community = std::move(community);
                p.registered_on = registered_on;
                p.business_started_on = or_nat(business_started_on);
                p.exited_on = or_nat(exited_on);
                b.add(std::move(p));
            },
            py::arg("id"), py::arg("kelurahan"), py::arg("sector"), py::arg("registered_on"),
            py::kw_only(), py::arg("nik") = py::none(), py::arg("name") = "",
            py::arg("sex") = py::none(), py::arg("birth_date") = py::none(), py::arg("kbli") = "",
            py::arg("community") = "", py::arg("business_started_on") = py::none(),
            py::arg("exited_on") = py::none(),
            R"(Add a participant.

``kelurahan`` is a RegionCode or its text ('31.74.01.1001'); ``sector`` a Sector;
``registered_on`` the P1 date. ``nik`` may be a Nik or 16 digits (whose birth year is read
against ``registered_on``). ``business_started_on=None`` means no business yet;
``exited_on=None`` still in the programme.)")
        .def(
            "add_step",
            [](ProgrammeBuilder& b, std::string participant, Step step, Date completed_on) {
                b.add(StepRecord{std::move(participant), step, completed_on});
            },
            py::arg("participant"), py::arg("step"), py::arg("completed_on"),
            R"(Record that a participant (by id) completed a Step on a date.)")
        .def(
            "add_licence",
            [](ProgrammeBuilder& b, std::string participant, LicenceKind kind, Date issued_on,
               std::string number, std::optional<Date> valid_until, std::string issuer) {
                b.add(LicenceRecord{std::move(participant),
                                    Licence{kind, std::move(number), issued_on, or_nat(valid_until),
                                            std::move(issuer)}});
            },
            py::arg("participant"), py::arg("kind"), py::arg("issued_on"), py::kw_only(),
            py::arg("number") = "", py::arg("valid_until") = py::none(), py::arg("issuer") = "",
            R"(Record a licence (LicenceKind) issued to a participant; ``valid_until=None`` is open-ended.)")
        .def(
            "add_report",
            [](ProgrammeBuilder& b, std::string participant, QuarterArg quarter,
               std::int64_t revenue, std::optional<std::int64_t> capital,
               std::optional<std::int32_t> employees, std::optional<Date> reported_on) {
                b.add(QuarterlyReport{std::move(participant), quarter.quarter, Rupiah(revenue),
                                      rupiah(capital), employees, or_nat(reported_on)});
            },
            py::arg("participant"), py::arg("quarter"), py::arg("revenue"), py::kw_only(),
            py::arg("capital") = py::none(), py::arg("employees") = py::none(),
            py::arg("reported_on") = py::none(),
            R"(Record a quarterly report: ``quarter`` (Quarter or '2019Q3'), revenue and capital in whole rupiah.

``reported_on=None`` means the report is taken as known on the quarter's last day.)")
        .def(
            "add_mentor",
            [](ProgrammeBuilder& b, std::string id, RegionArg kecamatan, std::int32_t capacity,
               std::string name, MentorKind kind, std::string community,
               const std::vector<Sector>& sectors, const std::vector<Phase>& phases,
               std::optional<Date> active_from, std::optional<Date> active_to) {
                Mentor mt;
                mt.id = std::move(id);
                mt.name = std::move(name);
                mt.kind = kind;
                mt.kecamatan = kecamatan.code;
                mt.community = std::move(community);
                for (Sector s : sectors) mt.sectors.insert(s);
                for (Phase p : phases) mt.phases.insert(p);
                mt.capacity = capacity;
                mt.active_from = or_nat(active_from);
                mt.active_to = or_nat(active_to);
                b.add(std::move(mt));
            },
            py::arg("id"), py::arg("kecamatan"), py::arg("capacity"), py::kw_only(),
            py::arg("name") = "", py::arg("kind") = MentorKind::office, py::arg("community") = "",
            py::arg("sectors") = std::vector<Sector>{}, py::arg("phases") = std::vector<Phase>{},
            py::arg("active_from") = py::none(), py::arg("active_to") = py::none(),
            R"(Add a mentor with a home kecamatan and a caseload ``capacity``.

Empty ``sectors`` / ``phases`` mean every sector / phase. ``active_to`` is inclusive.)")
        .def(
            "add_community",
            [](ProgrammeBuilder& b, std::string id, std::string name,
               std::optional<CommunityBasis> basis, std::optional<Sector> sector,
               std::optional<RegionArg> region) {
                b.add(Community{std::move(id), std::move(name), basis, sector,
                                region ? region->code : RegionCode{}});
            },
            py::arg("id"), py::arg("name"), py::kw_only(), py::arg("basis") = py::none(),
            py::arg("sector") = py::none(), py::arg("region") = py::none(),
            R"(Add an OK OCE community (organised by sector, organisation or region).)")
        .def(
            "add_assignment",
            [](ProgrammeBuilder& b, std::string participant, std::string mentor, Date from,
               std::optional<Date> to) {
                b.add(
                    AssignmentRecord{std::move(participant), std::move(mentor), from, or_nat(to)});
            },
            py::arg("participant"), py::arg("mentor"), py::arg("from_"), py::arg("to") = py::none(),
            R"(Assign a mentor (by id) to a participant (by id) from a date; ``to=None`` is ongoing, otherwise inclusive.)")
        .def(
            "add_target",
            [](ProgrammeBuilder& b, std::string id, TargetMetric metric, RegionArg region,
               Date start, Date end, std::int64_t value) {
                b.add(Target{std::move(id), metric, region.code, start, end, value});
            },
            py::arg("id"), py::arg("metric"), py::arg("region"), py::arg("start"), py::arg("end"),
            py::arg("value"),
            R"(Add a target: reach ``value`` of a TargetMetric in a region between ``start`` and ``end`` (inclusive).)")
        .def(
            "collect_errors",
            [](ProgrammeBuilder& b, std::size_t limit) { b.collect_errors(limit); },
            py::arg("limit"),
            R"(Collect up to ``limit`` errors instead of stopping at the first; ``build()`` then raises ValidationErrors. 0 stops at the first.)")
        .def(
            "build",
            [](ProgrammeBuilder& b, bool warnings) -> py::object {
                std::vector<ProgrammeBuilder::Warning> found;
                std::shared_ptr<Programme> p;
                {
                    py::gil_scoped_release release;
                    p = std::make_shared<Programme>(b.build(found));
                }
                if (!warnings) return py::cast(p);
                return py::make_tuple(p, found);
            },
            py::arg("warnings") = false,
            R"(Check every record and build the Programme.

With ``warnings=True`` returns ``(programme, warnings)``, where ``warnings`` is a list of
LoadWarning (consistency findings that are not errors). Raises ValidationError (or
ValidationErrors in collect mode) on bad records.)");
}

} // namespace okoce::python
