/* eoq-cost synth: options, loading, the one-line errors and the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost_synth.h"
#include "cost_widths.h"
#include "synth.h"

static void synth_usage(void)
{
    printf("usage: eoq-cost synth --synth-json FILE [--hw-json FILE] [--profile NAME] [--tables DIR]\n"
           "Compares the RTL's Yosys synthesis (rtl/synth/synth_units.py --json FILE; the build target\n"
           "eoq_rtl_synth writes BUILD/rtl/synth_default.json) with the cost model's area of the same\n"
           "units: the PE, the R x C MAC array, the scale-shift unit and the SQ unit. For each it prints\n"
           "the synthesized transistors and GE (= transistors / 4), the model's area composed as\n"
           "`eoq-cost design` composes it, both relative to the PE, and the ratio synthesis / model of\n"
           "the relative sizes (generic gates are not a process-node area: only relative sizes compare).\n"
           "docs/cost.md, \"Cross-check against the RTL's synthesis\", explains every ratio outside 0.5..2.\n"
           "  --synth-json FILE  the synthesis report (all four units)\n"
           "  --hw-json FILE     eoq-hwcfg CONFIG --json of the same design: its array_rows, array_cols,\n"
           "                     scale_shift_lanes and sq_lanes must equal the synthesized R, C, LANES\n"
           "  --profile NAME     cost tables profile for the model's areas (default asic45)\n"
           "  --tables DIR       the tables folder (default %s)\n",
           EOQ_COST_TABLES_DIR);
}

/* Everything synth_main allocates, freed on every exit (the sanitizer build checks for leaks). */
static cost_profile *g_p;
static cost_json *g_synth, *g_hw;

static void release(void)
{
    cost_json_free(g_synth);
    cost_json_free(g_hw);
    cost_profile_free(g_p);
    g_synth = g_hw = NULL;
    g_p = NULL;
}

static void sfail(const char *msg)
{
    fprintf(stderr, "eoq-cost synth: %s\n", msg);
    release();
    exit(2);
}

static void print_table(FILE *out, const cost_profile *p, const char *synth_path, const cost_synth *s)
{
    char what[COST_SYNTH_N][40];
    snprintf(what[COST_SYNTH_PE], sizeof what[0], "1 PE");
    snprintf(what[COST_SYNTH_ARRAY], sizeof what[0], "%.0fx%.0f PEs", s->rows, s->cols);
    snprintf(what[COST_SYNTH_SS], sizeof what[0], "%.0f lanes", s->ss_lanes);
    snprintf(what[COST_SYNTH_SQ], sizeof what[0], "%.0f lanes", s->sq_lanes);
    fprintf(out, "Area model (profile %s) against the RTL's synthesis (%s, %s)\n", p->name, s->tool, synth_path);
    fprintf(out, "design: %.0fx%.0f MAC array, %.0f scale-shift lanes, %.0f SQ lanes\n\n", s->rows, s->cols,
            s->ss_lanes, s->sq_lanes);
    fprintf(out, "%-12s %-12s %14s %14s %14s %12s %12s %12s\n", "unit", "size", "transistors", "GE",
            "model area", "synth / PE", "model / PE", "synth/model");
    char unit[40];
    snprintf(unit, sizeof unit, "(%s)", p->unit[COST_AREA]);
    fprintf(out, "%-12s %-12s %14s %14s %14s\n", "", "", "", "", unit);
    for (int u = 0; u < COST_SYNTH_N; u++) {
        const cost_synth_row *r = &s->row[u];
        fprintf(out, "%-12s %-12s %14.0f %14.1f %14.1f %12.4f %12.4f %12.4f\n", cost_synth_unit_names[u], what[u],
                r->transistors, r->ge, r->model_area, r->rel_synth, r->rel_model, r->ratio);
    }
    fprintf(out,
            "\nModel, at the designed widths (rtl/units/eoq_widths.vh): PE = mac %dx%d bits into %d (mult %dx%d +\n"
            "add %d); array = R C PEs + C requantizer lanes (shift, compare %d); scale-shift lane = mult %dx%d +\n"
            "add, shift, compare %d; SQ lane = mult %dx%d + shift, compare %d. A width that is no profile type\n"
            "is priced by the profile's rules and scaling laws (cost/lib/cost_width.c); docs/cost.md, \"Cross-\n"
            "check against the RTL's synthesis\", explains the ratios.\n",
            EOQ_W_ROW_OP, EOQ_W_COL_OP, EOQ_W_ACC, EOQ_W_ROW_OP, EOQ_W_COL_OP, EOQ_W_ACC, EOQ_W_ACC, EOQ_W_CLAMP,
            EOQ_W_CLAMP, EOQ_W_MANT, EOQ_W_CLAMP, EOQ_W_CLAMP, EOQ_W_MANT);
}

int synth_main(int argc, char **argv)
{
    const char *synth_path = NULL, *hw_path = NULL, *profile = "asic45", *tables = EOQ_COST_TABLES_DIR;
    char err[1200];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) {
            synth_usage();
            return 0;
        }
        if (strcmp(a, "--synth-json") && strcmp(a, "--hw-json") && strcmp(a, "--profile") && strcmp(a, "--tables")) {
            snprintf(err, sizeof err, "unknown option '%s' (eoq-cost synth --help)", a);
            sfail(err);
        }
        if (i + 1 >= argc) {
            snprintf(err, sizeof err, "%s needs a value (eoq-cost synth --help)", a);
            sfail(err);
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--synth-json"))
            synth_path = v;
        else if (!strcmp(a, "--hw-json"))
            hw_path = v;
        else if (!strcmp(a, "--profile"))
            profile = v;
        else
            tables = v;
    }
    if (!synth_path)
        sfail("--synth-json is required (eoq-cost synth --help)");

    cost_profile *p = g_p = cost_profile_new();
    if (!p)
        sfail("out of memory");
    if (cost_profile_load(tables, profile, p, err, sizeof err))
        sfail(err);
    cost_json *synth = g_synth = cost_json_load(synth_path, err, sizeof err);
    if (!synth)
        sfail(err);
    cost_json *hw = NULL;
    if (hw_path && !(hw = g_hw = cost_json_load(hw_path, err, sizeof err)))
        sfail(err);
    cost_synth s;
    if (cost_synth_compute(p, synth, synth_path, hw, hw_path, &s, err, sizeof err))
        sfail(err);
    print_table(stdout, p, synth_path, &s);
    if (fflush(stdout) || ferror(stdout))
        sfail("cannot write the output");
    release();
    return 0;
}
