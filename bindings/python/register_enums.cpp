// The library's enums as real Python enums (str-valued enum.Enum subclasses), so that analysts
// can iterate them, pickle them and compare them with the string categories in the tables:
// each member's name is the C++ enumerator's and its value is its spelling in the data files
// (Sector.food_beverage == "food_beverage", Step.p4 == "P4"). Members and labels come from each
// enum's table (enum_table.hpp), never retyped here; only the docstrings are Python's own.
#include "casters.hpp"
#include "register.hpp"

#include <string>

namespace okoce::python {

namespace {

// A read-only property computed by a C++ function of the member.
template <class F>
void add_property(py::object& cls, const char* name, F&& f, const char* doc) {
    cls.attr(name) =
        py::module_::import("builtins")
            .attr("property")(py::cpp_function(std::forward<F>(f)), py::none(), py::none(), doc);
}

// The Python enum for E, walking its table; an enum with labels gets label_id and label_en.
template <BoundEnum E>
py::object make_enum(py::module_& m, const char* doc) {
    const char* name = enum_traits<E>::name;
    py::list pairs;
    for (const auto& x : enum_traits<E>::entries)
        pairs.append(py::make_tuple(py::str(std::string(x.name)), py::str(std::string(x.code))));
    py::object cls = py::module_::import("enum").attr("Enum")(
        name, pairs, py::arg("module") = "okoce", py::arg("qualname") = name,
        py::arg("type") = py::module_::import("builtins").attr("str"));
    cls.attr("__doc__") = doc;
    using registry = EnumRegistry<E>;
    registry::cls = cls.inc_ref().ptr(); // kept for the interpreter's lifetime
    for (std::size_t k = 0; k < enum_count<E>; ++k)
        registry::members[k] =
            py::object(cls.attr(py::str(std::string(enum_traits<E>::entries[k].name))))
                .release()
                .ptr();
    if constexpr (Labelled<E>) {
        add_property(
            cls, "label_id", [](E e) { return std::string(label(e, Lang::id)); },
            "Label in Indonesian (the programme's own wording).");
        add_property(
            cls, "label_en", [](E e) { return std::string(label(e, Lang::en)); },
            "Label in English.");
    }
    m.add_object(name, cls);
    return cls;
}

} // namespace

void register_enums(py::module_& m) {
    make_enum<Sector>(m, R"(Business sector of a participant or community.

Values are the codes written in the data files (``Sector("food_beverage")``); ``label_id`` and
``label_en`` give the labels for people, e.g. 'Kuliner (makanan dan minuman)' and 'Food and
beverage'.)");

    auto step = make_enum<Step>(m, R"(The seven steps of "7 PAS", P1 Pendaftaran to P7 Permodalan.

Values are the codes of the data files (``Step("P4")``). ``number`` is 1..7; ``label_id`` and
``label_en`` are the step's names, e.g. 'Perizinan' and 'Licensing'.)");
    add_property(
        step, "number", [](Step s) { return number(s); }, "The step number, 1..7.");

    make_enum<StepPolicy>(m, R"(How steps are counted.

``sequential`` (OK OCE, 2017-2019): a step counts only once every step before it is done.
``a_la_carte`` (JakPreneur, Pergub 2/2020): only P1 is required; the others count on their own.)");

    make_enum<Phase>(m, R"(Phase of a business: starting, mid-stage or stalled.

``label_id`` gives the programme's Indonesian wording ('baru mulai', 'sudah menengah',
'lama tapi skala belum berkembang'); ``label_en`` the English one.)");

    make_enum<PhaseRule>(m, R"(The rule that decided a phase verdict.

``describe(rules)`` gives a sentence for people, with the thresholds of the rules used.)");

    make_enum<LicenceKind>(m, R"(Kind of business licence or statement.

IUMK (the camat's micro business licence, not issued after 2021-07-02), SKU (the lurah's
business statement), NIB (OSS business number), PIRT, HALAL and OTHER; values are the
spellings of the data files.)");

    make_enum<SizeClass>(m, R"(Business size class (UMKM): micro, small, medium, large.)");
    make_enum<SizeRegime>(m, R"(The regulation that sets the size thresholds.

UU 20/2008 (net assets or turnover) until 2021-02-01; PP 7/2021 (capital or turnover) from
2021-02-02.)");

    make_enum<MentorKind>(m,
                          R"(An office mentor (of the kecamatan office) or a community mentor.)");
    make_enum<CommunityBasis>(m, R"(What an OK OCE community is organised by.)");

    auto metric = make_enum<TargetMetric>(m, R"(What a programme target counts.

``registered``, a step (``P1``..``P7``), or ``licensed`` (holding a counting licence).)");
    add_property(
        metric, "step", [](TargetMetric t) { return step_of(t); },
        "The step a step metric counts; None for 'registered' and 'licensed'.");

    make_enum<Sex>(m, R"(Sex as recorded (and as encoded in the NIK): values 'M' and 'F'.)");

    make_enum<RegionLevel>(
        m,
        R"(Depth of a region code: province, kota (or kabupaten), kecamatan, kelurahan (or desa).)");
}

} // namespace okoce::python
