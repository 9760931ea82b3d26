// What every partial's bytes begin with (describe.hpp); the rest of the codec is generated per
// partial from its fields (partial_codec.hpp).
#include "okoce/describe.hpp"

namespace okoce {

PartialTag read_partial_tag(std::string_view bytes) noexcept {
    const auto u64 = [&](std::size_t at) {
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < 8; ++k)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + k])) << (8 * k);
        return v;
    };
    constexpr std::uint64_t longest_kind = 64;
    if (bytes.size() < 8) return {};
    const std::uint64_t n = u64(0);
    if (n == 0 || n > longest_kind || bytes.size() < 8 + n + 8) return {};
    PartialTag tag;
    tag.kind = std::string(bytes.substr(8, static_cast<std::size_t>(n)));
    for (const char c : tag.kind)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return {};
    tag.version = u64(8 + static_cast<std::size_t>(n));
    return tag;
}

} // namespace okoce
