// Partitioned programmes: writing one (whole or a partition at a time) and opening one without
// loading it. A Dataset pickles as its path and manifest, so that a scheduler can send it to a
// worker that loads its own partition of the same save; no programme crosses the network.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/io.hpp"

#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>
#include <string>

namespace okoce::python {

namespace {

io::PartitionFormat format_of(const std::optional<std::string>& text) {
    if (!text) return io::PartitionFormat::sqlite;
    if (const auto f = io::try_parse_partition_format(*text)) return *f;
    throw py::value_error("argument 'format': expected \"sqlite\" or \"csv\"; got '" + *text + "'");
}

py::dict rows_dict(const io::PartitionRows& r) {
    py::dict d;
    for (const Table t : enum_values<Table>) d[py::str(std::string(to_string(t)))] = r[t];
    return d;
}

std::shared_ptr<io::Dataset> open_dataset(const std::filesystem::path& path) {
    py::gil_scoped_release release;
    return std::make_shared<io::Dataset>(io::Dataset::open(path));
}

} // namespace

void register_dataset(py::module_& m) {
    m.def(
        "save_partitioned",
        [](const Programme& programme, const std::filesystem::path& path, RegionLevel by,
           std::optional<std::string> format) {
            const auto f = format_of(format);
            py::gil_scoped_release release;
            io::save_partitioned(programme, path, by, f);
        },
        py::arg("programme"), py::arg("path"), py::arg("by"), py::arg("format") = py::none(),
        R"(Save a programme as a partitioned programme: one partition per region at level ``by``.

``by``: "province", "kota" or "kecamatan" (or an okoce.RegionLevel). ``format``: "sqlite"
(default, one file per partition) or "csv" (one folder per partition). The folder gets a
manifest ``okoce-partitions.csv`` with each partition's key (its region code), file, row counts
per table and SHA-256. The whole folder is written beside the path and swapped in, so a crash
leaves the old dataset or the new one. An existing folder that is not a partitioned
programme and not empty is refused (IoError). ``okoce.open`` reads it back.)");

    py::class_<io::PartitionWriter>(m, "PartitionWriter",
                                    R"(Writes a partitioned programme one partition at a time.

For a generator that never holds more than one partition: ``add(key, programme)`` saves a
partition into a hidden staging folder and keeps only its participant ids in memory (a
participant is in one partition only); ``commit()`` writes the
manifest and swaps the folder in whole. Until then the path is unchanged; a writer dropped
without ``commit()`` (or left by an exception in a ``with`` block) leaves nothing behind.
Keys are letters, digits, '.', '_' and '-' (a region code such as "31.74"), not starting with '.',
each once.)")
        .def(py::init([](const std::filesystem::path& path, std::optional<std::string> format) {
                 const auto f = format_of(format);
                 py::gil_scoped_release release;
                 return std::make_unique<io::PartitionWriter>(path, f);
             }),
             py::arg("path"), py::arg("format") = py::none())
        .def(
            "add",
            [](io::PartitionWriter& w, const std::string& key, const Programme& programme) {
                py::gil_scoped_release release;
                w.add(key, programme);
            },
            py::arg("key"), py::arg("programme"),
            "Save one partition under ``key`` (ArgumentError for a bad or repeated key, or for a "
            "participant an earlier partition holds; nothing of it is written then).")
        .def(
            "commit",
            [](io::PartitionWriter& w) {
                py::gil_scoped_release release;
                w.commit();
            },
            "Write the manifest and publish the folder in one step.")
        .def_property_readonly(
            "keys",
            [](const io::PartitionWriter& w) {
                py::list keys;
                for (const auto& p : w.partitions()) keys.append(p.key);
                return keys;
            },
            "The keys added so far, in order.")
        .def("__enter__", [](py::object self) { return self; })
        .def(
            "__exit__",
            [](io::PartitionWriter& w, const py::object& type, const py::object&,
               const py::object&) {
                if (type.is_none()) {
                    py::gil_scoped_release release;
                    w.commit();
                } else {
                    w.abandon();
                }
                return false;
            },
            "Commit when the block ends normally; leave nothing behind when it raises.");

    py::class_<io::Dataset, std::shared_ptr<io::Dataset>> dataset(
        m, "Dataset", R"(A partitioned programme opened from its manifest, no partition loaded.

``okoce.open(path)`` makes one. ``len(d)`` partitions; ``d.keys`` their keys; ``d.partitions``
the manifest as a DataFrame (key, file, format, sha256, rows per table); ``d.load(i)`` loads
partition i alone, after checking that its file is there, that its SHA-256 is the manifest's
and that its row counts are (IoError or ValidationError naming the file otherwise). The
analyses accept a Dataset in place of a Programme and run over the partitions one at a time,
or on a Dask ``distributed.Client`` (``client=``). A Dataset pickles as its path and the
manifest it read: a worker that unpickles it loads only its own partitions, of the same save.

Partition files are named by their content and a save never overwrites one, so everything a
Dataset does reads the manifest and partitions of the one save it was opened on, while other
processes save the folder again: while a Dataset is alive it holds a shared lock on a file
``.okoce-open-<h>`` in the folder, and a save keeps the files of every manifest so held, and of
the manifest it replaces. In a folder this process cannot write to there is no lock, and a
Dataset outlives one further save; after a second, or when its files are gone otherwise, its
loads raise IoError "<folder>: the dataset was re-saved since it was opened; open it again".)");
    dataset.def(py::init(&open_dataset), py::arg("path"))
        .def_property_readonly("path", [](const io::Dataset& d) { return d.path(); })
        .def("__len__", &io::Dataset::size)
        .def_property_readonly("keys",
                               [](const io::Dataset& d) {
                                   py::list keys;
                                   for (const auto& p : d.partitions()) keys.append(p.key);
                                   return keys;
                               })
        .def_property_readonly(
            "partitions",
            [](const io::Dataset& d) {
                py::dict cols;
                py::list key, file, format, sha;
                for (const auto& p : d.partitions()) {
                    key.append(p.key);
                    file.append(p.file);
                    format.append(std::string(io::to_string(p.format)));
                    sha.append(p.sha256);
                }
                cols["key"] = key;
                cols["file"] = file;
                cols["format"] = format;
                cols["sha256"] = sha;
                py::dict first = rows_dict({});
                for (const auto& item : first) {
                    py::list values;
                    for (const auto& p : d.partitions())
                        values.append(rows_dict(p.rows)[item.first]);
                    cols[item.first] = values;
                }
                return py::module_::import("pandas").attr("DataFrame")(cols);
            },
            "The manifest: key, file, format, sha256 and one row count per table.")
        .def(
            "total_rows", [](const io::Dataset& d) { return rows_dict(d.total_rows()); },
            "Rows per table summed over the partitions, from the manifest (nothing is loaded).")
        .def(
            "find", [](const io::Dataset& d, const std::string& key) { return d.find(key); },
            py::arg("key"), "The index of the partition with this key, or None.")
        .def(
            "file", [](const io::Dataset& d, std::size_t i) { return d.file(i); }, py::arg("i"),
            "Where partition i lives on disk.")
        .def(
            "load",
            [](const io::Dataset& d, std::size_t i, std::size_t collect_errors) {
                if (i >= d.size())
                    throw py::index_error("partition " + std::to_string(i) + " of " +
                                          std::to_string(d.size()));
                io::LoadOptions options;
                options.collect_errors = collect_errors;
                py::gil_scoped_release release;
                return std::make_shared<Programme>(d.load(i, options).programme);
            },
            py::arg("i"), py::arg("collect_errors") = 0,
            "Load partition i (checksum and row counts checked first).")
        .def("__repr__",
             [](const io::Dataset& d) {
                 return "okoce.Dataset('" + d.path().string() + "', " + std::to_string(d.size()) +
                        " partitions)";
             })
        // The folder and the manifest as it was read: a worker loads the partitions of the save
        // this Dataset was opened on, not of whatever save came after.
        .def(py::pickle(
            [](const io::Dataset& d) {
                return py::make_tuple(d.path().string(), py::bytes(d.manifest_text()));
            },
            [](const py::tuple& state) {
                if (state.size() != 2)
                    throw error("Dataset.__setstate__: expected (folder, manifest); got " +
                                std::to_string(state.size()) + " values");
                auto path = state[0].cast<std::string>();
                auto manifest = state[1].cast<std::string>();
                py::gil_scoped_release release;
                return std::make_shared<io::Dataset>(
                    io::Dataset::from_manifest(path, std::move(manifest)));
            }));
    pickle_at_every_protocol(dataset);
}

} // namespace okoce::python
