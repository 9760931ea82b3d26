// A programme and its participants: the first thing to learn about okoce.
//
// A programme is a set of participants (peserta) who registered in a kelurahan of Jakarta, with
// what happened to them afterwards. This lesson builds one by hand, then loads the same kind of
// data from a folder of CSV files (tests/data/small). On the way it meets the three small value
// types every later lesson relies on: region codes, the NIK and the business size class.
//
// Read it top to bottom. Every number it prints was worked out by hand from the data written
// here or in tests/data/small. Each checked figure is printed as "= what: value" and compared
// with the hand-worked value by lesson_check.hpp, which stops the program (exit 1) if the library
// disagrees, so the lesson is also a test; the Python twin prints the same figures.
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <iostream>
#include <map>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::check;
    using lesson::figure;

    // 1. Regions. Jakarta's administrative tree comes with the library: the province 31, six
    //    kota/kabupaten, 44 kecamatan and 267 kelurahan, by their Kemendagri codes. A code is
    //    dotted and each level adds a part: 31.74 is Jakarta Selatan, 31.74.01 the kecamatan
    //    Tebet, 31.74.01.1001 the kelurahan Tebet Timur. (BPS numbers the cities differently -
    //    BPS 3171 is Jakarta Selatan - so a BPS code must never be parsed as one of these.)
    const RegionTable& dki = RegionTable::dki_jakarta();
    std::cout << "1. DKI Jakarta: " << dki.count(RegionLevel::kota) << " kota/kabupaten, "
              << dki.count(RegionLevel::kecamatan) << " kecamatan, "
              << dki.count(RegionLevel::kelurahan) << " kelurahan\n";
    figure("kota/kabupaten", dki.count(RegionLevel::kota), 6);
    figure("kecamatan", dki.count(RegionLevel::kecamatan), 44);
    figure("kelurahan", dki.count(RegionLevel::kelurahan), 267);

    // Walking up from a kelurahan: parent() drops the last part of the code.
    const RegionCode tebet_timur = RegionCode::parse("31.74.01.1001");
    for (std::optional<RegionCode> c = tebet_timur; c; c = c->parent())
        std::cout << "   " << *c << "  " << to_string(c->level()) << "  " << dki.name(*c) << '\n';
    figure("kecamatan of 31.74.01.1001", dki.name(tebet_timur.ancestor(RegionLevel::kecamatan)),
           "Tebet");
    figure("Tebet Timur is in Jakarta Selatan", tebet_timur.is_within(RegionCode::parse("31.74")),
           true);
    figure("Tebet Timur is in Jakarta Pusat", tebet_timur.is_within(RegionCode::parse("31.71")),
           false);
    // Tebet has seven kelurahan (Tebet Timur, Tebet Barat, Menteng Dalam, Kebon Baru, Bukit
    // Duri, Manggarai Selatan, Manggarai).
    figure("kelurahan in Tebet", dki.children(RegionCode::parse("31.74.01")).size(), 7);

    // 2. The NIK, the 16-digit identity number, is made of parts: where the person was first
    //    registered (province 31, kota 74, kecamatan 01), the birth date as DDMMYY with 40
    //    added to the day for women, and a serial. This one is made up: 45 12 90 is a woman
    //    born on 5 December 1990, serial 0007. The two-digit year is read as the latest
    //    century that puts the birth on or before the reference date (here, registration).
    const Nik nik = Nik::parse("3174014512900007", date(2019, 3, 1));
    std::cout << "\n2. NIK " << nik.masked() << ": province " << nik.province_code() << ", kota "
              << nik.kota_code() << ", kecamatan " << nik.kecamatan_code() << ", "
              << (nik.sex() == Sex::female ? "female" : "male") << ", born "
              << format_date(nik.birth_date()) << ", serial " << nik.serial() << '\n';
    figure("NIK province, kota, kecamatan",
           std::vector<int>{nik.province_code(), nik.kota_code(), nik.kecamatan_code()},
           std::vector<int>{31, 74, 1});
    figure("NIK day 45: a woman", nik.sex() == Sex::female, true);
    figure("NIK birth date", format_date(nik.birth_date()), "1990-12-05"); // 45 - 40 = day 5
    figure("NIK serial", nik.serial(), 7);
    // A NIK is personal data. The library prints it whole only when asked by name (digits());
    // masked() keeps the region and the last two digits, enough to tell records apart by eye.
    figure("masked NIK", nik.masked(), "3174**********07");

    // 3. Business size (UMKM) depends on the date: PP 7/2021 replaced UU 20/2008 on
    //    2021-02-02. A shop with Rp400 juta turnover a year was small under UU 20/2008
    //    (micro ends at Rp300 juta) and micro under PP 7/2021 (micro ends at Rp2 miliar).
    using namespace okoce::literals;
    const auto before = size_class(date(2020, 12, 31), 400_juta, std::nullopt);
    const auto after = size_class(date(2021, 3, 1), 400_juta, std::nullopt);
    std::cout << "\n3. Turnover Rp400 juta: " << to_string(before.size) << " under "
              << to_string(before.regime) << ", " << to_string(after.size) << " under "
              << to_string(after.regime) << '\n';
    figure("Rp400 juta turnover in 2020",
           std::string(to_string(before.size)) + " " + std::string(to_string(before.regime)),
           "small UU 20/2008");
    figure("Rp400 juta turnover in 2021",
           std::string(to_string(after.size)) + " " + std::string(to_string(after.regime)),
           "micro PP 7/2021");
    // With no turnover yet, capital decides: Rp60 juta is above UU 20/2008's Rp50 juta micro
    // limit for net assets, and far below PP 7/2021's Rp1 miliar limit for business capital.
    figure("Rp60 juta capital in 2020",
           to_string(size_class(date(2020, 12, 31), std::nullopt, 60_juta).size), "small");
    figure("Rp60 juta capital in 2021",
           to_string(size_class(date(2021, 3, 1), std::nullopt, 60_juta).size), "micro");

    // 4. A programme, built by hand. The builder takes records in any order, checks them
    //    against each other and the region table, and makes an immutable Programme.
    ProgrammeBuilder builder;
    auto join = [&](std::string id, std::string_view kelurahan, Sector sector, Date registered) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = RegionCode::parse(kelurahan);
        p.sector = sector;
        p.registered_on = registered;
        return p;
    };
    Participant sari = join("sari", "31.74.01.1001", Sector::food_beverage, date(2019, 3, 1));
    sari.nik = nik;
    sari.sex = Sex::female;
    sari.birth_date = date(1990, 12, 5);
    builder.add(std::move(sari));
    builder.add(join("tono", "31.74.01.1002", Sector::craft, date(2019, 5, 20)));  // Tebet Barat
    builder.add(join("yanti", "31.71.01.1001", Sector::retail, date(2019, 6, 3))); // Gambir
    const Programme mine = builder.build();

    std::cout << "\n4. Built by hand: " << mine.participant_count() << " participants\n";
    figure("participants built by hand", mine.participant_count(), 3);
    const Index s = *mine.find_participant("sari");
    check(mine.nik(s).has_value(), "sari's NIK is stored");
    figure("sari's NIK from the store", mine.nik(s)->masked(), "3174**********07");
    figure("tono gave a NIK", mine.nik(*mine.find_participant("tono")).has_value(), false);

    // The builder refuses bad records, and says where: here a kelurahan code that is not in
    // DKI Jakarta (31.74.01 has no kelurahan 1099). Nothing is built.
    try {
        ProgrammeBuilder bad;
        bad.add(join("x", "31.74.01.1099", Sector::other, date(2019, 1, 2)));
        (void)bad.build();
        check(false, "an unknown kelurahan must be refused");
    } catch (const validation_error& e) {
        std::cout << "   refused: " << e.what() << '\n';
        figure("refused column", e.column(), "kelurahan");
    }

    // 5. The same kind of data from files. A programme is a folder of CSV files, one per table;
    //    only participants.csv is required. The load is all or nothing; findings that are not
    //    errors come back as warnings. tests/data/small has five participants, and P004 has
    //    step P4 (Perizinan) on record without any licence: one warning.
    const io::LoadResult loaded = io::load_csv(lesson::small_data(argc, argv));
    const Programme& small = loaded.programme;
    std::cout << "\n5. tests/data/small: " << small.participant_count() << " participants, "
              << loaded.warnings.size() << " warning(s)\n";
    for (const auto& w : loaded.warnings)
        std::cout << "   warning: " << w.where.file << ':' << w.where.line << ": " << w.message
                  << '\n';
    figure("participants in tests/data/small", small.participant_count(), 5);
    figure("load warnings", loaded.warnings.size(), 1); // P004: P4 without a licence

    // Participants by kota, rolling each kelurahan up the tree:
    //   P001 31.74.01.1001, P002 31.74.01.1003 -> Jakarta Selatan 2
    //   P003 31.71.01.1002, P004 31.71.01.1001 -> Jakarta Pusat 2
    //   P005 31.73.02.1003                     -> Jakarta Barat 1
    const auto& people = small.participants();
    std::map<RegionCode, int> by_kota;
    for (const RegionCode k : small.regions().roll_up(people.kelurahan, RegionLevel::kota))
        ++by_kota[k];
    for (const auto& [kota, n] : by_kota)
        std::cout << "   " << kota << "  " << small.regions().name(kota) << ": " << n << '\n';
    std::vector<int> per_kota; // in code order: 31.71, 31.73, 31.74
    for (const auto& [kota, n] : by_kota) per_kota.push_back(n);
    figure("participants in 31.71 31.73 31.74", per_kota, std::vector<int>{2, 1, 2});

    // Who is in the programme on a day: registered by then and not yet exited. P003 left on
    // 2020-06-30, so on 2020-12-31 four of the five are active.
    int active = 0;
    for (Index i = 0; i < small.participant_count(); ++i)
        active += small.active_on(i, date(2020, 12, 31)) ? 1 : 0;
    std::cout << "   active on 2020-12-31: " << active << '\n';
    figure("active on 2020-12-31", active, 4);

    // NIKs from the file, masked. P004 has none; P001's 3174011507850001 is a man (day 15)
    // born 15 July 1985 and first registered in kecamatan 31.74.01 - Tebet, where he also
    // runs his business.
    for (Index i = 0; i < small.participant_count(); ++i)
        std::cout << "   " << people.id[i] << "  "
                  << (small.nik(i) ? small.nik(i)->masked() : std::string("(no NIK)")) << '\n';
    const auto p001 = small.nik(*small.find_participant("P001"));
    check(p001.has_value(), "P001 has a NIK");
    figure("P001's NIK: a man", p001->sex() == Sex::male, true);
    figure("P001's birth date", format_date(p001->birth_date()), "1985-07-15");
    figure("P004 gave a NIK", small.nik(*small.find_participant("P004")).has_value(), false);
    return 0;
}
