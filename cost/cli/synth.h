#ifndef EOQ_COST_SYNTH_CLI_H
#define EOQ_COST_SYNTH_CLI_H
/* `eoq-cost synth`: the area model against the RTL's Yosys synthesis (docs/cost.md). */
int synth_main(int argc, char **argv); /* argv[0] is "synth" */

#endif
