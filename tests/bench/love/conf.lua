-- conf.lua - the LÖVE 11.4 side of `make bench-window` (bench only; LÖVE is not a dependency).
-- A 1280x800 window like Counterpart's, with only the modules the screen needs (no audio,
-- joystick, physics or video), so LÖVE's start-up is measured at its leanest.
function love.conf(t)
    t.identity = nil
    t.appendidentity = false
    t.version = "11.4"
    t.console = false
    t.window.title = "社保窗口服务对练 · LÖVE"
    t.window.width = 1280
    t.window.height = 800
    t.window.resizable = true
    t.window.vsync = 0
    t.window.highdpi = true
    t.modules.audio = false
    t.modules.sound = false
    t.modules.joystick = false
    t.modules.physics = false
    t.modules.video = false
    t.modules.touch = false
    t.modules.thread = false
end
