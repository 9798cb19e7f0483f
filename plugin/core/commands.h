/* core-seal: the /seal command (Pidgin and Finch). */
#ifndef SEAL_COMMANDS_H
#define SEAL_COMMANDS_H

void seal_commands_register(void);
void seal_commands_unregister(void);

#endif
