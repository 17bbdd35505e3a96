/* sdl_keys.c - the one map from SDL keys to the UI model's abstract keys (cp_ui_key), shared by
 * the window (window.c) and the classroom layer (sdl_class.c); and the one table of the keys a
 * --script line "!KEY" presses, which the script driver (window.c) reads and `play --help`
 * lists (cp_window_script_key), so the two cannot drift apart.
 * Must not: act on a key (the callers and the model do) or read modifiers beyond those given. */
#include "sdl_internal.h"

bool win_key_of(SDL_Keycode sym, bool shift, cp_ui_key *key)
{
    switch (sym) {
    case SDLK_RETURN: case SDLK_KP_ENTER: *key = shift ? CP_UI_KEY_NEWLINE : CP_UI_KEY_ENTER; break;
    case SDLK_BACKSPACE: *key = CP_UI_KEY_BACKSPACE; break;
    case SDLK_DELETE: *key = CP_UI_KEY_DELETE; break;
    case SDLK_LEFT: *key = CP_UI_KEY_LEFT; break;
    case SDLK_RIGHT: *key = CP_UI_KEY_RIGHT; break;
    case SDLK_UP: *key = CP_UI_KEY_UP; break;
    case SDLK_DOWN: *key = CP_UI_KEY_DOWN; break;
    case SDLK_HOME: *key = CP_UI_KEY_HOME; break;
    case SDLK_END: *key = CP_UI_KEY_END; break;
    case SDLK_PAGEUP: *key = CP_UI_KEY_PAGEUP; break;
    case SDLK_PAGEDOWN: *key = CP_UI_KEY_PAGEDOWN; break;
    case SDLK_ESCAPE: *key = CP_UI_KEY_ESCAPE; break;
    case SDLK_TAB: *key = shift ? CP_UI_KEY_BACKTAB : CP_UI_KEY_TAB; break;
    case SDLK_F1: *key = CP_UI_KEY_F1; break;
    case SDLK_F2: *key = CP_UI_KEY_F2; break;
    case SDLK_F3: *key = CP_UI_KEY_F3; break;
    case SDLK_F10: *key = CP_UI_KEY_F10; break;
    default: return false;
    }
    return true;
}

/* The keys a script presses, in the order `play --help` lists them, with what they do. */
const win_script_key win_script_keys[] = {
    { "esc", SDLK_ESCAPE, "菜单/返回" }, { "enter", SDLK_RETURN, NULL }, { "tab", SDLK_TAB, NULL },
    { "up", SDLK_UP, NULL }, { "down", SDLK_DOWN, NULL }, { "left", SDLK_LEFT, NULL },
    { "right", SDLK_RIGHT, NULL }, { "home", SDLK_HOME, NULL }, { "end", SDLK_END, NULL },
    { "pgup", SDLK_PAGEUP, NULL }, { "pgdn", SDLK_PAGEDOWN, NULL }, { "pgdown", SDLK_PAGEDOWN, NULL },
    { "backspace", SDLK_BACKSPACE, NULL }, { "delete", SDLK_DELETE, NULL },
    { "space", SDLK_SPACE, "classroom: pause with an empty box" },
    { "f1", SDLK_F1, "hint" }, { "f2", SDLK_F2, "answer again" }, { "f3", SDLK_F3, "progress" },
    { "f4", SDLK_F4, "轮流" }, { "f5", SDLK_F5, "pause to discuss" }, { "f6", SDLK_F6, "案例拆解" },
    { "f7", SDLK_F7, "班组汇总" }, { "f8", SDLK_F8, "班组" }, { "f9", SDLK_F9, "projector" },
    { "f10", SDLK_F10, "案情卡" }, { "f11", SDLK_F11, "fullscreen" },
    { "f12", SDLK_F12, "全班实时进度 (classroom)" },
    { "plus", SDLK_EQUALS, NULL }, { "minus", SDLK_MINUS, NULL }, { "0", SDLK_0, NULL },
    { "v", SDLK_v, NULL }, { "q", SDLK_q, NULL },
};
const size_t win_nscript_keys = sizeof win_script_keys / sizeof win_script_keys[0];

/* The modifiers a script key may carry before its name, in the order they may be written. */
const win_script_mod win_script_mods[] = {
    { "ctrl+", KMOD_LCTRL }, { "shift+", KMOD_LSHIFT }, { "alt+", KMOD_LALT },
};
const size_t win_nscript_mods = sizeof win_script_mods / sizeof win_script_mods[0];

const char *cp_window_script_mod(size_t i)
{
    return i < win_nscript_mods ? win_script_mods[i].name : NULL;
}

const char *cp_window_script_key(size_t i, const char **what)
{
    if (i >= win_nscript_keys)
        return NULL;
    if (what)
        *what = win_script_keys[i].what;
    return win_script_keys[i].name;
}
