/* The GIL policy of paycrypt's two extension modules (the cffi glue in
 * build_native.py and paycrypt/_fast.c), in one place so that they cannot
 * drift apart: a native call on fewer than PAYCRYPT_PY_GIL_BYTES input
 * bytes keeps the GIL (it takes at most a few microseconds, less than
 * releasing and re-taking it); a longer one releases it so that other
 * Python threads run meanwhile. Include after Python.h. */
#ifndef PAYCRYPT_PY_GIL_H
#define PAYCRYPT_PY_GIL_H

#define PAYCRYPT_PY_GIL_BYTES 4096

/* Assigns the status of `call` to `st` (declared by the caller). */
#define PAYCRYPT_PY_CALL(nbytes, call)                       \
    do {                                                     \
        if ((nbytes) < PAYCRYPT_PY_GIL_BYTES) {              \
            st = (call);                                     \
        } else {                                             \
            Py_BEGIN_ALLOW_THREADS                           \
            st = (call);                                     \
            Py_END_ALLOW_THREADS                             \
        }                                                    \
    } while (0)

#endif
