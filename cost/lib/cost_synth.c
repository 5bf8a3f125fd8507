#include "cost_synth.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const cost_synth_unit_names[COST_SYNTH_N] = {"pe", "mac_array", "scale_shift", "sq"};

/* A count in the synthesis JSON: a finite whole number >= min. */
static int whole(const cost_json *j, const char *path, const char *key, double min, double *out, char *err,
                 size_t errlen)
{
    if (cost_json_num(j, key, out, err, errlen))
        return -1;
    if (!(isfinite(*out) && *out >= min && *out == floor(*out) && *out <= 1e15)) {
        snprintf(err, errlen, "%s: '%s' must be a whole number >= %.0f, got %g", path, key, min, *out);
        return -1;
    }
    return 0;
}

/* Reads one unit's transistors and checks they are the script's sum (gates + flip-flops), so a
 * hand-edited or truncated report is refused rather than compared. */
static int read_unit(const cost_json *j, const char *path, const char *unit, double ff_tr, double *tr, char *err,
                     size_t errlen)
{
    char key[96];
    double comb, ffs;
    snprintf(key, sizeof key, "units.%s", unit);
    if (cost_json_keys(j, key, NULL, 0) < 0) {
        snprintf(err, errlen, "%s: no unit '%s' (synth_units.py --units pe,mac_array,scale_shift,sq writes all four)",
                 path, unit);
        return -1;
    }
    snprintf(key, sizeof key, "units.%s.transistors", unit);
    if (whole(j, path, key, 1, tr, err, errlen))
        return -1;
    snprintf(key, sizeof key, "units.%s.transistors_combinational", unit);
    if (whole(j, path, key, 0, &comb, err, errlen))
        return -1;
    snprintf(key, sizeof key, "units.%s.flip_flops", unit);
    if (whole(j, path, key, 0, &ffs, err, errlen))
        return -1;
    if (*tr != comb + ff_tr * ffs) {
        snprintf(err, errlen,
                 "%s: unit '%s' has %.0f transistors, not transistors_combinational + ff_transistors x flip_flops "
                 "= %.0f",
                 path, unit, *tr, comb + ff_tr * ffs);
        return -1;
    }
    return 0;
}

/* A synthesized parameter against the hardware JSON's. */
static int agree(const cost_json *hw, const char *hw_path, const char *synth_path, const char *what, double v,
                 const char *hw_key, char *err, size_t errlen)
{
    char key[96];
    double h;
    snprintf(key, sizeof key, "params.%s", hw_key);
    if (cost_json_num(hw, key, &h, err, errlen))
        return -1;
    if (h != v) {
        snprintf(err, errlen, "%s synthesizes %s = %.0f but %s has %s = %.0f", synth_path, what, v, hw_path, hw_key, h);
        return -1;
    }
    return 0;
}

int cost_synth_compute(const cost_profile *p, const cost_json *synth, const char *synth_path, const cost_json *hw,
                       const char *hw_path, cost_synth *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    const char *tool = cost_json_str(synth, "tool");
    if (!tool) {
        snprintf(err, errlen, "%s: no string 'tool' (not a synth_units.py report?)", synth_path);
        return -1;
    }
    snprintf(s->tool, sizeof s->tool, "%s", tool);
    double ff_tr;
    if (whole(synth, synth_path, "ff_transistors", 1, &ff_tr, err, errlen))
        return -1;
    for (int u = 0; u < COST_SYNTH_N; u++)
        if (read_unit(synth, synth_path, cost_synth_unit_names[u], ff_tr, &s->row[u].transistors, err, errlen))
            return -1;
    if (whole(synth, synth_path, "units.mac_array.parameters.R", 1, &s->rows, err, errlen) ||
        whole(synth, synth_path, "units.mac_array.parameters.C", 1, &s->cols, err, errlen) ||
        whole(synth, synth_path, "units.scale_shift.parameters.LANES", 1, &s->ss_lanes, err, errlen) ||
        whole(synth, synth_path, "units.sq.parameters.LANES", 1, &s->sq_lanes, err, errlen))
        return -1;
    if (hw && (agree(hw, hw_path, synth_path, "mac_array R", s->rows, "array_rows", err, errlen) ||
               agree(hw, hw_path, synth_path, "mac_array C", s->cols, "array_cols", err, errlen) ||
               agree(hw, hw_path, synth_path, "scale_shift LANES", s->ss_lanes, "scale_shift_lanes", err, errlen) ||
               agree(hw, hw_path, synth_path, "sq LANES", s->sq_lanes, "sq_lanes", err, errlen)))
        return -1;

    /* The model's areas of the same hardware, composed as the whole-design estimate does. */
    cost_design_lanes l;
    if (cost_design_lane_areas(p, &l, err, errlen))
        return -1;
    s->row[COST_SYNTH_PE].model_area = l.pe;
    s->row[COST_SYNTH_ARRAY].model_area = s->rows * s->cols * l.pe + s->cols * l.requant_lane;
    s->row[COST_SYNTH_SS].model_area = s->ss_lanes * l.ss_lane;
    s->row[COST_SYNTH_SQ].model_area = s->sq_lanes * l.sq_lane;
    for (int u = 0; u < COST_SYNTH_N; u++) {
        cost_synth_row *r = &s->row[u];
        r->ge = r->transistors / 4;
        r->rel_synth = r->transistors / s->row[COST_SYNTH_PE].transistors;
        r->rel_model = r->model_area / s->row[COST_SYNTH_PE].model_area;
        r->ratio = r->rel_synth / r->rel_model;
    }
    return 0;
}
