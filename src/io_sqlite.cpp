// The SQLite format: tables read as text rows through the shared decoder (so a database row is
// held to the same rules as a CSV line), and written with constraints in one transaction.
#include "okoce/detail/csv_reader.hpp"
#include "okoce/io/sqlite.hpp"

#include <sqlite3.h>

#include <string>

namespace okoce::io {

namespace detail {
namespace {

std::string sql_name(std::string_view name) {
    std::string s = "\"";
    for (const char c : name) {
        if (c == '"') s += '"';
        s += c;
    }
    return s += '"';
}

// Owns a connection; closing is the last thing that happens to it.
class Db {
public:
    Db(const std::filesystem::path& file, int flags) : path_(file.string()) {
        if (sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            close();
            throw io_error(path_ + ": cannot open SQLite database (" + why + ")");
        }
        sqlite3_extended_result_codes(db_, 1);
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
        throw io_error(path_ + ": " + what + " (" + sqlite3_errmsg(db_) + ")");
    }
    void exec(const std::string& sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string why = message ? message : sqlite3_errmsg(db_);
            sqlite3_free(message);
            throw io_error(path_ + ": " + why + " [" + sql.substr(0, 80) + "]");
        }
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

void check_version(Db& db) {
    const int version = db.user_version();
    if (version > sqlite_schema_version)
        throw io_error(db.path() + ": schema version " + std::to_string(version) +
                       " is newer than this okoce understands (" +
                       std::to_string(sqlite_schema_version) + "); use a newer okoce");
}

class SqliteRows final : public TextRows {
public:
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
        fields_.resize(columns_.size());
    }
    const std::string& source() const noexcept override { return source_; }
    const std::vector<std::string>& columns() const noexcept override { return columns_; }
    std::size_t header_line() const noexcept override { return 0; }
    bool next(std::span<const std::string_view>& fields, std::size_t& line) override {
        sqlite3_stmt* s = select_->get();
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) return false;
        if (rc != SQLITE_ROW) db_->fail("cannot read " + source_);
        line = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
        line_ = line;
        // Every value is read as text, so an integer, a real or text go through the same
        // checks as a CSV field (a real revenue is "not whole rupiah", not silently rounded).
        for (std::size_t k = 0; k < fields_.size(); ++k) {
            const int col = static_cast<int>(k) + 1;
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
            fields_[k] =
                text
                    ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
                    : std::string_view{};
        }
        fields = fields_;
        return true;
    }
    std::size_t field_line(std::size_t) const noexcept override { return line_; }

private:
    std::string source_;
    std::vector<std::string> columns_;
    Db* db_ = nullptr;
    std::unique_ptr<Db::Stmt> select_;
    std::vector<std::string_view> fields_;
    std::size_t line_ = 0;
};

// The declaration of each column: type, keys and the checks the data contract implies. A
// column this list does not know (nik_pseudonym) is plain text.
std::string column_sql(Table t, std::string_view column) {
    const std::string c = sql_name(column);
    const std::string date = "TEXT CHECK (" + c + " IS NULL OR " + c +
                             " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')";
    const std::string required_date = date + " NOT NULL";
    const std::string whole =
        "INTEGER CHECK (" + c + " IS NULL OR (typeof(" + c + ") = 'integer' AND " + c + " >= 0))";
    const std::string sectors = "('food_beverage', 'fashion', 'craft', 'retail', 'services', "
                                "'agriculture', 'digital', 'other')";
    const std::string participant = "TEXT NOT NULL REFERENCES participants(id)";
    switch (t) {
    case Table::regions:
        if (column == "code") return "TEXT PRIMARY KEY NOT NULL";
        if (column == "name") return "TEXT NOT NULL";
        break;
    case Table::communities:
        if (column == "id") return "TEXT PRIMARY KEY NOT NULL";
        if (column == "name") return "TEXT NOT NULL";
        if (column == "basis") return "TEXT CHECK (basis IN ('sector', 'organisation', 'region'))";
        if (column == "sector") return "TEXT CHECK (sector IN " + sectors + ")";
        break;
    case Table::mentors:
        if (column == "id") return "TEXT PRIMARY KEY NOT NULL";
        if (column == "kind") return "TEXT NOT NULL CHECK (kind IN ('office', 'community'))";
        if (column == "kecamatan") return "TEXT NOT NULL";
        if (column == "community") return "TEXT REFERENCES communities(id)";
        if (column == "capacity") return whole + " NOT NULL";
        if (column == "active_from" || column == "active_to") return date;
        break;
    case Table::participants:
        if (column == "id") return "TEXT PRIMARY KEY NOT NULL";
        if (column == "nik") return "TEXT CHECK (nik IS NULL OR length(nik) = 16)";
        if (column == "sex") return "TEXT CHECK (sex IN ('M', 'F'))";
        if (column == "kelurahan") return "TEXT NOT NULL";
        if (column == "sector") return "TEXT NOT NULL CHECK (sector IN " + sectors + ")";
        if (column == "community") return "TEXT REFERENCES communities(id)";
        if (column == "registered_on") return required_date;
        if (column == "birth_date" || column == "business_started_on" || column == "exited_on")
            return date;
        break;
    case Table::steps:
        if (column == "participant") return participant;
        if (column == "step")
            return "TEXT NOT NULL CHECK (step IN ('P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'))";
        if (column == "completed_on") return required_date;
        break;
    case Table::licences:
        if (column == "participant") return participant;
        if (column == "kind")
            return "TEXT NOT NULL CHECK (kind IN ('IUMK', 'SKU', 'NIB', 'PIRT', 'HALAL', "
                   "'OTHER'))";
        if (column == "issued_on") return required_date;
        if (column == "valid_until") return date;
        break;
    case Table::reports:
        if (column == "participant") return participant;
        if (column == "quarter")
            return "TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]')";
        if (column == "revenue") return whole + " NOT NULL";
        if (column == "capital" || column == "employees") return whole;
        if (column == "reported_on") return date;
        break;
    case Table::assignments:
        if (column == "participant") return participant;
        if (column == "mentor") return "TEXT NOT NULL REFERENCES mentors(id)";
        if (column == "from") return required_date;
        if (column == "to") return date;
        break;
    case Table::targets:
        if (column == "id") return "TEXT PRIMARY KEY NOT NULL";
        if (column == "metric")
            return "TEXT NOT NULL CHECK (metric IN ('registered', 'P1', 'P2', 'P3', 'P4', "
                   "'P5', 'P6', 'P7', 'licensed'))";
        if (column == "region") return "TEXT NOT NULL";
        if (column == "start" || column == "end") return required_date;
        if (column == "value") return whole + " NOT NULL";
        break;
    }
    return "TEXT";
}

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

class SqliteSink final : public TableSink {
public:
    explicit SqliteSink(Db& db) : db_(db) {}

    void begin(Table t, std::span<const std::string_view> columns) override {
        table_ = t;
        rows_ = 0;
        const std::string name = sql_name(table_name(t));
        std::string create = "CREATE TABLE " + name + " (";
        std::string insert = "INSERT INTO " + name + " (";
        std::string values = ") VALUES (";
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const char* sep = k ? ", " : "";
            // append, not operator+ chains: GCC 12 -O2 reports a false -Wrestrict on those.
            create.append(sep).append(sql_name(columns[k])).append(" ");
            create.append(column_sql(t, columns[k]));
            insert.append(sep).append(sql_name(columns[k]));
            values.append(sep).append("?");
        }
        db_.exec(create + ")");
        insert_ = std::make_unique<Db::Stmt>(db_, insert + values + ")");
    }

    void row(std::span<const Cell> cells) override {
        sqlite3_stmt* s = insert_->get();
        sqlite3_reset(s);
        for (std::size_t k = 0; k < cells.size(); ++k) {
            const int at = static_cast<int>(k) + 1;
            const Cell& c = cells[k];
            if (c.kind == Cell::Kind::integer)
                sqlite3_bind_int64(s, at, c.integer);
            else if (c.kind == Cell::Kind::text)
                sqlite3_bind_text(s, at, c.text.data(), static_cast<int>(c.text.size()),
                                  SQLITE_STATIC); // the text outlives the step below
            else
                sqlite3_bind_null(s, at);
        }
        ++rows_;
        if (sqlite3_step(s) != SQLITE_DONE)
            db_.fail("cannot write " + std::string(table_name(table_)) + " record " +
                     std::to_string(rows_));
    }

    void end() override {
        insert_.reset();
        for (const auto& sql : index_sql(table_)) db_.exec(sql);
    }

private:
    Db& db_;
    Table table_ = Table::regions;
    std::size_t rows_ = 0;
    std::unique_ptr<Db::Stmt> insert_;
};

void remove_database_files(const std::filesystem::path& file) noexcept {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(file.string() + suffix, ec);
}

} // namespace

void write_sqlite(const Programme& p, const std::filesystem::path& file,
                  const ExportOptions* analyst) {
    std::error_code ec;
    const bool existed = std::filesystem::exists(file, ec);
    try {
        Db db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        check_version(db); // before anything changes: a newer file is not ours to rewrite
        // A new file can be in WAL mode from the start; an existing one is switched only once
        // the save has succeeded, so that a failed save leaves its header alone too.
        if (!existed) db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        // An export over a file that held the owner's copy must not keep the old personal
        // data in freed pages.
        if (analyst) db.exec("PRAGMA secure_delete = ON");
        db.exec("PRAGMA cache_size = -65536");
        db.exec("BEGIN IMMEDIATE");
        try {
            // Children first, so that no foreign key points into a dropped table.
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
        db.exec("PRAGMA journal_mode = WAL");
    } catch (...) {
        if (!existed) remove_database_files(file);
        throw;
    }
}

} // namespace detail

LoadResult load_sqlite(const std::filesystem::path& file, const LoadOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw io_error(file.string() + ": no such SQLite file");
    detail::Db db(file, SQLITE_OPEN_READONLY);
    detail::check_version(db);
    // One read transaction over every table, so a writer cannot change the file midway.
    db.exec("BEGIN");
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

void save_sqlite(const Programme& programme, const std::filesystem::path& file) {
    detail::write_sqlite(programme, file, nullptr);
}

} // namespace okoce::io
