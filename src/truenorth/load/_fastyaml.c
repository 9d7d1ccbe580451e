/* Optional accelerator for truenorth.load.yaml_nodes.parse: libyaml events straight to plain values
 * and marks, without a Python call per node.
 *
 * It handles the ordinary goals file only. Anything else (an anchor, an alias, a tag, a duplicate key,
 * a key that is not text, deep nesting, a syntax error, more than one document) makes compose()
 * return None, and the caller parses the file the regular way, which words the problem with its
 * place. Plain scalars that may be something other than text (true, 42, 2027-05-15...) are handed to
 * a Python function, the same one the regular path uses, so every value is read the same way.
 *
 * Marks are libyaml's, as PyYAML's C parser reports them: 0-based line and column in characters,
 * turned into 1-based (line, column) tuples here. Tests compare the result with the regular path
 * on every sample and fixture file and on thousands of damaged variants of them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

#define MAX_DEPTH 100 /* deeper files go the regular way, which measures and reports them */

typedef struct {
    yaml_parser_t parser;
    PyObject *plain;       /* callable: plain scalar text -> value; raises to refuse */
    char may_not_be_text[128]; /* ASCII first characters that send a plain scalar to `plain` */
    int non_ascii_may_not_be_text;
    int always_plain;      /* PyYAML has a resolver for any first character: send them all */
    PyObject *value_marks;
    PyObject *key_marks;
    int refused;           /* set when the file must go the regular way */
} State;

static int next_event(State *s, yaml_event_t *event) {
    if (!yaml_parser_parse(&s->parser, event)) {
        s->refused = 1; /* a syntax error: the regular path reports it */
        return 0;
    }
    return 1;
}

static PyObject *mark_tuple(yaml_mark_t mark) {
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    PyObject *column = PyLong_FromSize_t(mark.column + 1);
    PyObject *tuple = NULL;
    if (line && column)
        tuple = PyTuple_Pack(2, line, column);
    Py_XDECREF(line);
    Py_XDECREF(column);
    return tuple;
}

static int set_mark(PyObject *marks, PyObject *path, yaml_mark_t mark) {
    PyObject *tuple = mark_tuple(mark);
    if (tuple == NULL)
        return -1;
    int rc = PyDict_SetItem(marks, path, tuple);
    Py_DECREF(tuple);
    return rc;
}

static PyObject *extend_path(PyObject *path, PyObject *item) {
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    PyObject *longer = PyTuple_New(n + 1);
    if (longer == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *part = PyTuple_GET_ITEM(path, i);
        Py_INCREF(part);
        PyTuple_SET_ITEM(longer, i, part);
    }
    Py_INCREF(item);
    PyTuple_SET_ITEM(longer, n, item);
    return longer;
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
    PyObject *value = PyObject_CallOneArg(s->plain, text);
    Py_DECREF(text);
    if (value == NULL && !PyErr_ExceptionMatches(PyExc_MemoryError)
        && !PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) {
        PyErr_Clear(); /* not a value a goals file may hold: the regular path words it */
        s->refused = 1;
    }
    return value;
}

static PyObject *compose_node(State *s, yaml_event_t *event, PyObject *path, int depth);

static PyObject *compose_sequence(State *s, PyObject *path, int depth) {
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t index = 0;; index++) {
        yaml_event_t event;
        if (!next_event(s, &event))
            goto fail;
        if (event.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&event);
            return list;
        }
        PyObject *number = PyLong_FromSsize_t(index);
        PyObject *item_path = number ? extend_path(path, number) : NULL;
        Py_XDECREF(number);
        PyObject *item = item_path ? compose_node(s, &event, item_path, depth + 1) : NULL;
        Py_XDECREF(item_path);
        yaml_event_delete(&event);
        if (item == NULL)
            goto fail;
        int rc = PyList_Append(list, item);
        Py_DECREF(item);
        if (rc < 0)
            goto fail;
    }
fail:
    Py_DECREF(list);
    return NULL;
}

static PyObject *compose_mapping(State *s, PyObject *path, int depth) {
    PyObject *dict = PyDict_New();
    if (dict == NULL)
        return NULL;
    for (;;) {
        yaml_event_t event;
        if (!next_event(s, &event))
            goto fail;
        if (event.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&event);
            return dict;
        }
        if (event.type != YAML_SCALAR_EVENT || event.data.scalar.anchor != NULL || event.data.scalar.tag != NULL) {
            yaml_event_delete(&event); /* a list, mapping, alias, anchored or tagged key */
            s->refused = 1;
            goto fail;
        }
        PyObject *key = scalar_value(s, &event);
        yaml_mark_t key_mark = event.start_mark;
        yaml_event_delete(&event);
        if (key == NULL)
            goto fail;
        if (!PyUnicode_CheckExact(key)) { /* `1:` or `yes:`: the key is its value as text */
            PyObject *as_text = PyObject_Str(key);
            Py_DECREF(key);
            if (as_text == NULL)
                goto fail;
            key = as_text;
        }
        int present = PyDict_Contains(dict, key);
        if (present != 0) { /* a duplicate key (1) or an error (-1) */
            Py_DECREF(key);
            if (present > 0)
                s->refused = 1;
            goto fail;
        }
        PyObject *key_path = extend_path(path, key);
        if (key_path == NULL || set_mark(s->key_marks, key_path, key_mark) < 0) {
            Py_XDECREF(key_path);
            Py_DECREF(key);
            goto fail;
        }
        yaml_event_t value_event;
        if (!next_event(s, &value_event)) {
            Py_DECREF(key_path);
            Py_DECREF(key);
            goto fail;
        }
        PyObject *value = compose_node(s, &value_event, key_path, depth + 1);
        yaml_event_delete(&value_event);
        Py_DECREF(key_path);
        if (value == NULL) {
            Py_DECREF(key);
            goto fail;
        }
        int rc = PyDict_SetItem(dict, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (rc < 0)
            goto fail;
    }
fail:
    Py_DECREF(dict);
    return NULL;
}

/* The node that `event` starts (the caller deletes `event`). New reference, or NULL. */
static PyObject *compose_node(State *s, yaml_event_t *event, PyObject *path, int depth) {
    if (depth > MAX_DEPTH) {
        s->refused = 1;
        return NULL;
    }
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL)
            break;
        if (set_mark(s->value_marks, path, event->start_mark) < 0)
            return NULL;
        return scalar_value(s, event);
    case YAML_SEQUENCE_START_EVENT:
        if (event->data.sequence_start.anchor != NULL || event->data.sequence_start.tag != NULL)
            break;
        if (set_mark(s->value_marks, path, event->start_mark) < 0)
            return NULL;
        return compose_sequence(s, path, depth);
    case YAML_MAPPING_START_EVENT:
        if (event->data.mapping_start.anchor != NULL || event->data.mapping_start.tag != NULL)
            break;
        if (set_mark(s->value_marks, path, event->start_mark) < 0)
            return NULL;
        return compose_mapping(s, path, depth);
    default: /* an alias */
        break;
    }
    s->refused = 1;
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
    PyObject *text, *plain, *first_chars;
    int always_plain;
    if (!PyArg_ParseTuple(args, "UOUp:compose", &text, &plain, &first_chars, &always_plain))
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
    s.value_marks = PyDict_New();
    s.key_marks = PyDict_New();
    PyObject *data = NULL, *root = PyTuple_New(0), *result = NULL;
    if (s.value_marks == NULL || s.key_marks == NULL || root == NULL)
        goto done;
    if (!expect(&s, YAML_STREAM_START_EVENT) || !expect(&s, YAML_DOCUMENT_START_EVENT))
        goto done;
    yaml_event_t event;
    if (!next_event(&s, &event))
        goto done;
    data = compose_node(&s, &event, root, 0);
    yaml_event_delete(&event);
    if (data == NULL || !expect(&s, YAML_DOCUMENT_END_EVENT) || !expect(&s, YAML_STREAM_END_EVENT))
        goto done;
    result = PyTuple_Pack(3, data, s.value_marks, s.key_marks);
done:
    yaml_parser_delete(&s.parser);
    Py_XDECREF(data);
    Py_XDECREF(root);
    Py_XDECREF(s.value_marks);
    Py_XDECREF(s.key_marks);
    if (result == NULL && s.refused && !PyErr_Occurred())
        Py_RETURN_NONE;
    if (result == NULL && !PyErr_Occurred())
        Py_RETURN_NONE; /* cannot happen, but never return NULL without an exception */
    return result;
}

static PyMethodDef methods[] = {
    {"compose", compose, METH_VARARGS,
     "compose(text, plain, first_chars, always_plain) -> (data, value_marks, key_marks), or None when the\n"
     "file needs the regular parser (anything beyond plain text, numbers, lists and mappings, or an error)."},
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
