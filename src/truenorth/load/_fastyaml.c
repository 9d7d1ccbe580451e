/* Optional accelerator for truenorth.load.yaml_nodes.parse: libyaml events straight to plain values
 * and marks, without a Python call per node.
 *
 * It handles the ordinary goals file only. Anything else (an anchor, an alias, a tag, a duplicate key,
 * a key that is not text, deep nesting, a syntax error, more than one document) makes compose()
 * return None, and the caller parses the file the regular way, which words the problem with its
 * place. Plain scalars that may be something other than text (true, 42, 2027-05-15...) are handed to
 * a Python function, the same one the regular path uses, so every value is read the same way; the
 * answers it keeps in a dict are looked up here first.
 *
 * Marks are libyaml's, as PyYAML's C parser reports them: 0-based line and column in characters,
 * turned into 1-based (line, column) tuples here, in the tree that yaml_nodes.Document describes.
 * Tests compare the result with the regular path on every sample and fixture file and on thousands
 * of damaged variants of them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

#define MAX_DEPTH 100 /* deeper files go the regular way, which measures and reports them */

typedef struct {
    yaml_parser_t parser;
    PyObject *plain;       /* callable: plain scalar text -> value; raises to refuse */
    PyObject *known;       /* dict: plain scalar text -> value, filled by `plain` (keys recur in every file) */
    char may_not_be_text[128]; /* ASCII first characters that send a plain scalar to `plain` */
    int non_ascii_may_not_be_text;
    int always_plain;      /* PyYAML has a resolver for any first character: send them all */
    int refused;           /* set when the file must go the regular way */
} State;

static int next_event(State *s, yaml_event_t *event) {
    if (!yaml_parser_parse(&s->parser, event)) {
        s->refused = 1; /* a syntax error: the regular path reports it */
        return 0;
    }
    return 1;
}

/* (line, column), 1-based, with `children` appended when it is not NULL (the reference is stolen). */
static PyObject *mark_tuple(yaml_mark_t mark, PyObject *children) {
    PyObject *tuple = PyTuple_New(children ? 3 : 2);
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    PyObject *column = PyLong_FromSize_t(mark.column + 1);
    if (tuple == NULL || line == NULL || column == NULL) {
        Py_XDECREF(tuple);
        Py_XDECREF(line);
        Py_XDECREF(column);
        Py_XDECREF(children);
        return NULL;
    }
    PyTuple_SET_ITEM(tuple, 0, line);
    PyTuple_SET_ITEM(tuple, 1, column);
    if (children)
        PyTuple_SET_ITEM(tuple, 2, children);
    return tuple;
}

/* Text, or the value of a plain scalar that may be something else. New reference, or NULL. */
static PyObject *scalar_value(State *s, yaml_event_t *event) {
    const char *bytes = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    PyObject *text = PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)length, "strict");
    if (text == NULL)
        return NULL;
    if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return text; /* quoted or block: text, as PyYAML resolves it */
    unsigned char first = length ? (unsigned char)bytes[0] : 0;
    int ask = s->always_plain || length == 0 || (first < 128 ? s->may_not_be_text[first] : s->non_ascii_may_not_be_text);
    if (!ask)
        return text;
    PyObject *value = PyDict_GetItemWithError(s->known, text);
    if (value != NULL) {
        Py_INCREF(value);
        Py_DECREF(text);
        return value;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(text);
        return NULL;
    }
    value = PyObject_CallOneArg(s->plain, text);
    Py_DECREF(text);
    if (value == NULL && !PyErr_ExceptionMatches(PyExc_MemoryError)
        && !PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) {
        PyErr_Clear(); /* not a value a goals file may hold: the regular path words it */
        s->refused = 1;
    }
    return value;
}

static PyObject *compose_node(State *s, yaml_event_t *event, int depth, PyObject **marks);

/* The next event inside a list or mapping: 1 for an item, 0 at the `end` event (consumed), -1 on failure. */
static int next_inside(State *s, yaml_event_t *event, yaml_event_type_t end) {
    if (!next_event(s, event))
        return -1;
    if (event->type == end) {
        yaml_event_delete(event);
        return 0;
    }
    return 1;
}

/* The items of a list and their marks, up to its end event. 0, or -1 on failure. */
static int compose_sequence(State *s, int depth, PyObject *list, PyObject *marks) {
    for (;;) {
        yaml_event_t event;
        int more = next_inside(s, &event, YAML_SEQUENCE_END_EVENT);
        if (more <= 0)
            return more;
        PyObject *item_marks = NULL;
        PyObject *item = compose_node(s, &event, depth + 1, &item_marks);
        yaml_event_delete(&event);
        if (item == NULL)
            return -1;
        int rc = PyList_Append(list, item) < 0 || PyList_Append(marks, item_marks) < 0 ? -1 : 0;
        Py_DECREF(item);
        Py_DECREF(item_marks);
        if (rc < 0)
            return -1;
    }
}

/* The entries of a mapping and their marks, up to its end event. 0, or -1 on failure. */
static int compose_mapping(State *s, int depth, PyObject *dict, PyObject *marks) {
    for (;;) {
        yaml_event_t event;
        int more = next_inside(s, &event, YAML_MAPPING_END_EVENT);
        if (more <= 0)
            return more;
        if (event.type != YAML_SCALAR_EVENT || event.data.scalar.anchor != NULL || event.data.scalar.tag != NULL) {
            yaml_event_delete(&event); /* a list, mapping, alias, anchored or tagged key */
            s->refused = 1;
            return -1;
        }
        PyObject *key = scalar_value(s, &event);
        yaml_mark_t key_mark = event.start_mark;
        yaml_event_delete(&event);
        if (key == NULL)
            return -1;
        if (!PyUnicode_CheckExact(key)) { /* `1:` or `yes:`: the key is its value as text */
            PyObject *as_text = PyObject_Str(key);
            Py_DECREF(key);
            if (as_text == NULL)
                return -1;
            key = as_text;
        }
        int present = PyDict_Contains(dict, key);
        if (present != 0) { /* a duplicate key (1) or an error (-1) */
            Py_DECREF(key);
            if (present > 0)
                s->refused = 1;
            return -1;
        }
        yaml_event_t value_event;
        if (!next_event(s, &value_event)) {
            Py_DECREF(key);
            return -1;
        }
        PyObject *value_marks = NULL;
        PyObject *value = compose_node(s, &value_event, depth + 1, &value_marks);
        yaml_event_delete(&value_event);
        if (value == NULL) {
            Py_DECREF(key);
            return -1;
        }
        PyObject *entry = mark_tuple(key_mark, value_marks); /* steals value_marks */
        int rc = entry == NULL || PyDict_SetItem(dict, key, value) < 0 || PyDict_SetItem(marks, key, entry) < 0 ? -1 : 0;
        Py_DECREF(key);
        Py_DECREF(value);
        Py_XDECREF(entry);
        if (rc < 0)
            return -1;
    }
}

/* The node that `event` starts (the caller deletes `event`), and its marks in `*marks` (see
 * yaml_nodes.Document). New references, or NULL with `*marks` left NULL. */
static PyObject *compose_node(State *s, yaml_event_t *event, int depth, PyObject **marks) {
    PyObject *value = NULL, *children = NULL;
    int sequence = event->type == YAML_SEQUENCE_START_EVENT;
    if (depth > MAX_DEPTH) {
        s->refused = 1;
        return NULL;
    }
    if (event->type == YAML_SCALAR_EVENT) {
        if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL) {
            s->refused = 1;
            return NULL;
        }
        value = scalar_value(s, event);
        if (value == NULL)
            return NULL;
        *marks = mark_tuple(event->start_mark, NULL);
        if (*marks == NULL)
            Py_CLEAR(value);
        return value;
    }
    if (sequence || event->type == YAML_MAPPING_START_EVENT) {
        if (sequence ? event->data.sequence_start.anchor != NULL || event->data.sequence_start.tag != NULL
                     : event->data.mapping_start.anchor != NULL || event->data.mapping_start.tag != NULL) {
            s->refused = 1;
            return NULL;
        }
        value = sequence ? PyList_New(0) : PyDict_New();
        children = sequence ? PyList_New(0) : PyDict_New();
        if (value == NULL || children == NULL
            || (sequence ? compose_sequence(s, depth, value, children) : compose_mapping(s, depth, value, children)) < 0) {
            Py_XDECREF(value);
            Py_XDECREF(children);
            return NULL;
        }
        *marks = mark_tuple(event->start_mark, children); /* steals children */
        if (*marks == NULL)
            Py_CLEAR(value);
        return value;
    }
    s->refused = 1; /* an alias */
    return NULL;
}

/* Expect the next event to be of `type`; refuse the file otherwise. */
static int expect(State *s, yaml_event_type_t type) {
    yaml_event_t event;
    if (!next_event(s, &event))
        return 0;
    int ok = event.type == type;
    yaml_event_delete(&event);
    if (!ok)
        s->refused = 1;
    return ok;
}

static PyObject *compose(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *text, *plain, *known, *first_chars;
    int always_plain;
    if (!PyArg_ParseTuple(args, "UOO!Up:compose", &text, &plain, &PyDict_Type, &known, &first_chars, &always_plain))
        return NULL;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL) { /* lone surrogates: let the regular path decide */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    State s;
    memset(&s, 0, sizeof s);
    s.plain = plain;
    s.known = known;
    s.always_plain = always_plain;
    Py_ssize_t n = PyUnicode_GET_LENGTH(first_chars);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(first_chars, i);
        if (c < 128)
            s.may_not_be_text[c] = 1;
        else
            s.non_ascii_may_not_be_text = 1;
    }
    if (!yaml_parser_initialize(&s.parser))
        return PyErr_NoMemory();
    /* As PyYAML's C parser reads a str: its UTF-8 bytes, the encoding left for libyaml to detect
     * (which also skips a leading byte order mark). */
    yaml_parser_set_input_string(&s.parser, (const unsigned char *)utf8, (size_t)size);
    PyObject *data = NULL, *marks = NULL, *result = NULL;
    if (!expect(&s, YAML_STREAM_START_EVENT) || !expect(&s, YAML_DOCUMENT_START_EVENT))
        goto done;
    yaml_event_t event;
    if (!next_event(&s, &event))
        goto done;
    data = compose_node(&s, &event, 0, &marks);
    yaml_event_delete(&event);
    if (data == NULL || !expect(&s, YAML_DOCUMENT_END_EVENT) || !expect(&s, YAML_STREAM_END_EVENT))
        goto done;
    result = PyTuple_Pack(2, data, marks);
done:
    yaml_parser_delete(&s.parser);
    Py_XDECREF(data);
    Py_XDECREF(marks);
    if (result == NULL && !PyErr_Occurred())
        Py_RETURN_NONE; /* refused: the regular path reads the file */
    return result;
}

static PyMethodDef methods[] = {
    {"compose", compose, METH_VARARGS,
     "compose(text, plain, known, first_chars, always_plain) -> (data, marks), or None when\n"
     "the file needs the regular parser (anything beyond plain text, numbers, lists and mappings, or an error)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastyaml", "libyaml events to plain values and marks (optional accelerator).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fastyaml(void) {
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddStringConstant(m, "libyaml_version", yaml_get_version_string()) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
