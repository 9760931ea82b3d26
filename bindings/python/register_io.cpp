// Loading and saving a programme (a CSV folder or one SQLite file, chosen by the path) and the
// analyst export that replaces NIKs by keyed pseudonyms. The GIL is released while files are
// read or written.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/io.hpp"
#include "okoce/privacy.hpp"

#include <pybind11/stl/filesystem.h>

#include <memory>

namespace okoce::python {

void register_io(py::module_& m) {
    m.def(
        "load",
        [](const std::filesystem::path& path, std::size_t collect_errors, bool warnings,
           std::vector<std::string> show_personal_values) -> py::object {
            std::shared_ptr<Programme> p;
            std::vector<ProgrammeBuilder::Warning> found;
            {
                io::LoadOptions options;
                options.collect_errors = collect_errors;
                options.show_personal_values = std::move(show_personal_values);
                py::gil_scoped_release release;
                io::LoadResult r = io::load(path, options);
                p = std::make_shared<Programme>(std::move(r.programme));
                found = std::move(r.warnings);
            }
            if (!warnings) return py::cast(p);
            return py::make_tuple(p, found);
        },
        py::arg("path"), py::arg("collect_errors") = 0, py::arg("warnings") = false,
        py::arg("show_personal_values") = std::vector<std::string>{},
        R"(Load a programme from a folder of CSV files or a SQLite file (.sqlite, .sqlite3, .db).

A load is all or nothing. By default it stops at the first bad row and raises ValidationError
naming the file, line, column, value and what was expected; with ``collect_errors=N`` it
collects up to N bad rows and raises ValidationErrors holding them all. IoError when the path
cannot be read.

Errors never show personal data: a value in a name, NIK or birth-date column, or in a column
beside a name or NIK column (where shifted fields put a name or a NIK), is shown as its kind and
length (``<text of 10 characters>``). ``show_personal_values=["participants.sex"]`` shows the
values of the columns so named, for a caller who may see them.

Returns the Programme; with ``warnings=True`` returns ``(programme, warnings)`` where
``warnings`` is a list of LoadWarning: consistency findings that are not errors (a P4 step
with no licence on record, a report before registration, ...).)");

    m.def(
        "save",
        [](const Programme& programme, const std::filesystem::path& path) {
            io::save(programme, path);
        },
        py::arg("programme"), py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        R"(Save a programme: SQLite when ``path`` ends in .sqlite, .sqlite3 or .db, otherwise a CSV folder.

The data owner's full copy, personal columns included; ``okoce.load`` reads it back. For
analysts use ``export_for_analysts``. The new copy is written beside the path and swapped in
with one rename, so a crash leaves the old programme or the new one, and a concurrent load reads
one of them, whole.)");

    m.def(
        "export_for_analysts",
        [](const Programme& programme, const std::filesystem::path& path, std::string key,
           bool include_name, bool include_birth_date, bool include_nik) {
            export_for_analysts(
                programme, path,
                ExportOptions{std::move(key), include_name, include_birth_date, include_nik});
        },
        py::arg("programme"), py::arg("path"), py::kw_only(), py::arg("key"),
        py::arg("include_name") = false, py::arg("include_birth_date") = false,
        py::arg("include_nik") = false, py::call_guard<py::gil_scoped_release>(),
        R"(Write the analyst export: the same tables as ``save``, with each NIK replaced by a keyed pseudonym.

The participants' ``nik`` column becomes ``nik_pseudonym`` (HMAC-SHA256 of the 16 digits under
``key``: the same person gets the same pseudonym under the same key). ``name`` and
``birth_date`` (and the NIK itself) are left out unless asked for by name. ``key`` must be at
least 16 bytes (UTF-8): a short key can be guessed, and whoever guesses it can hash every
possible NIK and reverse the pseudonyms; a shorter one raises okoce.Error, before anything is
written. Raises IoError for a folder that holds anything but programme tables. The result
loads with ``okoce.load``.)");
}

} // namespace okoce::python
