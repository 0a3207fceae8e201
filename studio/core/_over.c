/* The compositor's inner loop: a premultiplied layer "over" a BGR frame region, in one pass.
 *
 *     out = min(255, src + round(dst * inv / 255))        inv = 255 - alpha
 *
 * studio/core/composite.py does the same with OpenCV as multiply-then-add. OpenCV's
 * uint8 multiply goes through float (about 1.1 ns a pixel with the add, the whole
 * compositor's cost); this loop is integer-only and vectorises, about 2.3x less CPU
 * for the four benchmark layers (docs/performance.md). round(x / 255) for
 * x = dst * inv is (t + (t >> 8)) >> 8 with t = x + 128: exact for every x up to
 * 255 * 255 (and x / 255 is never a half), so the bytes are the same as OpenCV's,
 * checked for every dst, inv and src in tests/graphics/test_fused_over.py.
 *
 * Built by setup.py as an optional extension: where it cannot be compiled,
 * composite.py keeps the OpenCV path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#if defined(_MSC_VER)
#define restrict __restrict
#endif

/* GCC on x86-64 Linux compiles the loop twice and picks the AVX2 copy at load time where
 * the CPU has it (1.8x faster than the SSE2 baseline here). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define OVER_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define OVER_CLONES
#endif

OVER_CLONES
static void over_rows(uint8_t *dst, Py_ssize_t dst_stride, const uint8_t *src, Py_ssize_t src_stride,
                      const uint8_t *inv, Py_ssize_t inv_stride, Py_ssize_t rows, Py_ssize_t row_bytes)
{
    for (Py_ssize_t row = 0; row < rows; row++) {
        uint8_t *restrict d = dst + row * dst_stride;
        const uint8_t *restrict s = src + row * src_stride;
        const uint8_t *restrict a = inv + row * inv_stride;
        for (Py_ssize_t i = 0; i < row_bytes; i++) {
            uint16_t t = (uint16_t)((uint16_t)d[i] * a[i] + 128);
            uint16_t sum = (uint16_t)(((t + (t >> 8)) >> 8) + s[i]);
            d[i] = (uint8_t)(sum > 255 ? 255 : sum);
        }
    }
}

/* A uint8 array whose rows are contiguous runs of bytes (a numpy slice of a frame is). */
static int get_rows(PyObject *obj, Py_buffer *view, int writable, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_STRIDES | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    int ok = view->itemsize == 1 && (view->format == NULL || strcmp(view->format, "B") == 0)
             && (view->ndim == 2 || view->ndim == 3) && view->strides[view->ndim - 1] == 1
             && (view->ndim == 2 || view->strides[1] == view->shape[2]);
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "over: %s must be a uint8 array of rows (H x W or H x W x C, "
                     "each row contiguous)", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static Py_ssize_t row_bytes(const Py_buffer *view)
{
    return view->ndim == 2 ? view->shape[1] : view->shape[1] * view->shape[2];
}

static PyObject *over(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *target_obj, *colour_obj, *inverse_obj;
    if (!PyArg_ParseTuple(args, "OOO:over", &target_obj, &colour_obj, &inverse_obj))
        return NULL;
    Py_buffer target, colour, inverse;
    if (get_rows(target_obj, &target, 1, "target") < 0)
        return NULL;
    if (get_rows(colour_obj, &colour, 0, "colour") < 0) {
        PyBuffer_Release(&target);
        return NULL;
    }
    if (get_rows(inverse_obj, &inverse, 0, "inverse_alpha") < 0) {
        PyBuffer_Release(&target);
        PyBuffer_Release(&colour);
        return NULL;
    }
    PyObject *result = Py_None;
    if (target.shape[0] != colour.shape[0] || target.shape[0] != inverse.shape[0]
            || row_bytes(&target) != row_bytes(&colour) || row_bytes(&target) != row_bytes(&inverse)) {
        PyErr_SetString(PyExc_ValueError, "over: target, colour and inverse_alpha differ in size");
        result = NULL;
    } else {
        Py_BEGIN_ALLOW_THREADS
        over_rows(target.buf, target.strides[0], colour.buf, colour.strides[0], inverse.buf, inverse.strides[0],
                  target.shape[0], row_bytes(&target));
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&target);
    PyBuffer_Release(&colour);
    PyBuffer_Release(&inverse);
    Py_XINCREF(result);
    return result;
}

static PyMethodDef methods[] = {
    {"over", over, METH_VARARGS,
     "over(target, colour, inverse_alpha): target = min(255, colour + round(target * inverse_alpha / 255)), "
     "in place, byte by byte; uint8 arrays of the same size whose rows are contiguous."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_over", .m_doc = NULL, .m_size = -1, .m_methods = methods,
};

PyMODINIT_FUNC PyInit__over(void)
{
    return PyModule_Create(&module);
}
