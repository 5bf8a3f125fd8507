#include "cost_design.h"

#include <stdio.h>
#include <string.h>

#include "cost_csv.h"
#include "cost_width.h"
#include "cost_widths.h"

int cost_design_tables(const char *profile_dir, cost_design *d, char *err, size_t errlen)
{
    static const char *const header[] = {"key", "value", "source"};
    char path[1024];
    snprintf(path, sizeof path, "%s/design.csv", profile_dir);
    cost_csv c;
    if (cost_csv_open(&c, path, header, 3, err, errlen))
        return -1;
    int have = 0, r;
    while ((r = cost_csv_next(&c, err, errlen)) == 1) {
        if (strcmp(c.field[0], "sram_um2_per_bit")) {
            cost_csv_fail(&c, err, errlen, "unknown key '%s' (known: sram_um2_per_bit)", c.field[0]);
            r = -1;
            break;
        }
        if (cost_csv_number(&c, 1, "value", &d->sram_um2_per_bit, err, errlen)) {
            r = -1;
            break;
        }
        if (!(d->sram_um2_per_bit > 0)) {
            cost_csv_fail(&c, err, errlen, "sram_um2_per_bit must be positive");
            r = -1;
            break;
        }
        have = 1;
    }
    cost_csv_close(&c);
    if (r < 0)
        return -1;
    if (!have) {
        snprintf(err, errlen, "%s: no row 'sram_um2_per_bit'", path);
        return -1;
    }
    return 0;
}

/* The event counts the SystemC model gives per unit (docs/sim.md, Report and event counts). */
typedef struct {
    double macs, mac_slots, acc64_adds, muls, adds, shifts, compares, prng_draws;
} unit_events;

static int read_events(const cost_json *sim, const char *unit, unit_events *e, char *err, size_t errlen)
{
    static const char *const names[] = {"macs",   "mac_slots", "acc64_adds", "muls",
                                        "adds",   "shifts",    "compares",   "prng_draws"};
    double *dst[] = {&e->macs, &e->mac_slots, &e->acc64_adds, &e->muls, &e->adds, &e->shifts, &e->compares, &e->prng_draws};
    for (int i = 0; i < 8; i++) {
        char key[128];
        snprintf(key, sizeof key, "units.%s.events.%s", unit, names[i]);
        if (cost_json_num(sim, key, dst[i], err, errlen))
            return -1;
        if (!(*dst[i] >= 0)) {
            snprintf(err, errlen, "negative count at '%s'", key);
            return -1;
        }
    }
    return 0;
}

static int op_area(const cost_profile *p, cost_op op, cost_dtype t, double *a, char *err, size_t errlen)
{
    return cost_op_value(p, op, t, COST_AREA, a, err, errlen);
}

/* The area of one lane made of the listed operations, all of type t except where tt says. */
static int lane_area(const cost_profile *p, const cost_op *ops, const cost_dtype *types, int n, double *a, char *err,
                     size_t errlen)
{
    *a = 0;
    for (int i = 0; i < n; i++) {
        double v;
        if (op_area(p, ops[i], types[i], &v, err, errlen))
            return -1;
        *a += v;
    }
    return 0;
}

/* The int8 design's operations at its designed widths (rtl/units/eoq_widths.vh, docs/rtl.md
 * "Single sources"): the PE multiplies an int8 row operand by an int16 column operand into an
 * int32 accumulator; the vector lanes multiply 32-bit operands (x2, gamma, the learning-rate
 * mantissa: stored parameters, EOQ_W_CLAMP) into 64-bit mantissas that they add, shift and
 * compare; the array's requantizer shifts and clamps the int32 sums. */
static const cost_width w_pe = {EOQ_W_ROW_OP, EOQ_W_COL_OP, EOQ_W_ACC};
static const cost_width w_lane_mult = {EOQ_W_CLAMP, EOQ_W_CLAMP, 0};
static const cost_width w_mant = {EOQ_W_MANT, EOQ_W_MANT, 0};
static const cost_width w_acc = {EOQ_W_ACC, EOQ_W_ACC, 0};

static int width_sum(const cost_profile *p, const cost_op *ops, cost_width w, int n, cost_metric m, double *v,
                     char *err, size_t errlen)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        double x;
        if (cost_width_value(p, ops[i], w, m, &x, err, errlen))
            return -1;
        *v += x;
    }
    return 0;
}

int cost_design_lane_areas(const cost_profile *p, cost_design_lanes *l, char *err, size_t errlen)
{
    static const cost_op ash[] = {COST_ADD, COST_SHIFT, COST_COMPARE};
    double mult, mant_asc, mant_sc;
    if (cost_width_value(p, COST_MAC, w_pe, COST_AREA, &l->pe, err, errlen) ||
        width_sum(p, ash + 1, w_acc, 2, COST_AREA, &l->requant_lane, err, errlen) ||
        cost_width_value(p, COST_MULT, w_lane_mult, COST_AREA, &mult, err, errlen) ||
        width_sum(p, ash, w_mant, 3, COST_AREA, &mant_asc, err, errlen) ||
        width_sum(p, ash + 1, w_mant, 2, COST_AREA, &mant_sc, err, errlen))
        return -1;
    l->ss_lane = mult + mant_asc;
    l->sq_lane = mult + mant_sc;
    l->upd_lane = mant_asc; /* the write-back sum p 2^align + u is a 64-bit mantissa too */
    return 0;
}

typedef enum { U_CMD, U_DMA, U_MAC, U_SS, U_SQ, U_UPD, U_N } unit_id;
static const char *const unit_names[U_N] = {"cmd_proc", "dma", "mac_array", "scale_shift", "sq_unit", "update_unit"};

/* The unit a command kind computes on (docs/sim.md, Commands): its share of that unit's
 * operation energy follows its cycles. ALIGN_ADD runs on two units and takes a share of both. */
static int kind_uses(const char *kind, unit_id u)
{
    if (!strncmp(kind, "CONV_", 5))
        return u == U_MAC;
    if (!strcmp(kind, "SCALE_SHIFT") || !strcmp(kind, "BWD_MASK") || !strcmp(kind, "REDUCE_SUM"))
        return u == U_SS;
    if (!strcmp(kind, "SQ"))
        return u == U_SQ;
    if (!strcmp(kind, "ALIGN_ADD"))
        return u == U_SQ || u == U_SS;
    if (!strcmp(kind, "WRITEBACK"))
        return u == U_UPD;
    return 0;
}

static void add_part(cost_design_side *s, const char *name, double energy, double area)
{
    if (s->npart >= COST_DESIGN_MAXPART)
        return;
    cost_design_part *q = &s->part[s->npart++];
    snprintf(q->name, sizeof q->name, "%s", name);
    q->energy = energy;
    q->area = area;
    s->energy += energy;
    s->area += area;
}

int cost_design_compute(const cost_profile *p, const cost_norm_counts *counts, const cost_json *sim,
                        const cost_json *hw, double bn_channels, cost_design *d, char *err, size_t errlen)
{
    double um2_bit = d->sram_um2_per_bit;
    memset(d, 0, sizeof *d);
    d->sram_um2_per_bit = um2_bit;

    double lanes[U_N] = {0}, total_cycles, ok_dummy;
    (void)ok_dummy;
    if (cost_json_num(hw, "params.array_rows", &d->rows, err, errlen) ||
        cost_json_num(hw, "params.array_cols", &d->cols, err, errlen) ||
        cost_json_num(hw, "params.clock_mhz", &d->clock_mhz, err, errlen) ||
        cost_json_num(hw, "params.scale_shift_lanes", &lanes[U_SS], err, errlen) ||
        cost_json_num(hw, "params.sq_lanes", &lanes[U_SQ], err, errlen) ||
        cost_json_num(hw, "params.update_lanes", &lanes[U_UPD], err, errlen))
        return -1;
    if (!(d->rows >= 1 && d->cols >= 1 && d->clock_mhz > 0 && lanes[U_SS] >= 1 && lanes[U_SQ] >= 1 &&
          lanes[U_UPD] >= 1)) {
        snprintf(err, errlen, "hardware JSON: array_rows, array_cols, clock_mhz and the lanes must be positive");
        return -1;
    }
    /* The run must be of this design: a mismatch means the two files do not belong together. */
    static const char *const same[] = {"array_rows", "array_cols", "clock_mhz", "scale_shift_lanes", "sq_lanes",
                                       "update_lanes", "act_sram_bytes", "wgt_sram_bytes", "err_sram_bytes",
                                       "acc_sram_bytes"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        char k1[96], k2[96];
        double a, b;
        snprintf(k1, sizeof k1, "params.%s", same[i]);
        snprintf(k2, sizeof k2, "config.%s", same[i]);
        if (cost_json_num(hw, k1, &a, err, errlen) || cost_json_num(sim, k2, &b, err, errlen))
            return -1;
        if (a != b) {
            snprintf(err, errlen, "the run's config has %s = %.0f but the hardware JSON has %.0f", same[i], b, a);
            return -1;
        }
    }
    if (cost_json_num(sim, "total_cycles", &total_cycles, err, errlen) ||
        cost_json_num(sim, "dram.beats", &d->dram_beats, err, errlen))
        return -1;
    if (!(total_cycles > 0)) {
        snprintf(err, errlen, "simulation JSON: total_cycles must be positive");
        return -1;
    }

    unit_events ev[U_N];
    for (int u = 0; u < U_N; u++)
        if (read_events(sim, unit_names[u], &ev[u], err, errlen))
            return -1;
    d->macs = ev[U_MAC].macs;
    d->mac_slots = ev[U_MAC].mac_slots;
    /* The array's C-lane requantizer shifts every forward conv output once: exactly the
     * elements a BN network normalizes (one BN after every convolution). */
    d->bn_elements = ev[U_MAC].shifts;
    d->bn_channels = bn_channels;
    for (int op = 0; op < COST_NOP; op++) {
        double e, c, pe, pc;
        cost_norm_sum(counts, COST_NORM_BN, COST_NORM_FORWARD, (cost_op)op, &e, &c);
        cost_norm_sum(counts, COST_NORM_BN, COST_NORM_BACKWARD, (cost_op)op, &pe, &pc);
        d->bn_elem[op] = e + pe;
        d->bn_chan[op] = c + pc;
        cost_norm_sum(counts, COST_NORM_EOQ, COST_NORM_FORWARD, (cost_op)op, &e, &c);
        cost_norm_sum(counts, COST_NORM_EOQ, COST_NORM_BACKWARD, (cost_op)op, &pe, &pc);
        d->eoq_elem[op] = e + pe;
    }

    /* Operation energy per unit, both designs. The int8 design's at its designed widths: the
     * MAC array's adds, shifts and compares (its requantizer) on the int32 sums, the vector
     * units' on 64-bit mantissas; an int64 accumulator add is two int32 adds (carry chained),
     * a xorshift32 draw 3 shifts and 3 adds of its 32-bit state. */
    double e_eoq[U_N] = {0}, e_fp[U_N] = {0};
    const int prng_bits = cost_dtype_get(COST_INT32)->p;
    for (int u = 0; u < U_N; u++) {
        const unit_events *x = &ev[u];
        const cost_width vec = u == U_SS || u == U_SQ || u == U_UPD ? w_mant : w_acc;
        const struct {
            cost_op op;
            cost_width w;
            double count;
        } oe[] = {
            {COST_MAC, w_pe, x->macs},
            {COST_ADD, w_acc, 2 * x->acc64_adds},
            {COST_MULT, w_lane_mult, x->muls},
            {COST_ADD, vec, x->adds},
            {COST_SHIFT, vec, x->shifts},
            {COST_COMPARE, vec, x->compares},
            {COST_ADD, cost_width_one(prng_bits), 3 * x->prng_draws},
            {COST_SHIFT, cost_width_one(prng_bits), 3 * x->prng_draws},
        };
        cost_totals t;
        e_eoq[u] = 0;
        for (size_t i = 0; i < sizeof oe / sizeof *oe; i++) {
            double e;
            if (oe[i].count > 0) {
                if (cost_width_value(p, oe[i].op, oe[i].w, COST_ENERGY, &e, err, errlen))
                    return -1;
                e_eoq[u] += oe[i].count * e;
            }
        }

        cost_op_count of[8 + COST_NOP];
        size_t n = 0;
        if (u == U_MAC) {
            of[n++] = (cost_op_count){COST_MAC, COST_FP32, x->macs};
            of[n++] = (cost_op_count){COST_ADD, COST_FP32, x->acc64_adds};
        } else if (u == U_SS) {
            of[n++] = (cost_op_count){COST_MULT, COST_FP32, x->muls};
            of[n++] = (cost_op_count){COST_ADD, COST_FP32, x->adds};
            of[n++] = (cost_op_count){COST_COMPARE, COST_FP32, x->compares};
            for (int op = 0; op < COST_NOP; op++) {
                double extra = (d->bn_elem[op] - d->eoq_elem[op]) * d->bn_elements;
                if (bn_channels > 0)
                    extra += d->bn_chan[op] * bn_channels;
                if (extra > 0)
                    of[n++] = (cost_op_count){(cost_op)op, COST_FP32, extra};
            }
        } else if (u == U_SQ) {
            of[n++] = (cost_op_count){COST_MULT, COST_FP32, x->muls};
        } else if (u == U_UPD) {
            of[n++] = (cost_op_count){COST_ADD, COST_FP32, x->adds};
        }
        if (cost_price(p, of, n, NULL, 0, &t, err, errlen))
            return -1;
        e_fp[u] = t.energy;
    }

    /* Areas: the array, the vector units by lanes. */
    double a_eoq[U_N] = {0}, a_fp[U_N] = {0}, a;
    cost_design_lanes l;
    if (cost_design_lane_areas(p, &l, err, errlen))
        return -1;
    a_eoq[U_MAC] = d->rows * d->cols * l.pe + d->cols * l.requant_lane;
    a_eoq[U_SS] = lanes[U_SS] * l.ss_lane;
    a_eoq[U_SQ] = lanes[U_SQ] * l.sq_lane;
    a_eoq[U_UPD] = lanes[U_UPD] * l.upd_lane;
    if (op_area(p, COST_MAC, COST_FP32, &a, err, errlen))
        return -1;
    a_fp[U_MAC] = d->rows * d->cols * a;
    {
        const cost_op o[] = {COST_MULT, COST_ADD, COST_COMPARE};
        const cost_dtype t[] = {COST_FP32, COST_FP32, COST_FP32};
        if (lane_area(p, o, t, 3, &a, err, errlen))
            return -1;
        a_fp[U_SS] = lanes[U_SS] * a;
        const cost_op o2[] = {COST_SQRT, COST_DIV};
        if (lane_area(p, o2, t, 2, &a, err, errlen))
            return -1;
        a_fp[U_SS] += a; /* one square root and one divider: per channel, not per element */
        if (lane_area(p, o, t, 1, &a, err, errlen))
            return -1;
        a_fp[U_SQ] = lanes[U_SQ] * a;
        if (lane_area(p, o + 1, t, 1, &a, err, errlen))
            return -1;
        a_fp[U_UPD] = lanes[U_UPD] * a;
    }
    static const char *const fp_names[U_N] = {"cmd_proc", "dma", "mac_array", "bn_unit", "grad_scale", "update_unit"};
    for (int u = U_MAC; u < U_N; u++) {
        add_part(&d->eoq, unit_names[u], e_eoq[u], a_eoq[u]);
        add_part(&d->fp, fp_names[u], e_fp[u], a_fp[u]);
    }

    /* SRAM buffers: energy per byte moved, area by capacity; the fp32 design holds the same
     * elements at 4 bytes each. */
    const char *bufs[COST_DESIGN_MAXPART];
    int nb = cost_json_keys(sim, "sram", bufs, COST_DESIGN_MAXPART);
    if (nb < 0) {
        snprintf(err, errlen, "simulation JSON: no object 'sram'");
        return -1;
    }
    for (int b = 0; b < nb; b++) {
        if (!strcmp(bufs[b], "scalar_regs"))
            continue; /* 64 bytes of registers: not an SRAM */
        char k[128];
        double bytes, rd, wr;
        snprintf(k, sizeof k, "sram.%s.bytes", bufs[b]);
        if (cost_json_num(sim, k, &bytes, err, errlen))
            return -1;
        snprintf(k, sizeof k, "sram.%s.read_bytes", bufs[b]);
        if (cost_json_num(sim, k, &rd, err, errlen))
            return -1;
        snprintf(k, sizeof k, "sram.%s.write_bytes", bufs[b]);
        if (cost_json_num(sim, k, &wr, err, errlen))
            return -1;
        if (!(bytes > 0 && rd >= 0 && wr >= 0)) {
            snprintf(err, errlen, "simulation JSON: sram.%s: sizes and byte counts must be positive", bufs[b]);
            return -1;
        }
        for (int side = 0; side < 2; side++) {
            double w = side ? 4 : 1, kb = bytes * w / 1024;
            cost_mem_count m[] = {{COST_SRAM_READ, kb, COST_INT8, rd * w}, {COST_SRAM_WRITE, kb, COST_INT8, wr * w}};
            cost_totals t;
            if (cost_price(p, NULL, 0, m, 2, &t, err, errlen))
                return -1;
            add_part(side ? &d->fp : &d->eoq, bufs[b], t.energy, bytes * w * 8 * um2_bit);
        }
    }
    double drd, dwr;
    if (cost_json_num(sim, "dram.read_bytes", &drd, err, errlen) ||
        cost_json_num(sim, "dram.write_bytes", &dwr, err, errlen))
        return -1;
    for (int side = 0; side < 2; side++) {
        double w = side ? 4 : 1;
        cost_mem_count m[] = {{COST_DRAM_READ, 0, COST_INT8, drd * w}, {COST_DRAM_WRITE, 0, COST_INT8, dwr * w}};
        cost_totals t;
        if (cost_price(p, NULL, 0, m, 2, &t, err, errlen))
            return -1;
        add_part(side ? &d->fp : &d->eoq, "dram", t.energy, 0);
    }

    /* Time: the fp32 design moves 4x the DRAM beats (taken as fully exposed: an upper bound)
     * and its BN makes two extra passes over every normalized element (statistics before the
     * forward normalization, the two sums before the backward dx) on the BN unit's lanes. */
    d->dram_extra_cycles = 3 * d->dram_beats;
    d->bn_extra_cycles = 2 * d->bn_elements / lanes[U_SS];
    d->eoq.cycles = total_cycles;
    d->fp.cycles = total_cycles + d->dram_extra_cycles + d->bn_extra_cycles;
    int pj = !strcmp(p->unit[COST_ENERGY], "pJ");
    cost_design_side *sides[2] = {&d->eoq, &d->fp};
    for (int s = 0; s < 2; s++) {
        sides[s]->time_s = sides[s]->cycles / (d->clock_mhz * 1e6);
        sides[s]->power_w = sides[s]->energy * (pj ? 1e-12 : 1) / sides[s]->time_s;
    }

    /* Per command kind: cycles from the run; operation energy of each unit shared among the
     * kinds computing on it by their cycles, memory energy among all kinds by their cycles. */
    const char *kinds[COST_DESIGN_MAXKIND];
    int nk = cost_json_keys(sim, "ops", kinds, COST_DESIGN_MAXKIND);
    if (nk < 0) {
        snprintf(err, errlen, "simulation JSON: no object 'ops'");
        return -1;
    }
    double unit_cycles[U_N] = {0}, all_cycles = 0;
    for (int k = 0; k < nk; k++) {
        cost_design_kind *K = &d->kind[d->nkind++];
        snprintf(K->kind, sizeof K->kind, "%s", kinds[k]);
        char key[128];
        snprintf(key, sizeof key, "ops.%s.count", kinds[k]);
        if (cost_json_num(sim, key, &K->count, err, errlen))
            return -1;
        snprintf(key, sizeof key, "ops.%s.cycles", kinds[k]);
        if (cost_json_num(sim, key, &K->cycles, err, errlen))
            return -1;
        all_cycles += K->cycles;
        for (int u = 0; u < U_N; u++)
            if (kind_uses(K->kind, (unit_id)u))
                unit_cycles[u] += K->cycles;
    }
    double mem_eoq = d->eoq.energy, mem_fp = d->fp.energy;
    for (int u = U_MAC; u < U_N; u++) {
        mem_eoq -= e_eoq[u];
        mem_fp -= e_fp[u];
    }
    for (int k = 0; k < d->nkind; k++) {
        cost_design_kind *K = &d->kind[k];
        if (all_cycles > 0) {
            K->energy_eoq = mem_eoq * K->cycles / all_cycles;
            K->energy_fp = mem_fp * K->cycles / all_cycles;
        }
        for (int u = 0; u < U_N; u++)
            if (kind_uses(K->kind, (unit_id)u) && unit_cycles[u] > 0) {
                K->energy_eoq += e_eoq[u] * K->cycles / unit_cycles[u];
                K->energy_fp += e_fp[u] * K->cycles / unit_cycles[u];
            }
    }
    return 0;
}
