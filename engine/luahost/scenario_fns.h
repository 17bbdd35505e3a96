/* scenario_fns.h - private to the Lua host: the cp_scenario_host that runs a loaded scenario's
 * `say` and `when` functions (scenario_fns.c), attached by the loader (scenario_load.c). */
#ifndef CP_SCENARIO_FNS_H
#define CP_SCENARIO_FNS_H

#include "cp_scenario.h"

/* Runs say/when functions in the scenario's own sandbox (sc->sb). */
extern const cp_scenario_host cp_lua_scenario_host;

#endif
