// Keyed pseudonyms and the analyst export.
#include "okoce/privacy.hpp"

#include "io/encode.hpp"
#include "okoce/error.hpp"
#include "okoce/io.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <bitset>
#include <limits>

namespace okoce {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    OKOCE_REQUIRE(key.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
                  "hmac_sha256_hex", "key", std::to_string(key.size()) + " bytes",
                  "a key of at most 2^31-1 bytes");
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // OpenSSL wants a non-null key pointer even for an empty key.
    static const unsigned char empty = 0;
    const void* key_bytes = key.empty() ? static_cast<const void*>(&empty) : key.data();
    if (!HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length))
        throw error("hmac_sha256_hex: OpenSSL HMAC failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[mac[i] >> 4];
        out += hex[mac[i] & 0x0f];
    }
    return out;
}

void check_pseudonym_key(std::string_view key, std::string_view who) {
    OKOCE_REQUIRE(key.size() >= min_pseudonym_key_bytes, std::string(who), "key",
                  "a pseudonym key of " + std::to_string(key.size()) + " bytes",
                  "at least " + std::to_string(min_pseudonym_key_bytes) +
                      " bytes, because a short key can be guessed, and whoever guesses it can "
                      "hash every possible NIK and reverse the pseudonyms");
    std::bitset<256> seen;
    for (const char c : key) seen.set(static_cast<unsigned char>(c));
    // The key is never shown, only how little it varies.
    OKOCE_REQUIRE(seen.count() >= min_pseudonym_key_distinct_bytes, std::string(who), "key",
                  "a pseudonym key of " + std::to_string(key.size()) + " bytes with only " +
                      std::to_string(seen.count()) + " different byte values",
                  "at least " + std::to_string(min_pseudonym_key_distinct_bytes) +
                      " different byte values, because a key of a few repeated characters (16 "
                      "'a', 16 spaces, 'abab...') is among the first anyone guesses, and whoever "
                      "guesses it can hash every possible NIK and reverse the pseudonyms");
}

std::string pseudonym(const Nik& nik, std::string_view key) {
    check_pseudonym_key(key, "pseudonym");
    return hmac_sha256_hex(key, nik.digits());
}

void export_for_analysts(const Programme& programme, const std::filesystem::path& out,
                         const ExportOptions& options) {
    check_pseudonym_key(options.key, "export_for_analysts");
    if (io::is_sqlite_path(out))
        io::detail::write_sqlite(programme, out, &options);
    else
        io::detail::write_csv(programme, out, &options);
}

} // namespace okoce
