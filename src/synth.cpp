#include "okoce/synth.hpp"

#include "okoce/error.hpp"
#include "okoce/population.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace okoce::synth {

namespace {

using boost::gregorian::date;
// ---------------------------------------------------------------------------------------------
// Random numbers. xoshiro256** seeded through splitmix64, with integer-only draws and uniforms
// built from the top 53 bits, so the same seed gives the same programme whatever the standard
// library: <random>'s distributions are not specified bit for bit.

constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Rng {
public:
    // One stream per (seed, purpose, item): a participant's reports do not shift when another
    // part of the generator draws one number more.
    Rng(std::uint64_t seed, std::uint64_t purpose, std::uint64_t item) noexcept {
        std::uint64_t x = mix(mix(mix(seed) ^ purpose) ^ item);
        for (auto& w : s_) w = x = mix(x);
    }
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
    // [0, n): the top 32 bits scaled (Lemire's multiply-shift without the rejection step; the
    // bias is below n / 2^32, far under anything the generator calibrates).
    std::uint32_t below(std::uint32_t n) noexcept {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }
    int between(int lo, int hi) noexcept {
        return lo + static_cast<int>(below(static_cast<std::uint32_t>(hi - lo + 1)));
    }
    bool chance(double p) noexcept { return uniform() < p; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::array<std::uint64_t, 4> s_{};
};

// Purposes of the random streams.
enum Purpose : std::uint64_t {
    person = 1,
    allocation,
    events,
    reports,
    mentors,
    assignment,
    training,
    business,
    campaign, // JakPreneur's 2021 drive
    pjlp,     // the PJLP contracted mentors
    effects,  // the true effects' extra hires
};

// ---------------------------------------------------------------------------------------------
// Days as integers (since 1970-01-01): the inner loops compare and add them by the million.

const Date epoch(1970, 1, 1);
int day_of(Date d) {
    return static_cast<int>((d - epoch).days());
}
Date date_at(int day) {
    return epoch + boost::gregorian::days(day);
}
constexpr int never = std::numeric_limits<int>::max();

// A cumulative count, piecewise linear between points. A point for date d stands at the end of
// that day (x = day_of(d) + 1), so "registered on or before d" is exactly the figure for d.
class Curve {
public:
    Curve(std::vector<std::pair<double, double>> points, double rate_after)
        : points_(std::move(points)), rate_after_(rate_after) {}

    double at(double x) const noexcept {
        if (x <= points_.front().first) return 0.0;
        const auto& last = points_.back();
        if (x >= last.first) return last.second + (x - last.first) * rate_after_;
        std::size_t k = 1;
        while (points_[k].first < x) ++k;
        const auto& [x0, y0] = points_[k - 1];
        const auto& [x1, y1] = points_[k];
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
    // The x at which the count reaches y (y >= 0).
    double inverse(double y) const noexcept {
        const auto& last = points_.back();
        if (y >= last.second)
            return rate_after_ > 0.0 ? last.first + (y - last.second) / rate_after_ : last.first;
        std::size_t k = 1;
        while (points_[k].second <= y) ++k;
        const auto& [x0, y0] = points_[k - 1];
        const auto& [x1, y1] = points_[k];
        return x0 + (x1 - x0) * (y - y0) / (y1 - y0);
    }

private:
    std::vector<std::pair<double, double>> points_;
    double rate_after_;
};

double end_of(Date d) {
    return static_cast<double>(day_of(d) + 1);
}

// ---------------------------------------------------------------------------------------------
// Published figures.

// OK OCE registration opened in the kecamatan centres in December 2017 (Sandiaga Uno spoke of
// the programme having run six months on 11 June 2018, kumparan.com); the curve starts at zero
// on this day.
const Date launch(2017, 12, 1);

const std::array<PublishedFigure, 7> registrations{{
    {date(2018, 2, 28), 6'905, std::nullopt,
     "OK OCE registrations on okoce.me, February 2018 (press reports; day taken as month end)"},
    {date(2018, 8, 28), 49'591, std::nullopt,
     "okoce.me registrations, late August 2018 (Kompas.com 2018-08-28 reported 49,557)"},
    {date(2019, 3, 31), 85'000, std::nullopt,
     "OK OCE members, March 2019, with 16,734 permits issued (press reports; month end)"},
    {date(2019, 12, 31), 111'108, 13'321,
     "OK OCE end of 2019: 111,108 registered, 13,321 licensed, 7,327 marketed (P5), 1,064 "
     "reached capital (P7)"},
    {date(2021, 10, 21), 281'812, std::nullopt,
     "Jakpreneur members as of 2021-10-21 (Governor's statement, voi.id 2021-10-25)"},
    {date(2021, 12, 26), 287'703, std::nullopt,
     "Jakpreneur members, December 2021 (Deputy Governor, Pikiran Rakyat/POSJAKUT 2021-12-26)"},
    {date(2022, 10, 31), 332'279, std::nullopt,
     "Jakpreneur members, October 2022 (day taken as month end)"},
}};

using Reached = std::array<std::optional<std::int64_t>, step_count>;
const std::array<PublishedFunnel, 4> funnels{{
    // Compared with funnel(programme, 2018-12-31, sequential, GroupBy::kota), row 31.73: all
    // registered in the kota by the end of OK OCE's first year (December 2017 included).
    {"Kota Administrasi Jakarta Barat (31.73), participants registered by the end of 2018",
     date(2018, 12, 31), StepPolicy::sequential, Reached{17'722, 11'473, 1'137, 904, {}, {}, {}},
     "Jakarta Barat OK OCE funnel for 2018, P1..P4 (published 2020)"},
    {"DKI Jakarta, all participants", date(2019, 12, 31), StepPolicy::sequential,
     Reached{111'108, {}, {}, 13'321, 7'327, {}, 1'064},
     "OK OCE end of 2019 (registered, licensed, marketed, capital)"},
    {"Dinas KPKP (food security, marine and agriculture agency), 2020", date(2020, 12, 31),
     StepPolicy::a_la_carte, Reached{4'182, 1'434, 310, 72, 49, {}, {}},
     "Dinas KPKP JakPreneur funnel 2020, P1..P5"},
    // The figures of the November 2021 debate (a DPRD member: 284,164 registered, 6,159 reached
    // capital). Each facility counted on its own: the a-la-carte funnel.
    {"DKI Jakarta, all JakPreneur participants", date(2021, 10, 27), StepPolicy::a_la_carte,
     Reached{284'164, 176'891, 157'498, 148'374, 44'456, 32'883, 6'159},
     "JakPreneur funnel as of 2021-10-27, Dinas PPKUKM (reported by Kompas, 2021-11-12)"},
}};

const std::array<PublishedLicensing, 2> licensing{{
    {date(2018, 9, 30), 1'000, 450, std::nullopt,
     "about 1,000 OK OCE members licensed in September 2018, about 45% of them IUMK, the rest "
     "SKU (Kompas.com 2018-10-19; Medcom 2018-09 counted 608 IUMK)"},
    {date(2019, 3, 31), std::nullopt, std::nullopt, 16'734,
     "16,734 permits for OK OCE members by March 2019 (press reports; month end)"},
}};

// Licensed participants (IUMK, SKU or NIB) before JakPreneur. The published points are
// September 2018 and end of 2019; the others are the generator's own, chosen so that Jakarta
// Barat's 2018 cohort ends 2018 with about 900 licensed (its published P4) and so that the
// licence documents of every kind reach about 16,734 by March 2019. Licensing starts after
// Pergub 30/2018 (May 2018) gave the basis for IUMK for OK OCE members.
Curve licensed_curve() {
    return Curve({{end_of(date(2018, 5, 31)), 0.0},
                  {end_of(date(2018, 9, 30)), 1'000.0},
                  {end_of(date(2018, 12, 31)), 4'000.0},
                  {end_of(date(2019, 3, 31)), 12'200.0},
                  {end_of(date(2019, 12, 31)), 13'321.0}},
                 0.0);
}

Curve registration_curve() {
    std::vector<std::pair<double, double>> points{{static_cast<double>(day_of(launch)), 0.0}};
    for (const auto& f : registrations)
        points.emplace_back(end_of(f.on), static_cast<double>(f.registered));
    // Beyond the last figure, the rate between the last two.
    const auto& a = points[points.size() - 2];
    const auto& b = points.back();
    const double rate = (b.second - a.second) / (b.first - a.first);
    return Curve(std::move(points), rate);
}

// Population per kab/kota, Kepmendagri No 300.2.2-2138 Tahun 2025 (data wilayah and penduduk;
// total of men and women): the weights that spread participants over DKI Jakarta.
struct KotaPopulation {
    int kota; // the two-digit kab/kota part of the code 31.xx
    std::int64_t population;
};
constexpr std::array<KotaPopulation, 6> kota_population{{
    {1, 30'334},     // 31.01 Kabupaten Administrasi Kepulauan Seribu
    {71, 1'057'270}, // 31.71 Kota Administrasi Jakarta Pusat
    {72, 1'832'032}, // 31.72 Kota Administrasi Jakarta Utara
    {73, 2'556'752}, // 31.73 Kota Administrasi Jakarta Barat
    {74, 2'331'411}, // 31.74 Kota Administrasi Jakarta Selatan
    {75, 3'230'417}, // 31.75 Kota Administrasi Jakarta Timur
}};

// Sector mix of the participants: food and drink by far the largest, as in every OK OCE report.
constexpr std::array<double, sector_count> sector_weight{
    0.42, // food_beverage
    0.12, // fashion
    0.08, // craft
    0.16, // retail
    0.10, // services
    0.03, // agriculture
    0.04, // digital
    0.05, // other
};

// How far participants go, by kota and by sector: published funnels differ from one kota or
// agency to the next (Jakarta Barat trained 65% of its 2018 registrants, Dinas KPKP 34% of its
// 2020 ones), so a programme where every kota converts alike would hide what an analyst looks
// for. `training` scales the chance of P2 (and, under JakPreneur, of P3 too); `follow_through`
// scales the chance of licensing and the later steps. Each column is normalised at run time to
// a mean of 1 over the population (kota) or the sector mix, so the Jakarta totals the generator
// is calibrated to stay where they were; only their split changes. The values are invented
// (no per-kota funnel but Jakarta Barat's is published); their order follows plausible
// reasons: Kepulauan Seribu's islands are far from the training centres, Jakarta Selatan and
// Pusat have more established businesses, Jakarta Utara's port kecamatan more informal trade.
struct KotaPropensity {
    int kota;                 // the two-digit kab/kota part of the code 31.xx
    double first_year_weight; // registrations up to the end of 2018, relative to population
    double training;
    double follow_through;
};
constexpr std::array<KotaPropensity, 6> kota_propensity{{
    {1, 1.00, 0.70, 0.60},  // Kepulauan Seribu
    {71, 1.00, 1.08, 1.15}, // Jakarta Pusat
    {72, 1.00, 0.88, 0.85}, // Jakarta Utara
    // Jakarta Barat registered 17,722 of the about 70,000 OK OCE members by the end of 2018:
    // 25%, against 23% of the population. Its training is the Jakarta mean (11,473 of 17,722
    // trained is what 70% a registrant gives by the year end) and its follow-through brings its
    // licensed to the published 904 (see `funnels`).
    {73, 1.12, 1.00, 0.88}, // Jakarta Barat
    {74, 1.00, 1.12, 1.20}, // Jakarta Selatan
    {75, 1.00, 0.95, 0.95}, // Jakarta Timur
}};

// The same by sector (in all_sectors order): digital and craft businesses train more, retail
// traders less; food and drink licenses most (P-IRT and the IUMK go together), digital and
// services least.
struct SectorPropensity {
    double training;
    double follow_through;
};
constexpr std::array<SectorPropensity, sector_count> sector_propensity{{
    {1.00, 1.15}, // food_beverage
    {1.05, 0.95}, // fashion
    {1.12, 0.90}, // craft
    {0.85, 1.00}, // retail
    {0.95, 0.80}, // services
    {0.90, 0.85}, // agriculture
    {1.20, 0.70}, // digital
    {0.80, 0.75}, // other
}};

// Quarterly growth added to a business's own path, by sector (in all_sectors order): digital
// businesses grow fastest, retail and "other" trade slowest, so naik kelas, jobs and sales
// growth differ between sectors as well as between participants.
constexpr std::array<double, sector_count> sector_growth{
    0.002, 0.0, 0.0, -0.003, 0.002, -0.002, 0.008, -0.003,
};

// Quarterly revenue (rupiah) by quantile for a running micro business; interpolated.
constexpr std::array<std::pair<double, double>, 8> revenue_quantiles{{
    {0.0, 1.5e6},
    {0.25, 6e6},
    {0.50, 15e6},
    {0.75, 36e6},
    {0.90, 75e6},
    {0.97, 150e6},
    {0.995, 450e6},
    {1.0, 1.2e9},
}};

double base_revenue(double u) noexcept {
    std::size_t k = 1;
    while (k + 1 < revenue_quantiles.size() && revenue_quantiles[k].first < u) ++k;
    const auto [u0, r0] = revenue_quantiles[k - 1];
    const auto [u1, r1] = revenue_quantiles[k];
    return r0 + (r1 - r0) * (u - u0) / (u1 - u0);
}

// Idul Fitri moves about 10.9 days earlier each Gregorian year; counting from 15 June 2018 is
// within a day or two for the years the programme runs (2 May 2022, 22 April 2023, 31 March
// 2025), which is enough to pick the quarter of the Ramadan and Lebaran spending.
int lebaran_quarter(int year) {
    double doy = 166.0 - 10.875 * (year - 2018);
    while (doy < 1.0) doy += 354.37;
    while (doy > 365.0) doy -= 354.37;
    return doy <= 90.0 ? 1 : doy <= 181.0 ? 2 : doy <= 273.0 ? 3 : 4;
}

// The pandemic: large-scale social restrictions (PSBB) from April 2020, emergency restrictions
// (PPKM Darurat) in July 2021.
double pandemic_factor(Quarter q) {
    if (q == Quarter(2020, 2)) return 0.65;
    if (q == Quarter(2020, 3)) return 0.80;
    if (q == Quarter(2020, 4)) return 0.90;
    if (q == Quarter(2021, 1)) return 0.92;
    if (q == Quarter(2021, 3)) return 0.85;
    return 1.0;
}

struct CommunitySpec {
    const char* name;
    CommunityBasis basis;
    std::optional<Sector> sector;
};
// Invented names: the movement's communities are many and change; these only give the shape.
const std::array<CommunitySpec, 18> community_specs{{
    {"Komunitas Kuliner Rumahan", CommunityBasis::sector, Sector::food_beverage},
    {"Komunitas Jajanan Tradisional", CommunityBasis::sector, Sector::food_beverage},
    {"Komunitas Fesyen", CommunityBasis::sector, Sector::fashion},
    {"Komunitas Kriya", CommunityBasis::sector, Sector::craft},
    {"Komunitas Pedagang Eceran", CommunityBasis::sector, Sector::retail},
    {"Komunitas Jasa", CommunityBasis::sector, Sector::services},
    {"Komunitas Pertanian Perkotaan", CommunityBasis::sector, Sector::agriculture},
    {"Komunitas Wirausaha Digital", CommunityBasis::sector, Sector::digital},
    {"Komunitas Ibu Rumah Tangga", CommunityBasis::organisation, {}},
    {"Komunitas Ekonomi Syariah", CommunityBasis::organisation, {}},
    {"Komunitas Wirausaha Muda", CommunityBasis::organisation, {}},
    {"Komunitas Wirausaha Disabilitas", CommunityBasis::organisation, {}},
    {"Komunitas Purnabakti", CommunityBasis::organisation, {}},
    {"Komunitas Mahasiswa Wirausaha", CommunityBasis::organisation, {}},
    {"Komunitas Pengemudi Daring", CommunityBasis::organisation, {}},
    {"Komunitas Koperasi Warga", CommunityBasis::organisation, {}},
    {"Komunitas Wirausaha Perempuan", CommunityBasis::organisation, {}},
    {"Komunitas Alumni Pelatihan", CommunityBasis::organisation, {}},
}};

std::string padded(std::size_t n, int width) {
    std::string s = std::to_string(n);
    if (static_cast<int>(s.size()) < width)
        s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

// `prefix` then n zero padded; built by appending, which also keeps GCC 12's -Wrestrict quiet
// (it misfires on "literal" + std::string&&).
std::string numbered(std::string_view prefix, std::size_t n, int width) {
    std::string s(prefix);
    s += padded(n, width);
    return s;
}

std::string two_digits(int n) {
    return padded(static_cast<std::size_t>(n), 2);
}

// ---------------------------------------------------------------------------------------------
// Geography.

struct Geography {
    std::vector<RegionCode> kelurahan;
    std::vector<std::uint16_t> kecamatan_of;   // per kelurahan: index into `kecamatan`
    std::vector<std::uint8_t> kota_of;         // per kelurahan: index into `kota`
    std::vector<double> cumulative;            // weights, cumulative over kelurahan
    std::vector<double> cumulative_first_year; // the same for registrations up to 2018
    // Per kota, normalised to a population-weighted mean of 1 (see kota_propensity).
    std::vector<double> kota_training, kota_follow_through;
    std::vector<RegionCode> kecamatan;
    std::vector<std::uint8_t> kecamatan_kota;
    std::vector<RegionCode> kota;
};

// What the geography needs to know of one kab/kota: its population (the weight of its
// participants) and the propensities of kota_propensity, before they are normalised.
struct KotaWeights {
    double population = 0.0;
    double first_year = 1.0;
    double training = 1.0;
    double follow_through = 1.0;
};

// The kota, kecamatan and kelurahan of `t` (DKI, or one province of Indonesia), with the weights
// that spread participants over them: a kota's population, split over its kelurahan.
template <class WeightsOf>
Geography make_geography(const RegionTable& t, WeightsOf weights_of) {
    Geography g;
    g.kota = t.at_level(RegionLevel::kota);
    g.kecamatan = t.at_level(RegionLevel::kecamatan);
    g.kelurahan = t.at_level(RegionLevel::kelurahan);
    const auto kota_index = [&](RegionCode c) {
        const RegionCode k = c.ancestor(RegionLevel::kota);
        return static_cast<std::uint8_t>(std::find(g.kota.begin(), g.kota.end(), k) -
                                         g.kota.begin());
    };
    for (RegionCode k : g.kecamatan) g.kecamatan_kota.push_back(kota_index(k));
    std::vector<KotaWeights> kota_weights;
    for (RegionCode k : g.kota) kota_weights.push_back(weights_of(k));
    // Within a kota, kelurahan get a fixed jitter of +-30% around an even split: the same map
    // for every seed, so that seeds vary people, not places.
    std::vector<double> jitter, jitter_sum(g.kota.size(), 0.0);
    for (RegionCode l : g.kelurahan) {
        const RegionCode kec = l.ancestor(RegionLevel::kecamatan);
        g.kecamatan_of.push_back(static_cast<std::uint16_t>(
            std::lower_bound(g.kecamatan.begin(), g.kecamatan.end(), kec) - g.kecamatan.begin()));
        g.kota_of.push_back(kota_index(l));
        const double j = 0.7 + 0.6 * static_cast<double>(mix(l.packed()) >> 11) * 0x1.0p-53;
        jitter.push_back(j);
        jitter_sum[g.kota_of.back()] += j;
    }
    std::vector<double> first_year(g.kota.size(), 1.0);
    g.kota_training.assign(g.kota.size(), 1.0);
    g.kota_follow_through.assign(g.kota.size(), 1.0);
    double population = 0.0, training = 0.0, follow_through = 0.0;
    for (std::size_t k = 0; k < g.kota.size(); ++k) {
        const KotaWeights& w = kota_weights[k];
        first_year[k] = w.first_year;
        g.kota_training[k] = w.training;
        g.kota_follow_through[k] = w.follow_through;
        population += w.population;
        training += w.population * w.training;
        follow_through += w.population * w.follow_through;
    }
    for (double& v : g.kota_training) v *= population / training;
    for (double& v : g.kota_follow_through) v *= population / follow_through;
    double total = 0.0, total_first_year = 0.0;
    for (std::size_t i = 0; i < g.kelurahan.size(); ++i) {
        const double w =
            kota_weights[g.kota_of[i]].population * jitter[i] / jitter_sum[g.kota_of[i]];
        total += w;
        total_first_year += w * first_year[g.kota_of[i]];
        g.cumulative.push_back(total);
        g.cumulative_first_year.push_back(total_first_year);
    }
    return g;
}

Geography dki_geography() {
    return make_geography(RegionTable::dki_jakarta(), [](RegionCode k) {
        KotaWeights w;
        for (const auto& kp : kota_population)
            if (k.kota() == kp.kota) w.population = static_cast<double>(kp.population);
        for (const auto& kp : kota_propensity)
            if (k.kota() == kp.kota) {
                w.first_year = kp.first_year_weight;
                w.training = kp.training;
                w.follow_through = kp.follow_through;
            }
        return w;
    });
}

// ---------------------------------------------------------------------------------------------
// Per-participant state kept between the passes.

struct Person {
    int registered = 0;
    int exited = never;
    int started = never; // business start; never: none
    int p2 = never;      // first training
    int licensed = never;
    LicenceKind kind = LicenceKind::sku;
    std::uint16_t kelurahan = 0;
    Sector sector = Sector::other;
    // Kota and sector propensities multiplied (means of 1 over Jakarta).
    double training = 1.0;
    double follow_through = 1.0;
    bool no_business_at_registration = false;
};

LicenceKind licence_kind_on(int day, Rng& rng) {
    static const int year_2019 = day_of(date(2019, 1, 1));
    const double u = rng.uniform();
    if (day < year_2019) return u < 0.45 ? LicenceKind::iumk : LicenceKind::sku;
    if (day < day_of(oss_risk_based_start))
        return u < 0.40 ? LicenceKind::iumk : u < 0.70 ? LicenceKind::sku : LicenceKind::nib;
    // No IUMK once risk-based OSS replaced it; the lurah still writes business statements.
    return u < 0.85 ? LicenceKind::nib : LicenceKind::sku;
}

// ---------------------------------------------------------------------------------------------
// JakPreneur at scale.
//
// Mentoring that reached 157,498 participants by 2021-10-27 was not one-to-one with office
// mentors. The generator's assumption: from 2020 the Dinas contracts PJLP mentors, four per
// kecamatan, who mentor in group cycles (a cohort of 25 to 40 participants meeting for 60 to
// 120 days, up to six cohorts at once: a caseload of 150 to 240); the 4 office mentors (25-40
// one-to-one cases) and 3 community mentors (10-40) stay as before. At Jakarta size that is
// 44 x (4 x 32 + 4 x 195 + 3 x 25), about 43,000 places at once, enough for the 2021 drive.
constexpr int pjlp_per_kecamatan = 4;
constexpr int pjlp_capacity_min = 150, pjlp_capacity_max = 240;
constexpr int group_cycle_min = 60, group_cycle_max = 120;

// The 2021 drive: JakPreneur's online training, group mentoring, NIB through OSS (most of them
// after risk-based OSS from 2021-07-02), marketplace onboarding, bookkeeping and capital
// facilitation, offered to every participant still in the programme who has not taken the
// step. A participant registered before `from` takes it up with probability share x their
// propensity, on a day spread evenly over `window` days from `from` (from registration for
// later registrants). Calibrated to the JakPreneur funnel of 2021-10-27 (a-la-carte).
struct CampaignStep {
    Date from;
    int window;
    double share;
};
const std::array<CampaignStep, step_count> campaign_steps{{
    {date(2021, 1, 4), 0, 0.0}, // P1: registration itself
    {date(2021, 1, 4), 540, 0.74},
    {date(2021, 1, 4), 370, 0.95},
    {date(2021, 1, 4), 420, 0.93},
    {date(2021, 1, 4), 540, 0.272},
    {date(2021, 1, 4), 540, 0.228},
    {date(2021, 3, 1), 600, 0.0432},
}};

// The truth (see synth.hpp).
constexpr Truth the_truth{
    .training_revenue = {0.10, 0.06, 0.04},
    .mentoring_revenue = {0.10, 0.15, 0.35},
    .training_employees = {0.05, 0.05, 0.02},
    .mentoring_employees = {0.10, 0.15, 0.25},
    .selection_growing = 1.42,
    .selection_flat = 0.85,
    .selection_declining = 0.60,
};

// A participant's revenue path, drawn first in its report stream: dormant (5%: no revenue),
// growing (35%: 1.5% to 6% a quarter), flat (45%: -1.5% to 1.5%) or declining (15%: -1% to
// -5%).
enum class Path : std::uint8_t { dormant, growing, flat, declining };
Path path_of(double shape) noexcept {
    return shape < 0.05 ? Path::dormant
           : shape < 0.40 ? Path::growing
           : shape < 0.85 ? Path::flat
                          : Path::declining;
}

// The phase of the truth on day d: starting without a business or with one under a year old;
// stalled from three years when not on a growing path; mid-stage otherwise.
Phase truth_phase(int started, int d, Path path) noexcept {
    if (started == never || started > d || d - started < 365) return Phase::starting;
    if (d - started >= 3 * 365 && path != Path::growing) return Phase::stalled;
    return Phase::mid_stage;
}

// What makes one programme out of the generator's rules: where (the regions and their
// weights), when (the registration curve, the policy era, the day it ends) and how the records
// are named. Jakarta's is jakarta_setting(); each province of the national programme has its
// own (province_setting()).
struct Setting {
    std::uint64_t seed = 0;
    double scale = 1.0;
    Date until;
    // A province's table, given to the programme; none for Jakarta, whose programmes keep the
    // builder's default (DKI) table.
    std::optional<RegionTable> own_regions;
    const RegionTable& regions() const {
        return own_regions ? *own_regions : RegionTable::dki_jakarta();
    }
    Geography geo;
    Date launch;                 // registrations start here (the curve is 0 until this day)
    Curve registrations;         // cumulative registrations at scale 1
    Curve licensed;              // licences of the sequential era's campaign, at scale 1
    int sequential_end;          // the last registration day under the sequential policy
    int first_year_end;          // registrations up to this day use the first-year weights
    int mentor_shift = 0;        // days by which the mentors' calendar follows the launch
    std::string prefix;          // after the letters of every id ("" for Jakarta, "32-" ...)
    bool jakarta_targets = true; // the 2017 campaign's targets, or the national ones
    // JakPreneur's own: the 2021 drive (campaign_steps) and the PJLP group mentors. The national
    // programme has neither.
    bool jakpreneur = true;
    bool effects = true;   // Options::effects
    bool selection = true; // Options::selection
};

class Generator {
public:
    explicit Generator(const Setting& s) : set_(s), opt_{s.seed, s.scale, s.until}, geo_(s.geo) {}

    Programme run();

private:
    void make_communities();
    void make_mentors();
    void make_targets();
    void make_people();
    void allocate_licences();
    void make_events();
    void make_assignments();

    Licence licence(LicenceKind kind, int day, std::size_t i, Rng& rng);

    const Setting& set_;
    Options opt_;
    const Geography& geo_;
    ProgrammeBuilder b_;
    int until_ = 0;
    std::vector<Person> people_;
    std::vector<std::string> ids_;
    std::vector<int> p3_; // first mentoring day per participant, never if none
    std::vector<std::string> community_ids_;
    std::vector<Mentor> mentors_;
    std::vector<bool> group_mentor_; // per mentor: mentors in group cycles (PJLP)
    std::size_t licence_serial_ = 0;
};

Programme Generator::run() {
    until_ = day_of(opt_.until);
    if (set_.own_regions) b_.set_regions(*set_.own_regions);
    make_communities();
    make_mentors();
    make_targets();
    make_people();
    allocate_licences();
    make_events();
    make_assignments();
    return b_.build();
}

void Generator::make_communities() {
    const RegionTable& t = set_.regions();
    std::size_t n = 0;
    const std::string letter = "K" + set_.prefix;
    const auto next_id = [&] { return numbered(letter, ++n, 2); };
    for (const auto& c : community_specs) {
        community_ids_.push_back(next_id());
        b_.add(Community{community_ids_.back(), c.name, c.basis, c.sector, RegionCode()});
    }
    // Region-based: one per kota and one in every eighth kecamatan.
    for (RegionCode k : geo_.kota) {
        community_ids_.push_back(next_id());
        b_.add(Community{community_ids_.back(), "Komunitas OK OCE " + std::string(t.name(k)),
                         CommunityBasis::region, std::nullopt, k});
    }
    for (std::size_t k = 0; k < geo_.kecamatan.size(); k += 8) {
        community_ids_.push_back(next_id());
        b_.add(Community{community_ids_.back(),
                         "Komunitas OK OCE Kecamatan " + std::string(t.name(geo_.kecamatan[k])),
                         CommunityBasis::region, std::nullopt, geo_.kecamatan[k]});
    }
}

void Generator::make_mentors() {
    const int shift = set_.mentor_shift;
    const int start = day_of(date(2018, 1, 2)) + shift;
    const std::string office_letters = "MO" + set_.prefix, community_letters = "MC" + set_.prefix;
    std::size_t office = 0, community = 0;
    for (std::size_t k = 0; k < geo_.kecamatan.size(); ++k) {
        Rng rng(opt_.seed, Purpose::mentors, k);
        // Four office mentors per kecamatan at any time; a slot's first holder sometimes
        // leaves and is replaced the next day.
        for (int slot = 0; slot < 4; ++slot) {
            int from = start + rng.between(0, 60);
            const bool replaced = rng.chance(0.2);
            const int leaves = day_of(date(2019, 1, 1)) + shift + rng.between(0, 3 * 365);
            const int capacity = rng.between(25, 40);
            for (int holder = 0; holder < (replaced ? 2 : 1); ++holder) {
                if (from > until_) break;
                Mentor m;
                m.id = numbered(office_letters, ++office, 3);
                m.name = numbered("Pendamping Kantor ", office, 3);
                m.kind = MentorKind::office;
                m.kecamatan = geo_.kecamatan[k];
                m.capacity = capacity;
                m.active_from = date_at(from);
                if (replaced && holder == 0 && leaves <= until_) m.active_to = date_at(leaves);
                mentors_.push_back(m);
                if (m.active_to.is_special()) break;
                from = leaves + 1;
            }
        }
        // Community mentors: three per kecamatan, from the sector and organisation communities.
        for (int c = 0; c < 3; ++c) {
            const std::size_t which = rng.below(static_cast<std::uint32_t>(community_specs.size()));
            const auto& spec = community_specs[which];
            Mentor m;
            m.id = numbered(community_letters, ++community, 3);
            m.name = numbered("Pendamping Komunitas ", community, 3);
            m.kind = MentorKind::community;
            m.kecamatan = geo_.kecamatan[k];
            m.community = community_ids_[which];
            if (spec.sector) {
                m.sectors.insert(*spec.sector);
            } else if (rng.chance(0.4)) {
                for (int s = rng.between(1, 3); s > 0; --s)
                    m.sectors.insert(all_sectors[rng.below(sector_count)]);
            }
            if (rng.chance(0.3)) {
                m.phases.insert(static_cast<Phase>(rng.below(phase_count)));
                if (rng.chance(0.5)) m.phases.insert(static_cast<Phase>(rng.below(phase_count)));
            }
            m.capacity = rng.between(10, 40);
            const int from = day_of(date(2018, 3, 1)) + shift + rng.between(0, 900);
            const bool leaves = rng.chance(0.1);
            const int to = from + rng.between(180, 900);
            if (from > until_) continue;
            m.active_from = date_at(from);
            if (leaves && to <= until_) m.active_to = date_at(to);
            mentors_.push_back(m);
        }
    }
    // PJLP (Pekerja Jasa Lainnya Perorangan) mentors, contracted by the Dinas for JakPreneur
    // from 2020: four per kecamatan, each running group cycles (see make_assignments).
    group_mentor_.assign(mentors_.size(), false);
    if (set_.jakpreneur) {
        std::size_t pjlp = 0;
        const std::string pjlp_letters = "MP" + set_.prefix;
        for (std::size_t k = 0; k < geo_.kecamatan.size(); ++k) {
            Rng rng(opt_.seed, Purpose::pjlp, k);
            for (int slot = 0; slot < pjlp_per_kecamatan; ++slot) {
                const int from = day_of(date(2020, 1, 2)) + shift + rng.between(0, 60);
                const int capacity = rng.between(pjlp_capacity_min, pjlp_capacity_max);
                if (from > until_) continue;
                Mentor m;
                m.id = numbered(pjlp_letters, ++pjlp, 3);
                m.name = numbered("Pendamping PJLP ", pjlp, 3);
                m.kind = MentorKind::office;
                m.kecamatan = geo_.kecamatan[k];
                m.capacity = capacity;
                m.active_from = date_at(from);
                mentors_.push_back(m);
                group_mentor_.push_back(true);
            }
        }
    }
    for (const Mentor& m : mentors_) b_.add(m);
}

void Generator::make_targets() {
    const auto scaled = [&](double v) {
        return static_cast<std::int64_t>(std::llround(v * opt_.scale));
    };
    if (!set_.jakarta_targets) {
        // A national programme's own: each province and kab/kota registers its share of the
        // window's participants, half in each year of it.
        const RegionCode province = geo_.kota.front().ancestor(RegionLevel::province);
        const double all = set_.registrations.at(end_of(opt_.until));
        const double per_year = all / 2.0, total_weight = geo_.cumulative.back();
        std::vector<double> kota_weight(geo_.kota.size(), 0.0);
        double before = 0.0;
        for (std::size_t i = 0; i < geo_.kelurahan.size(); ++i) {
            kota_weight[geo_.kota_of[i]] += geo_.cumulative[i] - before;
            before = geo_.cumulative[i];
        }
        const int first_year = set_.launch.year();
        for (int year = first_year; year < first_year + 2; ++year) {
            const auto y = static_cast<unsigned short>(year);
            b_.add(Target{"T-REG-" + province.to_string() + "-" + std::to_string(year),
                          TargetMetric::registered, province, date(y, 1, 1), date(y, 12, 31),
                          scaled(per_year)});
            for (std::size_t k = 0; k < geo_.kota.size(); ++k)
                b_.add(Target{"T-REG-" + geo_.kota[k].to_string() + "-" + std::to_string(year),
                              TargetMetric::registered, geo_.kota[k], date(y, 1, 1),
                              date(y, 12, 31), scaled(per_year * kota_weight[k] / total_weight)});
        }
        return;
    }
    // The 2017 campaign: 200,000 new entrepreneurs in five years, 40,000 a year for DKI.
    for (int year = 2018; year <= 2022; ++year)
        b_.add(Target{"T-REG-" + std::to_string(year), TargetMetric::registered,
                      RegionCode::from_parts(31), date(static_cast<unsigned short>(year), 1, 1),
                      date(static_cast<unsigned short>(year), 12, 31), scaled(40'000)});
    // 200 IUMK/SKU per kelurahan in the last four months of 2018.
    for (RegionCode l : geo_.kelurahan)
        b_.add(Target{"T-LIC-" + l.to_string(), TargetMetric::licensed, l, date(2018, 9, 1),
                      date(2018, 12, 31), scaled(200)});
}

void Generator::make_people() {
    const Curve& curve = set_.registrations;
    const double total = curve.at(static_cast<double>(until_ + 1));
    const double wanted = std::round(total * opt_.scale);
    OKOCE_REQUIRE(wanted < static_cast<double>(no_index), "synth::Options", "scale",
                  std::to_string(opt_.scale), "a scale giving fewer than 2^32-1 participants");
    const auto n = static_cast<std::size_t>(wanted);
    people_.resize(n);
    ids_.reserve(n);
    const int width = n < 1'000'000 ? 6 : 9;
    const std::string letter = "P" + set_.prefix;
    for (std::size_t i = 0; i < n; ++i) ids_.push_back(numbered(letter, i + 1, width));

    double sector_cumulative[sector_count];
    double acc = 0.0;
    for (std::size_t s = 0; s < sector_count; ++s) sector_cumulative[s] = acc += sector_weight[s];
    // Sector propensities normalised to a mean of 1 over the sector mix.
    double mean_training = 0.0, mean_follow_through = 0.0;
    for (std::size_t s = 0; s < sector_count; ++s) {
        mean_training += sector_weight[s] * sector_propensity[s].training / acc;
        mean_follow_through += sector_weight[s] * sector_propensity[s].follow_through / acc;
    }
    const int first_year_end = set_.first_year_end;

    const int quarter_base = Quarter::of(set_.launch).index();
    std::vector<int> quarter_first, quarter_last;
    for (Quarter q = Quarter::of(set_.launch); q.first_day() <= opt_.until; q = q.next()) {
        quarter_first.push_back(day_of(q.first_day()));
        quarter_last.push_back(day_of(q.last_day()));
    }

    for (std::size_t i = 0; i < n; ++i) {
        Rng rng(opt_.seed, Purpose::person, i);
        Person& p = people_[i];
        // Stratified: participant i registers where the curve reaches (i + u) / n of the total,
        // so the count by any published date is the scaled figure to within one.
        const double target = (static_cast<double>(i) + rng.uniform()) * total / wanted;
        p.registered = std::min(until_, static_cast<int>(std::floor(curve.inverse(target))));

        const auto& weights =
            p.registered <= first_year_end ? geo_.cumulative_first_year : geo_.cumulative;
        const double w = rng.uniform() * weights.back();
        p.kelurahan = static_cast<std::uint16_t>(
            std::upper_bound(weights.begin(), weights.end(), w) - weights.begin());
        if (p.kelurahan >= geo_.kelurahan.size())
            p.kelurahan = static_cast<std::uint16_t>(geo_.kelurahan.size() - 1);

        const double s = rng.uniform();
        std::size_t si = 0;
        while (si + 1 < sector_count && sector_cumulative[si] <= s) ++si;
        p.sector = all_sectors[si];
        const std::size_t kota = geo_.kota_of[p.kelurahan];
        p.training = geo_.kota_training[kota] * sector_propensity[si].training / mean_training;
        p.follow_through = geo_.kota_follow_through[kota] * sector_propensity[si].follow_through /
                           mean_follow_through;

        // About 30% have no business when they register (calon wirausaha); make_events decides
        // whether and when they start one, after their training. The rest have run theirs for
        // months to fifteen years.
        const double b = rng.uniform();
        if (b < 0.30) {
            p.no_business_at_registration = true;
        } else if (b < 0.30 + 0.70 * 0.25) {
            p.started = p.registered - rng.between(0, 365);
        } else if (b < 0.30 + 0.70 * 0.55) {
            p.started = p.registered - rng.between(365, 3 * 365);
        } else {
            p.started = p.registered - rng.between(3 * 365, 15 * 365);
        }

        // Exits: about 1% of active participants a quarter, a few percent a year.
        const int qi0 = Quarter::of(date_at(p.registered)).index() - quarter_base;
        for (std::size_t qi = static_cast<std::size_t>(qi0); qi < quarter_first.size(); ++qi) {
            if (!rng.chance(0.01)) continue;
            const int lo = std::max(p.registered + 1, quarter_first[qi]);
            const int hi = std::min(quarter_last[qi], until_);
            if (lo <= hi) p.exited = rng.between(lo, hi);
            break;
        }
    }
}

// Licensing under OK OCE followed the city's campaigns, not each participant's pace: licence
// days are laid out along the licensed curve and each goes to a participant, drawn at random,
// who had training at least a week before and is still in the programme.
void Generator::allocate_licences() {
    const int era_end = set_.sequential_end;
    // Training (P2) for the sequential era, needed here to know who may be licensed.
    std::vector<std::pair<int, Index>> trained;
    for (std::size_t i = 0; i < people_.size(); ++i) {
        Person& p = people_[i];
        if (p.registered > era_end) break;
        Rng rng(opt_.seed, Purpose::training, i);
        if (rng.chance(std::min(0.95, 0.70 * p.training))) {
            p.p2 = p.registered + rng.between(3, 60);
            if (p.p2 > until_ || p.p2 >= p.exited)
                p.p2 = never;
            else
                trained.emplace_back(p.p2, static_cast<Index>(i));
        }
    }
    std::sort(trained.begin(), trained.end());

    // The whole era's campaign, whatever `until`: a programme made until a day in 2018 then
    // has by that day what a longer one has (participants mentored in December for a licence
    // in January included); make_events drops the licences after `until`.
    const Curve& curve = set_.licensed;
    const int last = era_end;
    const double total = curve.at(static_cast<double>(last + 1));
    const auto k_count = static_cast<std::size_t>(std::llround(total * opt_.scale));
    Rng rng(opt_.seed, Purpose::allocation, 0);
    // IUMK or SKU along a low-discrepancy sequence, so every prefix of the year's licences
    // keeps the published share.
    double phase = rng.uniform();
    std::vector<Index> pool;
    std::size_t next = 0;
    // A draw is kept with probability follow_through / the largest one, so the licences of each
    // day go to kota and sectors in proportion to their propensity while their number stays on
    // the curve.
    double most = 0.0;
    for (const Person& p : people_) most = std::max(most, p.follow_through);
    for (std::size_t k = 0; k < k_count; ++k) {
        const double y =
            (static_cast<double>(k) + rng.uniform()) * total / static_cast<double>(k_count);
        const int day = std::min(last, static_cast<int>(std::floor(curve.inverse(y))));
        while (next < trained.size() && trained[next].first <= day - 7)
            pool.push_back(trained[next++].second);
        while (!pool.empty()) {
            const std::size_t j = rng.below(static_cast<std::uint32_t>(pool.size()));
            const Index c = pool[j];
            Person& p = people_[c];
            if (p.exited > day && !rng.chance(p.follow_through / most)) continue;
            pool[j] = pool.back();
            pool.pop_back();
            if (p.exited <= day) continue;
            p.licensed = day;
            if (day < day_of(date(2019, 1, 1))) {
                const double before = phase;
                phase += 0.45;
                p.kind =
                    std::floor(phase) > std::floor(before) ? LicenceKind::iumk : LicenceKind::sku;
            } else {
                p.kind = licence_kind_on(day, rng);
            }
            break;
        }
    }
}

Licence Generator::licence(LicenceKind kind, int day, std::size_t i, Rng& rng) {
    const RegionTable& t = set_.regions();
    const Person& p = people_[i];
    const RegionCode kel = geo_.kelurahan[p.kelurahan];
    const RegionCode kec = geo_.kecamatan[geo_.kecamatan_of[p.kelurahan]];
    const std::string year = std::to_string(date_at(day).year());
    const std::string serial = set_.prefix + padded(++licence_serial_, 6);
    Licence l;
    l.kind = kind;
    l.issued_on = date_at(day);
    switch (kind) {
    case LicenceKind::iumk:
        l.number = serial + "/IUMK/" + kec.to_string() + "/" + year;
        l.issuer = "PTSP Kecamatan " + std::string(t.name(kec));
        break;
    case LicenceKind::sku:
        l.number = serial + "/SKU/" + kel.to_string() + "/" + year;
        l.issuer = "Kelurahan " + std::string(t.name(kel));
        break;
    case LicenceKind::nib: {
        l.number = std::to_string(rng.between(1, 9));
        for (int d = 0; d < 12; ++d) l.number += static_cast<char>('0' + rng.below(10));
        l.issuer = "OSS";
        break;
    }
    case LicenceKind::pirt:
        l.number = "PIRT-" + serial;
        l.issuer = "PTSP " + std::string(t.name(geo_.kota[geo_.kota_of[p.kelurahan]]));
        break;
    case LicenceKind::halal:
        l.number = "HALAL-" + serial;
        // Halal certification moved from LPPOM MUI to BPJPH on 17 October 2019 (UU 33/2014).
        l.issuer = l.issued_on < date(2019, 10, 17) ? "LPPOM MUI" : "BPJPH";
        break;
    case LicenceKind::other:
        break;
    }
    return l;
}

void Generator::make_events() {
    const int era_end = set_.sequential_end;
    const int oss = day_of(oss_risk_based_start);
    const int oss_start = day_of(date(2018, 7, 9));
    const int late_2018 = day_of(date(2018, 10, 1));
    p3_.assign(people_.size(), never);

    // Quarter tables: days, and the seasonal factor for sectors with a strong Lebaran peak
    // (food and fashion) and for the others.
    const Quarter first_q = Quarter::of(set_.launch);
    std::vector<int> q_first, q_last;
    std::vector<double> season_strong, season_mild;
    for (Quarter q = first_q; q.last_day() <= opt_.until; q = q.next()) {
        q_first.push_back(day_of(q.first_day()));
        q_last.push_back(day_of(q.last_day()));
        const bool lebaran = q.number() == lebaran_quarter(q.year());
        const double year_end = q.number() == 4 ? 1.10 : 1.0;
        season_strong.push_back((lebaran ? 1.30 : 1.0) * year_end * pandemic_factor(q));
        season_mild.push_back((lebaran ? 1.12 : 1.0) * year_end * pandemic_factor(q));
    }

    // Room for the rows before they are added, so that millions of them do not regrow the
    // builder's columns: at most seven steps a participant, and at most one report a quarter.
    {
        std::size_t reports = 0;
        for (const Person& p : people_) {
            const auto first = static_cast<std::size_t>(
                Quarter::of(date_at(p.registered)).next().index() - first_q.index());
            for (std::size_t q = first; q < q_last.size() && q_last[q] < p.exited; ++q) ++reports;
        }
        b_.reserve(Table::participants, people_.size());
        b_.reserve(Table::steps, step_count * people_.size());
        b_.reserve(Table::reports, reports);
    }

    std::unordered_map<std::uint64_t, int> nik_serials;
    nik_serials.reserve(people_.size());
    const int birth_first = day_of(date(1960, 1, 1)), birth_last = day_of(date(2000, 12, 31));

    for (std::size_t i = 0; i < people_.size(); ++i) {
        Person& p = people_[i];
        const std::string& id = ids_[i];
        const bool sequential = p.registered <= era_end;
        const auto keep = [&](int day) { return day <= until_ && day < p.exited; };
        Rng rng(opt_.seed, Purpose::events, i);
        // The revenue path comes first in the report stream: JakPreneur's mentoring take-up
        // depends on it (selection on prospects).
        Rng rep(opt_.seed, Purpose::reports, i);
        const double shape = rep.uniform();
        const Path path = path_of(shape);
        double prospects = 1.0;
        if (set_.selection)
            prospects = path == Path::growing ? the_truth.selection_growing
                        : path == Path::flat  ? the_truth.selection_flat
                                              : the_truth.selection_declining;

        // Steps.
        b_.add(StepRecord{id, Step::p1, date_at(p.registered)});
        std::array<int, step_count> day{};
        day.fill(never);
        day[0] = p.registered;
        if (sequential) {
            // Each step after the one before: OK OCE's 7 PAS in order.
            day[1] = p.p2;
            if (p.licensed != never) {
                // Mentoring prepares the licence application: within two weeks before it.
                day[2] = p.licensed - rng.between(1, std::min(14, p.licensed - p.p2 - 1));
                day[3] = p.licensed;
                if (rng.chance(0.57)) {
                    day[4] = day[3] + rng.between(7, 75);
                    if (rng.chance(0.40)) {
                        day[5] = day[4] + rng.between(14, 90);
                        if (rng.chance(0.37)) day[6] = day[5] + rng.between(14, 120);
                    }
                }
            } else if (p.p2 != never && rng.chance(0.015 * p.training)) {
                // A few are mentored without going on to a licence: with the two weeks before a
                // licence, Jakarta Barat's 2018 P3 is the published 1,137 against 904 P4.
                day[2] = p.p2 + rng.between(14, 180);
            }
            // A step that would fall after `until` or the exit drops, and so do the later ones.
            for (std::size_t s = 1; s < step_count; ++s)
                if (day[s] != never && (!keep(day[s]) || day[s - 1] == never)) day[s] = never;
            if (day[3] == never) p.licensed = never; // allocated after `until`
        } else {
            // JakPreneur: each facility taken on its own, in any order; training and mentoring
            // follow the training propensity, the later facilities the follow-through.
            constexpr std::array<double, step_count> share{1.0,  0.34,  0.075, 0.04,
                                                           0.03, 0.015, 0.008};
            constexpr std::array<int, step_count> lag_max{0, 90, 180, 240, 240, 300, 365};
            for (std::size_t s = 1; s < step_count; ++s) {
                const double propensity = s == 1   ? p.training
                                          : s == 2 ? p.training * prospects
                                                   : p.follow_through;
                const bool taken = rng.chance(std::min(0.95, share[s] * propensity));
                const int d = p.registered + rng.between(3, lag_max[s]);
                if (taken && keep(d)) day[s] = d;
            }
            if (day[3] != never) {
                p.licensed = day[3];
                p.kind = licence_kind_on(day[3], rng);
            }
        }
        if (set_.jakpreneur) {
            // The 2021 drive, for everyone in the programme without the step (OK OCE's
            // participants too: JakPreneur's facilities are taken in any order).
            Rng camp(opt_.seed, Purpose::campaign, i);
            for (std::size_t s = 1; s < step_count; ++s) {
                const CampaignStep& c = campaign_steps[s];
                const double propensity = s == 1   ? p.training
                                          : s == 2 ? p.training * prospects
                                                   : p.follow_through;
                const bool taken = camp.chance(std::min(0.95, c.share * propensity));
                const int d =
                    std::max(day_of(c.from), p.registered + 3) + camp.between(0, c.window);
                if (taken && day[s] == never && keep(d)) day[s] = d;
            }
            if (day[3] != never && p.licensed == never) {
                p.licensed = day[3];
                p.kind = licence_kind_on(day[3], camp);
            }
        }
        for (std::size_t s = 1; s < step_count; ++s)
            if (day[s] != never) b_.add(StepRecord{id, all_steps[s], date_at(day[s])});
        p3_[i] = day[2];

        // A calon wirausaha (no business at registration) may start one later: more often and
        // sooner after training (P2) than without it. The first report with revenue is the
        // quarter of the start, so the participant moves from starting to mid-stage a year on.
        if (p.no_business_at_registration) {
            Rng late(opt_.seed, Purpose::business, i);
            const bool trained = day[1] != never;
            const bool starts = late.chance(trained ? 0.65 : 0.35);
            const int on =
                trained ? day[1] + late.between(30, 540) : p.registered + late.between(60, 720);
            if (starts && keep(on)) p.started = on;
        }

        // Licences: the counting one on the P4 day, sometimes more papers after it.
        if (p.licensed != never) {
            if (p.started == never || p.started > p.licensed)
                p.started = p.registered + static_cast<int>(rng.below(static_cast<std::uint32_t>(
                                               p.licensed - p.registered + 1)));
            b_.add(LicenceRecord{id, licence(p.kind, p.licensed, i, rng)});
            const int extra = p.licensed + rng.between(0, 60);
            if (p.kind == LicenceKind::sku && p.licensed >= late_2018 && extra < oss &&
                keep(extra) && rng.chance(0.55))
                b_.add(LicenceRecord{id, licence(LicenceKind::iumk, extra, i, rng)});
            else if (p.kind == LicenceKind::iumk && extra >= oss_start && keep(extra) &&
                     rng.chance(0.15))
                b_.add(LicenceRecord{id, licence(LicenceKind::nib, extra, i, rng)});
            if (p.sector == Sector::food_beverage) {
                const int pirt = p.licensed + rng.between(0, 75);
                if (keep(pirt) && rng.chance(0.50))
                    b_.add(LicenceRecord{id, licence(LicenceKind::pirt, pirt, i, rng)});
                const int halal = p.licensed + rng.between(30, 365);
                if (keep(halal) && rng.chance(0.10))
                    b_.add(LicenceRecord{id, licence(LicenceKind::halal, halal, i, rng)});
            }
        }

        // The participant record, now that the business start is final.
        {
            Rng who(opt_.seed, Purpose::person, i ^ 0x8000000000000000ULL);
            Participant r;
            r.id = id;
            r.name = "Peserta " + id.substr(1);
            const Sex sex = who.chance(0.62) ? Sex::female : Sex::male;
            const Date birth = date_at(who.between(birth_first, birth_last));
            r.sex = sex;
            r.birth_date = birth;
            const RegionCode kel = geo_.kelurahan[p.kelurahan];
            r.kelurahan = kel;
            r.sector = p.sector;
            const double c = who.uniform();
            if (c < 0.20) {
                // A sector community where there is one for the sector.
                std::vector<std::size_t> fits;
                for (std::size_t k = 0; k < community_specs.size(); ++k)
                    if (community_specs[k].sector == p.sector) fits.push_back(k);
                if (!fits.empty())
                    r.community =
                        community_ids_[fits[who.below(static_cast<std::uint32_t>(fits.size()))]];
            } else if (c < 0.32) {
                r.community = community_ids_[8 + who.below(10)];
            } else if (c < 0.40) {
                r.community = community_ids_[community_specs.size() + geo_.kota_of[p.kelurahan]];
            }
            r.registered_on = date_at(p.registered);
            if (p.started != never) r.business_started_on = date_at(p.started);
            if (p.exited != never) r.exited_on = date_at(p.exited);
            // NIK: the province, kab/kota and kecamatan of the business, the birth date (day +
            // 40 for women), and a serial counting people with the same first twelve digits.
            const int day_of_month = birth.day() + (sex == Sex::female ? 40 : 0);
            std::string nik = two_digits(kel.province()) + two_digits(kel.kota()) +
                              two_digits(kel.kecamatan()) + two_digits(day_of_month) +
                              two_digits(birth.month()) + two_digits(birth.year() % 100);
            const int serial = ++nik_serials[std::stoull(nik)];
            nik += padded(static_cast<std::size_t>(serial), 4);
            r.nik = Nik::parse(nik, r.registered_on);
            b_.add(std::move(r));
        }

        // Quarterly reports for each full quarter after the registration quarter while the
        // participant is in the programme.
        const bool dormant = path == Path::dormant;
        const double growth = (shape < 0.40   ? rep.uniform(0.015, 0.06)
                               : shape < 0.85 ? rep.uniform(-0.015, 0.015)
                                              : rep.uniform(-0.05, -0.01)) +
                              sector_growth[static_cast<std::size_t>(p.sector)];
        // Capital facilitation (P7) brings a loan: capital half as large again from the
        // quarter after it.
        const int capital_from = day[6];
        // The true effects (truth()): from the first quarter starting after the step's day,
        // sized by the phase on that day; hires drawn from a stream of their own.
        double train_gain = 0.0, mentor_gain = 0.0;
        int train_hire = 0, mentor_hire = 0;
        int train_from = never, mentor_from = never;
        {
            Rng eff(opt_.seed, Purpose::effects, i);
            const double u_train = eff.uniform(), u_mentor = eff.uniform();
            if (set_.effects && day[1] != never) {
                const auto ph = static_cast<std::size_t>(truth_phase(p.started, day[1], path));
                train_gain = the_truth.training_revenue[ph];
                train_hire = u_train < the_truth.training_employees[ph] ? 1 : 0;
                train_from = day[1];
            }
            if (set_.effects && day[2] != never) {
                const auto ph = static_cast<std::size_t>(truth_phase(p.started, day[2], path));
                mentor_gain = the_truth.mentoring_revenue[ph];
                mentor_hire = u_mentor < the_truth.mentoring_employees[ph] ? 1 : 0;
                mentor_from = day[2];
            }
        }
        double level = base_revenue(rep.uniform());
        if (p.started != never && p.started < p.registered)
            level *= std::min(2.0, 1.0 + 0.05 * (p.registered - p.started) / 365.0);
        const bool strong = p.sector == Sector::food_beverage || p.sector == Sector::fashion;
        const auto first = static_cast<std::size_t>(
            Quarter::of(date_at(p.registered)).next().index() - first_q.index());
        for (std::size_t q = first; q < q_first.size(); ++q) {
            if (q_last[q] >= p.exited) break;
            const bool running = !dormant && p.started != never && p.started <= q_last[q];
            if (running) level = std::min(level * (1.0 + growth), 5e9);
            // Every quarter draws the same numbers, reported or not, so the reports that are
            // kept do not depend on the ones that are missed.
            const bool missed = rep.chance(0.15);
            const double noise = rep.uniform(0.85, 1.15);
            const bool has_capital = rep.chance(0.8), has_employees = rep.chance(0.85);
            const double capital_ratio = rep.uniform(1.5, 4.0);
            const int extra_staff = rep.between(0, 1);
            const bool dated = rep.chance(0.92);
            const int reported = q_last[q] + rep.between(5, 45);
            if (missed || (dated && reported > until_)) continue;
            const double season = strong ? season_strong[q] : season_mild[q];
            const bool trained_by = q_first[q] > train_from, mentored_by = q_first[q] > mentor_from;
            const double gain =
                (trained_by ? 1.0 + train_gain : 1.0) * (mentored_by ? 1.0 + mentor_gain : 1.0);
            const int hires = (trained_by ? train_hire : 0) + (mentored_by ? mentor_hire : 0);
            const double revenue = running ? level * gain * season * noise : 0.0;
            QuarterlyReport r;
            r.participant = id;
            r.quarter = first_q + static_cast<int>(q);
            r.revenue = Rupiah(std::llround(revenue / 1000.0) * 1000);
            if (has_capital)
                r.capital =
                    Rupiah(std::llround((running ? level * gain * capital_ratio : capital_ratio * 1e6) *
                                        (q_first[q] > capital_from ? 1.5 : 1.0) /
                                        10'000.0) *
                           10'000);
            if (has_employees)
                r.employees =
                    running ? std::min(50, static_cast<int>(level / 25e6) + extra_staff + hires)
                            : 0;
            if (dated) r.reported_on = date_at(reported);
            b_.add(std::move(r));
        }
    }
}

// Mentoring (P3) is where a mentor comes in: participants are given a mentor of their
// kecamatan who is active and has room, one serving their sector if possible, then the one
// with the lightest caseload for its capacity: one-to-one for three months to a year, or in a
// PJLP mentor's group cycle of 60 to 120 days. Some are left without one, as happens when a
// kecamatan runs out of places.
void Generator::make_assignments() {
    std::vector<std::pair<int, Index>> order;
    for (std::size_t i = 0; i < p3_.size(); ++i)
        if (p3_[i] != never) order.emplace_back(p3_[i], static_cast<Index>(i));
    std::sort(order.begin(), order.end());
    std::vector<std::vector<std::size_t>> by_kecamatan(geo_.kecamatan.size());
    for (std::size_t m = 0; m < mentors_.size(); ++m) {
        const auto k =
            std::lower_bound(geo_.kecamatan.begin(), geo_.kecamatan.end(), mentors_[m].kecamatan) -
            geo_.kecamatan.begin();
        by_kecamatan[static_cast<std::size_t>(k)].push_back(m);
    }
    // Open cases per mentor: their last days, a min-heap, so a day's closed cases come off the
    // top (the campaign gives PJLP mentors caseloads in the hundreds).
    std::vector<std::vector<int>> ends(mentors_.size());
    const auto later = std::greater<int>();
    for (const auto& [day, i] : order) {
        Rng rng(opt_.seed, Purpose::assignment, i);
        if (!rng.chance(0.85)) continue;
        const Person& p = people_[i];
        const Date on = date_at(day);
        std::size_t best = mentors_.size();
        double best_score = std::numeric_limits<double>::max();
        for (std::size_t m : by_kecamatan[geo_.kecamatan_of[p.kelurahan]]) {
            const Mentor& mentor = mentors_[m];
            if (!mentor.active_on(on)) continue;
            auto& open = ends[m];
            while (!open.empty() && open.front() < day) {
                std::pop_heap(open.begin(), open.end(), later);
                open.pop_back();
            }
            const int load = static_cast<int>(open.size());
            if (load >= mentor.capacity) continue;
            // Prefer a mentor who serves the sector, then the lighter caseload for its size.
            const double score = (mentor.serves(p.sector) ? 0.0 : 1000.0) +
                                 static_cast<double>(load) / static_cast<double>(mentor.capacity);
            if (score < best_score) best = m, best_score = score;
        }
        if (best == mentors_.size()) continue;
        const bool group = group_mentor_[best];
        int to = day + (group ? rng.between(group_cycle_min, group_cycle_max)
                              : rng.between(90, 365));
        const Mentor& mentor = mentors_[best];
        if (!mentor.active_to.is_special()) to = std::min(to, day_of(mentor.active_to));
        if (p.exited != never) to = std::min(to, p.exited);
        AssignmentRecord a{ids_[i], mentor.id, on, no_date};
        if (to <= until_) a.to = date_at(std::max(to, day));
        ends[best].push_back(to <= until_ ? to : never);
        std::push_heap(ends[best].begin(), ends[best].end(), later);
        b_.add(std::move(a));
    }
}

void check(const Options& o) {
    OKOCE_REQUIRE(std::isfinite(o.scale) && o.scale > 0.0, "synth::Options", "scale",
                  std::to_string(o.scale), "a positive finite scale (1.0 is Jakarta size)");
    OKOCE_REQUIRE(!o.until.is_special(), "synth::Options", "until", "not-a-date",
                  "a date (the last day the generator simulates)");
}

Setting jakarta_setting(const Options& o) {
    return Setting{.seed = o.seed,
                   .scale = o.scale,
                   .until = o.until,
                   .own_regions = std::nullopt,
                   .geo = dki_geography(),
                   .launch = launch,
                   .registrations = registration_curve(),
                   .licensed = licensed_curve(),
                   .sequential_end = day_of(date(2019, 12, 31)),
                   .first_year_end = day_of(date(2018, 12, 31)),
                   .mentor_shift = 0,
                   .prefix = "",
                   .jakarta_targets = true,
                   .jakpreneur = true,
                   .effects = o.effects,
                   .selection = o.selection};
}

// One province of the national programme: its own region table and kab/kota population
// weights (no per-kota propensities: none are published outside Jakarta), registrations even
// over the window, every participant under the a-la-carte policy (the window is long after
// 2019, so there is no sequential era and no licensing campaign to allocate), mentors starting
// with the launch as Jakarta's did with theirs, and a random stream of the province's own.
Setting province_setting(std::uint64_t seed, double scale, RegionCode province) {
    const RegionTable& indonesia = RegionTable::indonesia();
    const PopulationTable& people = PopulationTable::indonesia();
    const double share = static_cast<double>(people.at(province).total()) /
                         static_cast<double>(people.total().total());
    const Date launch_day = national_registrations_from;
    const Curve registered(
        {{static_cast<double>(day_of(launch_day)), 0.0},
         {end_of(national_registrations_to), static_cast<double>(national_participants) * share}},
        0.0);
    Setting s{.seed = province_seed(seed, province),
              .scale = scale,
              .until = national_until,
              .own_regions = indonesia.within(province),
              .geo = {},
              .launch = launch_day,
              .registrations = registered,
              .licensed = Curve({{0.0, 0.0}}, 0.0),
              .sequential_end = day_of(launch_day) - 1,
              .first_year_end = day_of(launch_day) - 1,
              .mentor_shift = day_of(launch_day) - day_of(launch),
              .prefix = province.to_string() + "-",
              .jakarta_targets = false,
              .jakpreneur = false};
    s.geo = make_geography(*s.own_regions, [&](RegionCode k) {
        KotaWeights w;
        w.population = static_cast<double>(people.at(k).total());
        return w;
    });
    return s;
}

} // namespace

Programme jakarta(const Options& options) {
    check(options);
    const Setting setting = jakarta_setting(options);
    return Generator(setting).run();
}

Programme jakarta(std::uint64_t seed, double scale, Date until) {
    return jakarta(Options{seed, scale, until});
}

std::uint64_t province_seed(std::uint64_t seed, RegionCode province) noexcept {
    // "national" in ASCII, so a province's stream is not Jakarta's for the same seed.
    return mix(mix(seed ^ 0x6e6174696f6e616cULL) ^ province.packed());
}

Programme indonesia_province(std::uint64_t seed, double scale, RegionCode province) {
    check(Options{seed, scale, national_until});
    OKOCE_REQUIRE(province.level() == RegionLevel::province &&
                      PopulationTable::indonesia().contains(province),
                  "synth::indonesia_province", "province", province.to_string(),
                  "a province code of Indonesia, such as 32");
    const Setting setting = province_setting(seed, scale, province);
    return Generator(setting).run();
}

std::span<const PublishedFigure> published_registrations() {
    return registrations;
}
std::span<const PublishedFunnel> published_funnels() {
    return funnels;
}
std::span<const PublishedLicensing> published_licensing() {
    return licensing;
}

const Truth& truth() noexcept {
    return the_truth;
}

} // namespace okoce::synth
