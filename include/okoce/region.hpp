// Regions by Kemendagri code (31 province / 31.74 kota / 31.74.01 kecamatan / 31.74.01.1001
// kelurahan) and a code->name table with the hierarchy, for rolling kelurahan up to kecamatan or
// kota. Kemendagri codes only: BPS numbers the Jakarta cities differently (BPS 3171 != 31.71).
#pragma once

#include "okoce/enum_table.hpp"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace okoce {

// Depth in the hierarchy. An empty RegionCode reports level 0, which is none of these.
enum class RegionLevel : std::uint8_t { province = 1, kota = 2, kecamatan = 3, kelurahan = 4 };

template <>
struct enum_traits<RegionLevel> : enum_info<"RegionLevel", "a region level"> {
    static constexpr auto entries =
        enum_names<RegionLevel>({"province", "kota", "kecamatan", "kelurahan"}, 1);
    static constexpr std::string_view unknown = "none"; // level 0, the empty code
};

class RegionCode {
public:
    // The empty code: level 0, valid() == false. It stands for "no region" (a missing value).
    constexpr RegionCode() noexcept = default;

    // Strict dotted form: 2 digits (11..99), then optionally .2 digits (01..99), .2 digits
    // (01..99) and .4 digits (0001..9999). Nothing else: no spaces, no undotted form.
    static std::optional<RegionCode> try_parse(std::string_view text) noexcept;
    static RegionCode parse(std::string_view text);
    // Numeric parts; a zero part ends the code (from_parts(31, 74) is the kota 31.74). Throws
    // argument_error naming the part when a part is out of range or follows a zero part.
    static RegionCode from_parts(int province, int kota = 0, int kecamatan = 0, int kelurahan = 0);

    constexpr bool valid() const noexcept { return packed_ != 0; }
    constexpr RegionLevel level() const noexcept {
        if (packed_ == 0) return RegionLevel{0};
        if (packed_ % province_scale == 0) return RegionLevel::province;
        if (packed_ % kota_scale == 0) return RegionLevel::kota;
        if (packed_ % kecamatan_scale == 0) return RegionLevel::kecamatan;
        return RegionLevel::kelurahan;
    }
    constexpr int province() const noexcept { return static_cast<int>(packed_ / province_scale); }
    constexpr int kota() const noexcept { return static_cast<int>(packed_ / kota_scale % 100); }
    constexpr int kecamatan() const noexcept {
        return static_cast<int>(packed_ / kecamatan_scale % 100);
    }
    constexpr int kelurahan() const noexcept { return static_cast<int>(packed_ % kecamatan_scale); }

    // The code one level up; nullopt for a province and for the empty code.
    constexpr std::optional<RegionCode> parent() const noexcept {
        const auto l = static_cast<int>(level());
        if (l <= 1) return std::nullopt;
        return truncated(static_cast<RegionLevel>(l - 1));
    }
    // This code cut to `level` (itself at its own level). Throws argument_error when `level` is
    // deeper than this code's own level, or is not a level at all.
    RegionCode ancestor(RegionLevel level) const;
    // True when this code equals `other` or lies beneath it. The empty code is within nothing
    // and contains nothing.
    constexpr bool is_within(RegionCode other) const noexcept {
        if (!valid() || !other.valid()) return false;
        return packed_ >= other.packed_ && packed_ - other.packed_ < subtree_width(other.level());
    }

    // Dotted and zero padded (31.74.01.1001); empty for the empty code.
    std::string to_string() const;

    // The code as one decimal number, each level zero padded and absent levels zero:
    // 31.74.01.1001 -> 3174011001, 31.74 -> 3174000000, the empty code -> 0. It reads like the
    // undotted code and sorts like the codes themselves, so it suits columns and hashing.
    constexpr std::uint64_t packed() const noexcept { return packed_; }
    // The inverse of packed(). A number that packed() cannot produce gives the empty code.
    static constexpr RegionCode from_packed(std::uint64_t packed) noexcept {
        if (packed > 99 * province_scale + (province_scale - 1)) return {};
        const auto p = packed / province_scale, k = packed / kota_scale % 100;
        const auto c = packed / kecamatan_scale % 100, l = packed % kecamatan_scale;
        // A zero level followed by a non-zero one has no dotted form.
        if (p < 11 || (k == 0 && c != 0) || (c == 0 && l != 0)) return {};
        RegionCode r;
        r.packed_ = packed;
        return r;
    }

    // Because the packed number puts each level in fixed decimal places and absent levels are
    // zero, its order is depth-first: 31.74 < 31.74.01 < 31.74.01.1001 < 31.74.02 < 31.75.
    constexpr auto operator<=>(const RegionCode&) const noexcept = default;

    // How far the packed numbers of a code and its last possible descendant are apart, plus one:
    // every descendant of a code c at level l has a packed value in [c, c + subtree_width(l)).
    static constexpr std::uint64_t subtree_width(RegionLevel level) noexcept {
        switch (level) {
        case RegionLevel::province:
            return province_scale;
        case RegionLevel::kota:
            return kota_scale;
        case RegionLevel::kecamatan:
            return kecamatan_scale;
        case RegionLevel::kelurahan:
            return 1;
        }
        return 0;
    }

private:
    static constexpr std::uint64_t province_scale = 100'000'000;
    static constexpr std::uint64_t kota_scale = 1'000'000;
    static constexpr std::uint64_t kecamatan_scale = 10'000;

    constexpr RegionCode truncated(RegionLevel level) const noexcept {
        RegionCode r;
        r.packed_ = packed_ - packed_ % subtree_width(level);
        return r;
    }

    std::uint64_t packed_ = 0;
};

// Prints the dotted form, or "(empty)" for the empty code.
std::ostream& operator<<(std::ostream& os, RegionCode code);

// An immutable table of region codes and names, kept in depth-first order, in which every code
// below province level has its parent. Names live in one buffer, so a national table (about
// 92,000 rows) is a handful of allocations.
class RegionTable {
public:
    // Rows in any order. Throws validation_error naming `source`, the 1-based record number,
    // the column ("code" or "name") and the value, for an empty code, an empty name, a duplicate
    // code or a code whose parent is not in the rows.
    static RegionTable from_rows(std::vector<std::pair<RegionCode, std::string>> rows,
                                 std::string source = "regions");
    // A CSV file with a header naming the columns `code` and `name` in any position; other
    // columns are ignored. It is read by the same RFC 4180 reader as a programme's tables
    // (io/csv.hpp), with the same rules: UTF-8, a BOM allowed; LF, CRLF and a lone CR each end
    // a line (outside quotes) and blank lines are skipped; a quote inside an unquoted field is
    // an error; a record may hold at most 1 MiB. Throws io_error when the file cannot be read
    // or is not a regular file (a FIFO, a device), and validation_error naming the path, the
    // physical line, the column and the value for anything wrong in it.
    static RegionTable from_csv(const std::filesystem::path& file);
    // DKI Jakarta as in Kepmendagri No 300.2.2-2138 Tahun 2025: 1 province, 6 kota/kabupaten,
    // 44 kecamatan, 267 kelurahan. Built once, on first use.
    static const RegionTable& dki_jakarta();
    // All of Indonesia as in the same regulation: 38 provinces, 514 kab/kota, 7,285 kecamatan,
    // 83,762 desa/kelurahan. Built once, on first use (a few milliseconds). Not the default for
    // a programme, which stays DKI Jakarta; within() gives one province's part.
    static const RegionTable& indonesia();

    std::size_t size() const noexcept { return codes_.size(); }
    // Depth-first order (a parent before its children, siblings in numeric order).
    std::span<const RegionCode> codes() const noexcept { return codes_; }
    std::optional<std::size_t> index_of(RegionCode code) const noexcept;
    bool contains(RegionCode code) const noexcept { return index_of(code).has_value(); }
    // Throws reference_error (an okoce::error) naming the code when it is not in the table.
    std::string_view name(RegionCode code) const;
    // The name of codes()[index]; index must be below size().
    std::string_view name_at(std::size_t index) const noexcept {
        return std::string_view(names_).substr(name_start_[index],
                                               name_start_[index + 1] - name_start_[index]);
    }
    // Direct children in depth-first order; for the empty code, the provinces. Throws
    // reference_error for a code not in the table.
    std::vector<RegionCode> children(RegionCode code) const;
    std::vector<RegionCode> at_level(RegionLevel level) const;
    std::size_t count(RegionLevel level) const noexcept;
    // For each code, its ancestor at `level`; a code above `level` (a kota asked for its
    // kecamatan) and the empty code map to the empty code. Throws reference_error naming the
    // position for a code not in the table, so the result only holds codes of this table.
    std::vector<RegionCode> roll_up(std::span<const RegionCode> codes, RegionLevel level) const;
    // The part of this table at or beneath `code`, with the ancestors of `code` so that every
    // code still has its parent: one province's table out of a national one. The source says
    // which part was taken. Throws reference_error for a code not in the table.
    RegionTable within(RegionCode code) const;

    // Where the rows came from: the path, the `source` given to from_rows, or the regulation.
    const std::string& source() const noexcept { return source_; }

private:
    RegionTable() = default;
    friend struct RegionTableBuilder;

    std::vector<RegionCode> codes_;
    std::string names_;                      // every name, back to back, in codes_ order
    std::vector<std::uint32_t> name_start_;  // size() + 1 offsets into names_
    std::array<std::size_t, 5> per_level_{}; // indexed by level; [0] unused
    std::string source_;
};

} // namespace okoce

template <>
struct std::hash<okoce::RegionCode> {
    // The packed numbers of codes above kelurahan level end in zeros, so mix the bits before
    // they reach a table that buckets by the low bits.
    std::size_t operator()(okoce::RegionCode code) const noexcept {
        std::uint64_t x = code.packed();
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return static_cast<std::size_t>(x);
    }
};
