// Personal data (NIK, name, birth date) stays with the data owner. Analysts get an export in
// which each NIK is replaced by a keyed pseudonym (HMAC-SHA256): the same person gets the same
// pseudonym under the same key, so records can still be linked, but without the key the NIK
// cannot be recovered by hashing every possible number. Tables an analysis shares can withhold
// small counts (Suppression), so that a cell cannot single out a person either.
#pragma once

#include "okoce/nik.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace okoce {

class Programme;

// Small counts: replace counts below `below` with the `suppressed` marker so that a shared table
// cannot single out a person. Zero counts are not suppressed (an empty cell reveals nobody).
struct Suppression {
    std::int64_t below = 0; // 0 = off (the default)
};
inline constexpr std::int64_t suppressed = -1;

// The count as it may be shown: `suppressed` when 0 < count < rule.below.
constexpr std::int64_t suppress(std::int64_t count, Suppression rule) noexcept {
    return (count > 0 && count < rule.below) ? suppressed : count;
}

// HMAC-SHA256 of `data` under `key` (RFC 2104), as 64 lowercase hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// The shortest pseudonym key accepted, in bytes. There are only about 10^11 NIKs that parse
// (region, birth date, serial), so a short or guessable key ("a", " ") lets anyone who guesses
// it hash every NIK and reverse the pseudonyms; 16 bytes of a random or long passphrase cannot
// be guessed that way.
inline constexpr std::size_t min_pseudonym_key_bytes = 16;
// The fewest different byte values a pseudonym key may hold: 16 'a', 16 spaces, 16 NULs or
// "abababab..." are among the first keys anyone guesses. A random key of 16 bytes has some 15;
// even one of 16 hex digits has fewer than 6 only about once in 20,000 draws (simulated), and a
// passphrase of words has more.
inline constexpr std::size_t min_pseudonym_key_distinct_bytes = 6;

// The pseudonym of a NIK: hmac_sha256_hex(key, the 16 digits). Throws argument_error for a
// key shorter than min_pseudonym_key_bytes, or with fewer than
// min_pseudonym_key_distinct_bytes different bytes, saying why.
std::string pseudonym(const Nik& nik, std::string_view key);
// Throws argument_error, naming `who` as the function and saying why, for a key shorter than the
// minimum.
void check_pseudonym_key(std::string_view key, std::string_view who);

struct ExportOptions {
    std::string key;                 // the pseudonym key; at least min_pseudonym_key_bytes
    bool include_name = false;       // participants' name column
    bool include_birth_date = false; // participants' birth_date column
    bool include_nik = false;        // the NIK itself, beside its pseudonym
};

// The analyst export: the same tables as io::save, with participants' nik column replaced by
// nik_pseudonym (where there is no NIK, the pseudonym the programme was loaded with, if any,
// so that an export of a reloaded export still joins back); name and birth_date are left out
// unless asked for by name. A folder, or SQLite when the path ends in .sqlite/.sqlite3/.db. The
// result loads with io::load (without the personal columns). Throws argument_error for a
// key shorter than min_pseudonym_key_bytes, before anything is written, and io_error for a folder
// that holds anything but programme tables (an export folder is handed out whole). Written and
// swapped in as io::save is, atomically.
void export_for_analysts(const Programme& programme, const std::filesystem::path& out,
                         const ExportOptions& options);

} // namespace okoce
