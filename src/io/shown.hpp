// Internal: what an error message may show of a value read from a file. Values may hold a NIK
// or bytes that are not text, and a message must stay valid UTF-8 and free of personal data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace okoce::io::detail {

// A value as an error message may show it: 16-digit runs masked (a NIK may be in any column),
// control characters and bytes that are not UTF-8 replaced by '?', and cut to whole characters
// within 60 bytes, so that the message is always valid UTF-8.
std::string shown(std::string_view value);

// The offset of the first byte of `s` that does not begin a well-formed UTF-8 sequence (npos
// when all of it is UTF-8); and the length of the sequence at `at` (0 when it is not one).
std::size_t first_invalid_utf8(std::string_view s) noexcept;
std::size_t utf8_sequence_length(std::string_view s, std::size_t at) noexcept;

} // namespace okoce::io::detail
