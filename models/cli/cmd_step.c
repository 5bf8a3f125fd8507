/* eoq step: placeholder until the .npy exchange lands (issue 2, item 4). */
#include <stdio.h>
#include "cli/commands.h"

int cmd_step(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "eoq: step: not available in this build yet\n");
    return 2;
}
