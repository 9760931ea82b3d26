// What an error message may show of a value read from a file.
#include "io/shown.hpp"

#include "okoce/error.hpp"

#include <cstring>
#include <string>

namespace okoce::io::detail {

std::size_t utf8_sequence_length(std::string_view s, std::size_t at) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(at);
    if (b < 0x80) return 1;
    // Well-formed sequences per the Unicode standard, table 3-7: no overlong forms, no
    // surrogates, nothing above U+10FFFF.
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        n = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (at + n > s.size()) return 0;
    if (byte(at + 1) < lo || byte(at + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(at + k) < 0x80 || byte(at + k) > 0xBF) return 0;
    return n;
}

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        // Most text is ASCII: skip it eight bytes at a time.
        while (i + 8 <= s.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i == s.size()) break;
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string shown(std::string_view value) {
    // Whole characters up to 60 bytes, so that the message is valid UTF-8 (Python decodes it);
    // control characters and bytes that are not UTF-8 become '?'. A NIK is masked before the
    // cut, so that one straddling it is not half shown.
    constexpr std::size_t limit = 60;
    const std::string masked = mask_digit_runs(std::string(value));
    std::string s;
    std::size_t i = 0;
    while (i < masked.size()) {
        const std::size_t n = utf8_sequence_length(masked, i);
        if (s.size() + std::max<std::size_t>(n, 1) > limit) break;
        const auto c = static_cast<unsigned char>(masked[i]);
        if (n == 0 || c < 0x20 || c == 0x7f) {
            s += '?';
            ++i;
        } else {
            s.append(masked, i, n);
            i += n;
        }
    }
    if (i < masked.size()) s += "...";
    return s;
}

} // namespace okoce::io::detail
