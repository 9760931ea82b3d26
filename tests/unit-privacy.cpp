#include "okoce/io.hpp"
#include "okoce/privacy.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"
#include <openssl/evp.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

using namespace okoce;
namespace fs = std::filesystem;

namespace {
using okoce::test::slurp;
using okoce::test::TempDir;

const fs::path fixture = fs::path(OKOCE_TEST_DIR) / "data" / "small";

std::string sha256(const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    REQUIRE(EVP_Digest(data.data(), data.size(), out, &n, EVP_sha256(), nullptr) == 1);
    return std::string(reinterpret_cast<const char*>(out), n);
}
std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (const unsigned char c : bytes) (s += digits[c >> 4]) += digits[c & 15];
    return s;
}
// HMAC by its definition (RFC 2104) over a plain SHA-256, independent of the library's call
// into OpenSSL's HMAC: H((K ^ opad) || H((K ^ ipad) || m)), K padded to the 64-byte block and
// hashed first when longer.
std::string hmac_by_definition(std::string key, const std::string& message) {
    if (key.size() > 64) key = sha256(key);
    key.resize(64, '\0');
    std::string inner, outer;
    for (const char k : key) {
        inner += static_cast<char>(k ^ 0x36);
        outer += static_cast<char>(k ^ 0x5c);
    }
    return hex(sha256(outer + sha256(inner + message)));
}

const char* const niks[] = {"3174011507850001", "3174014303900002", "3171011201950003",
                            "3173024102010005"};
const char* const names[] = {"Budi Santoso", "Siti", "Andi Wijaya", "Dewi Lestari", "Rina Putri"};
const char* const birth_dates[] = {"1985-07-15", "1990-03-03", "1995-01-12", "2001-02-01"};

bool contains_any(const std::string& text, std::span<const char* const> needles) {
    for (const char* n : needles)
        if (text.find(n) != std::string::npos) return true;
    return false;
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231") {
    // Test case 2: key "Jefe".
    const std::string tc2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") == tc2);
    CHECK(hmac_by_definition("Jefe", "what do ya want for nothing?") == tc2);
    // Test case 1: twenty 0x0b bytes.
    const std::string tc1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") == tc1);
    // Test case 6: a key longer than the block is hashed first.
    const std::string tc6 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
    const std::string long_key(131, '\xaa');
    const std::string tc6_data = "Test Using Larger Than Block-Size Key - Hash Key First";
    CHECK(hmac_sha256_hex(long_key, tc6_data) == tc6);
    CHECK(hmac_by_definition(long_key, tc6_data) == tc6);
}

TEST_CASE("a pseudonym is the keyed hash of the NIK's digits") {
    const Nik budi = Nik::parse("3174011507850001", boost::gregorian::date(2018, 2, 10));
    const Nik siti = Nik::parse("3174014303900002", boost::gregorian::date(2018, 3, 5));
    const std::string p = pseudonym(budi, "kunci-rahasia-dinas");
    CHECK(p == hmac_by_definition("kunci-rahasia-dinas", "3174011507850001"));
    CHECK(p.size() == 64);
    CHECK(p.find_first_not_of("0123456789abcdef") == std::string::npos);
    // Same key and NIK: same value; another key or another NIK: another value.
    CHECK(pseudonym(budi, "kunci-rahasia-dinas") == p);
    CHECK(pseudonym(budi, "kunci-lain-dinas-dki") != p);
    CHECK(pseudonym(siti, "kunci-rahasia-dinas") != p);
    // Without a key anyone could hash all NIKs and reverse it.
    CHECK_THROWS_AS(pseudonym(budi, ""), error);
}

TEST_CASE("the default analyst export carries no NIK, name or birth date") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("export");
    ExportOptions o;
    o.key = "kunci-rahasia-dinas";
    export_for_analysts(p, d.path / "analyst", o);

    const std::string participants = slurp(d.path / "analyst" / "participants.csv");
    CHECK(first_line(participants) == "id,nik_pseudonym,sex,kelurahan,sector,kbli,community,"
                                      "registered_on,business_started_on,exited_on");
    // P001's row, with the pseudonym computed here; P004 has no NIK and so no pseudonym.
    CHECK(participants.find("P001," + hmac_by_definition(o.key, "3174011507850001") +
                            ",M,31.74.01.1001,food_beverage,10792,PGO-KUL,2018-02-10,"
                            "2014-05-01,\n") != std::string::npos);
    CHECK(participants.find("P004,,F,31.71.01.1001,retail,47111,,2019-01-07,2010-03-01,\n") !=
          std::string::npos);
    for (const auto& e : fs::directory_iterator(d.path / "analyst")) {
        CAPTURE(e.path());
        const std::string text = slurp(e.path());
        CHECK_FALSE(contains_any(text, niks));
        CHECK_FALSE(contains_any(text, names));
        CHECK_FALSE(contains_any(text, birth_dates));
    }
    // The other tables are the same as the owner's copy.
    io::save_csv(p, d.path / "owner");
    CHECK(slurp(d.path / "analyst" / "reports.csv") == slurp(d.path / "owner" / "reports.csv"));

    // The export loads as a programme, without the personal columns.
    const Programme back = io::load_csv(d.path / "analyst").programme;
    CHECK(back.participant_count() == 5);
    CHECK_FALSE(back.nik(0));
    CHECK(back.participants().name[0].empty());
    CHECK(back.participants().birth_date[0].is_not_a_date());
    CHECK(back.steps().size() == 10);
}

TEST_CASE("personal columns are exported when asked for by name") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("export-named");
    ExportOptions o;
    o.key = "kunci-yang-panjang-sekali";
    o.include_name = true;
    export_for_analysts(p, d.path / "names", o);
    const std::string with_names = slurp(d.path / "names" / "participants.csv");
    CHECK(first_line(with_names) == "id,nik_pseudonym,name,sex,kelurahan,sector,kbli,community,"
                                    "registered_on,business_started_on,exited_on");
    CHECK(with_names.find("Budi Santoso") != std::string::npos);
    CHECK_FALSE(contains_any(with_names, niks));
    CHECK_FALSE(contains_any(with_names, birth_dates));

    o.include_name = false;
    o.include_birth_date = true;
    o.include_nik = true;
    export_for_analysts(p, d.path / "all", o);
    const std::string all = slurp(d.path / "all" / "participants.csv");
    CHECK(first_line(all) == "id,nik_pseudonym,nik,sex,birth_date,kelurahan,sector,kbli,"
                             "community,registered_on,business_started_on,exited_on");
    CHECK(all.find("3174011507850001") != std::string::npos);
    CHECK(all.find("1985-07-15") != std::string::npos);
    CHECK(all.find("Budi Santoso") == std::string::npos);
}

TEST_CASE("an analyst export to SQLite") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("export-sqlite");
    ExportOptions o;
    o.key = "kunci-16-bytes!!";
    export_for_analysts(p, d.path / "analyst.sqlite", o);
    // No personal value is anywhere in the file's bytes.
    const std::string bytes = slurp(d.path / "analyst.sqlite");
    CHECK_FALSE(bytes.empty());
    CHECK_FALSE(contains_any(bytes, niks));
    CHECK_FALSE(contains_any(bytes, names));
    CHECK_FALSE(contains_any(bytes, birth_dates));
    CHECK(bytes.find(hmac_by_definition("kunci-16-bytes!!", "3171011201950003")) !=
          std::string::npos);
    const Programme back = io::load(d.path / "analyst.sqlite").programme;
    CHECK(back.participant_count() == 5);
    CHECK(back.reports().size() == 4);
    CHECK_FALSE(back.nik(2));

    // Over a file that held the owner's full copy, the old personal data does not linger in
    // freed pages.
    io::save_sqlite(p, d.path / "reused.sqlite");
    REQUIRE(contains_any(slurp(d.path / "reused.sqlite"), niks));
    export_for_analysts(p, d.path / "reused.sqlite", o);
    const std::string reused = slurp(d.path / "reused.sqlite");
    CHECK_FALSE(contains_any(reused, niks));
    CHECK_FALSE(contains_any(reused, names));
}

TEST_CASE("an export without a key is refused before anything is written") {
    const Programme p = io::load_csv(fixture).programme;
    TempDir d("export-nokey");
    CHECK_THROWS_AS(export_for_analysts(p, d.path / "out", ExportOptions{}), error);
    CHECK_FALSE(fs::exists(d.path / "out"));
    CHECK_THROWS_AS(export_for_analysts(p, d.path / "out.sqlite", ExportOptions{}), error);
    CHECK_FALSE(fs::exists(d.path / "out.sqlite"));
}

TEST_CASE("a pseudonym key shorter than 16 bytes is refused, saying why") {
    const Programme p = io::load_csv(fixture).programme;
    const Nik budi = Nik::parse("3174011507850001", boost::gregorian::date(2018, 1, 5));
    TempDir d("export-shortkey");
    ExportOptions o;
    // " " and "a" were accepted before; 15 bytes is one short of the minimum.
    for (const std::string key : {" ", "a", "kunci", "123456789012345"}) {
        CAPTURE(key);
        o.key = key;
        try {
            export_for_analysts(p, d.path / "out", o);
            FAIL("accepted a short key");
        } catch (const error& e) {
            const std::string why = e.what();
            CHECK(why.find("at least 16") != std::string::npos);
            CHECK(why.find("guess") != std::string::npos);
        }
        CHECK_FALSE(fs::exists(d.path / "out"));
        CHECK_THROWS_AS(pseudonym(budi, key), error);
    }
    o.key = "1234567890123456"; // exactly 16 bytes
    export_for_analysts(p, d.path / "out", o);
    CHECK(fs::exists(d.path / "out" / "participants.csv"));
}

TEST_CASE("an export refuses a folder holding anything but programme tables") {
    const Programme p = io::load_csv(fixture).programme;
    ExportOptions o;
    o.key = "a key of more than sixteen bytes";
    TempDir d("export-foreign");
    const fs::path out = d.path / "out";
    fs::create_directories(out);
    std::ofstream(out / "notes.txt") << "the owner's notes\n";
    try {
        export_for_analysts(p, out, o);
        FAIL("expected io_error");
    } catch (const io_error& e) {
        const std::string what = e.what();
        CHECK(what.find(out.string()) != std::string::npos);
        CHECK(what.find("notes.txt") != std::string::npos);
    }
    // Nothing was written, the folder is as it was and no temporary is left beside it.
    CHECK_FALSE(fs::exists(out / "participants.csv"));
    CHECK(slurp(out / "notes.txt") == "the owner's notes\n");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++entries;
    CHECK(entries == 1);

    // An empty folder, and then an earlier export in it, are fine.
    fs::remove(out / "notes.txt");
    export_for_analysts(p, out, o);
    export_for_analysts(p, out, o);
    CHECK(io::load_csv(out).programme.participant_count() == 5);

    // A hidden full participants file a killed save of an earlier okoce left in the folder is
    // not handed out with the export: the export replaces the folder without it.
    const fs::path hidden = out / ".participants.csv.tmp-12345";
    fs::copy_file(fixture / "participants.csv", hidden);
    REQUIRE(contains_any(slurp(hidden), niks));
    export_for_analysts(p, out, o);
    CHECK_FALSE(fs::exists(hidden));
    for (const auto& e : fs::directory_iterator(out))
        CHECK_FALSE(contains_any(slurp(e.path()), niks));
}

TEST_CASE("an SQLite export refuses a file holding other tables, and carries none over") {
    // The probe put a table of NIKs and names into the target file; the export kept it (a save
    // copies the file's other tables) and handed it out.
    const Programme p = io::load_csv(fixture).programme;
    ExportOptions o;
    o.key = "a key of more than sixteen bytes";
    TempDir d("export-sqlite-foreign");
    const fs::path out = d.path / "analyst.sqlite";
    io::save_sqlite(p, out); // the owner's programme file: programme tables only
    REQUIRE(contains_any(slurp(out), niks));
    const auto add_table = [&](const std::string& sql) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(out.c_str(), &h) == SQLITE_OK);
        const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(h);
        REQUIRE(rc == SQLITE_OK);
    };
    add_table("CREATE TABLE owners_list(nik TEXT, name TEXT); "
              "INSERT INTO owners_list VALUES ('3174011507850001', 'Budi Santoso')");
    const std::string before = slurp(out);
    try {
        export_for_analysts(p, out, o);
        FAIL("expected io_error");
    } catch (const io_error& e) {
        const std::string what = e.what();
        CHECK(what.find(out.string()) != std::string::npos);
        CHECK(what.find("owners_list") != std::string::npos);
    }
    CHECK(slurp(out) == before); // untouched
    // A view is refused as well: it would be handed out too.
    add_table("DROP TABLE owners_list; CREATE VIEW owners_view AS SELECT 1");
    CHECK_THROWS_AS(export_for_analysts(p, out, o), io_error);
    add_table("DROP VIEW owners_view");

    // Over the owner's programme file (programme tables only), and over an earlier export, the
    // export is a new file: none of the old file's personal data, in a table or a freed page.
    export_for_analysts(p, out, o);
    export_for_analysts(p, out, o);
    const std::string bytes = slurp(out);
    CHECK_FALSE(contains_any(bytes, niks));
    CHECK_FALSE(contains_any(bytes, names));
    CHECK(io::load(out).programme.participant_count() == 5);
}

TEST_CASE("a pseudonym key of 16 bytes or more with too little variety is refused, saying why") {
    const Programme p = io::load_csv(fixture).programme;
    const Nik budi = Nik::parse("3174011507850001", boost::gregorian::date(2018, 1, 5));
    TempDir d("export-weakkey");
    ExportOptions o;
    // The probe's keys, accepted before: 16 'a', 16 spaces, 16 NULs; repeated patterns of 2 and
    // 4 different bytes. The sixth, of ten, varies enough.
    const std::string keys[] = {std::string(16, 'a'),  std::string(16, ' '),
                                std::string(16, '\0'), "abababababababab",
                                "1111222233334444",    "12345123451234512345123451234512345abcde"};
    const std::size_t distinct[] = {1, 1, 1, 2, 4, 10};
    for (std::size_t k = 0; k < 5; ++k) {
        CAPTURE(k);
        o.key = keys[k];
        try {
            export_for_analysts(p, d.path / "out", o);
            FAIL("accepted a weak key");
        } catch (const argument_error& e) {
            const std::string why = e.what();
            CHECK(why.find("only " + std::to_string(distinct[k]) + " different byte values") !=
                  std::string::npos);
            CHECK(why.find("guess") != std::string::npos);
            CHECK(why.find(keys[k]) == std::string::npos); // the key itself is never shown
        }
        CHECK_FALSE(fs::exists(d.path / "out"));
        CHECK_THROWS_AS(pseudonym(budi, keys[k]), argument_error);
    }
    // Six different bytes are enough.
    CHECK(pseudonym(budi, "abcdefabcdefabcd").size() == 64);
    o.key = keys[5];
    export_for_analysts(p, d.path / "out", o);
    CHECK(fs::exists(d.path / "out" / "participants.csv"));
}
