// The CSV folder format: an in-place RFC 4180 tokenizer feeding the shared decoder, and a
// writer that builds each file in a buffer and renames it into place.
#include "okoce/detail/csv_reader.hpp"
#include "okoce/io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <random>
#include <system_error>

namespace okoce::io {

namespace detail {

CsvReader::CsvReader(std::string& buffer, std::string source)
    : p_(buffer.data()), end_(buffer.data() + buffer.size()), source_(std::move(source)) {
    if (buffer.size() >= 3 && buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) p_ += 3;
}

bool CsvReader::next() {
    fields_.clear();
    field_lines_.clear();
    // Blank lines between records carry nothing.
    while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) {
        if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
        ++p_;
        ++line_;
    }
    if (p_ == end_) return false;
    record_line_ = line_;
    for (;;) {
        field_lines_.push_back(line_);
        if (p_ < end_ && *p_ == '"') {
            const std::size_t opened_on = line_;
            char* const start = ++p_;
            char* out = start; // doubled quotes collapse in place, so `out` trails `p_`
            for (;;) {
                if (p_ == end_)
                    // The field's text is not shown: it may be a name.
                    throw validation_error({source_, opened_on, ""}, "\"",
                                           "a closing quote for the quoted field opened here");
                const char c = *p_;
                if (c == '"') {
                    if (p_ + 1 < end_ && p_[1] == '"') {
                        *out++ = '"';
                        p_ += 2;
                        continue;
                    }
                    ++p_;
                    break;
                }
                if (c == '\n' || (c == '\r' && (p_ + 1 == end_ || p_[1] != '\n'))) ++line_;
                *out++ = c;
                ++p_;
            }
            fields_.emplace_back(start, static_cast<std::size_t>(out - start));
            if (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r')
                throw validation_error({source_, line_, ""},
                                       shown({p_, 1}) + " after a closing quote",
                                       "a comma or a line break after the closing quote");
        } else {
            char* const start = p_;
            while (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
                if (*p_ == '"')
                    throw validation_error(
                        {source_, line_, ""},
                        "\" at character " + std::to_string(p_ - start + 1) + " of a field",
                        "a field without quotes, or one wholly in quotes with inner quotes "
                        "doubled (RFC 4180)");
                ++p_;
            }
            fields_.emplace_back(start, static_cast<std::size_t>(p_ - start));
        }
        if (p_ == end_) return true;
        if (*p_ == ',') {
            ++p_;
            continue;
        }
        if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
        ++p_;
        ++line_;
        return true;
    }
}

std::string read_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw io_error(path + ": cannot open for reading");
    std::string data;
    char chunk[1 << 16];
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) data.reserve(static_cast<std::size_t>(size));
    for (;;) {
        const std::size_t n = std::fread(chunk, 1, sizeof chunk, f);
        data.append(chunk, n);
        if (n < sizeof chunk) break;
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) throw io_error(path + ": read error");
    return data;
}

namespace {

class CsvRows final : public TextRows {
public:
    explicit CsvRows(std::string path)
        : source_(std::move(path)), buffer_(read_file(source_)), reader_(buffer_, source_) {
        if (reader_.next()) {
            header_line_ = reader_.line();
            for (std::string_view name : reader_.fields()) {
                while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
                    name.remove_prefix(1);
                while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
                    name.remove_suffix(1);
                columns_.emplace_back(name);
            }
        }
    }
    const std::string& source() const noexcept override { return source_; }
    const std::vector<std::string>& columns() const noexcept override { return columns_; }
    std::size_t header_line() const noexcept override { return header_line_; }
    bool next(std::span<const std::string_view>& fields, std::size_t& line) override {
        if (!reader_.next()) return false;
        fields = reader_.fields();
        line = reader_.line();
        return true;
    }
    std::size_t field_line(std::size_t k) const noexcept override { return reader_.field_line(k); }

private:
    std::string source_;
    std::string buffer_;
    CsvReader reader_;
    std::vector<std::string> columns_;
    std::size_t header_line_ = 1;
};

// Writes each table to a hidden temporary file beside its final name; commit() renames them
// all into place, and anything not committed is removed.
class CsvSink final : public TableSink {
public:
    explicit CsvSink(std::filesystem::path folder) : folder_(std::move(folder)) {
        std::random_device rd;
        suffix_ = ".tmp-" + std::to_string(rd()) + std::to_string(rd());
    }
    CsvSink(const CsvSink&) = delete;
    CsvSink& operator=(const CsvSink&) = delete;
    ~CsvSink() override {
        if (file_) std::fclose(file_);
        std::error_code ec;
        if (!committed_)
            for (const auto& [tmp, final_path] : written_) std::filesystem::remove(tmp, ec);
    }

    void begin(Table t, std::span<const std::string_view> columns) override {
        table_ = t;
        rows_ = 0;
        const std::string name(table_name(t));
        final_ = folder_ / (name + ".csv");
        tmp_ = folder_ / ("." + name + ".csv" + suffix_);
        file_ = std::fopen(tmp_.string().c_str(), "wb");
        if (!file_) throw io_error(tmp_.string() + ": cannot open for writing");
        written_.emplace_back(tmp_, final_);
        buffer_.clear();
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (k) buffer_ += ',';
            buffer_ += columns[k];
        }
        buffer_ += '\n';
    }

    void row(std::span<const Cell> cells) override {
        ++rows_;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (k) buffer_ += ',';
            const Cell& c = cells[k];
            if (c.kind == Cell::Kind::integer) {
                char digits[24];
                const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, c.integer);
                (void)ec;
                buffer_.append(digits, end);
            } else if (c.kind == Cell::Kind::text) {
                append_field(c.text);
            }
        }
        buffer_ += '\n';
        if (buffer_.size() >= (1U << 20)) flush();
    }

    void end() override {
        flush();
        const bool failed = std::fclose(file_) != 0;
        file_ = nullptr;
        if (failed) throw io_error(tmp_.string() + ": write error");
        // An empty regions table stands for the embedded one, which is written as no file.
        if (table_ == Table::regions && rows_ == 0) {
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
            written_.pop_back();
            drop_regions_ = true;
        }
    }

    void commit() {
        for (const auto& [tmp, final_path] : written_) {
            std::error_code ec;
            std::filesystem::rename(tmp, final_path, ec);
            if (ec) throw io_error(final_path.string() + ": cannot replace (" + ec.message() + ")");
        }
        committed_ = true;
        if (drop_regions_) {
            // A regions.csv left from an earlier save would override the embedded table.
            std::error_code ec;
            std::filesystem::remove(folder_ / "regions.csv", ec);
        }
    }

private:
    void append_field(std::string_view s) {
        if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
            buffer_ += s;
            return;
        }
        buffer_ += '"';
        for (const char c : s) {
            if (c == '"') buffer_ += '"';
            buffer_ += c;
        }
        buffer_ += '"';
    }
    void flush() {
        if (buffer_.empty()) return;
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
            throw io_error(tmp_.string() + ": write error");
        buffer_.clear();
    }

    std::filesystem::path folder_;
    std::string suffix_;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> written_;
    std::FILE* file_ = nullptr;
    std::filesystem::path tmp_, final_;
    std::string buffer_;
    Table table_ = Table::regions;
    std::size_t rows_ = 0;
    bool drop_regions_ = false;
    bool committed_ = false;
};

} // namespace

} // namespace detail

LoadResult load_csv(const std::filesystem::path& folder, const LoadOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw io_error(folder.string() + ": not a folder (a programme folder holds "
                                         "participants.csv and the other tables)");
    return detail::decode(
        [&](detail::Table t) -> std::unique_ptr<detail::TextRows> {
            const std::string name(detail::table_name(t));
            const auto path = folder / (name + ".csv");
            std::error_code exists_ec;
            if (!std::filesystem::exists(path, exists_ec)) {
                if (t == detail::Table::participants)
                    throw io_error(path.string() +
                                   ": missing; every programme needs a participants table");
                return nullptr;
            }
            return std::make_unique<detail::CsvRows>(path.string());
        },
        options);
}

void save_csv(const Programme& programme, const std::filesystem::path& folder) {
    detail::write_csv(programme, folder, nullptr);
}

void detail::write_csv(const Programme& programme, const std::filesystem::path& folder,
                       const ExportOptions* analyst) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec || !std::filesystem::is_directory(folder))
        throw io_error(folder.string() + ": cannot create the folder" +
                       (ec ? " (" + ec.message() + ")" : std::string()));
    detail::CsvSink sink(folder);
    detail::encode(programme, sink, analyst);
    sink.commit();
}

} // namespace okoce::io
