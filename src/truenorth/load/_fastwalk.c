/* Optional accelerator for truenorth.load.files.goal_file_stats: the goals folder's walk in C.
 *
 * `truenorth check` with nothing changed spends most of its own time listing the goals folder and
 * stat'ing each file (at 100,000 files about 0.65 s in Python, 0.26 s of it in the stat calls
 * themselves). stat_walk(path) walks with the rules of the Python walk and returns the same list:
 * (relative path, (size, mtime_ns, ctime_ns, inode)) per YAML file, with None as the signature of a
 * file that went away between the listing and the stat.
 *
 *   - each folder's entries in the order of their names (by code point: UTF-8 bytes compare alike);
 *   - names starting with "." skipped, files and folders alike;
 *   - folders followed (never through a symbolic link), at most MAX_DEPTH deep;
 *   - files ending in .yaml or .yml kept when they are regular files, or links to one in the goals folder.
 *
 * It returns None, and the caller walks in Python, which names each refusal in its own words, on
 * anything unusual: a name that is not UTF-8, a folder it cannot read or nested deeper than
 * MAX_DEPTH, a link to a folder outside the goals folder, a link named like a goals file that leads
 * out of it or nowhere, a pipe, socket or device named like one. Tests compare both walks on awkward trees.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 100 /* truenorth.load.files.MAX_DEPTH */

typedef struct {
    char *name;
    unsigned char type;
} Entry;

static int by_name(const void *a, const void *b) {
    return strcmp(((const Entry *)a)->name, ((const Entry *)b)->name);
}

static int yaml_name(const char *name, size_t n) {
    return (n >= 5 && strcmp(name + n - 5, ".yaml") == 0) || (n >= 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* (size, mtime_ns, ctime_ns, ino), as the Python walk makes from an os.stat_result. */
static PyObject *signature(const struct stat *st) {
    long long mtime = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    long long ctime = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
    return Py_BuildValue("(LLLK)", (long long)st->st_size, mtime, ctime, (unsigned long long)st->st_ino);
}

/* The names in a folder but the hidden ones, sorted; NULL when it cannot be read. */
static Entry *list_folder(int dir_fd, size_t *count) {
    int listing_fd = dup(dir_fd);
    if (listing_fd < 0)
        return NULL;
    DIR *dir = fdopendir(listing_fd);
    if (dir == NULL) {
        close(listing_fd);
        return NULL;
    }
    Entry *entries = malloc(64 * sizeof(Entry));
    size_t n = 0, room = 64;
    int failed = entries == NULL;
    struct dirent *d;
    errno = 0;
    while (!failed && (d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.')
            continue; /* ".", ".." and hidden names */
        if (n == room) {
            Entry *grown = realloc(entries, 2 * room * sizeof(Entry));
            if (grown == NULL) {
                failed = 1;
                break;
            }
            entries = grown;
            room *= 2;
        }
        entries[n].type = d->d_type;
        entries[n].name = strdup(d->d_name);
        if (entries[n].name == NULL)
            failed = 1;
        else
            n++;
        errno = 0;
    }
    if (errno != 0)
        failed = 1; /* readdir failed */
    closedir(dir);
    if (failed) {
        for (size_t i = 0; i < n; i++)
            free(entries[i].name);
        free(entries);
        return NULL;
    }
    qsort(entries, n, sizeof(Entry), by_name);
    *count = n;
    return entries;
}

typedef struct {
    const char *top;  /* the goals folder, as given */
    char *top_real;   /* its real path, once a link needs it */
} Walk;

/* Whether the link at prefix/name leads into the goals folder (as the Python walk's leads_out, with
 * realpath(3) for os.path.realpath): 1 yes, 0 no, -1 it cannot be resolved (the Python walk decides). */
static int link_inside(Walk *w, const char *prefix, const char *name) {
    if (w->top_real == NULL && (w->top_real = realpath(w->top, NULL)) == NULL)
        return -1;
    size_t top_len = strlen(w->top), prefix_len = strlen(prefix), name_len = strlen(name);
    char *full = malloc(top_len + prefix_len + name_len + 2);
    if (full == NULL)
        return -1;
    memcpy(full, w->top, top_len);
    full[top_len] = '/';
    memcpy(full + top_len + 1, prefix, prefix_len);
    memcpy(full + top_len + 1 + prefix_len, name, name_len + 1);
    char *real = realpath(full, NULL);
    free(full);
    if (real == NULL)
        return -1;
    size_t n = strlen(w->top_real);
    int inside = strncmp(real, w->top_real, n) == 0 && (real[n] == '\0' || real[n] == '/');
    free(real);
    return inside;
}

/* Append the folder's files to `out`: 0 done, -1 a Python error, 1 give up (the Python walk decides).
 * Whatever the Python walk refuses (see its docstring) is given up on here, so that its words are used. */
static int walk(Walk *w, int dir_fd, const char *prefix, PyObject *out, int depth) {
    size_t count = 0;
    Entry *entries = list_folder(dir_fd, &count);
    if (entries == NULL)
        return 1;
    size_t prefix_len = strlen(prefix);
    int result = 0;
    for (size_t i = 0; result == 0 && i < count; i++) {
        const char *name = entries[i].name;
        size_t name_len = strlen(name);
        PyObject *decoded = PyUnicode_DecodeUTF8(name, (Py_ssize_t)name_len, "strict");
        if (decoded == NULL) {
            PyErr_Clear();
            result = 1; /* not UTF-8 */
            break;
        }
        Py_DECREF(decoded);
        unsigned char type = entries[i].type;
        int is_dir = type == DT_DIR, is_link = type == DT_LNK, is_file = type == DT_REG, have_stat = 0;
        int yaml = yaml_name(name, name_len);
        struct stat st;
        if (type == DT_UNKNOWN) { /* a file system that does not say: ask */
            if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue; /* gone: the Python walk's is_dir() and is_file() say False */
            is_link = S_ISLNK(st.st_mode);
            is_dir = S_ISDIR(st.st_mode);
            is_file = S_ISREG(st.st_mode);
            have_stat = !is_link;
        }
        if (is_link) { /* followed to a file in the goals folder; never to a folder */
            if (!yaml) {
                if (fstatat(dir_fd, name, &st, 0) != 0 || !S_ISDIR(st.st_mode))
                    continue; /* not a folder: not a goals file either */
                if (link_inside(w, prefix, name) != 1)
                    result = 1; /* a link to a folder outside: named */
                continue;
            }
            if (link_inside(w, prefix, name) != 1 || fstatat(dir_fd, name, &st, 0) != 0) {
                result = 1; /* leads out, or nowhere */
                break;
            }
            if (S_ISDIR(st.st_mode))
                continue;
            if (!S_ISREG(st.st_mode)) {
                result = 1; /* a pipe, socket or device */
                break;
            }
            have_stat = 1;
            is_dir = 0;
            is_file = 1;
        } else if (!is_dir && !yaml) {
            continue;
        } else if (!is_dir && !is_file) {
            result = 1; /* a pipe, socket or device named like a goals file */
            break;
        }
        char *rel = malloc(prefix_len + name_len + 2);
        if (rel == NULL) {
            result = 1;
            break;
        }
        memcpy(rel, prefix, prefix_len);
        memcpy(rel + prefix_len, name, name_len + 1);
        if (is_dir) {
            int sub = depth == MAX_DEPTH ? -1 : openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0) {
                result = 1; /* nested too deep, or cannot be read */
            } else {
                rel[prefix_len + name_len] = '/';
                rel[prefix_len + name_len + 1] = '\0';
                result = walk(w, sub, rel, out, depth + 1);
                close(sub);
            }
        } else {
            PyObject *sig;
            if (!have_stat && fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                sig = Py_NewRef(Py_None); /* went away after the listing */
            else
                sig = signature(&st);
            PyObject *path = sig ? PyUnicode_DecodeUTF8(rel, (Py_ssize_t)(prefix_len + name_len), "strict") : NULL;
            PyObject *item = path ? PyTuple_Pack(2, path, sig) : NULL;
            Py_XDECREF(path);
            Py_XDECREF(sig);
            if (item == NULL || PyList_Append(out, item) < 0)
                result = -1;
            Py_XDECREF(item);
        }
        free(rel);
    }
    for (size_t i = 0; i < count; i++)
        free(entries[i].name);
    free(entries);
    return result;
}

static PyObject *stat_walk(PyObject *self, PyObject *args) {
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path_obj))
        return NULL;
    Walk w = {PyBytes_AS_STRING(path_obj), NULL};
    int top = open(w.top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (top < 0) {
        Py_DECREF(path_obj);
        Py_RETURN_NONE;
    }
    PyObject *out = PyList_New(0);
    int result = out == NULL ? -1 : walk(&w, top, "", out, 0);
    close(top);
    free(w.top_real);
    Py_DECREF(path_obj);
    if (result != 0) {
        Py_XDECREF(out);
        if (result < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"stat_walk", stat_walk, METH_VARARGS,
     "stat_walk(path) -> [(relative path, (size, mtime_ns, ctime_ns, inode) or None)], or None: walk in Python."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastwalk", "The goals folder's walk in C (optional accelerator).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fastwalk(void) { return PyModule_Create(&module); }
