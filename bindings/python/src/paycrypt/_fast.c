/* paycrypt._fast: the per-call hot paths of the Python package (HmacKey.sign,
 * AesGcm.encrypt, AesGcm.decrypt) as plain CPython functions over the C ABI.
 *
 * Why: through cffi a call like AesGcm.encrypt costs an ffi.new for the
 * output, the call itself and an ffi.unpack copy into a bytes object, more
 * than the cryptography it wraps for payment-sized messages. Here the
 * result bytes object is allocated first and the C ABI writes straight into
 * it, arguments are read without copies (bytes directly, anything else
 * through the buffer protocol), and a call is one METH_FASTCALL dispatch.
 *
 * Contract with _core.py, which is the only caller:
 *   - the key argument is ffi.buffer(ctx) of a key context: any writable
 *     buffer of exactly sizeof(context) bytes is accepted, and the C ABI
 *     itself checks that it holds an initialised context (a wiped or
 *     garbage one gives a status, never undefined behaviour);
 *   - on success the result is a bytes object;
 *   - on a failing status the result is that status as an int (the caller
 *     raises the matching exception with its message);
 *   - None means "not handled here" (an argument that is neither bytes nor
 *     a C-contiguous buffer, e.g. a str): the caller takes its general
 *     path, which raises the descriptive TypeError.
 *
 * GIL: kept for inputs under PAYCRYPT_PY_GIL_BYTES (the call is shorter
 * than releasing and re-taking it), released for larger ones, as in the
 * cffi glue (both from _gil.h). While it is released the inputs stay valid: bytes are
 * immutable and referenced by the caller's frame, other buffers are held
 * through Py_buffer views (a bytearray cannot be resized meanwhile).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "paycrypt.h"
#include "_gil.h" /* PAYCRYPT_PY_GIL_BYTES, PAYCRYPT_PY_CALL (shared with the cffi glue) */

/* A read-only view of a bytes-like argument. */
typedef struct {
    const uint8_t *ptr;
    size_t len;
    Py_buffer view; /* used when view.obj != NULL */
} arg_t;

/* 1: ok; 0: not bytes-like (no exception set). */
static int arg_get(PyObject *o, arg_t *a) {
    a->view.obj = NULL;
    if (PyBytes_CheckExact(o)) {
        a->ptr = (const uint8_t *)PyBytes_AS_STRING(o);
        a->len = (size_t)PyBytes_GET_SIZE(o);
        return 1;
    }
    if (PyObject_GetBuffer(o, &a->view, PyBUF_C_CONTIGUOUS) != 0) {
        PyErr_Clear();
        a->view.obj = NULL;
        return 0;
    }
    a->ptr = (const uint8_t *)a->view.buf;
    a->len = (size_t)a->view.len;
    return 1;
}

static void arg_release(arg_t *a) {
    if (a->view.obj != NULL) {
        PyBuffer_Release(&a->view);
    }
}

/* The context behind a key buffer, or NULL (not a writable buffer of
 * exactly `size` bytes). */
static void *ctx_get(PyObject *o, Py_buffer *view, size_t size) {
    if (PyObject_GetBuffer(o, view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) != 0) {
        PyErr_Clear();
        return NULL;
    }
    if ((size_t)view->len != size) {
        PyBuffer_Release(view);
        return NULL;
    }
    return view->buf;
}

static PyObject *not_handled(void) { Py_RETURN_NONE; }

/* hmac_sign(key, msg) -> bytes (32) | int status | None */
static PyObject *fast_hmac_sign(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer kv;
    arg_t msg;
    paycrypt_status st;
    PyObject *out;
    const paycrypt_hmac_key *k;
    (void)self;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "hmac_sign(key, msg)");
        return NULL;
    }
    k = (const paycrypt_hmac_key *)ctx_get(args[0], &kv, sizeof(paycrypt_hmac_key));
    if (k == NULL) {
        return not_handled();
    }
    if (!arg_get(args[1], &msg)) {
        PyBuffer_Release(&kv);
        return not_handled();
    }
    out = PyBytes_FromStringAndSize(NULL, PAYCRYPT_HMAC_SHA256_BYTES);
    if (out != NULL) {
        PAYCRYPT_PY_CALL(msg.len, paycrypt_hmac_key_sign(k, msg.ptr, msg.len, (uint8_t *)PyBytes_AS_STRING(out)));
        if (st != PAYCRYPT_OK) {
            Py_DECREF(out);
            out = PyLong_FromLong((long)st);
        }
    }
    arg_release(&msg);
    PyBuffer_Release(&kv);
    return out;
}

/* Shared by seal and open: key, nonce, data, aad (None = empty). */
typedef struct {
    Py_buffer kv;
    const paycrypt_aes_gcm_key *k;
    arg_t nonce, data, aad;
} gcm_args;

/* 1: ok; 0: not handled (nothing held); -1: error set. */
static int gcm_args_get(PyObject *const *args, Py_ssize_t nargs, gcm_args *g) {
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "expected (key, nonce, data, associated_data)");
        return -1;
    }
    g->k = (const paycrypt_aes_gcm_key *)ctx_get(args[0], &g->kv, sizeof(paycrypt_aes_gcm_key));
    if (g->k == NULL) {
        return 0;
    }
    if (!arg_get(args[1], &g->nonce)) {
        goto fail_key;
    }
    if (!arg_get(args[2], &g->data)) {
        goto fail_nonce;
    }
    if (args[3] == Py_None) {
        g->aad.ptr = NULL;
        g->aad.len = 0;
        g->aad.view.obj = NULL;
    } else if (!arg_get(args[3], &g->aad)) {
        goto fail_data;
    }
    return 1;
fail_data:
    arg_release(&g->data);
fail_nonce:
    arg_release(&g->nonce);
fail_key:
    PyBuffer_Release(&g->kv);
    return 0;
}

static void gcm_args_release(gcm_args *g) {
    arg_release(&g->aad);
    arg_release(&g->data);
    arg_release(&g->nonce);
    PyBuffer_Release(&g->kv);
}

/* Seal (opening == 0) or open (opening != 0): the output is sized from the input
 * (pt_len + 16, or in_len - 16). On a failing status the output bytes
 * object, which the C ABI has zeroed when opening, is released unseen. */
static PyObject *gcm_call(PyObject *const *args, Py_ssize_t nargs, int opening) {
    gcm_args g;
    paycrypt_status st;
    PyObject *out = NULL;
    size_t n = 0;
    int got = gcm_args_get(args, nargs, &g);
    if (got <= 0) {
        return got == 0 ? not_handled() : NULL;
    }
    if (g.nonce.len != PAYCRYPT_AES_GCM_NONCE_BYTES) {
        out = PyLong_FromLong((long)PAYCRYPT_ERR_NONCE_LENGTH);
    } else if (opening && g.data.len < PAYCRYPT_AES_GCM_TAG_BYTES) {
        out = PyLong_FromLong((long)PAYCRYPT_ERR_MALFORMED);
    } else if (!opening && g.data.len > (size_t)PY_SSIZE_T_MAX - PAYCRYPT_AES_GCM_TAG_BYTES) {
        out = PyLong_FromLong((long)PAYCRYPT_ERR_INPUT_TOO_LONG);
    } else {
        size_t cap = opening ? g.data.len - PAYCRYPT_AES_GCM_TAG_BYTES
                          : g.data.len + PAYCRYPT_AES_GCM_TAG_BYTES;
        out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)cap);
        if (out != NULL) {
            uint8_t *o = (uint8_t *)PyBytes_AS_STRING(out);
            if (opening) {
                PAYCRYPT_PY_CALL(g.data.len + g.aad.len,
                    paycrypt_aes_gcm_open(g.k, g.nonce.ptr, g.aad.ptr, g.aad.len, g.data.ptr,
                                          g.data.len, o, cap, &n));
            } else {
                PAYCRYPT_PY_CALL(g.data.len + g.aad.len,
                    paycrypt_aes_gcm_seal(g.k, g.nonce.ptr, g.aad.ptr, g.aad.len, g.data.ptr,
                                          g.data.len, o, cap, &n));
            }
            if (st != PAYCRYPT_OK) {
                Py_DECREF(out);
                out = PyLong_FromLong((long)st);
            }
        }
    }
    gcm_args_release(&g);
    return out;
}

/* aes_gcm_seal(key, nonce, pt, aad) -> bytes (ct || tag) | int | None */
static PyObject *fast_aes_gcm_seal(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    return gcm_call(args, nargs, 0);
}

/* aes_gcm_open(key, nonce, ct_tag, aad) -> bytes (plaintext) | int | None */
static PyObject *fast_aes_gcm_open(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    return gcm_call(args, nargs, 1);
}

static PyMethodDef fast_methods[] = {
    {"hmac_sign", (PyCFunction)(void (*)(void))fast_hmac_sign, METH_FASTCALL,
     "hmac_sign(key_buffer, msg) -> bytes | int | None (internal)"},
    {"aes_gcm_seal", (PyCFunction)(void (*)(void))fast_aes_gcm_seal, METH_FASTCALL,
     "aes_gcm_seal(key_buffer, nonce, pt, aad) -> bytes | int | None (internal)"},
    {"aes_gcm_open", (PyCFunction)(void (*)(void))fast_aes_gcm_open, METH_FASTCALL,
     "aes_gcm_open(key_buffer, nonce, ct_tag, aad) -> bytes | int | None (internal)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fast_module = {
    PyModuleDef_HEAD_INIT, "paycrypt._fast",
    "Internal: the hot paths of HmacKey.sign and AesGcm over the C ABI.", -1, fast_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&fast_module); }
