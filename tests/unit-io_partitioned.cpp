#include "okoce/io.hpp"
#include "okoce/programme.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
namespace fs = std::filesystem;

namespace {
using okoce::test::slurp;
using okoce::test::TempDir;

// `n` participants in one kelurahan, each with a report, ids "<tag>1".."<tag>n".
Programme small(const std::string& tag, int n, const char* kelurahan) {
    ProgrammeBuilder b;
    for (int k = 1; k <= n; ++k) {
        Participant p;
        p.id = tag + std::to_string(k);
        p.kelurahan = RegionCode::parse(kelurahan);
        p.sector = Sector::craft;
        p.registered_on = date(2020, 4, 6);
        b.add(p);
        b.add(QuarterlyReport{p.id, Quarter(2020, 2), Rupiah(1'000'000 * k), {}, {}, {}});
    }
    return b.build();
}

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

// Replaces the first occurrence of `from` in the file by `to`.
void edit(const fs::path& p, const std::string& from, const std::string& to) {
    std::string t = slurp(p);
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    write_text(p, t);
}

template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    FAIL("no exception of the expected type");
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A dataset of two partitions: "31.74" (3 participants) and "31.71" (2).
void write_two(const fs::path& folder, io::PartitionFormat format = io::PartitionFormat::sqlite) {
    io::PartitionWriter w(folder, format);
    w.add("31.74", small("s", 3, "31.74.01.1001"));
    w.add("31.71", small("p", 2, "31.71.01.1001"));
    w.commit();
}

} // namespace

TEST_CASE("SHA-256 of a partition file is the FIPS 180-2 value") {
    TempDir d("part-sha");
    write_text(d.path / "abc", "abc");
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    CHECK(io::partition_checksum(d.path / "abc", io::PartitionFormat::sqlite) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // A folder hashes "name\0", the size as 8 bytes little-endian and the contents per file:
    // here the stream is "abc\0" 03 00 00 00 00 00 00 00 "abc". Changing the name changes it.
    fs::create_directory(d.path / "f");
    write_text(d.path / "f" / "abc", "abc");
    const std::string folder_sum = io::partition_checksum(d.path / "f", io::PartitionFormat::csv);
    // printf 'abc\0\x03\0\0\0\0\0\0\0abc' | sha256sum
    CHECK(folder_sum == "b0fe4ade9e4980a111d98f52f077fbe28d48ae2c2b676b01697629487f94cbd2");
    fs::rename(d.path / "f" / "abc", d.path / "f" / "abd");
    CHECK(io::partition_checksum(d.path / "f", io::PartitionFormat::csv) != folder_sum);
}

TEST_CASE("a writer's partitions open from the manifest and load one at a time") {
    for (const auto format : {io::PartitionFormat::sqlite, io::PartitionFormat::csv}) {
        CAPTURE(io::to_string(format));
        TempDir d("part-rw");
        const fs::path folder = d.path / "national";
        write_two(folder, format);
        const auto ds = io::Dataset::open(folder);
        REQUIRE(ds.size() == 2);
        CHECK(ds.partitions()[0].key == "31.74");
        CHECK(ds.partitions()[1].key == "31.71");
        // Named by key and content: the first 16 hex digits of the SHA-256 of what is there.
        const std::string ext = format == io::PartitionFormat::sqlite ? ".sqlite" : "";
        for (std::size_t i = 0; i < 2; ++i) {
            const auto& info = ds.partitions()[i];
            CHECK(info.sha256 == io::partition_checksum(folder / info.file, format));
            CHECK(info.file == info.key + "-" + info.sha256.substr(0, 16) + ext);
        }
        CHECK(ds.partitions()[0].rows[Table::participants] == 3);
        CHECK(ds.partitions()[0].rows[Table::reports] == 3);
        CHECK(ds.partitions()[1].rows[Table::participants] == 2);
        CHECK(ds.total_rows()[Table::participants] == 5);
        CHECK(ds.total_rows()[Table::reports] == 5);
        // The embedded DKI table: 6 kota/kabupaten + 44 kecamatan + 267 kelurahan + DKI itself.
        CHECK(ds.partitions()[0].rows[Table::regions] == 318);
        CHECK(ds.partitions()[0].manifest_line == 2);
        CHECK(*ds.find("31.71") == 1);
        CHECK_FALSE(ds.find("31.72"));

        const Programme p = ds.load(1).programme;
        REQUIRE(p.participant_count() == 2);
        CHECK(p.participants().id[0] == "p1");
        CHECK(p.reports().revenue[1] == 2'000'000);
        CHECK(ds.load(0).programme.participants().id[2] == "s3");
        // A partition index past the end is an argument_error naming it (it was the
        // std::out_of_range of vector::at).
        try {
            (void)ds.load(2);
            FAIL("partition 2 of 2 was loaded");
        } catch (const argument_error& e) {
            CHECK(e.function() == "Dataset::load");
            CHECK(e.argument() == "i");
            CHECK(e.value() == "2");
        }
        CHECK_THROWS_AS((void)ds.file(2), argument_error);
        // Only the tables and the manifest are in the folder: no temporaries left.
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(folder))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        // (and the lock file by which the open Dataset holds them)
        std::vector<std::string> listed{ds.partitions()[0].file, ds.partitions()[1].file,
                                        "okoce-partitions.csv",
                                        ".okoce-open-" + io::partition_checksum(folder / "okoce-partitions.csv",
                                                                 io::PartitionFormat::sqlite)
                                                .substr(0, 16)};
        std::sort(listed.begin(), listed.end());
        CHECK(names == listed);
        for (const auto& e : fs::directory_iterator(d.path))
            CHECK(e.path().filename() == "national");
    }
}

TEST_CASE("a writer changes nothing until commit, and a new commit replaces the dataset") {
    TempDir d("part-atomic");
    const fs::path folder = d.path / "ds";
    {
        io::PartitionWriter w(folder);
        w.add("31.74", small("s", 1, "31.74.01.1001"));
        CHECK_FALSE(fs::exists(folder));
    } // dropped without commit
    CHECK_FALSE(fs::exists(folder));
    CHECK(fs::is_empty(d.path)); // its staging folder went with it

    write_two(folder);
    std::optional<io::Dataset> first = io::Dataset::open(folder);
    const fs::path first0 = first->file(0), first1 = first->file(1);
    {
        io::PartitionWriter w(folder);
        w.add("31.72", small("u", 4, "31.72.01.1001"));
        CHECK(io::Dataset::open(folder).size() == 2); // the old dataset, until commit
        w.commit();
        // Misuse is an okoce::error, which error.hpp promises is all the library throws (it
        // was std::logic_error, which a caller catching okoce::error let through).
        CHECK_THROWS_AS(w.commit(), okoce::error);
        CHECK_THROWS_AS(w.add("31.73", small("b", 1, "31.73.01.1001")), okoce::error);
    }
    {
        io::PartitionWriter w(d.path / "abandoned");
        w.abandon();
        CHECK_THROWS_WITH_AS(w.add("31.73", small("b", 1, "31.73.01.1001")),
                             "PartitionWriter::add after commit() or abandon()", okoce::error);
        CHECK_THROWS_AS(w.commit(), okoce::error);
    }
    const auto ds = io::Dataset::open(folder);
    REQUIRE(ds.size() == 1);
    CHECK(ds.partitions()[0].key == "31.72");
    // The replaced save's files stay for the readers of its manifest.
    CHECK(fs::exists(first0));
    CHECK(first->load(0).programme.participants().id[0] == "s1");
    auto save_another = [&](const char* tag) {
        io::PartitionWriter w(folder);
        w.add("31.73", small(tag, 2, "31.73.01.1001"));
        w.commit();
    };
    save_another("b");
    // Two saves later, still there while `first` is open, and gone once it is not.
    CHECK(first->load(1).programme.participants().id[1] == "p2");
    first.reset();
    save_another("c");
    CHECK_FALSE(fs::exists(first0));
    CHECK_FALSE(fs::exists(first1));
    CHECK(fs::exists(ds.file(0))); // held by `ds`
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(folder))
        entries += e.path().filename().string().starts_with('.') ? 0 : 1;
    CHECK(entries == 4); // `ds`'s partition, the last two saves' partitions, the manifest
    for (const auto& e : fs::directory_iterator(d.path)) CHECK(e.path().filename() == "ds");
}

TEST_CASE("an open Dataset reads its own save across re-saves, then says to open it again") {
    for (const auto format : {io::PartitionFormat::sqlite, io::PartitionFormat::csv}) {
        CAPTURE(io::to_string(format));
        TempDir d("part-resave");
        const fs::path folder = d.path / "ds";
        write_two(folder, format);
        std::optional<io::Dataset> old = io::Dataset::open(folder);
        // The same keys with other people: the nightly job's new programme.
        auto resave = [&](const std::string& tag) {
            io::PartitionWriter w(folder, format);
            w.add("31.74", small(tag, 4, "31.74.01.1001"));
            w.add("31.71", small(tag + "x", 1, "31.71.01.1001"));
            w.commit();
        };
        resave("n");
        resave("m");
        // Held open, it is still the old programme after two saves: 3 participants s1..s3 and
        // 2 p1..p2, as written above.
        CHECK(old->load(0).programme.participants().id[2] == "s3");
        CHECK(old->load(1).programme.participant_count() == 2);
        // What a worker rebuilds from a pickled Dataset loads the same save.
        const std::string text = old->manifest_text();
        CHECK(io::Dataset::from_manifest(folder, text).load(0).programme.participant_count() ==
              3);
        CHECK(io::Dataset::open(folder).load(0).programme.participants().id[3] == "m4");
        // Closed, and two saves later its files are gone: a pickled copy that arrives now
        // says so.
        old.reset();
        resave("q");
        resave("r");
        const auto late = io::Dataset::from_manifest(folder, text);
        const std::string m = message_of<io_error>([&] { (void)late.load(0); });
        CHECK(m.starts_with(folder.string() +
                            ": the dataset was re-saved since it was opened; open it again"));
        CHECK(io::Dataset::open(folder).load(1).programme.participants().id[0] == "rx1");
        // Only the last two saves' partitions are left, whatever else was opened meanwhile.
        std::size_t entries = 0;
        for (const auto& e : fs::directory_iterator(folder))
            entries += e.path().filename().string().starts_with('.') ? 0 : 1;
        CHECK(entries == 5);
    }
}

TEST_CASE("a participant is in one partition: the writer refuses a second partition holding it") {
    TempDir d("part-dup-id");
    const fs::path folder = d.path / "ds";
    io::PartitionWriter w(folder);
    w.add("31.74", small("s", 3, "31.74.01.1001")); // s1, s2, s3
    // "s2" again, under another key: refused, naming the id and the partition that holds it.
    const auto x = [&] { w.add("31.71", small("s", 2, "31.71.01.1001")); };
    const std::string message = message_of<argument_error>(x);
    CHECK(contains(message, "'s1' is already in partition '31.74'"));
    // Nothing of the refused partition was written: the key is still free, and the dataset
    // committed without it holds the first partition only.
    w.add("31.71", small("p", 2, "31.71.01.1001"));
    w.commit();
    const io::Dataset ds = io::Dataset::open(folder);
    CHECK(ds.size() == 2);
    CHECK(ds.total_rows()[Table::participants] == 5);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".sqlite") ++files;
    CHECK(files == 2);
}

TEST_CASE("a writer refuses bad keys and a folder that is not a dataset") {
    TempDir d("part-keys");
    io::PartitionWriter w(d.path / "ds");
    const Programme p = small("s", 1, "31.74.01.1001");
    CHECK_THROWS_AS(w.add("", p), argument_error);
    CHECK_THROWS_AS(w.add("../x", p), argument_error);
    CHECK_THROWS_AS(w.add(".hidden", p), argument_error);
    CHECK_THROWS_AS(w.add("a b", p), argument_error);
    w.add("31.74", p);
    CHECK(contains(message_of<argument_error>([&] { w.add("31.74", p); }), "not added before"));

    // Someone's folder with other files is not wiped by a mistyped path.
    fs::create_directory(d.path / "mine");
    write_text(d.path / "mine" / "notes.txt", "keep me");
    CHECK(contains(message_of<io_error>([&] { io::PartitionWriter x(d.path / "mine"); }),
                   "refusing to replace it"));
    CHECK(slurp(d.path / "mine" / "notes.txt") == "keep me");
}

TEST_CASE("a corrupt, truncated or missing partition names its file; others still load") {
    TempDir d("part-bad");
    const fs::path folder = d.path / "ds";
    write_two(folder);
    const auto ds = io::Dataset::open(folder);
    const fs::path f = ds.file(0);
    const std::string good = slurp(f);

    SUBCASE("corrupt: one byte changed in the middle") {
        std::string bad = good;
        bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x5a);
        write_text(f, bad);
        const auto m = message_of<io_error>([&] { ds.load(0); });
        CHECK(contains(m, f.string() + ": partition '31.74' is corrupt"));
        CHECK(contains(m, "okoce-partitions.csv:2 records"));
    }
    SUBCASE("truncated") {
        write_text(f, good.substr(0, good.size() / 3));
        CHECK(contains(message_of<io_error>([&] { ds.load(0); }), f.string() + ": partition"));
    }
    SUBCASE("missing") {
        fs::remove(f);
        CHECK(message_of<io_error>([&] { ds.load(0); }) ==
              f.string() + ": partition '31.74' is missing (listed at " +
                  (folder / "okoce-partitions.csv").string() + ":2)");
    }
    // The other partition is untouched and loads.
    CHECK(ds.load(1).programme.participant_count() == 2);
}

TEST_CASE("row counts that differ from the manifest are refused, naming file and table") {
    TempDir d("part-rows");
    const fs::path folder = d.path / "ds";
    write_two(folder);
    // Line 3 (31.71) says participants 2, reports 2; make the reports count 7.
    const fs::path manifest = folder / "okoce-partitions.csv";
    std::string t = slurp(manifest);
    const auto line3 = t.find("\n31.71,") + 1;
    const auto end = t.find('\n', line3);
    std::string row = t.substr(line3, end - line3);
    // columns: key,file,format,sha256,regions,communities,mentors,participants,steps,licences,
    // reports,assignments,targets
    CHECK(row.substr(row.size() - 12) == ",2,0,0,2,0,0");
    row.replace(row.size() - 12, 12, ",2,0,0,7,0,0");
    t.replace(line3, end - line3, row);
    write_text(manifest, t);
    try {
        io::Dataset::open(folder).load(1);
        FAIL("no error");
    } catch (const validation_error& e) {
        CHECK(e.file() == io::Dataset::open(folder).file(1).string());
        CHECK(e.column() == "reports");
        CHECK(e.value() == "2");
        CHECK(contains(e.expected(), "7 rows"));
    }
}

TEST_CASE("a bad manifest is refused with its line, column and value") {
    TempDir d("part-manifest");
    const fs::path folder = d.path / "ds";
    write_two(folder);
    const fs::path manifest = folder / "okoce-partitions.csv";
    const std::string good = slurp(manifest);
    const auto ds = io::Dataset::open(folder);
    const std::string f74 = ds.partitions()[0].file, f71 = ds.partitions()[1].file;
    const std::string sha74 = ds.partitions()[0].sha256, sha71 = ds.partitions()[1].sha256;
    auto error_after = [&](const std::string& from, const std::string& to) {
        write_text(manifest, good);
        edit(manifest, from, to);
        try {
            io::Dataset::open(folder);
        } catch (const validation_error& e) {
            return e;
        }
        FAIL("no validation_error");
        return validation_error({}, "", "");
    };
    {
        const auto e = error_after("31.71," + f71, "31.74," + f71);
        CHECK(e.file() == manifest.string());
        CHECK(e.line() == 3);
        CHECK(e.column() == "key");
        CHECK(e.expected() == "a key listed once");
    }
    {
        const auto e = error_after(f71, "../" + f71);
        CHECK(e.line() == 3);
        CHECK(e.column() == "file");
        CHECK(e.value() == "../" + f71);
    }
    {
        // The same file listed under a second key.
        const auto e = error_after("31.71," + f71 + ",sqlite," + sha71,
                                   "31.71," + f74 + ",sqlite," + sha71);
        CHECK(e.line() == 3);
        CHECK(e.column() == "file");
        CHECK(e.value() == f74);
    }
    {
        // A copy of one partition under a second key, with its (correct) checksum and the name
        // both give: its participants would be counted twice.
        const std::string twin = "31.71-" + sha74.substr(0, 16) + ".sqlite";
        fs::copy_file(folder / f74, folder / twin);
        const auto e = error_after("31.71," + f71 + ",sqlite," + sha71,
                                   "31.71," + twin + ",sqlite," + sha74);
        CHECK(e.line() == 3);
        CHECK(e.column() == "sha256");
        CHECK(e.value() == sha74);
        CHECK(contains(e.expected(), "a checksum listed once"));
        fs::remove(folder / twin);
    }
    {
        // Row counts whose sum wraps: 2^64 - 1 regions on line 2, then line 3's 318.
        const auto e = error_after("," + sha74 + ",318,", "," + sha74 + ",18446744073709551615,");
        CHECK(e.line() == 3);
        CHECK(e.column() == "regions");
        CHECK(e.value() == "318");
        CHECK(contains(e.expected(), "fits 64 bits"));
    }
    {
        // No partition at all.
        write_text(manifest, good.substr(0, good.find('\n') + 1));
        try {
            (void)io::Dataset::open(folder);
            FAIL("an empty manifest was opened");
        } catch (const validation_error& e) {
            CHECK(e.line() == 2);
            CHECK(contains(e.expected(), "at least one partition"));
        }
        io::PartitionWriter w(d.path / "empty");
        CHECK(contains(message_of<okoce::error>([&] { w.commit(); }), "no partition was added"));
        CHECK_FALSE(fs::exists(d.path / "empty"));
    }
    {
        const auto e = error_after(",sqlite,", ",parquet,");
        CHECK(e.line() == 2);
        CHECK(e.column() == "format");
    }
    {
        const auto e = error_after(f74 + ",sqlite,", f74 + ",sqlite,zz");
        CHECK(e.line() == 2);
        CHECK(e.column() == "sha256");
    }
    {
        const auto e = error_after(",participants,", ",people,");
        CHECK(e.line() == 1);
        CHECK(e.column() == "participants");
    }
    write_text(manifest, good);
    CHECK(io::Dataset::open(folder).size() == 2);
    fs::remove(manifest);
    CHECK(contains(message_of<io_error>([&] { io::Dataset::open(folder); }),
                   "not a partitioned programme (no okoce-partitions.csv"));
    CHECK(contains(message_of<io_error>([&] { io::Dataset::open(d.path / "nowhere"); }),
                   "no such partitioned programme"));
}

TEST_CASE("save_partitioned: one partition per kota, with that kota's participants") {
    const Programme whole = synth::jakarta(2017, 0.01, date(2022, 9, 30));
    // Participants per kota, counted here from the whole programme.
    std::map<std::string, std::uint64_t> per_kota;
    for (const auto& k : whole.participants().kelurahan)
        ++per_kota[k.ancestor(RegionLevel::kota).to_string()];
    REQUIRE(per_kota.size() >= 5);
    TempDir d("part-save");
    io::save_partitioned(whole, d.path / "by-kota", RegionLevel::kota);
    const auto ds = io::Dataset::open(d.path / "by-kota");
    std::uint64_t reports = 0, steps = 0;
    for (std::size_t i = 0; i < ds.size(); ++i) {
        const auto& info = ds.partitions()[i];
        CAPTURE(info.key);
        CHECK(info.rows[Table::participants] == per_kota[info.key]);
        const Programme part = ds.load(i).programme;
        for (const auto& k : part.participants().kelurahan)
            CHECK(k.ancestor(RegionLevel::kota).to_string() == info.key);
        reports += part.reports().size();
        steps += part.steps().size();
    }
    CHECK(ds.total_rows()[Table::participants] == whole.participant_count());
    CHECK(reports == whole.reports().size());
    CHECK(steps == whole.steps().size());
}
