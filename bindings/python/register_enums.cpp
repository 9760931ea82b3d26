// The library's enums as real Python enums (str-valued enum.Enum subclasses), so that analysts
// can iterate them, pickle them and compare them with the string categories in the tables:
// each member's value is its spelling in the data files (Sector.food_beverage == "food_beverage",
// Step.p4 == "P4"). Labels come from the C++ headers, never retyped here.
#include "casters.hpp"
#include "register.hpp"

#include <initializer_list>
#include <string_view>

namespace okoce::python {

namespace {

template <class E>
struct Member {
    E enumerator;
    const char* name;
    std::string_view value;
};

template <class E>
py::object make_enum(py::module_& m, const char* name, const char* doc,
                     std::initializer_list<Member<E>> members) {
    py::list pairs;
    for (const auto& mem : members) pairs.append(py::make_tuple(mem.name, py::str(mem.value)));
    py::object cls = py::module_::import("enum").attr("Enum")(
        name, pairs, py::arg("module") = "okoce", py::arg("qualname") = name,
        py::arg("type") = py::module_::import("builtins").attr("str"));
    cls.attr("__doc__") = doc;
    using registry = EnumRegistry<E>;
    registry::cls = cls.inc_ref().ptr(); // kept for the interpreter's lifetime
    for (const auto& mem : members) {
        registry::members.emplace_back(mem.enumerator,
                                       py::object(cls.attr(mem.name)).release().ptr());
        registry::values.emplace_back(mem.value);
    }
    m.add_object(name, cls);
    return cls;
}

// A read-only property computed by a C++ function of the member.
template <class F>
void add_property(py::object& cls, const char* name, F&& f, const char* doc) {
    cls.attr(name) =
        py::module_::import("builtins")
            .attr("property")(py::cpp_function(std::forward<F>(f)), py::none(), py::none(), doc);
}

} // namespace

void register_enums(py::module_& m) {
    auto sector = make_enum<Sector>(
        m, "Sector", R"(Business sector of a participant or community.

Values are the codes written in the data files (``Sector("food_beverage")``); ``label_id`` and
``label_en`` give the labels for people.)",
        {{Sector::food_beverage, "food_beverage", to_string(Sector::food_beverage)},
         {Sector::fashion, "fashion", to_string(Sector::fashion)},
         {Sector::craft, "craft", to_string(Sector::craft)},
         {Sector::retail, "retail", to_string(Sector::retail)},
         {Sector::services, "services", to_string(Sector::services)},
         {Sector::agriculture, "agriculture", to_string(Sector::agriculture)},
         {Sector::digital, "digital", to_string(Sector::digital)},
         {Sector::other, "other", to_string(Sector::other)}});
    add_property(
        sector, "label_id", [](Sector s) { return std::string(label_id(s)); },
        "Label in Indonesian, e.g. 'Kuliner (makanan dan minuman)'.");
    add_property(
        sector, "label_en", [](Sector s) { return std::string(label_en(s)); },
        "Label in English, e.g. 'Food and beverage'.");

    auto step =
        make_enum<Step>(m, "Step", R"(The seven steps of "7 PAS", P1 Pendaftaran to P7 Permodalan.

Values are the codes of the data files (``Step("P4")``). ``number`` is 1..7; ``name_id`` and
``name_en`` are the step's names.)",
                        {{Step::p1, "p1", to_string(Step::p1)},
                         {Step::p2, "p2", to_string(Step::p2)},
                         {Step::p3, "p3", to_string(Step::p3)},
                         {Step::p4, "p4", to_string(Step::p4)},
                         {Step::p5, "p5", to_string(Step::p5)},
                         {Step::p6, "p6", to_string(Step::p6)},
                         {Step::p7, "p7", to_string(Step::p7)}});
    add_property(
        step, "number", [](Step s) { return number(s); }, "The step number, 1..7.");
    add_property(
        step, "name_id", [](Step s) { return std::string(name_id(s)); },
        "Name in Indonesian, e.g. 'Perizinan'.");
    add_property(
        step, "name_en", [](Step s) { return std::string(name_en(s)); },
        "Name in English, e.g. 'Licensing'.");

    make_enum<StepPolicy>(
        m, "StepPolicy", R"(How steps are counted.

``sequential`` (OK OCE, 2017-2019): a step counts only once every step before it is done.
``a_la_carte`` (JakPreneur, Pergub 2/2020): only P1 is required; the others count on their own.)",
        {{StepPolicy::sequential, "sequential", to_string(StepPolicy::sequential)},
         {StepPolicy::a_la_carte, "a_la_carte", to_string(StepPolicy::a_la_carte)}});

    auto phase =
        make_enum<Phase>(m, "Phase", R"(Phase of a business: starting, mid-stage or stalled.

``label_id`` gives the programme's Indonesian wording ('baru mulai', 'sudah menengah',
'lama tapi skala belum berkembang').)",
                         {{Phase::starting, "starting", to_string(Phase::starting)},
                          {Phase::mid_stage, "mid_stage", to_string(Phase::mid_stage)},
                          {Phase::stalled, "stalled", to_string(Phase::stalled)}});
    add_property(
        phase, "label_id", [](Phase p) { return std::string(label_id(p)); },
        "Label in Indonesian.");

    make_enum<PhaseRule>(
        m, "PhaseRule", R"(The rule that decided a phase verdict.

``describe(rules)`` gives a sentence for people, with the thresholds of the rules used.)",
        {{PhaseRule::no_business_start, "no_business_start",
          to_string(PhaseRule::no_business_start)},
         {PhaseRule::young_business, "young_business", to_string(PhaseRule::young_business)},
         {PhaseRule::established, "established", to_string(PhaseRule::established)},
         {PhaseRule::growing, "growing", to_string(PhaseRule::growing)},
         {PhaseRule::insufficient_monitoring_data, "insufficient_monitoring_data",
          to_string(PhaseRule::insufficient_monitoring_data)},
         {PhaseRule::no_growth, "no_growth", to_string(PhaseRule::no_growth)},
         {PhaseRule::zero_revenue, "zero_revenue", to_string(PhaseRule::zero_revenue)}});

    make_enum<LicenceKind>(m, "LicenceKind", R"(Kind of business licence or statement.

IUMK (the camat's micro business licence, not issued after 2021-07-02), SKU (the lurah's
business statement), NIB (OSS business number), PIRT, HALAL and OTHER; values are the
spellings of the data files.)",
                           {{LicenceKind::iumk, "iumk", to_string(LicenceKind::iumk)},
                            {LicenceKind::sku, "sku", to_string(LicenceKind::sku)},
                            {LicenceKind::nib, "nib", to_string(LicenceKind::nib)},
                            {LicenceKind::pirt, "pirt", to_string(LicenceKind::pirt)},
                            {LicenceKind::halal, "halal", to_string(LicenceKind::halal)},
                            {LicenceKind::other, "other", to_string(LicenceKind::other)}});

    make_enum<SizeClass>(m, "SizeClass",
                         R"(Business size class (UMKM): micro, small, medium, large.)",
                         {{SizeClass::micro, "micro", to_string(SizeClass::micro)},
                          {SizeClass::small, "small", to_string(SizeClass::small)},
                          {SizeClass::medium, "medium", to_string(SizeClass::medium)},
                          {SizeClass::large, "large", to_string(SizeClass::large)}});
    make_enum<SizeRegime>(
        m, "SizeRegime", R"(The regulation that sets the size thresholds.

UU 20/2008 (net assets or turnover) until 2021-02-01; PP 7/2021 (capital or turnover) from
2021-02-02.)",
        {{SizeRegime::uu_20_2008, "uu_20_2008", to_string(SizeRegime::uu_20_2008)},
         {SizeRegime::pp_7_2021, "pp_7_2021", to_string(SizeRegime::pp_7_2021)}});

    make_enum<MentorKind>(m, "MentorKind",
                          R"(An office mentor (of the kecamatan office) or a community mentor.)",
                          {{MentorKind::office, "office", to_string(MentorKind::office)},
                           {MentorKind::community, "community", to_string(MentorKind::community)}});
    make_enum<CommunityBasis>(
        m, "CommunityBasis", R"(What an OK OCE community is organised by.)",
        {{CommunityBasis::sector, "sector", to_string(CommunityBasis::sector)},
         {CommunityBasis::organisation, "organisation", to_string(CommunityBasis::organisation)},
         {CommunityBasis::region, "region", to_string(CommunityBasis::region)}});

    auto metric = make_enum<TargetMetric>(
        m, "TargetMetric", R"(What a programme target counts.

``registered``, a step (``P1``..``P7``), or ``licensed`` (holding a counting licence).)",
        {{TargetMetric::registered, "registered", to_string(TargetMetric::registered)},
         {TargetMetric::p1, "p1", to_string(TargetMetric::p1)},
         {TargetMetric::p2, "p2", to_string(TargetMetric::p2)},
         {TargetMetric::p3, "p3", to_string(TargetMetric::p3)},
         {TargetMetric::p4, "p4", to_string(TargetMetric::p4)},
         {TargetMetric::p5, "p5", to_string(TargetMetric::p5)},
         {TargetMetric::p6, "p6", to_string(TargetMetric::p6)},
         {TargetMetric::p7, "p7", to_string(TargetMetric::p7)},
         {TargetMetric::licensed, "licensed", to_string(TargetMetric::licensed)}});
    add_property(
        metric, "step", [](TargetMetric t) { return step_of(t); },
        "The step a step metric counts; None for 'registered' and 'licensed'.");

    make_enum<Sex>(m, "Sex", R"(Sex as recorded (and as encoded in the NIK): values 'M' and 'F'.)",
                   {{Sex::male, "male", "M"}, {Sex::female, "female", "F"}});

    make_enum<RegionLevel>(
        m, "RegionLevel",
        R"(Depth of a region code: province, kota (or kabupaten), kecamatan, kelurahan (or desa).)",
        {{RegionLevel::province, "province", to_string(RegionLevel::province)},
         {RegionLevel::kota, "kota", to_string(RegionLevel::kota)},
         {RegionLevel::kecamatan, "kecamatan", to_string(RegionLevel::kecamatan)},
         {RegionLevel::kelurahan, "kelurahan", to_string(RegionLevel::kelurahan)}});
}

} // namespace okoce::python
