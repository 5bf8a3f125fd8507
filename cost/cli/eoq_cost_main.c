/* eoq-cost: the paper's hardware figures recomputed from the cost tables, side by side with
 * the paper's, and the tables themselves (--list). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "report.h"
#include "synth.h"

static void usage(void)
{
    printf("usage: eoq-cost design ...  (the whole-design estimate from a SystemC run: eoq-cost design --help)\n"
           "       eoq-cost synth ...   (the area model against the RTL's Yosys synthesis: eoq-cost synth --help)\n"
           "       eoq-cost [--profile NAME] [--tables DIR] [--counts FILE] [--elements-per-channel M]\n"
           "                [--json | --list]\n"
           "Prints, each beside the EOQ paper's figure and the ratio ours/paper:\n"
           "  (a) int8 against fp32 multiply and accumulate: speed, power, area (section V-B);\n"
           "  (b) the normalization step, BN against EOQ's scale + bias, forward and backward, for\n"
           "      fp32 int32 fp16 int16 fp8 int8, relative to fp32 BN (Fig. 4);\n"
           "  (c) training memory of ResNet-18 and ResNet-50 at batch 1..128 (Table II).\n"
           "  --profile NAME   a folder under the tables: asic45 (Horowitz 45 nm, default) or fpga_de5\n"
           "                   (calibrated to the paper's DE5-Net ratios)\n"
           "  --tables DIR     the tables folder (default %s)\n"
           "  --counts FILE    operation counts of the normalization step for (b) (default\n"
           "                   DIR/opcounts/normalization.csv, the cheapest BN; normalization_literal.csv\n"
           "                   beside it evaluates the BN formula as written)\n"
           "  --elements-per-channel M   elements one BN channel normalizes in (b) (default 3136,\n"
           "                   one 56x56 feature map at batch 1)\n"
           "  --json           the same figures as one JSON object\n"
           "  --list           every operation, type and metric of the profile with its source, and\n"
           "                   the fitted laws, instead of the reproduction\n"
           "docs/cost.md defines the tables, the laws and every figure.\n",
           EOQ_COST_TABLES_DIR);
}

static void fail(const char *msg)
{
    fprintf(stderr, "eoq-cost: %s\n", msg);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *profile = "asic45", *tables = EOQ_COST_TABLES_DIR, *counts_path = NULL;
    double m = 3136;
    int json = 0, list = 0;
    char err[1024];
    if (argc > 1 && !strcmp(argv[1], "design"))
        return design_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "synth"))
        return synth_main(argc - 1, argv + 1);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) {
            usage();
            return 0;
        }
        if (!strcmp(a, "--json"))
            json = 1;
        else if (!strcmp(a, "--list"))
            list = 1;
        else if (!strcmp(a, "--profile") || !strcmp(a, "--tables") || !strcmp(a, "--counts") ||
                 !strcmp(a, "--elements-per-channel")) {
            if (i + 1 >= argc) {
                snprintf(err, sizeof err, "%s needs a value (eoq-cost --help)", a);
                fail(err);
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--profile"))
                profile = v;
            else if (!strcmp(a, "--tables"))
                tables = v;
            else if (!strcmp(a, "--counts"))
                counts_path = v;
            else {
                char *end;
                errno = 0;
                m = strtod(v, &end);
                if (!*v || *end || errno || !(m >= 1 && m <= 1e12)) {
                    snprintf(err, sizeof err, "--elements-per-channel: expected a number from 1 to 1e12, got '%s'", v);
                    fail(err);
                }
            }
        } else {
            snprintf(err, sizeof err, "unknown option '%s' (eoq-cost --help)", a);
            fail(err);
        }
    }
    if (json && list)
        fail("--json and --list exclude each other");

    cost_profile *p = cost_profile_new();
    cost_paper *paper = malloc(sizeof *paper);
    cost_norm_counts *counts = malloc(sizeof *counts);
    cost_repro *r = malloc(sizeof *r);
    if (!p || !paper || !counts || !r)
        fail("out of memory");
    if (cost_profile_load(tables, profile, p, err, sizeof err))
        fail(err);
    if (list) {
        report_list(stdout, p);
    } else {
        char path[1024];
        snprintf(path, sizeof path, "%s/paper", tables);
        if (cost_paper_load(path, paper, err, sizeof err))
            fail(err);
        if (counts_path)
            snprintf(path, sizeof path, "%s", counts_path);
        else
            snprintf(path, sizeof path, "%s/opcounts/normalization.csv", tables);
        if (cost_norm_load(path, counts, err, sizeof err))
            fail(err);
        if (cost_repro_compute(p, paper, counts, m, r, err, sizeof err))
            fail(err);
        if (json)
            report_json(stdout, p, tables, path, r);
        else
            report_text(stdout, p, tables, path, r);
    }
    if (fflush(stdout) || ferror(stdout))
        fail("cannot write the output");
    free(r);
    free(counts);
    free(paper);
    cost_profile_free(p);
    return 0;
}
