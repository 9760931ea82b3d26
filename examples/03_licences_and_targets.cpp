// Licences and targets: how OK OCE counted a "new entrepreneur", and how far a region is from
// the number it was asked to reach.
//
// Registration alone never counted. The 2017 campaign's success indicator was step P4
// (Perizinan): a participant holding a business licence (IUMK, from the camat) or a business
// statement (SKU, from the lurah). Since risk-based OSS started on 2021-07-02 the NIB has
// replaced both for low-risk micro firms. This lesson shows when a licence is in force, which
// kinds count, then measures targets - first on tests/data/small, where every figure can be
// worked out on paper, then on the synthetic Jakarta - and splits a target over the kota.
//
// Every number printed is checked against a value worked out by hand (check() exits 1 if the
// library disagrees), so the lesson runs as a test.
#include <okoce/okoce.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string_view>
#include <vector>

namespace {

void check(bool ok, std::string_view what) {
    if (ok) return;
    std::cerr << "example check failed: " << what << '\n';
    std::exit(1);
}

std::filesystem::path small_data(int argc, char** argv) {
    if (argc > 1) return argv[1];
    return std::filesystem::path(OKOCE_SOURCE_DIR) / "tests" / "data" / "small";
}

} // namespace

int main(int argc, char** argv) {
    using namespace okoce;
    using boost::gregorian::date;
    const Date open_ended(boost::gregorian::not_a_date_time);
    std::cout << std::boolalpha;

    // 1. A licence is in force from its issue date through valid_until, inclusive. No
    //    validity period was ever published for the IUMK, so it is open-ended; a P-IRT (home
    //    food production) certificate runs for five years.
    const Licence sku{LicenceKind::sku, "SKU/123/2018", date(2018, 9, 10), open_ended, "Lurah"};
    const Licence pirt{LicenceKind::pirt, "", date(2019, 5, 2), date(2024, 5, 1), "Dinkes"};
    std::cout << "1. In force\n"
              << "   SKU issued 2018-09-10 on 2018-09-09: " << in_force(sku, date(2018, 9, 9))
              << ", on 2018-09-10: " << in_force(sku, date(2018, 9, 10)) << '\n'
              << "   P-IRT valid until 2024-05-01 on that day: " << in_force(pirt, date(2024, 5, 1))
              << ", the day after: " << in_force(pirt, date(2024, 5, 2)) << '\n';
    check(!in_force(sku, date(2018, 9, 9)) && in_force(sku, date(2018, 9, 10)), "SKU from issue");
    check(in_force(sku, date(2030, 1, 1)), "an open-ended SKU stays in force");
    check(in_force(pirt, date(2024, 5, 1)) && !in_force(pirt, date(2024, 5, 2)), "P-IRT ends");

    // 2. The IUMK, SKU and NIB story. An IUMK dated on or after 2021-07-02 cannot be right
    //    (OSS had replaced it), and a NIB is exactly 13 digits; the library calls such records
    //    anomalous rather than refusing them, since the data owner must look at them.
    const Licence late_iumk{LicenceKind::iumk, "", date(2021, 8, 2), open_ended, "Camat"};
    const Licence nib{LicenceKind::nib, "9120001234567", date(2021, 9, 1), open_ended, "OSS"};
    std::cout << "\n2. Risk-based OSS started on " << format_date(oss_risk_based_start) << '\n'
              << "   an IUMK of 2021-08-02: " << anomaly(late_iumk) << '\n'
              << "   NIB 9120001234567 well formed: " << is_valid_nib(nib.number) << '\n';
    check(is_anomalous(late_iumk), "an IUMK after OSS is anomalous");
    check(!is_anomalous(nib) && is_valid_nib("9120001234567"), "13 digits is a NIB");
    check(!is_valid_nib("912000123456"), "12 digits is not");

    // 3. Which kinds count for P4. OK OCE counted IUMK and SKU; the library's default adds the
    //    NIB, which replaced both. A participant licensed only by a NIB is a new entrepreneur
    //    under the default and not under the 2018 rule. A P-IRT never counts on its own.
    const LicenceCounting ok_oce = LicenceCounting::of({LicenceKind::iumk, LicenceKind::sku});
    const std::vector<Licence> only_nib{nib};
    const std::vector<Licence> only_pirt{pirt};
    const Date end_2021 = date(2021, 12, 31);
    std::cout << "\n3. Licensed on 2021-12-31 with only a NIB: default "
              << licensed_as_of(only_nib, end_2021) << ", OK OCE's IUMK+SKU "
              << licensed_as_of(only_nib, end_2021, ok_oce) << '\n';
    check(licensed_as_of(only_nib, end_2021), "NIB counts by default");
    check(!licensed_as_of(only_nib, end_2021, ok_oce), "NIB does not count under OK OCE");
    check(!licensed_as_of(only_pirt, end_2021), "P-IRT does not count");

    // The same question over a loaded programme (tests/data/small), at the end of 2019:
    //   P001 SKU 2018-09-10 and IUMK 2018-11-20       licensed
    //   P002 no licence                               not
    //   P003 only a P-IRT                             not
    //   P004 step P4 recorded, but no licence on file not (the load warns about it)
    //   P005 no licence                               not
    const io::LoadResult loaded = io::load_csv(small_data(argc, argv));
    const Programme& small = loaded.programme;
    int licensed = 0;
    for (Index i = 0; i < small.participant_count(); ++i)
        if (small.licensed_as_of(i, date(2019, 12, 31))) {
            std::cout << "   licensed at the end of 2019: " << small.participants().id[i] << '\n';
            ++licensed;
        }
    check(licensed == 1, "only P001 is licensed at the end of 2019");

    // 4. Targets. tests/data/small has two: 40,000 registrations in DKI in 2018, and 200
    //    IUMK/SKU in Tebet Timur from 2018-09-01 to 2018-12-31 (the last four months of 2018).
    //    As of 2018-10-31:
    //    - T-2018-DKI: registered in 2018 so far: P001 (Feb), P002 (Mar), P003 (Aug) = 3.
    //    - T-2018-TEBET-TIMUR: P001, first licensed on 2018-09-10, is the one event: actual 1.
    //      The period has 30 + 31 + 30 + 31 = 122 days, 61 of them seen by Oct 31, so the
    //      straight-line schedule expects 200 * 61 / 122 = 100: the gap is 1 - 100 = -99.
    //      The run rate is 1 event over the 61 days seen, and 61 days remain: the projection
    //      is 1 + 61 / 61 = 2 licences by the end of the year, far short of 200.
    const Date oct_31 = date(2018, 10, 31);
    std::cout << "\n4. Targets as of " << format_date(oct_31) << " (tests/data/small)\n";
    const auto progress = target_progress(small, oct_31);
    for (const TargetProgress& t : progress)
        std::cout << "   " << std::left << std::setw(20) << t.id << to_string(t.metric) << " in "
                  << t.region << ": " << t.actual << " of " << t.value << ", expected "
                  << std::fixed << std::setprecision(1) << t.expected << ", gap " << t.gap
                  << ", projected " << t.projected << '\n';
    check(progress.size() == 2, "two targets");
    check(progress[0].id == "T-2018-DKI" && progress[0].actual == 3, "3 registered in 2018");
    const TargetProgress& tebet = progress[1];
    check(tebet.actual == 1, "one licensed in Tebet Timur");
    check(std::abs(tebet.expected - 100.0) < 1e-9, "expected 200 * 61 / 122 = 100");
    check(tebet.gap == -99, "gap 1 - 100");
    check(std::abs(tebet.projected - 2.0) < 1e-9, "projected 1 + 61 * (1 / 61) = 2");

    // 5. The same on the synthetic Jakarta at 1% scale: every target value is scaled too, so
    //    the campaign asks 400 registrations a year and 2 licences per kelurahan. The actual
    //    count of T-REG-2018 is checked against a count made straight from the columns.
    const Date end_2018 = date(2018, 12, 31);
    const Programme jakarta = synth::jakarta(synth::Options{2017, 0.01, date(2022, 10, 31)});
    const auto synthetic = target_progress(jakarta, end_2018);
    std::int64_t registered_2018 = 0;
    for (const Date d : jakarta.participants().registered_on)
        registered_2018 += (d.year() == 2018) ? 1 : 0;
    std::int64_t kelurahan_on_track = 0, kelurahan_targets = 0;
    std::cout << "\n5. Synthetic Jakarta (1%), " << jakarta.participant_count()
              << " participants, as of " << format_date(end_2018) << '\n';
    for (const TargetProgress& t : synthetic) {
        if (t.id == "T-REG-2018") {
            std::cout << "   T-REG-2018: " << t.actual << " registered of " << t.value << '\n';
            check(t.value == 400, "40,000 scaled by 1%");
            check(t.actual == registered_2018, "T-REG-2018 counts the 2018 registrations");
        }
        if (t.metric == TargetMetric::licensed) {
            ++kelurahan_targets;
            kelurahan_on_track += (t.actual >= t.value) ? 1 : 0;
        }
    }
    std::cout << "   kelurahan that reached 2 IUMK/SKU in Sep-Dec 2018: " << kelurahan_on_track
              << " of " << kelurahan_targets << '\n';
    check(kelurahan_targets == 267, "one licence target per kelurahan");

    // 6. Cascading a target down the tree. 40,000 split equally over the six kota is 6,666.67
    //    each: every kota gets 6,666 and the 4 left over go one each to the largest remainders
    //    - all equal here, so to the smaller codes first: 31.01, 31.71, 31.72, 31.73 get
    //    6,667, while 31.74 and 31.75 keep 6,666. The parts add up to 40,000 exactly.
    const RegionCode dki = RegionCode::parse("31");
    const Target campaign{"T-2018", TargetMetric::registered, dki, date(2018, 1, 1), end_2018,
                          40'000};
    const auto parts = cascade(small, campaign, CascadeWeights::equal, end_2018);
    std::cout << "\n6. 40,000 registrations split over the kota\n";
    std::int64_t sum = 0;
    for (const auto& [kota, value] : parts) {
        std::cout << "   " << kota << "  " << std::setw(40) << small.regions().name(kota) << value
                  << '\n';
        sum += value;
    }
    check(parts.size() == 6 && sum == 40'000, "six parts adding up to 40,000");
    check(parts[0].second == 6'667 && parts[3].second == 6'667, "31.01 .. 31.73 get 6,667");
    check(parts[4].second == 6'666 && parts[5].second == 6'666, "31.74 and 31.75 get 6,666");

    // Weighted by registrations instead, the synthetic programme's kota shares decide. The
    // parts still add up exactly, whatever the weights.
    const auto weighted = cascade(jakarta, campaign, CascadeWeights::registrations, end_2018);
    sum = 0;
    for (const auto& part : weighted) sum += part.second;
    check(sum == 40'000, "weighted parts add up to 40,000 too");
    return 0;
}
