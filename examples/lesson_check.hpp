// The checking every lesson shares. A figure worked out by hand in a lesson's comments is printed
// on a line of its own, "= <what>: <value>", and compared with the hand-worked value; a mismatch
// ends the lesson with exit code 1, so each lesson is also a test. The Python twins print the same
// lines through examples/python/lesson_check.py, and the lesson_parity tests compare the two.
//
// Values are written one way in both languages: integers in decimal, booleans as yes/no, reals
// with six decimals and trailing zeros dropped (NaN as "NaN"), sequences space-separated.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lesson {

// The small programme of the test suite. The build tells a lesson where the source tree is
// (OKOCE_SOURCE_DIR); a path on the command line wins, so an installed lesson can be pointed at
// any folder.
inline std::filesystem::path small_data(int argc, char** argv) {
    if (argc > 1) return argv[1];
    return std::filesystem::path(OKOCE_SOURCE_DIR) / "tests" / "data" / "small";
}

inline std::string format(bool value) {
    return value ? "yes" : "no";
}
inline std::string format(std::string_view value) {
    return std::string(value);
}
inline std::string format(const char* value) {
    return std::string(value);
}
inline std::string format(const std::string& value) {
    return value;
}
template <std::integral T>
std::string format(T value) {
    return std::to_string(value);
}
template <std::floating_point T>
std::string format(T value) {
    if (std::isnan(value)) return "NaN";
    char text[64];
    std::snprintf(text, sizeof text, "%.6f", static_cast<double>(value));
    std::string s(text);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}
template <std::ranges::range R>
requires(!std::convertible_to<R, std::string_view>) std::string format(const R& values) {
    std::string s;
    for (const auto& v : values) s += (s.empty() ? "" : " ") + format(v);
    return s;
}

[[noreturn]] inline void fail(std::string_view what, const std::string& detail) {
    std::cout.flush();
    std::cerr << "example check failed: " << what << detail << '\n';
    std::exit(1);
}

// A rule with no figure to print (the builder refused a record; a column is absent).
inline void check(bool ok, std::string_view what) {
    if (!ok) fail(what, "");
}

// Prints the figure, then requires it to equal the hand-worked value.
template <class T, class U>
void figure(std::string_view what, const T& value, const U& expected) {
    std::cout << "= " << what << ": " << format(value) << '\n';
    bool same = false;
    if constexpr (std::ranges::range<T> && !std::convertible_to<T, std::string_view>)
        same = std::ranges::equal(value, expected);
    else if constexpr (std::integral<T> && std::integral<U> && !std::same_as<T, bool>)
        same = std::cmp_equal(value, expected);
    else
        same = value == expected;
    if (!same) fail(what, ": got " + format(value) + ", expected " + format(expected));
}

// A figure with no hand-worked value (a count over the synthetic programme): printed only, so
// that the lesson_parity test still requires the two twins to agree on it.
template <class T>
void show(std::string_view what, const T& value) {
    std::cout << "= " << what << ": " << format(value) << '\n';
}

// The same for a real computed by the library: within `tolerance` of the hand-worked value (a
// NaN expects a NaN).
inline bool near(double value, double expected, double tolerance) {
    return std::isnan(expected) ? std::isnan(value) : std::abs(value - expected) <= tolerance;
}
inline void figure(std::string_view what, double value, double expected, double tolerance) {
    std::cout << "= " << what << ": " << format(value) << '\n';
    if (!near(value, expected, tolerance))
        fail(what, ": got " + format(value) + ", expected " + format(expected));
}
// ... and for a sequence of reals, element by element.
inline void figure(std::string_view what, const std::vector<double>& value,
                   const std::vector<double>& expected, double tolerance) {
    std::cout << "= " << what << ": " << format(value) << '\n';
    bool same = value.size() == expected.size();
    for (std::size_t k = 0; same && k < value.size(); ++k)
        same = near(value[k], expected[k], tolerance);
    if (!same) fail(what, ": got " + format(value) + ", expected " + format(expected));
}

} // namespace lesson
