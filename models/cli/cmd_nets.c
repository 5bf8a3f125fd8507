/* eoq nets and eoq memory: what the network shapes cost. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "nets/memory_model.h"

static const char *const all_nets[] = {"resnet8", "resnet14", "resnet20", "resnet32", "resnet56",
                                       "resnet110", "resnet18", "resnet34", "resnet50"};

static int build(const char *name, eoq_net_spec *s)
{
    char err[256];
    int imagenet = !strcmp(name, "resnet18") || !strcmp(name, "resnet34") || !strcmp(name, "resnet50");
    if (eoq_net_spec_build(name, imagenet ? 3 : 1, imagenet ? 224 : 28, imagenet ? 224 : 28,
                           imagenet ? 1000 : 10, EOQ_SHORTCUT_SUBSAMPLE, s, err, sizeof err))
        cli_fail("%s", err);
    return 0;
}

int cmd_nets(int argc, char **argv)
{
    if (argc > 1) {
        if (!strcmp(argv[1], "--help")) {
            printf("usage: eoq nets\nLists every network: input, conv layers, blocks, forward MACs per image.\n");
            return 0;
        }
        cli_fail("nets: unexpected argument '%s'", argv[1]);
    }
    printf("%-10s %-11s %5s %6s %14s %s\n", "network", "input", "convs", "blocks", "fwd MACs/img", "use");
    for (size_t i = 0; i < sizeof all_nets / sizeof all_nets[0]; i++) {
        eoq_net_spec s;
        build(all_nets[i], &s);
        char in[24];
        snprintf(in, sizeof in, "%dx%dx%d", s.in_c, s.in_h, s.in_w);
        printf("%-10s %-11s %5d %6d %14lld %s\n", s.name, in, s.nconv, s.nblocks,
               eoq_net_spec_forward_macs(&s), s.trainable ? "train" : "shape/memory");
    }
    return 0;
}

int cmd_memory(int argc, char **argv)
{
    const char *net = "resnet18";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            printf("usage: eoq memory [--net NAME]\n"
                   "Training memory of one step in MB (2^20 bytes) at batch 1..128 for Vanilla-32,\n"
                   "Vanilla-8 (BN networks) and EOQ-8 (no BN), counted from the shapes as\n"
                   "docs/memory.md defines. Default network resnet18 (224x224x3).\n");
            return 0;
        }
        if (!strcmp(argv[i], "--net") && i + 1 < argc)
            net = argv[++i];
        else
            cli_fail("memory: unknown option '%s' (eoq memory --help)", argv[i]);
    }
    eoq_net_spec s;
    build(net, &s);
    printf("| %s | batch 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 |\n|---|---|---|---|---|---|---|---|---|\n", s.name);
    for (int scheme = 0; scheme < 3; scheme++) {
        printf("| %s |", eoq_mem_scheme_name((eoq_mem_scheme)scheme));
        for (int b = 1; b <= 128; b *= 2)
            printf(" %.2f |", eoq_memory_of_step(&s, b, (eoq_mem_scheme)scheme).total / 1048576.0);
        printf("\n");
    }
    return 0;
}
