/* model.c - the learned layer's weights: load, save, predict, train (FTRL-proximal).
 * File format (little-endian): "CPMODEL1", u32 bits, u32 ncrit, then per criterion u16 idlen,
 * id bytes, f32 bias, u32 nnz, nnz x (u32 index, f32 weight) in rising index order; then the
 * u64 FNV-1a of every byte before it. Any other shape is refused with the file and the reason.
 * Must not: know Lua, SDL or records; allocate while predicting. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cp_model *md_new(unsigned bits, size_t ncrit)
{
    cp_model *m = cp_xcalloc(1, sizeof *m);
    m->bits = bits;
    if (ncrit > MD_MAX_CRIT)
        ncrit = MD_MAX_CRIT;
    m->stride = (ncrit + 3) & ~(size_t)3;
    if (m->stride == 0)
        m->stride = 4;
    m->W = cp_xcalloc(((size_t)1 << bits) * m->stride, sizeof *m->W);
    return m;
}

int md_add(cp_model *m, const char *id)
{
    if (m->n >= m->stride)
        return -1;
    md_crit *c = &m->c[m->n];
    c->id = cp_xstrdup(id);
    c->bias = 0;
    return (int)m->n++;
}

void md_set(cp_model *m, size_t ci, const float *w, float bias)
{
    size_t dim = (size_t)1 << m->bits;
    for (size_t k = 0; k < dim; k++)
        m->W[k * m->stride + ci] = w[k];
    m->c[ci].bias = bias;
}

void md_free(cp_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->c[i].id);
    free(m->W);
    free(m);
}

int md_find(const cp_model *m, const char *id)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (strcmp(m->c[i].id, id) == 0)
            return (int)i;
    return -1;
}

void md_logits(const cp_model *m, const sc_feat *f, size_t n, float *z)
{
    float acc[MD_MAX_CRIT];
    for (size_t c = 0; c < m->stride; c++)
        acc[c] = 0;
    for (size_t i = 0; i < n; i++) {
        const float *row = m->W + (size_t)f[i].h * m->stride;
        float v = f[i].v;
        for (size_t c = 0; c < m->stride; c++)
            acc[c] += row[c] * v;
    }
    for (size_t c = 0; c < m->n; c++)
        z[c] = acc[c] + m->c[c].bias;
}

double md_logit_dense(const float *w, float bias, const sc_feat *f, size_t n)
{
    double z = bias;
    for (size_t i = 0; i < n; i++)
        z += (double)w[f[i].h] * f[i].v;
    return z;
}

/* ---- File ---- */

typedef struct rd {
    const unsigned char *p;
    size_t n, at;
    bool bad;
} rd;

static uint32_t rd_u32(rd *r)
{
    if (r->at + 4 > r->n) {
        r->bad = true;
        return 0;
    }
    const unsigned char *p = r->p + r->at;
    r->at += 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rd_f32(rd *r)
{
    uint32_t u = rd_u32(r);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void put(cp_strlist *unused, unsigned char **buf, size_t *n, size_t *cap, const void *d,
                size_t len)
{
    (void)unused;
    if (*n + len > *cap) {
        *cap = (*n + len) * 2;
        *buf = cp_xrealloc(*buf, *cap);
    }
    memcpy(*buf + *n, d, len);
    *n += len;
}

static void put_u32(unsigned char **b, size_t *n, size_t *cap, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    put(NULL, b, n, cap, x, 4);
}

static void put_f32(unsigned char **b, size_t *n, size_t *cap, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    put_u32(b, n, cap, u);
}

int md_save(cp_model *m, const char *path, cp_error *err)
{
    unsigned char *b = NULL;
    size_t n = 0, cap = 0;
    put(NULL, &b, &n, &cap, "CPMODEL1", 8);
    put_u32(&b, &n, &cap, m->bits);
    put_u32(&b, &n, &cap, (uint32_t)m->n);
    size_t dim = (size_t)1 << m->bits;
    for (size_t i = 0; i < m->n; i++) {
        const md_crit *c = &m->c[i];
        uint16_t il = (uint16_t)strlen(c->id);
        unsigned char l2[2] = { (unsigned char)il, (unsigned char)(il >> 8) };
        put(NULL, &b, &n, &cap, l2, 2);
        put(NULL, &b, &n, &cap, c->id, il);
        put_f32(&b, &n, &cap, c->bias);
        uint32_t nnz = 0;
        for (size_t k = 0; k < dim; k++)
            nnz += md_w(m, i, (uint32_t)k) != 0.0f;
        put_u32(&b, &n, &cap, nnz);
        for (size_t k = 0; k < dim; k++)
            if (md_w(m, i, (uint32_t)k) != 0.0f) {
                put_u32(&b, &n, &cap, (uint32_t)k);
                put_f32(&b, &n, &cap, md_w(m, i, (uint32_t)k));
            }
    }
    uint64_t h = cp_hash64(b, n);
    put_u32(&b, &n, &cap, (uint32_t)h);
    put_u32(&b, &n, &cap, (uint32_t)(h >> 32));
    snprintf(m->version, sizeof m->version, "%016llx", (unsigned long long)h);
    int rc = cp_write_file_atomic(path, b, n, err);
    free(b);
    return rc;
}

cp_model *md_load(const char *path, cp_error *err)
{
    size_t len;
    char *data = cp_read_file(path, MD_MAX_BYTES, &len, err);
    if (!data)
        return NULL;
    rd r = { (const unsigned char *)data, len, 0, false };
    cp_model *m = NULL;
    const char *why = NULL;
    if (len < 8 + 8 + 8 || memcmp(data, "CPMODEL1", 8) != 0) {
        why = "not a Counterpart model file (bad magic)";
        goto fail;
    }
    uint64_t want = cp_hash64(data, len - 8);
    uint64_t got = (uint64_t)((const unsigned char *)data)[len - 8];
    for (int k = 1; k < 8; k++)
        got |= (uint64_t)((const unsigned char *)data)[len - 8 + k] << (8 * k);
    if (want != got) {
        why = "checksum mismatch: the file is damaged or was edited";
        goto fail;
    }
    r.n = len - 8;
    r.at = 8;
    unsigned bits = rd_u32(&r);
    uint32_t nc = rd_u32(&r);
    if (r.bad || bits < 8 || bits > 24 || nc > MD_MAX_CRIT) {
        why = "bad header (bits or criterion count out of range)";
        goto fail;
    }
    m = md_new(bits, nc);
    for (uint32_t i = 0; i < nc; i++) {
        if (r.at + 2 > r.n) {
            why = "truncated";
            goto fail;
        }
        size_t il = (size_t)r.p[r.at] | (size_t)r.p[r.at + 1] << 8;
        r.at += 2;
        if (il == 0 || il > 128 || r.at + il > r.n) {
            why = "bad criterion id";
            goto fail;
        }
        char id[130];
        memcpy(id, r.p + r.at, il);
        id[il] = '\0';
        r.at += il;
        int ci = md_add(m, id);
        m->c[ci].bias = rd_f32(&r);
        uint32_t nnz = rd_u32(&r);
        if (r.bad || nnz > (1u << bits)) {
            why = "bad weight count";
            goto fail;
        }
        long prev = -1;
        for (uint32_t k = 0; k < nnz; k++) {
            uint32_t ix = rd_u32(&r);
            float wv = rd_f32(&r);
            if (r.bad || ix >= (1u << bits) || (long)ix <= prev || !isfinite(wv)) {
                why = "bad weight entry";
                goto fail;
            }
            prev = (long)ix;
            m->W[(size_t)ix * m->stride + (size_t)ci] = wv;
        }
        if (!isfinite(m->c[ci].bias)) {
            why = "bad bias";
            goto fail;
        }
    }
    if (r.at != r.n) {
        why = "trailing bytes after the last criterion";
        goto fail;
    }
    snprintf(m->version, sizeof m->version, "%016llx", (unsigned long long)got);
    free(data);
    return m;
fail:
    cp_error_set(err, path, 0, "scorer model: %s", why);
    md_free(m);
    free(data);
    return NULL;
}

/* ---- Training: FTRL-proximal, per coordinate, L1 + L2 ---- */

md_params md_default_params(void)
{
    /* chosen by 5-fold cross-validation on the development corpus (mean kappa over criteria):
     * l1 0.1 .7604, 0.3 .7666, 1 .7783, 2 .7864, 3 .7773; alpha 0.1-0.5 and l2 0.3-3 within .01 */
    md_params p = { .alpha = 0.3, .beta = 1.0, .l1 = 2.0, .l2 = 1.0, .epochs = 12, .seed = 12333 };
    return p;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double ftrl_w(double z, double nn, const md_params *p)
{
    if (fabs(z) <= p->l1)
        return 0;
    double sgn = z < 0 ? -1 : 1;
    return -(z - sgn * p->l1) / ((p->beta + sqrt(nn)) / p->alpha + p->l2);
}

void md_train(float *wout, float *bias, unsigned bits, const md_example *ex, size_t n,
              const md_params *p)
{
    size_t dim = (size_t)1 << bits;
    /* one extra coordinate for the bias */
    double *z = cp_xcalloc(dim + 1, sizeof *z);
    double *nn = cp_xcalloc(dim + 1, sizeof *nn);
    size_t *order = cp_xmalloc((n ? n : 1) * sizeof *order);
    uint64_t seed = p->seed;
    md_params q0 = *p;   /* the bias is not L1-shrunk: it carries the base rate */
    q0.l1 = 0;
    for (int ep = 0; ep < p->epochs; ep++) {
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        for (size_t i = n; i > 1; i--) {   /* Fisher-Yates with a fixed generator */
            size_t j = (size_t)(splitmix(&seed) % i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t oi = 0; oi < n; oi++) {
            const md_example *e = &ex[order[oi]];
            double zz = ftrl_w(z[dim], nn[dim], &q0);
            for (size_t k = 0; k < e->nf; k++)
                zz += ftrl_w(z[e->f[k].h], nn[e->f[k].h], p) * e->f[k].v;
            if (zz > 35) zz = 35;
            if (zz < -35) zz = -35;
            double pr = 1.0 / (1.0 + exp(-zz));
            double g = (pr - e->y) * e->weight;
            /* bias */
            {
                double w = ftrl_w(z[dim], nn[dim], &q0);
                double sg = (sqrt(nn[dim] + g * g) - sqrt(nn[dim])) / p->alpha;
                z[dim] += g - sg * w;
                nn[dim] += g * g;
            }
            for (size_t k = 0; k < e->nf; k++) {
                uint32_t h = e->f[k].h;
                double gi = g * e->f[k].v;
                double w = ftrl_w(z[h], nn[h], p);
                double sg = (sqrt(nn[h] + gi * gi) - sqrt(nn[h])) / p->alpha;
                z[h] += gi - sg * w;
                nn[h] += gi * gi;
            }
        }
    }
    for (size_t k = 0; k < dim; k++)
        wout[k] = (float)ftrl_w(z[k], nn[k], p);
    *bias = (float)ftrl_w(z[dim], nn[dim], &q0);
    free(z);
    free(nn);
    free(order);
}
