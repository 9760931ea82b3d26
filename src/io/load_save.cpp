// What okoce/io.hpp declares: load and save that pick the format by path.
#include "okoce/io.hpp"

#include <algorithm>
#include <string>
#include <system_error>

namespace okoce::io {

// ---------------------------------------------------------------------------------------------
// Dispatch by path

LoadResult load(const std::filesystem::path& path, const LoadOptions& options) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) return load_csv(path, options);
    if (std::filesystem::is_regular_file(status)) return load_sqlite(path, options);
    // Say what is there: not found is one thing, a permission or a symlink loop another.
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw io_error(path.string() + ": cannot read (" + ec.message() + ")");
    if (std::filesystem::exists(status))
        throw io_error(path.string() +
                       ": not a programme folder, and not a regular file that could be SQLite");
    throw io_error(path.string() + ": no such programme folder or SQLite file");
}

bool is_sqlite_path(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return ext == ".sqlite" || ext == ".sqlite3" || ext == ".db";
}

void save(const Programme& programme, const std::filesystem::path& path) {
    if (is_sqlite_path(path))
        save_sqlite(programme, path);
    else
        save_csv(programme, path);
}

} // namespace okoce::io
