// A participant (peserta, anggota) of the programme as one record, with the events that follow
// registration: steps completed and licences held. These records are what a builder takes; the
// Programme stores them as columns.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/licence.hpp"
#include "okoce/nik.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/step.hpp"
#include "okoce/table.hpp"

#include <optional>
#include <string>
#include <tuple>

namespace okoce {

// "Active on D", the one definition every analysis uses: registered on or before D and not yet
// exited (the exit day itself is no longer active). Kept as a free function so the record type
// and the column store (Programme::active_on) share it.
inline bool active_on(Date registered_on, Date exited_on, Date d) noexcept {
    return registered_on <= d && (exited_on.is_special() || d < exited_on);
}

struct Participant {
    std::string id;
    std::optional<Nik> nik; // personal data
    // The keyed pseudonym of the NIK when the record comes from an analyst export (which holds
    // no NIK), kept so that a reloaded export can be joined back to the data it came from.
    std::string nik_pseudonym;
    std::string name; // personal data
    std::optional<Sex> sex;
    Date birth_date;      // personal data; not_a_date_time when unknown
    RegionCode kelurahan; // where the business is, at kelurahan level
    Sector sector = Sector::other;
    std::string kbli;         // KBLI 2020 business classification code, when known
    std::string community;    // id of the OK OCE community, empty for none
    Date registered_on;       // P1 (Pendaftaran)
    Date business_started_on; // not_a_date_time: no business yet
    Date exited_on;           // not_a_date_time: still in the programme

    bool active_on(Date d) const noexcept { return okoce::active_on(registered_on, exited_on, d); }

    // The members a participants row is read into (table.hpp). registered_on comes before nik:
    // it decides the birth century of the NIK's two-digit year.
    static constexpr auto fields() {
        using R = Participant;
        return std::tuple{field("id", &R::id),
                          field("registered_on", &R::registered_on),
                          field("nik", &R::nik),
                          field("name", &R::name),
                          field("sex", &R::sex),
                          field("birth_date", &R::birth_date),
                          field("kelurahan", &R::kelurahan),
                          field("sector", &R::sector),
                          field("kbli", &R::kbli),
                          field("community", &R::community),
                          field("business_started_on", &R::business_started_on),
                          field("exited_on", &R::exited_on),
                          field("nik_pseudonym", &R::nik_pseudonym)};
    }
};

struct StepRecord {
    std::string participant;
    Step step = Step::p1;
    Date completed_on;

    static constexpr auto fields() {
        using R = StepRecord;
        return std::tuple{field("participant", &R::participant), field("step", &R::step),
                          field("completed_on", &R::completed_on)};
    }
};

struct LicenceRecord {
    std::string participant;
    Licence licence;

    static constexpr auto fields() {
        using R = LicenceRecord;
        return std::tuple{field("participant", &R::participant),
                          field(
                              "kind", [](R & r) -> auto& { return r.licence.kind; }),
                          field(
                              "number", [](R & r) -> auto& { return r.licence.number; }),
                          field(
                              "issued_on", [](R & r) -> auto& { return r.licence.issued_on; }),
                          field(
                              "valid_until", [](R & r) -> auto& { return r.licence.valid_until; }),
                          field(
                              "issuer", [](R & r) -> auto& { return r.licence.issuer; })};
    }
};

} // namespace okoce
