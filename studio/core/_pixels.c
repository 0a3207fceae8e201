/* The picture loops that are not blending: scaling a plane, BGR <-> I420, a dissolve.
 *
 * Compiled into studio.core._over with _over.c (setup.py); studio/core/pixels.py calls them and
 * keeps a NumPy path with the same arithmetic where the extension could not be built.
 *
 * resample: a separable filter given as per-axis tables (studio/core/pixels.py builds them:
 * bilinear, or area averaging for a reduction, the weights in Q11 summing to 2048 per output
 * sample). Each output row is the vertical combination of `taps_y` source rows, kept in int32,
 * then each output pixel the horizontal combination of `taps_x` of those: at most
 * 255 * 2048 * 2048 < 2^31, rounded once at the end.
 *
 * bgr_to_i420 / i420_to_bgr: BT.601 limited range in the fixed point of OpenCV's
 * COLOR_BGR2YUV_I420 and COLOR_YUV2BGR_I420 (20-bit coefficients; chroma of a 2x2 block from its
 * top-left pixel one way, shared by the block's four pixels the other), so pictures converted here
 * are byte for byte what the studio made with OpenCV (tests/graphics/test_pixels.py checks it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(_MSC_VER)
#define restrict __restrict
#endif

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define PIXEL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PIXEL_CLONES
#endif

static int get_array(PyObject *obj, Py_buffer *view, int writable, int itemsize, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_STRIDES | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    int ok = view->itemsize == itemsize && view->ndim >= 1 && view->ndim <= 3
             && view->strides[view->ndim - 1] == itemsize
             && (view->ndim < 3 || view->strides[1] == view->shape[2] * itemsize);
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "%s: an array of %d-byte items with contiguous rows", name, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static inline uint8_t clamp_u8(int32_t value)
{
    return (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
}

/* ---- resample ------------------------------------------------------------------------------- */

/* A plane's row filtered across, `taps` taps an output (area averaging's reductions): out[x] =
 * clamp((sum_t w[x][t] * row[first[x] + t] + 2^21) >> 22). Scalar here; eight outputs a step with
 * AVX2 gathers of the int32 row where the CPU has it (the same sums). */
typedef void (*plane_across_fn)(const int32_t *, uint8_t *, Py_ssize_t, const int32_t *, const int16_t *,
                                Py_ssize_t, Py_ssize_t);

static void plane_across_scalar(const int32_t *row, uint8_t *out, Py_ssize_t dst_width, const int32_t *x_first,
                                const int16_t *x_weights, Py_ssize_t taps, Py_ssize_t row_items)
{
    (void)row_items;
    for (Py_ssize_t x = 0; x < dst_width; x++) {
        const int16_t *wx = x_weights + x * taps;
        const int32_t *in = row + x_first[x];
        int32_t sum = 1 << 21;
        for (Py_ssize_t t = 0; t < taps; t++)
            sum += wx[t] * in[t];
        out[x] = clamp_u8(sum >> 22);
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
__attribute__((target("avx2")))
static void plane_across_avx2(const int32_t *row, uint8_t *out, Py_ssize_t dst_width, const int32_t *x_first,
                              const int16_t *x_weights, Py_ssize_t taps, Py_ssize_t row_items)
{
    Py_ssize_t x = 0;
    if (taps <= 8) {
        const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i taps_v = _mm256_set1_epi32((int)taps);
        /* `x + 8 < dst_width`: a weight is gathered as 32 bits, so the last output's last weight (the table's
         * last int16) is left to the scalar loop, and no gather reads past the table */
        for (; x + 8 < dst_width && x_first[x + 7] + taps <= row_items; x += 8) {
            __m256i first = _mm256_loadu_si256((const __m256i *)(x_first + x));
            __m256i weight_index = _mm256_mullo_epi32(_mm256_add_epi32(lanes, _mm256_set1_epi32((int)x)), taps_v);
            __m256i sum = _mm256_set1_epi32(1 << 21);
            for (Py_ssize_t t = 0; t < taps; t++) {
                __m256i values = _mm256_i32gather_epi32((const int *)row, _mm256_add_epi32(first, _mm256_set1_epi32((int)t)), 4);
                /* the int16 weight of each lane's tap t, sign-extended (gathered as 32 bits, low half kept) */
                __m256i weights = _mm256_i32gather_epi32((const int *)x_weights,
                                                         _mm256_add_epi32(weight_index, _mm256_set1_epi32((int)t)), 2);
                weights = _mm256_srai_epi32(_mm256_slli_epi32(weights, 16), 16);
                sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(values, weights));
            }
            sum = _mm256_srai_epi32(sum, 22);
            __m128i packed16 = _mm_packs_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
            _mm_storel_epi64((__m128i *)(out + x), _mm_packus_epi16(packed16, packed16));
        }
    }
    plane_across_scalar(row, out + x, dst_width - x, x_first + x, x_weights + x * taps, taps, row_items);
}
#endif

PIXEL_CLONES
static void resample_rows(const uint8_t *src, Py_ssize_t src_stride, Py_ssize_t src_row_items,
                          uint8_t *dst, Py_ssize_t dst_stride, Py_ssize_t dst_rows, Py_ssize_t dst_width,
                          Py_ssize_t channels, const int32_t *x_first, const int16_t *x_weights, Py_ssize_t taps_x,
                          const int32_t *y_first, const int16_t *y_weights, Py_ssize_t taps_y, int32_t *restrict row,
                          plane_across_fn plane_across)
{
    for (Py_ssize_t r = 0; r < dst_rows; r++) {
        const int16_t *wy = y_weights + r * taps_y;
        const uint8_t *first = src + (Py_ssize_t)y_first[r] * src_stride;
        for (Py_ssize_t i = 0; i < src_row_items; i++)
            row[i] = (int32_t)wy[0] * first[i];
        for (Py_ssize_t t = 1; t < taps_y; t++) {
            const uint8_t *restrict s = first + t * src_stride;
            int32_t w = wy[t];
            if (w == 0)
                continue;
            for (Py_ssize_t i = 0; i < src_row_items; i++)
                row[i] += w * s[i];
        }
        uint8_t *restrict out = dst + r * dst_stride;
        if (channels == 1) {            /* a plane: the frame path's case */
            plane_across(row, out, dst_width, x_first, x_weights, taps_x, src_row_items);
            continue;
        }
        for (Py_ssize_t x = 0; x < dst_width; x++) {
            const int16_t *wx = x_weights + x * taps_x;
            const int32_t *in = row + (Py_ssize_t)x_first[x] * channels;
            for (Py_ssize_t c = 0; c < channels; c++) {
                int32_t sum = 1 << 21;
                for (Py_ssize_t t = 0; t < taps_x; t++)
                    sum += wx[t] * in[t * channels + c];
                out[x * channels + c] = clamp_u8(sum >> 22);
            }
        }
    }
}

/* One source row filtered across for the two-tap (bilinear) case: slot[x] = w0 * s[first[x]] + w1 * s[first[x] + 1].
 * The scalar loop gathers two bytes per output pixel and does not vectorise; on x86-64 with AVX2 eight
 * outputs take one 32-bit gather (both taps' bytes in each lane, the two bytes beyond unused) and one
 * multiply-add of int16 pairs, the same integer sums. `src_width`: the row's bytes (a gather stays
 * inside it: the last outputs, whose four bytes would pass the row's end, take the scalar loop). */
typedef void (*across_fn)(const uint8_t *, int32_t *, Py_ssize_t, const int32_t *, const int16_t *, Py_ssize_t);

static void across_scalar(const uint8_t *s, int32_t *slot, Py_ssize_t dst_width, const int32_t *x_first,
                          const int16_t *x_weights, Py_ssize_t src_width)
{
    (void)src_width;
    for (Py_ssize_t x = 0; x < dst_width; x++) {
        const uint8_t *in = s + x_first[x];
        slot[x] = x_weights[2 * x] * in[0] + x_weights[2 * x + 1] * in[1];
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
__attribute__((target("avx2")))
static void across_avx2(const uint8_t *s, int32_t *slot, Py_ssize_t dst_width, const int32_t *x_first,
                        const int16_t *x_weights, Py_ssize_t src_width)
{
    const __m256i low_byte = _mm256_set1_epi32(0xFF), second_byte = _mm256_set1_epi32(0xFF00);
    Py_ssize_t x = 0;
    for (; x + 8 <= dst_width && x_first[x + 7] + 4 <= src_width; x += 8) {
        __m256i first = _mm256_loadu_si256((const __m256i *)(x_first + x));
        __m256i bytes = _mm256_i32gather_epi32((const int *)s, first, 1);
        /* (s[first], s[first + 1]) as two int16 in each 32-bit lane, as the weights are laid out */
        __m256i pairs = _mm256_or_si256(_mm256_and_si256(bytes, low_byte),
                                        _mm256_slli_epi32(_mm256_and_si256(bytes, second_byte), 8));
        __m256i weights = _mm256_loadu_si256((const __m256i *)(x_weights + 2 * x));
        _mm256_storeu_si256((__m256i *)(slot + x), _mm256_madd_epi16(pairs, weights));
    }
    across_scalar(s, slot + x, dst_width - x, x_first + x, x_weights + 2 * x, src_width);
}
#endif

/* The rows' filters across for this CPU: AVX2's where it has them (x86-64), else the scalar loops. */
static void choose_across(across_fn *across, plane_across_fn *plane_across)
{
    *across = across_scalar;
    *plane_across = plane_across_scalar;
#if defined(__GNUC__) && defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) {
        *across = across_avx2;
        *plane_across = plane_across_avx2;
    }
#endif
}

/* A plane, bilinear both ways (the vertical canvas's reframe, the monitors): each source row is
 * filtered across once into a two-row cache, then each output row is the vertical mix of two cached
 * rows, a loop the compiler vectorises. Same sums as resample_rows, so the same bytes. */
PIXEL_CLONES
static void bilinear_plane(const uint8_t *src, Py_ssize_t src_stride, Py_ssize_t src_width, uint8_t *dst,
                           Py_ssize_t dst_stride, Py_ssize_t dst_rows, Py_ssize_t dst_width, const int32_t *x_first,
                           const int16_t *x_weights, const int32_t *y_first, const int16_t *y_weights, int32_t *cache,
                           across_fn across)
{
    Py_ssize_t cached[2] = {-1, -1};
    for (Py_ssize_t r = 0; r < dst_rows; r++) {
        int32_t *rows[2];
        for (int k = 0; k < 2; k++) {
            Py_ssize_t y = y_first[r] + k;
            int32_t *slot = cache + (y & 1) * dst_width;
            if (cached[y & 1] != y) {
                across(src + y * src_stride, slot, dst_width, x_first, x_weights, src_width);
                cached[y & 1] = y;
            }
            rows[k] = slot;
        }
        const int32_t *restrict top = rows[0], *restrict bottom = rows[1];
        int32_t w0 = y_weights[2 * r], w1 = y_weights[2 * r + 1];
        uint8_t *restrict out = dst + r * dst_stride;
        for (Py_ssize_t x = 0; x < dst_width; x++)
            out[x] = clamp_u8((w0 * top[x] + w1 * bottom[x] + (1 << 21)) >> 22);
    }
}

static PyObject *resample(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *objs[6];
    if (!PyArg_ParseTuple(args, "OOOOOO:resample", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5]))
        return NULL;
    static const char *names[6] = {"resample: source", "resample: target", "resample: x_first",
                                   "resample: x_weights", "resample: y_first", "resample: y_weights"};
    static const int sizes[6] = {1, 1, 4, 2, 4, 2};
    Py_buffer v[6];
    int got = 0;
    PyObject *result = NULL;
    for (; got < 6; got++)
        if (get_array(objs[got], &v[got], got == 1, sizes[got], names[got]) < 0)
            goto release;
    Py_buffer *src = &v[0], *dst = &v[1];
    Py_ssize_t channels = src->ndim == 3 ? src->shape[2] : 1;
    Py_ssize_t dst_channels = dst->ndim == 3 ? dst->shape[2] : 1;
    Py_ssize_t dst_rows = dst->shape[0], dst_width = dst->ndim >= 2 ? dst->shape[1] : 1;
    Py_ssize_t src_rows = src->shape[0], src_width = src->ndim >= 2 ? src->shape[1] : 1;
    Py_ssize_t taps_x = v[3].ndim == 2 ? v[3].shape[1] : 0, taps_y = v[5].ndim == 2 ? v[5].shape[1] : 0;
    if (src->ndim < 2 || src->ndim != dst->ndim || channels != dst_channels || taps_x < 1 || taps_y < 1
            || v[2].shape[0] != dst_width || v[3].shape[0] != dst_width || v[4].shape[0] != dst_rows
            || v[5].shape[0] != dst_rows || v[2].ndim != 1 || v[4].ndim != 1
            || v[3].strides[0] != taps_x * 2 || v[5].strides[0] != taps_y * 2) {
        PyErr_SetString(PyExc_ValueError, "resample: source, target and tables do not match");
        goto release;
    }
    const int32_t *x_first = v[2].buf, *y_first = v[4].buf;
    for (Py_ssize_t x = 0; x < dst_width; x++)
        if (x_first[x] < 0 || x_first[x] + taps_x > src_width) {
            PyErr_SetString(PyExc_ValueError, "resample: a column outside the source");
            goto release;
        }
    for (Py_ssize_t y = 0; y < dst_rows; y++)
        if (y_first[y] < 0 || y_first[y] + taps_y > src_rows) {
            PyErr_SetString(PyExc_ValueError, "resample: a row outside the source");
            goto release;
        }
    int plane_bilinear = channels == 1 && taps_x == 2 && taps_y == 2;
    int32_t *row = malloc(sizeof(int32_t) * (size_t)(plane_bilinear ? 2 * dst_width : src_width * channels));
    if (row == NULL) {
        PyErr_NoMemory();
        goto release;
    }
    static across_fn across = NULL;
    static plane_across_fn plane_across = NULL;
    if (across == NULL)
        choose_across(&across, &plane_across);
    Py_BEGIN_ALLOW_THREADS
    if (plane_bilinear)
        bilinear_plane(src->buf, src->strides[0], src_width, dst->buf, dst->strides[0], dst_rows, dst_width, x_first,
                       v[3].buf, y_first, v[5].buf, row, across);
    else
        resample_rows(src->buf, src->strides[0], src_width * channels, dst->buf, dst->strides[0], dst_rows,
                      dst_width, channels, x_first, v[3].buf, taps_x, y_first, v[5].buf, taps_y, row, plane_across);
    Py_END_ALLOW_THREADS
    free(row);
    result = Py_None;
    Py_INCREF(result);
release:
    for (int n = 0; n < got; n++)
        PyBuffer_Release(&v[n]);
    return result;
}

/* ---- colour ---------------------------------------------------------------------------------- */

enum { SHIFT = 20, HALF = 1 << (SHIFT - 1) };
enum { CRY = 269484, CGY = 528482, CBY = 102760, CRU = -155188, CGU = -305135, CBU = 460324,
       CGV = -385875, CBV = -74448 };                      /* RGB -> YUV (CRV == CBU) */
enum { CY = 1220542, CUB = 2116026, CUG = -409993, CVG = -852492, CVR = 1673527 };  /* YUV -> RGB */

PIXEL_CLONES
static void bgr_rows_to_i420(const uint8_t *bgr, Py_ssize_t bgr_stride, uint8_t *y_plane, uint8_t *u_plane,
                             uint8_t *v_plane, Py_ssize_t width, Py_ssize_t height)
{
    for (Py_ssize_t r = 0; r < height; r++) {
        const uint8_t *restrict in = bgr + r * bgr_stride;
        uint8_t *restrict out = y_plane + r * width;
        for (Py_ssize_t x = 0; x < width; x++) {
            int32_t b = in[3 * x], g = in[3 * x + 1], red = in[3 * x + 2];
            out[x] = clamp_u8((CRY * red + CGY * g + CBY * b + HALF + (16 << SHIFT)) >> SHIFT);
        }
        if (r & 1)
            continue;
        uint8_t *restrict u = u_plane + (r / 2) * (width / 2), *restrict v = v_plane + (r / 2) * (width / 2);
        for (Py_ssize_t x = 0; x < width / 2; x++) {
            int32_t b = in[6 * x], g = in[6 * x + 1], red = in[6 * x + 2];
            u[x] = clamp_u8((CRU * red + CGU * g + CBU * b + HALF + (128 << SHIFT)) >> SHIFT);
            v[x] = clamp_u8((CBU * red + CGV * g + CBV * b + HALF + (128 << SHIFT)) >> SHIFT);
        }
    }
}

PIXEL_CLONES
static void i420_rows_to_bgr(const uint8_t *y_plane, const uint8_t *u_plane, const uint8_t *v_plane,
                             uint8_t *bgr, Py_ssize_t bgr_stride, Py_ssize_t width, Py_ssize_t height)
{
    for (Py_ssize_t r = 0; r < height; r++) {
        const uint8_t *restrict luma = y_plane + r * width;
        const uint8_t *restrict u = u_plane + (r / 2) * (width / 2), *restrict v = v_plane + (r / 2) * (width / 2);
        uint8_t *restrict out = bgr + r * bgr_stride;
        for (Py_ssize_t x = 0; x < width / 2; x++) {       /* two pixels share their chroma */
            int32_t cu = (int32_t)u[x] - 128, cv = (int32_t)v[x] - 128;
            int32_t blue = HALF + CUB * cu, green = HALF + CVG * cv + CUG * cu, red = HALF + CVR * cv;
            for (int k = 0; k < 2; k++) {
                int32_t value = luma[2 * x + k] - 16;
                int32_t yy = (value < 0 ? 0 : value) * CY;
                uint8_t *pixel = out + 6 * x + 3 * k;
                pixel[0] = clamp_u8((yy + blue) >> SHIFT);
                pixel[1] = clamp_u8((yy + green) >> SHIFT);
                pixel[2] = clamp_u8((yy + red) >> SHIFT);
            }
        }
    }
}

/* (bgr, i420) with bgr (h, w, 3) and i420 a C-contiguous (h * 3 / 2, w), both even sizes. */
static int get_pair(PyObject *args, const char *name, int bgr_writable, Py_buffer *bgr, Py_buffer *i420)
{
    PyObject *first, *second;
    if (!PyArg_ParseTuple(args, "OO", &first, &second))
        return -1;
    PyObject *bgr_obj = bgr_writable ? second : first, *i420_obj = bgr_writable ? first : second;
    if (get_array(bgr_obj, bgr, bgr_writable, 1, name) < 0)
        return -1;
    if (get_array(i420_obj, i420, !bgr_writable, 1, name) < 0) {
        PyBuffer_Release(bgr);
        return -1;
    }
    if (bgr->ndim != 3 || bgr->shape[2] != 3 || i420->ndim != 2 || bgr->shape[0] % 2 || bgr->shape[1] % 2
            || i420->shape[1] != bgr->shape[1] || i420->shape[0] != bgr->shape[0] * 3 / 2
            || i420->strides[0] != i420->shape[1]) {
        PyErr_Format(PyExc_ValueError, "%s: a BGR (h, w, 3) picture and a contiguous I420 (h * 3 / 2, w) one, "
                     "even sizes", name);
        PyBuffer_Release(bgr);
        PyBuffer_Release(i420);
        return -1;
    }
    return 0;
}

static PyObject *bgr_to_i420(PyObject *module, PyObject *args)
{
    (void)module;
    Py_buffer bgr, i420;
    if (get_pair(args, "bgr_to_i420", 0, &bgr, &i420) < 0)
        return NULL;
    Py_ssize_t width = bgr.shape[1], height = bgr.shape[0];
    uint8_t *y = i420.buf, *u = y + width * height, *v = u + width * height / 4;
    Py_BEGIN_ALLOW_THREADS
    bgr_rows_to_i420(bgr.buf, bgr.strides[0], y, u, v, width, height);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bgr);
    PyBuffer_Release(&i420);
    Py_RETURN_NONE;
}

static PyObject *i420_to_bgr(PyObject *module, PyObject *args)
{
    (void)module;
    Py_buffer bgr, i420;
    if (get_pair(args, "i420_to_bgr", 1, &bgr, &i420) < 0)
        return NULL;
    Py_ssize_t width = bgr.shape[1], height = bgr.shape[0];
    const uint8_t *y = i420.buf, *u = y + width * height, *v = u + width * height / 4;
    Py_BEGIN_ALLOW_THREADS
    i420_rows_to_bgr(y, u, v, bgr.buf, bgr.strides[0], width, height);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bgr);
    PyBuffer_Release(&i420);
    Py_RETURN_NONE;
}

/* ---- a layer's premultiplied Y, U, V and alpha (composite_i420.py) -------------------------- */

/* yuva[i] = clamp(rint(matrix . (b, g, r, a))) per pixel, a = 255 - inverse; `matrix` is the 3 x 4
 * premultiplied BT.601 product composite_i420.py uses (its alpha column already divided by 255), in
 * float as NumPy's float32 product computes it (within one level where FMA rounds a tie otherwise). */
PIXEL_CLONES
static void yuva_rows(const uint8_t *bgr, Py_ssize_t bgr_stride, const uint8_t *inv, Py_ssize_t inv_stride,
                      Py_ssize_t inv_step, uint8_t *out, Py_ssize_t out_stride, Py_ssize_t width, Py_ssize_t height,
                      const float *m)
{
    for (Py_ssize_t row = 0; row < height; row++) {
        const uint8_t *restrict s = bgr + row * bgr_stride;
        const uint8_t *restrict k = inv + row * inv_stride;
        uint8_t *restrict d = out + row * out_stride;
        for (Py_ssize_t x = 0; x < width; x++) {
            float b = s[3 * x], g = s[3 * x + 1], r = s[3 * x + 2], a = (float)(255 - k[x * inv_step]);
            for (int c = 0; c < 3; c++) {
                float value = nearbyintf(m[4 * c] * b + m[4 * c + 1] * g + m[4 * c + 2] * r + m[4 * c + 3] * a);
                d[4 * x + c] = (uint8_t)(value < 0.0f ? 0.0f : value > 255.0f ? 255.0f : value);
            }
            d[4 * x + 3] = (uint8_t)a;
        }
    }
}

static PyObject *premultiplied_yuva(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *bgr_obj, *inv_obj, *out_obj;
    float m[12];
    if (!PyArg_ParseTuple(args, "OOO(ffffffffffff):premultiplied_yuva", &bgr_obj, &inv_obj, &out_obj,
                          &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6], &m[7], &m[8], &m[9], &m[10], &m[11]))
        return NULL;
    Py_buffer bgr, inv, out;
    if (get_array(bgr_obj, &bgr, 0, 1, "premultiplied_yuva: bgr") < 0)
        return NULL;
    if (get_array(inv_obj, &inv, 0, 1, "premultiplied_yuva: inverse") < 0) {
        PyBuffer_Release(&bgr);
        return NULL;
    }
    if (get_array(out_obj, &out, 1, 1, "premultiplied_yuva: out") < 0) {
        PyBuffer_Release(&bgr);
        PyBuffer_Release(&inv);
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t height = bgr.ndim == 3 ? bgr.shape[0] : 0, width = bgr.ndim == 3 ? bgr.shape[1] : 0;
    Py_ssize_t inv_step = inv.ndim == 3 ? inv.shape[2] : 1;
    if (bgr.ndim != 3 || bgr.shape[2] != 3 || inv.ndim < 2 || inv.shape[0] != height || inv.shape[1] != width
            || out.ndim != 3 || out.shape[0] != height || out.shape[1] != width || out.shape[2] != 4) {
        PyErr_SetString(PyExc_ValueError, "premultiplied_yuva: bgr (h, w, 3), inverse (h, w[, c]) and out (h, w, 4)");
    } else {
        Py_BEGIN_ALLOW_THREADS
        yuva_rows(bgr.buf, bgr.strides[0], inv.buf, inv.strides[0], inv_step, out.buf, out.strides[0], width, height, m);
        Py_END_ALLOW_THREADS
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&bgr);
    PyBuffer_Release(&inv);
    PyBuffer_Release(&out);
    return result;
}

/* ---- dissolve -------------------------------------------------------------------------------- */

PIXEL_CLONES
static void mix_rows(uint8_t *dst, Py_ssize_t dst_stride, const uint8_t *src, Py_ssize_t src_stride,
                     Py_ssize_t rows, Py_ssize_t row_bytes, uint32_t weight)
{
    for (Py_ssize_t r = 0; r < rows; r++) {
        uint8_t *restrict d = dst + r * dst_stride;
        const uint8_t *restrict s = src + r * src_stride;
        for (Py_ssize_t i = 0; i < row_bytes; i++)
            d[i] = (uint8_t)((d[i] * weight + s[i] * (65536u - weight) + 32768u) >> 16);
    }
}

static PyObject *mix(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *target_obj, *other_obj;
    unsigned int weight;
    if (!PyArg_ParseTuple(args, "OOI:mix", &target_obj, &other_obj, &weight))
        return NULL;
    if (weight > 65536) {
        PyErr_SetString(PyExc_ValueError, "mix: the weight is 0..65536");
        return NULL;
    }
    Py_buffer target, other;
    if (get_array(target_obj, &target, 1, 1, "mix: target") < 0)
        return NULL;
    if (get_array(other_obj, &other, 0, 1, "mix: other") < 0) {
        PyBuffer_Release(&target);
        return NULL;
    }
    Py_ssize_t bytes = target.ndim == 1 ? target.shape[0] : target.shape[1] * (target.ndim == 3 ? target.shape[2] : 1);
    Py_ssize_t other_bytes = other.ndim == 1 ? other.shape[0] : other.shape[1] * (other.ndim == 3 ? other.shape[2] : 1);
    Py_ssize_t rows = target.ndim == 1 ? 1 : target.shape[0];
    PyObject *result = NULL;
    if (target.ndim != other.ndim || bytes != other_bytes || rows != (other.ndim == 1 ? 1 : other.shape[0])) {
        PyErr_SetString(PyExc_ValueError, "mix: target and other differ in size");
    } else {
        Py_BEGIN_ALLOW_THREADS
        mix_rows(target.buf, target.ndim == 1 ? bytes : target.strides[0], other.buf,
                 other.ndim == 1 ? bytes : other.strides[0], rows, bytes, weight);
        Py_END_ALLOW_THREADS
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&target);
    PyBuffer_Release(&other);
    return result;
}

PyMethodDef pixel_methods[] = {
    {"resample", resample, METH_VARARGS,
     "resample(source, target, x_first, x_weights, y_first, y_weights): a separable Q11 filter from "
     "source into target (uint8, (h, w) or (h, w, c)); tables from studio/core/pixels.py."},
    {"bgr_to_i420", bgr_to_i420, METH_VARARGS, "bgr_to_i420(bgr, i420): BT.601 limited range, as OpenCV's."},
    {"i420_to_bgr", i420_to_bgr, METH_VARARGS, "i420_to_bgr(i420, bgr): BT.601 limited range, as OpenCV's."},
    {"premultiplied_yuva", premultiplied_yuva, METH_VARARGS,
     "premultiplied_yuva(bgr, inverse, out, matrix12): a premultiplied layer's Y, U, V and alpha (uint8, h x w x 4)."},
    {"mix", mix, METH_VARARGS,
     "mix(target, other, weight): target = (target * weight + other * (65536 - weight) + 32768) >> 16."},
    {NULL, NULL, 0, NULL},
};
