#ifndef EOQ_COST_DESIGN_H
#define EOQ_COST_DESIGN_H
/* The whole-design estimate (docs/cost.md, Whole-design estimate): a SystemC run's event
 * counts (eoq-sim --json) and the hardware configuration (eoq-hwcfg --json) priced as the int8
 * EOQ accelerator, against a float32 BN accelerator with the same MAC array running the same
 * network. Every price goes through cost_price(). */
#include <stddef.h>

#include "cost_json.h"
#include "cost_norm.h"
#include "cost_price.h"

#define COST_DESIGN_MAXPART 16
#define COST_DESIGN_MAXKIND 32

typedef struct {
    char name[32];
    double energy, area; /* profile units (pJ, um2 for asic45) */
} cost_design_part;

typedef struct {
    char kind[32];
    double count, cycles;
    double energy_eoq, energy_fp; /* apportioned (docs/cost.md) */
} cost_design_kind;

typedef struct {
    double cycles, time_s, energy, power_w, area;
    int npart;
    cost_design_part part[COST_DESIGN_MAXPART];
} cost_design_side;

typedef struct {
    double clock_mhz, macs, mac_slots, rows, cols;
    double bn_elements, bn_channels;   /* normalized elements of one step, their channels */
    double bn_elem[COST_NOP], bn_chan[COST_NOP]; /* BN fwd+bwd ops per element / per channel */
    double eoq_elem[COST_NOP];         /* EOQ's scale + bias fwd+bwd ops per element */
    double dram_beats, dram_extra_cycles, bn_extra_cycles;
    double sram_um2_per_bit;
    cost_design_side eoq, fp;
    int nkind;
    cost_design_kind kind[COST_DESIGN_MAXKIND];
} cost_design;

/* The int8 EOQ design's areas per unit of hardware at its designed widths (rtl/units/
 * eoq_widths.vh), as the whole-design estimate composes them (docs/cost.md, section 9): one PE
 * (an 8 x 16-bit MAC into 32 bits), one of the array's C requantizer lanes (32-bit shift +
 * compare), one lane of the scale-shift (32 x 32 mult + 64-bit add, shift, compare), SQ
 * (32 x 32 mult + 64-bit shift, compare) and update (64-bit add, shift, compare) units. The
 * whole-design estimate and the synthesis cross-check (cost_synth.h) both use these. */
typedef struct {
    double pe, requant_lane, ss_lane, sq_lane, upd_lane; /* profile area units */
} cost_design_lanes;

int cost_design_lane_areas(const cost_profile *p, cost_design_lanes *l, char *err, size_t errlen);

/* Reads TABLES/PROFILE/design.csv (key,value,source). 0, or -1 naming the file and row. */
int cost_design_tables(const char *profile_dir, cost_design *d, char *err, size_t errlen);

/* bn_channels < 0: unknown, the per-channel BN operations are left out (and said so). */
int cost_design_compute(const cost_profile *p, const cost_norm_counts *counts, const cost_json *sim,
                        const cost_json *hw, double bn_channels, cost_design *d, char *err, size_t errlen);

#endif
