// The SQLite format: tables read as text rows through the shared decoder (so a database row is
// held to the same rules as a CSV line), and written with constraints in one transaction.
#include "okoce/io/sqlite.hpp"
#include "io/atomic.hpp"
#include "io/decode.hpp"
#include "io/encode.hpp"
#include "io/sql_schema.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

namespace okoce::io {

namespace detail {
namespace {

std::string sql_text(std::string_view text) {
    std::string s = "'";
    for (const char c : text) {
        if (c == '\'') s += '\'';
        s += c;
    }
    return s += '\'';
}

// Owns a connection; closing is the last thing that happens to it.
class Db {
public:
    // `shown` names the file in errors when it is opened under another (temporary) name.
    Db(const std::filesystem::path& file, int flags, std::string shown = {})
        : path_(shown.empty() ? file.string() : std::move(shown)) {
        if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            close();
            throw io_error(path_ + ": cannot open SQLite database (" + why + ")");
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, sqlite_busy_timeout_ms);
    }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db() { close(); }
    void close() noexcept {
        if (db_) sqlite3_close_v2(db_);
        db_ = nullptr;
    }

    sqlite3* get() const noexcept { return db_; }
    const std::string& path() const noexcept { return path_; }
    [[noreturn]] void fail(const std::string& what) const {
        throw io_error(path_ + ": " + what + " (" + with_reason(sqlite3_errmsg(db_)) + ")");
    }
    void exec(const std::string& sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string why = message ? message : sqlite3_errmsg(db_);
            sqlite3_free(message);
            throw io_error(path_ + ": " + with_reason(why) + " [" + sql.substr(0, 80) + "]");
        }
    }
    // Whether the last failure was the disk's or the system's (a full disk, an I/O error), not
    // the data's: a statement that failed so is not retried.
    bool failed_in_system() const noexcept {
        const int primary = sqlite3_extended_errcode(db_) & 0xff;
        return primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
    }
    // SQLite's message, with the system's reason after it when the system failed: SQLite says
    // "database or disk is full", the system "No space left on device" (or "Disk quota
    // exceeded", "File too large").
    std::string with_reason(const std::string& message) const {
        if (!failed_in_system()) return message;
        // SQLite's Unix layer reports ENOSPC (or a short write) as SQLITE_FULL and clears the
        // system error; okoce sets no page limit, so SQLITE_FULL is a full disk (the file's, or
        // that of SQLite's temporary files).
        int e = sqlite3_system_errno(db_);
        if (e == 0 && (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_FULL) e = ENOSPC;
        return e == 0 ? message : message + ": " + std::generic_category().message(e);
    }
    int user_version() {
        Stmt s(*this, "PRAGMA user_version");
        if (sqlite3_step(s.get()) != SQLITE_ROW) fail("cannot read the schema version");
        return sqlite3_column_int(s.get(), 0);
    }
    bool has_table(std::string_view name) {
        Stmt s(*this, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
        sqlite3_bind_text(s.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
        return sqlite3_step(s.get()) == SQLITE_ROW;
    }

    class Stmt {
    public:
        Stmt(Db& db, const std::string& sql) {
            if (sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()), &s_,
                                   nullptr) != SQLITE_OK)
                db.fail("cannot prepare [" + sql.substr(0, 80) + "]");
        }
        Stmt(const Stmt&) = delete;
        Stmt& operator=(const Stmt&) = delete;
        ~Stmt() { sqlite3_finalize(s_); }
        sqlite3_stmt* get() const noexcept { return s_; }

    private:
        sqlite3_stmt* s_ = nullptr;
    };

private:
    std::string path_;
    sqlite3* db_ = nullptr;
};

// Throws io_error unless SQLite's own check of the file's structure (PRAGMA quick_check: every
// page, cell and record well formed) passes.
void require_sound(Db& db) {
    Db::Stmt check(db, "PRAGMA quick_check(1)");
    const int rc = sqlite3_step(check.get());
    const auto* text = rc == SQLITE_ROW
                           ? reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0))
                           : nullptr;
    if (text != nullptr && std::string_view(text) == "ok") return;
    throw io_error(db.path() + ": cannot read (database disk image is malformed: " +
                   (text != nullptr ? std::string(text) : std::string(sqlite3_errmsg(db.get()))) +
                   ")");
}

void check_version(Db& db) {
    const int version = db.user_version();
    if (version > sqlite_schema_version)
        throw io_error(db.path() + ": schema version " + std::to_string(version) +
                       " is newer than this okoce understands (" +
                       std::to_string(sqlite_schema_version) + "); use a newer okoce");
}

// A table's rows, read in batches. Each value is copied out of SQLite as text into the batch,
// so a row's fields stay valid after SQLite has stepped on. For a large table a second thread
// steps SQLite and fills the next batch while the decoder works through the current one:
// SQLite's stepping was about a third of a load. Only that thread uses the connection while the
// table is read (the decoder touches the database again only after this table's reader has
// finished), and one read transaction still covers every table.
class SqliteRows final : public TextRows {
public:
    // Tables this long get the read-ahead thread; below it, a thread costs more than it saves.
    static constexpr std::size_t read_ahead_rows = 100'000;

    SqliteRows(Db& db, std::string_view table) : source_(db.path() + ":" + std::string(table)) {
        {
            Db::Stmt info(db, "PRAGMA table_info(" + sql_name(table) + ")");
            while (sqlite3_step(info.get()) == SQLITE_ROW)
                columns_.emplace_back(
                    reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1)));
        }
        std::string sql = "SELECT _rowid_";
        for (const auto& c : columns_) sql += ", " + sql_name(c);
        sql += " FROM " + sql_name(table) + " ORDER BY _rowid_";
        select_ = std::make_unique<Db::Stmt>(db, sql);
        db_ = &db;
        {
            // An exact count is a fraction of the read that follows (it walks the smallest
            // index). Finalized here, before the reading thread may use the connection.
            Db::Stmt count(db, "SELECT count(*) FROM " + sql_name(table));
            if (sqlite3_step(count.get()) == SQLITE_ROW)
                size_hint_ = static_cast<std::size_t>(
                    std::max<sqlite3_int64>(0, sqlite3_column_int64(count.get(), 0)));
        }
        fields_.resize(columns_.size());
        if (size_hint_ >= read_ahead_rows && !columns_.empty())
            reader_ = std::thread([this] { read_ahead(); });
    }
    SqliteRows(const SqliteRows&) = delete;
    SqliteRows& operator=(const SqliteRows&) = delete;
    ~SqliteRows() override {
        if (!reader_.joinable()) return;
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        reader_.join();
    }

    const std::string& source() const noexcept override { return source_; }
    const std::vector<std::string>& columns() const noexcept override { return columns_; }
    std::size_t header_line() const noexcept override { return 0; }
    bool next(std::span<const std::string_view>& fields, std::size_t& line) override {
        if (row_ == current_.rows && !next_batch()) return false;
        const std::size_t n = fields_.size();
        std::size_t at = row_ * n;
        if (blob_ < current_.blobs.size() && current_.blobs[blob_].cell < at + n) {
            // No column of the schema holds bytes: a BLOB is neither text nor a number (its
            // bytes would otherwise be read as text, "123" as 123). It ends the table, as a
            // CSV syntax error does.
            const Blob& b = current_.blobs[blob_];
            const std::size_t rowid = current_.rowid[row_++];
            throw validation_error({source_, rowid, columns_[b.cell - at]},
                                   "<BLOB of " + std::to_string(b.bytes) + " bytes>",
                                   "text or a number, not a BLOB");
        }
        std::uint32_t start = at == 0 ? 0 : current_.ends[at - 1];
        for (std::size_t k = 0; k < n; ++k, ++at) {
            const std::uint32_t end = current_.ends[at];
            fields_[k] = std::string_view(current_.chars.data() + start, end - start);
            start = end;
        }
        line = current_.rowid[row_++];
        fields = fields_;
        return true;
    }
    // An SQLite "line" is the current row's rowid, whatever the field.
    std::size_t field_line(std::size_t) const noexcept override {
        return row_ == 0 ? 0 : current_.rowid[row_ - 1];
    }
    std::size_t size_hint() const noexcept override { return size_hint_; }

private:
    // Rows as text: field k of row r is chars[ends[r * columns - 1 + k] .. ends[r * columns + k])
    // (from 0 for the very first field). A NULL is empty text.
    struct Blob {
        std::size_t cell; // r * columns + k
        std::size_t bytes;
    };
    struct Batch {
        std::string chars;
        std::vector<std::uint32_t> ends;
        std::vector<std::size_t> rowid;
        std::vector<Blob> blobs; // the cells that hold a BLOB, in order (read as empty)
        std::size_t rows = 0;
    };
    static constexpr std::size_t batch_rows = 4096;
    // Also ends a batch early, so that its 32-bit offsets cannot overflow on long texts.
    static constexpr std::size_t batch_chars = std::size_t{8} << 20;

    // Steps SQLite for up to a batch of rows into `b`; false when the table has no more rows.
    // Every value is read as text, so an integer, a real or text go through the same checks as
    // a CSV field (a real revenue is "not whole rupiah", not silently rounded). Integers are
    // written out here, as SQLite would, but without its allocation per value.
    bool fill(Batch& b) {
        b.chars.clear();
        b.ends.clear();
        b.rowid.clear();
        b.blobs.clear();
        b.rows = 0;
        if (exhausted_) return false; // stepping on would start the statement again
        sqlite3_stmt* s = select_->get();
        const int n = static_cast<int>(columns_.size()); // not fields_, which the decoder writes
        while (b.rows < batch_rows && b.chars.size() < batch_chars) {
            const int rc = sqlite3_step(s);
            if (rc == SQLITE_DONE) {
                exhausted_ = true;
                return b.rows > 0;
            }
            if (rc != SQLITE_ROW) db_->fail("cannot read " + source_);
            b.rowid.push_back(static_cast<std::size_t>(sqlite3_column_int64(s, 0)));
            for (int col = 1; col <= n; ++col) {
                switch (sqlite3_column_type(s, col)) {
                case SQLITE_NULL:
                    break;
                case SQLITE_BLOB:
                    b.blobs.push_back(
                        {b.ends.size(), static_cast<std::size_t>(sqlite3_column_bytes(s, col))});
                    break;
                case SQLITE_INTEGER: {
                    std::array<char, 24> digits{}; // holds any 64-bit integer
                    const auto [end, ec] = std::to_chars(
                        digits.data(), digits.data() + digits.size(), sqlite3_column_int64(s, col));
                    (void)ec;
                    b.chars.append(digits.data(), end);
                    break;
                }
                default: {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
                    if (text != nullptr)
                        b.chars.append(text,
                                       static_cast<std::size_t>(sqlite3_column_bytes(s, col)));
                }
                }
                if (b.chars.size() > std::numeric_limits<std::uint32_t>::max())
                    throw io_error(source_ + ": row " + std::to_string(b.rowid.back()) +
                                   " holds more text than okoce reads in one row");
                b.ends.push_back(static_cast<std::uint32_t>(b.chars.size()));
            }
            ++b.rows;
        }
        return true;
    }

    // The next batch into current_; false at the end of the table.
    bool next_batch() {
        row_ = 0;
        blob_ = 0;
        if (!reader_.joinable()) return fill(current_);
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || done_; });
        if (ready_.empty()) {
            current_.rows = 0;
            if (failed_) std::rethrow_exception(failed_);
            return false;
        }
        spare_.push_back(std::move(current_));
        current_ = std::move(ready_.front());
        ready_.pop_front();
        lock.unlock();
        changed_.notify_all();
        return true;
    }

    // The read-ahead thread: keeps up to two batches ready for the decoder.
    void read_ahead() {
        try {
            for (;;) {
                Batch b;
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return ready_.size() < 2 || stop_; });
                    if (stop_) break;
                    if (!spare_.empty()) {
                        b = std::move(spare_.back());
                        spare_.pop_back();
                    }
                }
                const bool more = fill(b);
                const std::lock_guard lock(mutex_);
                if (!more) break;
                ready_.push_back(std::move(b));
                changed_.notify_all();
            }
        } catch (...) {
            const std::lock_guard lock(mutex_);
            failed_ = std::current_exception();
        }
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        changed_.notify_all();
    }

    std::string source_;
    std::vector<std::string> columns_;
    Db* db_ = nullptr;
    std::unique_ptr<Db::Stmt> select_;
    std::vector<std::string_view> fields_;
    std::size_t size_hint_ = 0;
    Batch current_;
    std::size_t row_ = 0;
    std::size_t blob_ = 0;   // the next of current_.blobs to report
    bool exhausted_ = false; // SQLite said SQLITE_DONE (the reading thread's, once started)
    // Shared with the read-ahead thread, under mutex_.
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> ready_;
    std::vector<Batch> spare_;
    std::exception_ptr failed_;
    bool done_ = false;
    bool stop_ = false;
    std::thread reader_; // last: started once everything above exists
};

// Per-participant reads go through (participant, date); one report per participant and
// quarter, as the builder requires.
std::vector<std::string> index_sql(Table t) {
    switch (t) {
    case Table::steps:
        return {"CREATE INDEX steps_by_participant ON steps(participant, completed_on)"};
    case Table::licences:
        return {"CREATE INDEX licences_by_participant ON licences(participant, issued_on)"};
    case Table::reports:
        return {"CREATE UNIQUE INDEX reports_by_participant ON reports(participant, quarter)"};
    case Table::assignments:
        return {"CREATE INDEX assignments_by_participant ON assignments(participant, \"from\")",
                "CREATE INDEX assignments_by_mentor ON assignments(mentor, \"from\")"};
    default:
        return {};
    }
}

// Writes the tables with the connection's CHECK constraints off (see tune_for_save): the rows
// come from a Programme, whose builder has checked what the CHECKs check (capacities, money,
// employees and target values zero or more; dates that exist), whose enumerations print only
// the codes the CHECKs list, whose NIKs print as 16 digits, and whose dates print with a
// four-digit year (Boost dates run from 1400 to 9999; the builder takes each quarter's last day,
// so quarters are in that range too). The quarter is the one CHECK that rests on that last
// argument alone, so it is checked here as well, and refused as the CHECK would refuse it.
// NOT NULL, primary keys and unique indexes stay on.
class SqliteSink final : public TableSink {
public:
    explicit SqliteSink(Db& db) : db_(db) {}

    void begin(Table t, std::span<const std::string_view> columns) override {
        table_ = t;
        rows_ = 0;
        columns_ = columns.size();
        quarter_column_ = columns.size();
        if (t == Table::reports)
            quarter_column_ = static_cast<std::size_t>(
                std::find(columns.begin(), columns.end(), "quarter") - columns.begin());
        const std::string name = sql_name(table_name(t));
        std::string insert = "INSERT INTO " + name + " (";
        std::string values = "(";
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const char* sep = k ? ", " : "";
            // append, not operator+ chains: GCC 12 -O2 reports a false -Wrestrict on those.
            insert.append(sep).append(sql_name(columns[k]));
            values.append(sep).append("?");
        }
        values += ")";
        db_.exec(create_table_sql(t, columns));
        insert.append(") VALUES ");
        one_ = std::make_unique<Db::Stmt>(db_, insert + values);
        // Many rows a statement: one statement's overhead over `batch_` rows.
        batch_ = std::max<std::size_t>(
            1, std::min<std::size_t>(64, 999 / std::max<std::size_t>(1, columns.size())));
        std::string many = insert;
        for (std::size_t r = 0; r < batch_; ++r) many.append(r ? ", " : "").append(values);
        many_ = std::make_unique<Db::Stmt>(db_, many);
        pending_.clear();
        text_.clear();
    }

    void row(std::span<const Cell> cells) override {
        if (quarter_column_ < cells.size() && !is_quarter_text(cells[quarter_column_])) {
            flush(); // an earlier row's error comes first, as it would row by row
            throw io_error(db_.path() + ": cannot write reports record " +
                           std::to_string(rows_ + 1) +
                           " (CHECK constraint failed: quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]')");
        }
        // The cells' text may live in the encoder's scratch space, reused for the next row.
        for (const Cell& c : cells) {
            Held h{c.kind, text_.size(), c.text.size(), c.integer};
            if (c.kind == Cell::Kind::text) text_.append(c.text);
            pending_.push_back(h);
        }
        if (pending_.size() == batch_ * columns_) flush();
    }

    void end() override {
        flush();
        one_.reset();
        many_.reset();
        for (const auto& sql : index_sql(table_)) db_.exec(sql);
    }

private:
    struct Held {
        Cell::Kind kind;
        std::size_t at, size; // the text, in text_
        std::int64_t integer;
    };

    static bool is_quarter_text(const Cell& c) noexcept {
        const auto digit = [](char x) { return x >= '0' && x <= '9'; };
        const std::string_view q = c.text;
        return c.kind == Cell::Kind::text && q.size() == 6 && digit(q[0]) && digit(q[1]) &&
               digit(q[2]) && digit(q[3]) && q[4] == 'Q' && q[5] >= '1' && q[5] <= '4';
    }

    // Binds `rows` held rows from `first` to the statement's parameters.
    void bind(sqlite3_stmt* s, std::size_t first, std::size_t rows) {
        sqlite3_reset(s);
        for (std::size_t k = 0; k < rows * columns_; ++k) {
            const Held& h = pending_[first * columns_ + k];
            const int at = static_cast<int>(k) + 1;
            if (h.kind == Cell::Kind::integer)
                sqlite3_bind_int64(s, at, h.integer);
            else if (h.kind == Cell::Kind::text)
                sqlite3_bind_text(s, at, text_.data() + h.at, static_cast<int>(h.size),
                                  SQLITE_STATIC); // text_ is left alone until the step is done
            else
                sqlite3_bind_null(s, at);
        }
    }

    // Writes the held rows: a full batch in one statement, a partial one row by row. A failed
    // statement changes nothing, so its rows are written again one by one to name the record
    // that fails, as a row-by-row writer would.
    void flush() {
        const std::size_t rows = pending_.size() / std::max<std::size_t>(columns_, 1);
        if (rows == 0) return;
        bool done = false;
        if (rows == batch_) {
            bind(many_->get(), 0, rows);
            done = sqlite3_step(many_->get()) == SQLITE_DONE;
            // A full disk is not a row's fault, and writing on after it (the temporary has no
            // journal) meets a damaged file: say why at once.
            if (!done && db_.failed_in_system())
                db_.fail("cannot write " + std::string(table_name(table_)) + " records " +
                         std::to_string(rows_ + 1) + " to " + std::to_string(rows_ + rows));
            sqlite3_reset(many_->get());
        }
        for (std::size_t r = 0; !done && r < rows; ++r) {
            bind(one_->get(), r, 1);
            const bool ok = sqlite3_step(one_->get()) == SQLITE_DONE;
            if (!ok)
                db_.fail("cannot write " + std::string(table_name(table_)) + " record " +
                         std::to_string(rows_ + r + 1));
            sqlite3_reset(one_->get());
        }
        rows_ += rows;
        pending_.clear();
        text_.clear();
    }

    Db& db_;
    Table table_ = Table::regions;
    std::size_t rows_ = 0; // rows written so far
    std::size_t columns_ = 0;
    std::size_t quarter_column_ = 0; // the reports' quarter column; past the end elsewhere
    std::size_t batch_ = 1;
    std::vector<Held> pending_;
    std::string text_;
    std::unique_ptr<Db::Stmt> one_, many_;
};

} // namespace

namespace {

// The statements that make the save fast without making it less safe. Foreign keys and CHECK
// constraints are part of the schema, for every other writer; this writer's rows satisfy them
// by construction (see SqliteSink), so checking each of millions of rows again (a parent
// lookup, a GLOB, a typeof) would only cost time.
void tune_for_save(Db& db, bool enforce_foreign_keys, const ExportOptions* analyst) {
    db.exec(enforce_foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    db.exec("PRAGMA ignore_check_constraints = ON");
    // An export is written to a new file (see write_sqlite), so no page of an old file is in it;
    // freed pages are zeroed all the same.
    if (analyst) db.exec("PRAGMA secure_delete = ON");
    db.exec("PRAGMA cache_size = -65536");
}

std::string journal_mode(Db& db) {
    Db::Stmt mode(db, "PRAGMA journal_mode");
    if (sqlite3_step(mode.get()) != SQLITE_ROW) db.fail("cannot read the journal mode");
    const auto* m = sqlite3_column_text(mode.get(), 0);
    return m ? reinterpret_cast<const char*>(m) : "";
}

// Drops the programme's tables (children first, so that no foreign key points into a dropped
// table), writes them again and commits; rolls back on any failure.
void replace_tables(Db& db, const Programme& p, const ExportOptions* analyst) {
    db.exec("BEGIN IMMEDIATE");
    try {
        for (auto t = all_tables.rbegin(); t != all_tables.rend(); ++t)
            db.exec("DROP TABLE IF EXISTS " + sql_name(table_name(*t)));
        SqliteSink sink(db);
        encode(p, sink, analyst);
        db.exec("PRAGMA user_version = " + std::to_string(sqlite_schema_version));
        db.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

// Whether a table that is not the programme's has a foreign key. Dropping a programme table
// that such a key points at must fail as before (an immediate foreign key violation), so
// enforcement stays on then; otherwise every foreign key in the file is the programme's own.
bool others_have_foreign_keys(Db& db) {
    std::string sql = "SELECT count(*) FROM sqlite_master AS m, pragma_foreign_key_list(m.name) "
                      "WHERE m.type = 'table' AND m.name NOT IN (";
    for (std::size_t k = 0; k < all_tables.size(); ++k)
        sql.append(k ? ", '" : "'").append(table_name(all_tables[k])).append("'");
    Db::Stmt s(db, sql + ")");
    if (sqlite3_step(s.get()) != SQLITE_ROW) db.fail("cannot read the schema");
    return sqlite3_column_int64(s.get(), 0) != 0;
}

// The first table, view, index or trigger in the file that is not one of the programme's
// tables or on one of them (SQLite's own sqlite_ tables aside), as "the table x"; none if none.
std::optional<std::string> first_other_table(Db& db) {
    std::string sql = "SELECT type, name FROM sqlite_master WHERE substr(name, 1, 7) <> 'sqlite_' "
                      "AND tbl_name NOT IN (";
    for (std::size_t k = 0; k < all_tables.size(); ++k)
        sql.append(k ? ", '" : "'").append(table_name(all_tables[k])).append("'");
    Db::Stmt s(db, sql + ") ORDER BY name LIMIT 1");
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) db.fail("cannot read the schema");
    const auto text = [&](int col) {
        const auto* t = sqlite3_column_text(s.get(), col);
        return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    return "the " + text(0) + " " + text(1);
}

} // namespace

// Every save writes a whole new file under a hidden temporary name beside the target (see
// Staging) and renames it over the target in one step: a kill at any instant leaves the old
// file or the new one, and a reader that has the old file open goes on reading it, whole, so
// neither waits for the other. An existing file is first copied (VACUUM INTO), so that the
// tables in it that are not the programme's stay; an analyst export is a new file instead, and
// refuses a file that holds other tables (as a CSV export refuses a folder with other files). The
// temporary is written without a journal or syncs (a failure discards it, so there is nothing to
// roll back), synced once, and left in rollback-journal mode (DELETE): unlike WAL, that mode lets
// anyone open it read-only, in a folder they cannot write to, without creating -wal or -shm files.
void write_sqlite(const Programme& p, const std::filesystem::path& file,
                  const ExportOptions* analyst) {
    const auto target = save_target(file);
    remove_stale_temporaries(target);
    Staging staged(target, false);
    std::error_code ec;
    const bool existing = std::filesystem::exists(target, ec);
    bool foreign_keys = false;
    // Holds the old file's write lock until the new file has replaced it, so that no other
    // writer's transaction (whose journal or WAL, found by name, would then be applied to the
    // new file) is open across the swap. It changes nothing, so it writes no journal itself.
    std::optional<Db> writers_out;
    if (existing) {
        writers_out.emplace(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, file.string());
        Db& old = *writers_out;
        check_version(old); // before anything is written: a newer file is not ours to rewrite
        // A file earlier versions left in WAL mode is first brought back to a rollback journal
        // (SQLite checkpoints and removes its -wal and -shm), with the same contents.
        if (journal_mode(old) == "wal") old.exec("PRAGMA journal_mode = DELETE");
        old.exec("BEGIN IMMEDIATE");
        Db reader(target, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, file.string());
        if (analyst) {
            // An export is handed out whole: it goes only over an earlier export (or a
            // programme file), never over a file with other tables, which it would hand out too.
            if (const auto other = first_other_table(reader))
                throw io_error(file.string() + ": holds " + *other +
                               ", which is not a programme table; an analyst export is written "
                               "only to a new file, or over an earlier export, so that nothing "
                               "else is handed out with it");
        } else {
            foreign_keys = others_have_foreign_keys(reader);
            reader.exec("VACUUM INTO " + sql_text(staged.path().string()));
        }
        staged.keep_mode_of_target();
    }
    // An export is a new file, not a copy of the old one: nothing of it is carried over.
    const bool copied = existing && !analyst;
    {
        Db db(staged.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, file.string());
        // A copy of a WAL file is a WAL file; out of WAL first, as no journal is kept below.
        db.exec("PRAGMA journal_mode = DELETE");
        // Larger pages than SQLite's 4096 bytes: fewer pages to fill, link and write for
        // tables of millions of rows, read back sequentially by load_sqlite.
        if (!copied) db.exec("PRAGMA page_size = 16384");
        db.exec("PRAGMA journal_mode = OFF");
        db.exec("PRAGMA synchronous = OFF");
        tune_for_save(db, foreign_keys, analyst);
        replace_tables(db, p, analyst);
        db.exec("PRAGMA journal_mode = DELETE");
    }
    staged.publish();
}

} // namespace detail

namespace {
LoadResult read_all(detail::Db& db, const std::filesystem::path& file, const LoadOptions& options);
} // namespace

LoadResult load_sqlite(const std::filesystem::path& file, const LoadOptions& options) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::is_regular_file(status)) {
        // Not a FIFO or a device (which would block or never end), and the real reason.
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw io_error(file.string() + ": cannot read (" + ec.message() + ")");
        throw io_error(file.string() + (std::filesystem::exists(status)
                                            ? ": not a regular file, so not an SQLite file"
                                            : ": no such SQLite file"));
    }
    detail::Db db(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    detail::check_version(db);
    // One read transaction over every table, so a writer cannot change the file midway.
    db.exec("BEGIN");
    try {
        return read_all(db, file, options);
    } catch (const validation_error&) {
        // A damaged file can give rows of garbage before SQLite reaches the damage, so a load
        // that stops at the first bad row (fail-fast) and one that reads on (collect mode) would
        // disagree about the same file. A data error is the file's content only when the file is
        // sound: that is checked here, on the error path only.
        detail::require_sound(db);
        throw;
    }
}

namespace {

LoadResult read_all(detail::Db& db, const std::filesystem::path& file, const LoadOptions& options) {
    auto result = detail::decode(
        [&](detail::Table t) -> std::unique_ptr<detail::TextRows> {
            const auto name = detail::table_name(t);
            if (!db.has_table(name)) {
                if (t == detail::Table::participants)
                    throw io_error(file.string() +
                                   ": no participants table; every programme needs one");
                return nullptr;
            }
            return std::make_unique<detail::SqliteRows>(db, name);
        },
        options);
    db.exec("COMMIT");
    return result;
}

} // namespace

void save_sqlite(const Programme& programme, const std::filesystem::path& file) {
    detail::write_sqlite(programme, file, nullptr);
}

} // namespace okoce::io
