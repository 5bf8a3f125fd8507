/* Placeholder entry point; the CLI lives in models/cli/ (see models/README.md). */
#include <stdio.h>
int main(void) { fprintf(stderr, "eoq: not built yet\n"); return 1; }
