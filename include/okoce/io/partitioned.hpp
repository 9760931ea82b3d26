// A programme too large for one process, kept on disk as a folder of partitions (one SQLite file
// or CSV folder per region) with a manifest listing each partition's key, row counts and SHA-256,
// so that an analysis can load one partition at a time, here or on another machine, and know
// from the manifest alone what it must find there.
#pragma once

#include "okoce/io/csv.hpp" // LoadOptions, LoadResult
#include "okoce/region.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace okoce::io {

// How each partition is stored: one SQLite file "<key>.sqlite", or one CSV folder "<key>".
enum class PartitionFormat : std::uint8_t { sqlite, csv };
// "sqlite", "csv".
std::string_view to_string(PartitionFormat format) noexcept;
std::optional<PartitionFormat> try_parse_partition_format(std::string_view text) noexcept;

// The manifest's file name inside the dataset folder. Its presence is what makes a folder a
// partitioned programme rather than a CSV programme folder.
inline constexpr std::string_view partition_manifest_name = "okoce-partitions.csv";

// Rows per table of one partition, as the loaded Programme holds them (regions counts the
// region table in use, the embedded DKI one included). Checked on every load, so that a
// partition replaced by another programme's file with a matching checksum cannot pass, and so
// that a reader learns the sizes without loading anything.
struct PartitionRows {
    std::array<std::uint64_t, table_count> count{}; // indexed by Table
    std::uint64_t operator[](Table t) const noexcept { return count[static_cast<std::size_t>(t)]; }
    std::uint64_t& operator[](Table t) noexcept { return count[static_cast<std::size_t>(t)]; }
    static PartitionRows of(const Programme& programme) noexcept;
    PartitionRows& operator+=(const PartitionRows& other) noexcept;
    friend bool operator==(const PartitionRows&, const PartitionRows&) = default;
};

// One manifest row.
struct PartitionInfo {
    // Names the partition (a region code such as "31.74" for save_partitioned; any text of
    // letters, digits, '.', '_' and '-' not starting with '.' for a PartitionWriter).
    std::string key;
    // The partition's file ("<key>-<h>.sqlite") or folder ("<key>-<h>"), relative to the
    // dataset, where <h> is the first 16 hex digits of its SHA-256: a file is named by its
    // content, so a save never overwrites a file that a reader of an older manifest may still
    // be reading (see PartitionWriter).
    std::string file;
    PartitionFormat format = PartitionFormat::sqlite;
    PartitionRows rows;
    // Lowercase hex SHA-256 of the SQLite file; for a CSV folder, of the stream that holds, for
    // each regular file in the folder in byte order of the names: the name, a NUL byte, the
    // size as 8 bytes little-endian, and the contents.
    std::string sha256;
    // The manifest line this row is on (0 for a partition not read from a manifest).
    std::size_t manifest_line = 0;
};

// The SHA-256 the manifest records for a partition file or folder (see PartitionInfo::sha256).
// Throws io_error naming the path when it cannot be read.
std::string partition_checksum(const std::filesystem::path& path, PartitionFormat format);

// Writes a partitioned programme one partition at a time, for a generator that never holds more
// than one partition: add() saves a partition into a hidden staging folder beside `folder` and
// forgets it. commit() publishes: a new folder is swapped in whole (io::save's machinery); into
// an existing dataset, the partitions are moved in under their content names (files already
// there with the same content are kept), then the manifest replaces the old one with one
// rename (written, synced, renamed, the folder synced), and only then are the files that
// neither the new manifest nor the one it replaced names removed. So a kill at any instant
// leaves the old dataset or the new one, whole; a reader that read either manifest finds every
// file it names until a second save completes after it; saves to one folder take turns (an
// exclusive lock on the folder). Without commit() (an exception, a kill) nothing changes at
// `folder`; the staging folder is removed by the destructor or, after a kill, by the next save.
// commit() of a writer with no partitions throws okoce::error (a dataset has at least one).
class PartitionWriter {
public:
    explicit PartitionWriter(const std::filesystem::path& folder,
                             PartitionFormat format = PartitionFormat::sqlite);
    PartitionWriter(PartitionWriter&&) noexcept;
    PartitionWriter& operator=(PartitionWriter&&) noexcept;
    ~PartitionWriter();

    // Saves `partition` under `key`. Throws argument_error for a key that is empty, not of
    // letters, digits, '.', '_' and '-', starts with '.', or was added before, and for a
    // partition holding a participant id that an earlier partition holds (naming the id and
    // that partition; nothing of this partition is written); okoce::error after commit() or
    // abandon().
    void add(std::string_view key, const Programme& partition);
    // What add() has written so far, in the order added.
    const std::vector<PartitionInfo>& partitions() const noexcept;
    // Writes the manifest and publishes the folder. Throws io_error when it cannot (the folder
    // is then as it was); okoce::error when called twice or after abandon().
    void commit();
    // Drops what was staged, leaving the folder as it was (what the destructor does, for a
    // caller that cannot wait for it, such as Python's with block). Nothing more may be added.
    void abandon() noexcept;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// One partition per region at level `by` (province, kota or kecamatan) that holds a
// participant, keyed by the region's code, written with a PartitionWriter (see there for the
// atomic swap). A partition holds its participants and their events, and the tables that are
// not per participant as split() gives them (partition.hpp).
void save_partitioned(const Programme& programme, const std::filesystem::path& folder,
                      RegionLevel by, PartitionFormat format = PartitionFormat::sqlite);

// A partitioned programme opened from its manifest, with no partition loaded: cheap to open and
// to copy, and usable from several threads at once (load() holds no state). A scheduler hands
// each worker the folder and a partition's index, and the worker opens and loads it itself.
class Dataset {
public:
    // Reads and checks the manifest `<folder>/okoce-partitions.csv`: the columns key, file,
    // format, sha256 and one row count per table; keys unique and well formed; files inside the
    // folder, with the name their key and checksum give, each listed once; counts whole
    // numbers whose sums over the partitions fit 64 bits; checksums 64 hex digits, no two
    // partitions with the same one (the same file under two keys would count its participants
    // twice); at least one partition. Throws io_error when the folder or manifest cannot be
    // read, validation_error naming the manifest, line, column and value for a bad entry.
    // Partition files are not read. The Dataset keeps the manifest's text: every load reads
    // the partitions that manifest names, whatever saves come after.
    static Dataset open(const std::filesystem::path& folder);
    // While a Dataset (or a copy of it) is alive, saves keep the files its manifest names: it
    // holds a shared lock on a file ".okoce-open-<h>" in the folder (h: of the manifest's
    // text), which a save tests before it removes a manifest's files. In a folder this process
    // cannot write to, there is no lock, and the files stay until a second save completes.
    // open() reads the manifest again when a save removed its files before the lock was taken.
    //
    // The Dataset of `folder` as `manifest` (the text of its manifest, manifest_text() of an
    // opened Dataset) describes it, checked as open() checks the file; what a worker rebuilds
    // from a pickled Dataset, so that it loads the same save as the process that opened it.
    // With `hold`, it holds its manifest's files as open() does.
    static Dataset from_manifest(const std::filesystem::path& folder, std::string manifest,
                                 bool hold = true);
    // The manifest as it was read.
    const std::string& manifest_text() const noexcept { return manifest_; }

    const std::filesystem::path& path() const noexcept { return path_; }
    std::span<const PartitionInfo> partitions() const noexcept { return partitions_; }
    std::size_t size() const noexcept { return partitions_.size(); }
    // The index of the partition with this key, if any.
    std::optional<std::size_t> find(std::string_view key) const noexcept;
    // Where partition i lives on disk; argument_error for i >= size().
    std::filesystem::path file(std::size_t i) const;
    // The sum of every partition's row counts, from the manifest (open() checked that it fits).
    PartitionRows total_rows() const noexcept;

    // Loads partition i alone: checks that its file is there and that its SHA-256 is the
    // manifest's (io_error naming the file and the manifest line otherwise: missing, truncated,
    // corrupt or changed since the dataset was written), then loads it (whose errors name file,
    // line, column and value) and checks its row counts against the manifest
    // (validation_error naming the file and the table). Throws argument_error for i >= size().
    // The checksum is taken on a second thread during the load; a mismatch is reported as
    // above, before any error of the load itself. When the file is gone or differs and the
    // folder's manifest is no longer the one this Dataset read, the io_error says instead that
    // the dataset was re-saved since it was opened and must be opened again, naming the folder.
    LoadResult load(std::size_t i, const LoadOptions& options = {}) const;

private:
    void parse(std::string manifest);
    void hold();
    bool files_present() const;
    bool resaved() const;
    [[noreturn]] void throw_resaved(const PartitionInfo& info) const;
    std::filesystem::path path_;
    std::string manifest_;
    std::vector<PartitionInfo> partitions_;
    std::shared_ptr<const int> hold_; // the open lock file, shared by copies
};

} // namespace okoce::io
