// okoce's exception hierarchy in Python. okoce::error becomes okoce.Error; a validation_error
// becomes okoce.ValidationError, which is also a ValueError so that code catching ValueError
// keeps working, and carries the location (file, line, column), the offending value (already
// masked when personal) and what was expected. An argument_error becomes okoce.ArgumentError,
// also a ValueError, which names the function and the argument instead of a location (spelt
// okoce::argument_error here: casters.hpp has an argument_error of its own, a TypeError).
#include "casters.hpp"
#include "register.hpp"

#include "okoce/error.hpp"

namespace okoce::python {

namespace {

PyObject* error_type = nullptr;
PyObject* validation_type = nullptr;
PyObject* reference_type = nullptr;
PyObject* argument_type = nullptr;
PyObject* validations_type = nullptr;
PyObject* io_type = nullptr;

PyObject* new_exception(py::module_& m, const char* name, const char* doc, py::tuple bases) {
    const std::string qualified = std::string("okoce.") + name;
    PyObject* type =
        PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), /*dict=*/nullptr);
    if (!type) throw py::error_already_set();
    m.add_object(name, py::handle(type)); // the module keeps a reference; so do we, for good
    return type;
}

// Text from C++ as a str, with any byte that is not UTF-8 replaced (U+FFFD) instead of raising
// UnicodeDecodeError: a bad value, a file name or a message must never turn the okoce error that
// names them into a decoding error that names nothing.
py::str text(const std::string& s) {
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

// An exception instance with the validation_error's attributes set on it.
py::object validation_instance(PyObject* type, const validation_error& e) {
    py::object inst = py::reinterpret_borrow<py::object>(type)(text(e.what()));
    inst.attr("file") = text(e.file());
    inst.attr("line") = e.line();
    inst.attr("column") = text(e.column());
    inst.attr("value") = text(e.value());
    inst.attr("expected") = text(e.expected());
    return inst;
}

py::object argument_instance(const okoce::argument_error& e) {
    py::object inst = py::reinterpret_borrow<py::object>(argument_type)(text(e.what()));
    inst.attr("function") = text(e.function());
    inst.attr("argument") = text(e.argument());
    inst.attr("value") = text(e.value());
    inst.attr("expected") = text(e.expected());
    return inst;
}

void raise(PyObject* type, const py::object& inst) {
    PyErr_SetObject(type, inst.ptr());
}

} // namespace

void register_errors(py::module_& m) {
    error_type = new_exception(m, "Error", R"(Base class of every error okoce raises.

Catch ``okoce.Error`` to handle anything the library rejects; the subclasses say more.)",
                               py::make_tuple(py::handle(PyExc_Exception)));
    validation_type =
        new_exception(m, "ValidationError", R"(Bad input: a value that is malformed or out of range.

Also a ``ValueError``. Attributes:

- ``file``: the file (or, for records built in code, the table) the value came from;
  empty when it does not apply.
- ``line``: 1-based physical line in the file (or record number); 0 when it does not apply.
- ``column``: the column name; empty when it does not apply.
- ``value``: the offending value as it may be shown (personal data already masked).
- ``expected``: what was expected there.)",
                      py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)));
    reference_type = new_exception(m, "UnknownReferenceError",
                                   R"(A well-formed value naming something that does not exist.

An unknown participant or mentor id, a region code not in the region table. A subclass of
``ValidationError`` with the same attributes (mirrors ``okoce::reference_error``).)",
                                   py::make_tuple(py::handle(validation_type)));
    validations_type =
        new_exception(m, "ValidationErrors", R"(Every bad row of a load or build in collect mode.

Raised instead of a single ``ValidationError`` when errors are collected (``collect_errors=N``
in ``okoce.load`` or ``ProgrammeBuilder.collect_errors``). It is itself the first error (its
``file``, ``line``, ... are those of ``errors[0]``), and adds:

- ``errors``: a list of ``ValidationError``, one per bad value, in the order found.
- ``truncated``: True when there were more errors than the limit allowed to collect.)",
                      py::make_tuple(py::handle(validation_type)));
    argument_type =
        new_exception(m, "ArgumentError", R"(A bad argument to a function of okoce.

A value out of range, an option that makes no sense, columns of different lengths. Also a
``ValueError``; not a ``ValidationError``, which is about input data. Attributes:

- ``function``: the function (or options class) that refused it, as the C++ library names it.
- ``argument``: the argument, with a 0-based index for one element of a sequence
  (``time[3]``).
- ``value``: the offending value as it may be shown (personal data already masked).
- ``expected``: what was expected there.)",
                      py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)));
    io_type = new_exception(m, "IoError", R"(A file or database that cannot be read or written.

Also an ``OSError``.)",
                            py::make_tuple(py::handle(error_type), py::handle(PyExc_OSError)));

    // Most derived first: a handler catches its subclasses too.
    py::register_exception_translator([](std::exception_ptr p) {
        if (!p) return;
        try {
            std::rethrow_exception(p);
        } catch (const validation_errors& e) {
            py::object inst = validation_instance(validations_type, e);
            py::list all;
            for (const auto& one : e.all()) all.append(validation_instance(validation_type, one));
            inst.attr("errors") = all;
            inst.attr("truncated") = e.truncated();
            raise(validations_type, inst);
        } catch (const reference_error& e) {
            raise(reference_type, validation_instance(reference_type, e));
        } catch (const validation_error& e) {
            raise(validation_type, validation_instance(validation_type, e));
        } catch (const okoce::argument_error& e) {
            raise(argument_type, argument_instance(e));
        } catch (const io_error& e) {
            PyErr_SetObject(io_type, text(e.what()).ptr());
        } catch (const error& e) {
            PyErr_SetObject(error_type, text(e.what()).ptr());
        }
    });
}

} // namespace okoce::python
