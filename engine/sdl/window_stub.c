/* window_stub.c - TEMPORARY until the SDL front end lands (then deleted): reports no display. */
#include "window.h"
int cp_window_run(const cp_window_opts *o) { (void)o; return CP_WINDOW_NO_DISPLAY; }
