/* The compositor's inner loop: a premultiplied layer "over" a BGR frame region, in one pass.
 *
 *     out = min(255, src + round(dst * inv / 255))        inv = 255 - alpha
 *
 * OpenCV's uint8 multiply-then-add (what the compositor used before) goes through float
 * (about 1.1 ns a pixel with the add, the whole compositor's cost); this loop is integer-only
 * and vectorises, about 2.3x less CPU for the four benchmark layers (docs/performance.md). round(x / 255) for
 * x = dst * inv is (t + (t >> 8)) >> 8 with t = x + 128: exact for every x up to
 * 255 * 255 (and x / 255 is never a half), so the bytes are the same as OpenCV's,
 * checked for every dst, inv and src in tests/graphics/test_fused_over.py (OpenCV is a test-only dependency).
 *
 * Built by setup.py as an optional extension, with studio/core/_pixels.c (scaling, colour
 * conversion): where it cannot be compiled, composite.py and pixels.py keep a NumPy path.
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

/* The same, with the layer faded to weight / 65536 on the way (a fade's frames): the colour scaled,
 * the coverage scaled towards none, each rounded as composite.py's NumPy `scaled` rounds them (the
 * same bytes where the weight is exact, within one level otherwise), so a fading full-screen graphic costs no scaled copy of its planes a frame. */
OVER_CLONES
static void over_rows_faded(uint8_t *dst, Py_ssize_t dst_stride, const uint8_t *src, Py_ssize_t src_stride,
                            const uint8_t *inv, Py_ssize_t inv_stride, Py_ssize_t rows, Py_ssize_t row_bytes,
                            uint32_t weight)
{
    uint32_t rest = (65536u - weight) * 255u + 32768u;
    for (Py_ssize_t row = 0; row < rows; row++) {
        uint8_t *restrict d = dst + row * dst_stride;
        const uint8_t *restrict s = src + row * src_stride;
        const uint8_t *restrict a = inv + row * inv_stride;
        for (Py_ssize_t i = 0; i < row_bytes; i++) {
            uint32_t scaled = (uint32_t)s[i] * weight, faded = (uint32_t)a[i] * weight + rest - 32768u;
            /* rounded half to even, as NumPy's rint: a fade's weights (a quarter, a half) hit ties often */
            uint32_t colour = ((scaled + 32768u) >> 16) & ~(uint32_t)((scaled & 0xFFFFu) == 0x8000u);
            uint32_t inverse = ((faded + 32768u) >> 16) & ~(uint32_t)((faded & 0xFFFFu) == 0x8000u);
            uint32_t t = (uint32_t)d[i] * inverse + 128u;
            uint32_t sum = ((t + (t >> 8)) >> 8) + colour;
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

/* The I420 path (studio/core/composite_i420.py): a layer's Y, U and V regions, each with its own
 * colour and coverage plane (chroma at its own resolution), blended in one call and one release of
 * the GIL. Each triple is what `over` takes; the per-byte arithmetic is the same loop. */
#define MAX_PLANES 4

static PyObject *over_planes(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *targets_obj, *colours_obj, *inverses_obj;
    unsigned int weight = 65536;
    if (!PyArg_ParseTuple(args, "OOO|I:over_planes", &targets_obj, &colours_obj, &inverses_obj, &weight))
        return NULL;
    if (weight > 65536) {
        PyErr_SetString(PyExc_ValueError, "over_planes: the weight is 0..65536");
        return NULL;
    }
    PyObject *targets = PySequence_Fast(targets_obj, "over_planes: targets must be a sequence");
    PyObject *colours = targets ? PySequence_Fast(colours_obj, "over_planes: colours must be a sequence") : NULL;
    PyObject *inverses = colours ? PySequence_Fast(inverses_obj, "over_planes: inverses must be a sequence") : NULL;
    Py_buffer views[3][MAX_PLANES];
    Py_ssize_t count = 0, got = 0;
    PyObject *result = NULL;
    if (inverses == NULL)
        goto done;
    count = PySequence_Fast_GET_SIZE(targets);
    if (count > MAX_PLANES || PySequence_Fast_GET_SIZE(colours) != count || PySequence_Fast_GET_SIZE(inverses) != count) {
        PyErr_SetString(PyExc_ValueError, "over_planes: as many targets, colours and inverses, at most 4");
        goto done;
    }
    for (got = 0; got < count; got++) {
        if (get_rows(PySequence_Fast_GET_ITEM(targets, got), &views[0][got], 1, "target") < 0)
            goto release;
        if (get_rows(PySequence_Fast_GET_ITEM(colours, got), &views[1][got], 0, "colour") < 0) {
            PyBuffer_Release(&views[0][got]);
            goto release;
        }
        if (get_rows(PySequence_Fast_GET_ITEM(inverses, got), &views[2][got], 0, "inverse_alpha") < 0) {
            PyBuffer_Release(&views[0][got]);
            PyBuffer_Release(&views[1][got]);
            goto release;
        }
        Py_buffer *t = &views[0][got], *c = &views[1][got], *i = &views[2][got];
        if (t->shape[0] != c->shape[0] || t->shape[0] != i->shape[0]
                || row_bytes(t) != row_bytes(c) || row_bytes(t) != row_bytes(i)) {
            PyErr_SetString(PyExc_ValueError, "over_planes: a target, its colour and its inverse_alpha differ in size");
            got++;
            goto release;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t n = 0; n < count; n++) {
        if (weight == 65536)
            over_rows(views[0][n].buf, views[0][n].strides[0], views[1][n].buf, views[1][n].strides[0],
                      views[2][n].buf, views[2][n].strides[0], views[0][n].shape[0], row_bytes(&views[0][n]));
        else
            over_rows_faded(views[0][n].buf, views[0][n].strides[0], views[1][n].buf, views[1][n].strides[0],
                            views[2][n].buf, views[2][n].strides[0], views[0][n].shape[0], row_bytes(&views[0][n]),
                            weight);
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
release:
    for (Py_ssize_t n = 0; n < got; n++)
        for (int k = 0; k < 3; k++)
            PyBuffer_Release(&views[k][n]);
done:
    Py_XDECREF(targets);
    Py_XDECREF(colours);
    Py_XDECREF(inverses);
    return result;
}

static PyMethodDef methods[] = {
    {"over", over, METH_VARARGS,
     "over(target, colour, inverse_alpha): target = min(255, colour + round(target * inverse_alpha / 255)), "
     "in place, byte by byte; uint8 arrays of the same size whose rows are contiguous."},
    {"over_planes", over_planes, METH_VARARGS,  /* (targets, colours, inverses[, weight of 65536]) */
     "over_planes(targets, colours, inverses[, weight]): over(targets[n], colours[n], inverses[n]) for each n "
     "(at most 4: an I420 layer's Y, U and V), in one call; the layer faded to weight / 65536 (default 65536)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_over", .m_doc = NULL, .m_size = -1, .m_methods = methods,
};

/* studio/core/_pixels.c: scaling, colour conversion and the dissolve, built into this module. */
extern PyMethodDef pixel_methods[];

PyMODINIT_FUNC PyInit__over(void)
{
    PyObject *created = PyModule_Create(&module);
    if (created != NULL && PyModule_AddFunctions(created, pixel_methods) < 0)
        Py_CLEAR(created);
    return created;
}
