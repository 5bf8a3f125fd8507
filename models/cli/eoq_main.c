/* eoq: the golden model's command line. Each subcommand lives in its own cmd_*.c file. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *what;
} commands[] = {
    {"train", cmd_train, "train a network (eoq8, fixup32, bn32, wageubn8) on IDX data"},
    {"step", cmd_step, "one training step from .npy parameters and batch; dump every intermediate"},
    {"nets", cmd_nets, "list the networks with their conv count and MACs"},
    {"memory", cmd_memory, "training memory per batch size (the paper's Table II analog)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: eoq COMMAND [options]   (eoq COMMAND --help for its options)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "eoq: unknown command '%s' (eoq --help)\n", argv[1]);
    return 2;
}
