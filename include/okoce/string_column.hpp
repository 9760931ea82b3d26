// A column of text held as one character buffer and 32-bit end offsets, read as string_views. A
// std::string per row costs 32 bytes before any text (more once the text outgrows the inline
// buffer); this costs 4 bytes plus the text, and nothing but a row count while every value is
// empty, as for a column the source did not have.
#pragma once

#include "okoce/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace okoce {

class StringColumn {
public:
    // Rows read as string_views, valid until the column is next changed.
    using value_type = std::string_view;

    StringColumn() = default;
    StringColumn(const StringColumn&) = default;
    StringColumn& operator=(const StringColumn&) = default;
    // A moved-from column is empty, as a moved-from std::vector is in practice: the row count
    // must not outlive the text it counted, or the rows would read back as empty values.
    StringColumn(StringColumn&& o) noexcept
        : chars_(std::move(o.chars_)), ends_(std::move(o.ends_)), size_(std::exchange(o.size_, 0)),
          reserved_(std::exchange(o.reserved_, 0)) {
        o.chars_.clear(), o.ends_.clear();
    }
    StringColumn& operator=(StringColumn&& o) noexcept {
        if (this == &o) return *this;
        chars_ = std::move(o.chars_), ends_ = std::move(o.ends_);
        o.chars_.clear(), o.ends_.clear();
        size_ = std::exchange(o.size_, 0), reserved_ = std::exchange(o.reserved_, 0);
        return *this;
    }
    ~StringColumn() = default;

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    // Whether any value is non-empty: false for a column that was never given (or only
    // given empty values), which empty-means-absent code (the pseudonyms) relies on.
    bool any() const noexcept { return !chars_.empty(); }

    std::string_view operator[](std::size_t row) const noexcept {
        if (ends_.empty()) return {};
        const std::uint32_t begin = row == 0 ? 0 : ends_[row - 1];
        return {chars_.data() + begin, ends_[row] - begin};
    }
    std::string_view front() const noexcept { return (*this)[0]; }
    std::string_view back() const noexcept { return (*this)[size_ - 1]; }

    // Reads rows in order (for the std algorithms and range-for).
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;
        const_iterator() = default;
        const_iterator(const StringColumn* column, std::size_t row) noexcept
            : column_(column), row_(row) {}
        std::string_view operator*() const noexcept { return (*column_)[row_]; }
        const_iterator& operator++() noexcept {
            ++row_;
            return *this;
        }
        const_iterator operator++(int) noexcept { return {column_, row_++}; }
        bool operator==(const const_iterator& o) const noexcept { return row_ == o.row_; }

    private:
        const StringColumn* column_ = nullptr;
        std::size_t row_ = 0;
    };
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size_}; }

    friend bool operator==(const StringColumn& a, const StringColumn& b) noexcept {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }

    // Appends a row. `value` must not point into this column (it may move).
    void push_back(std::string_view value) {
        if (ends_.empty()) {
            if (value.empty()) { // still no text: only the row is counted
                ++size_;
                return;
            }
            // The first text: every earlier row was empty.
            ends_.reserve(std::max(reserved_, size_ + 1));
            ends_.assign(size_, 0);
        }
        if (value.size() > std::numeric_limits<std::uint32_t>::max() - chars_.size())
            throw error("a text column holds more than 4 GiB; split the programme into "
                        "partitions (okoce::split)");
        chars_.insert(chars_.end(), value.begin(), value.end());
        ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
        ++size_;
    }
    // Room for `rows` rows in all (as std::vector::reserve); the offsets are only allocated
    // when the first non-empty value arrives.
    void reserve(std::size_t rows) {
        reserved_ = std::max(reserved_, rows);
        if (!ends_.empty()) ends_.reserve(rows);
    }
    // Room for `chars` characters of text in all.
    void reserve_text(std::size_t chars) { chars_.reserve(chars); }
    void clear() noexcept {
        chars_.clear();
        ends_.clear();
        size_ = 0;
    }
    // Gives back what growing left unused, so that a built programme holds only its text.
    void shrink_to_fit() {
        chars_.shrink_to_fit();
        ends_.shrink_to_fit();
        reserved_ = 0;
    }
    // Heap bytes held (capacities, not sizes).
    std::size_t memory_bytes() const noexcept {
        return chars_.capacity() + ends_.capacity() * sizeof(std::uint32_t);
    }

private:
    std::vector<char> chars_;         // every value, one after the other
    std::vector<std::uint32_t> ends_; // where each row's value ends; empty while all are empty
    std::size_t size_ = 0;
    std::size_t reserved_ = 0; // rows to make room for when the first text arrives
};

// The column hooks of table.hpp (found by argument-dependent lookup).
inline void reserve_more(StringColumn& column, std::size_t n) {
    column.reserve(column.size() + n);
}

// Reorders rows: new row k = old row perm[k]. A column without text has nothing to move.
inline void permute_column(StringColumn& column, const std::vector<std::size_t>& perm) {
    if (!column.any()) return;
    StringColumn out;
    std::size_t chars = 0;
    for (const std::size_t k : perm) chars += column[k].size();
    out.reserve(perm.size());
    out.reserve_text(chars);
    for (const std::size_t k : perm) out.push_back(column[k]);
    column = std::move(out);
}

} // namespace okoce
