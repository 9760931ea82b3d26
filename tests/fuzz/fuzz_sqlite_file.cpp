// The SQLite loader (io::load_sqlite) on a file whose bytes are the input: see
// sqlite_checks.hpp for what is checked. Seeds are saved programmes, so mutations reach the
// pages of real tables, not only the file header.
#include "sqlite_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = okoce::fuzz::scratch() / "in.sqlite";
    okoce::fuzz::remove_database(file);
    okoce::fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    okoce::fuzz::check_sqlite_load(file);
    return 0;
}
