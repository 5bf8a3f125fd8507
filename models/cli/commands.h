#ifndef EOQ_CLI_COMMANDS_H
#define EOQ_CLI_COMMANDS_H
/* One function per `eoq` subcommand; argv[0] is the subcommand's name. */
int cmd_train(int argc, char **argv);
int cmd_nets(int argc, char **argv);
int cmd_memory(int argc, char **argv);
int cmd_step(int argc, char **argv);
#endif
