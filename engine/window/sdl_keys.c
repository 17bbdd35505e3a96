/* sdl_keys.c - the one map from SDL keys to the UI model's abstract keys (cp_ui_key), shared by
 * the window (window.c) and the classroom layer (sdl_class.c).
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
