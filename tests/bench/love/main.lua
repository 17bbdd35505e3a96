-- main.lua - LÖVE 11.4 drawing the same dialogue screen as Counterpart's first dialogue frame
-- (tests/bench/bench_window.c launches it): the title bar, the citizen's card with a face,
-- name, description and two meters, the citizen's line in a bubble, three numbered reference
-- choices, the reply box with its placeholder, the key help; the same Noto Sans CJK file at
-- the same pixel sizes. Writes "love: first frame" to stderr right after the first present,
-- then quits (LOVE_BENCH_STAY=1 keeps it open).
local font_path = os.getenv("LOVE_BENCH_FONT") or "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
local fonts = {}

local function load_font_data(path)
    if love.filesystem.getInfo("ui.ttc") then
        return love.filesystem.newFileData("ui.ttc")
    end
    local f = assert(io.open(path, "rb"))
    local bytes = f:read("a")
    f:close()
    return love.filesystem.newFileData(bytes, "ui.ttc")
end

function love.load()
    local data = load_font_data(font_path)
    fonts.small = love.graphics.newFont(data, 18)
    fonts.body = love.graphics.newFont(data, 23)
    fonts.large = love.graphics.newFont(data, 27)
end

local function rgb(hex)
    return { tonumber(hex:sub(1, 2), 16) / 255, tonumber(hex:sub(3, 4), 16) / 255,
             tonumber(hex:sub(5, 6), 16) / 255 }
end

local TEAL, PAPER, CARD, INK, GREY, RED, SLATE =
    rgb("2A6B70"), rgb("E9EDEC"), rgb("F6F8F8"), rgb("1F2A2C"), rgb("6E7B7D"), rgb("C9573A"), rgb("7E9396")

local function text(font, colour, s, x, y, wrap)
    love.graphics.setFont(font)
    love.graphics.setColor(colour)
    if wrap then love.graphics.printf(s, x, y, wrap, "left") else love.graphics.print(s, x, y) end
end

local function box(colour, x, y, w, h, r)
    love.graphics.setColor(colour)
    love.graphics.rectangle("fill", x, y, w, h, r or 0, r or 0)
end

function love.draw()
    love.graphics.clear(PAPER)
    box(TEAL, 0, 0, 1280, 56)
    text(fonts.large, { 1, 1, 1 }, "第三趟还没办成的退休申领", 24, 10)
    text(fonts.body, { 1, 1, 1 }, "练习模式 · 已答 0 轮", 1040, 14)
    -- the citizen's card: portrait, name, description, meters
    box({ 1, 1, 1 }, 20, 76, 340, 664, 14)
    box(rgb("DDE6E8"), 36, 92, 308, 338)
    love.graphics.setColor(rgb("4E6B5A")); love.graphics.ellipse("fill", 190, 430, 150, 80)
    love.graphics.setColor(rgb("F0C8A0")); love.graphics.circle("fill", 190, 270, 75)
    love.graphics.setColor(rgb("A0A0A0")); love.graphics.arc("fill", 190, 240, 72, math.pi, 2 * math.pi)
    love.graphics.setColor(INK); love.graphics.circle("line", 160, 262, 20); love.graphics.circle("line", 220, 262, 20)
    text(fonts.small, INK, "神情：生气", 234, 396)
    text(fonts.large, INK, "王建华 · 60岁", 36, 450)
    text(fonts.small, GREY, "退休工人，来办理退休待遇申领，已经跑了三趟", 36, 488, 308)
    text(fonts.body, INK, "情绪", 36, 604); text(fonts.small, GREY, "很激动 75", 266, 608)
    box(rgb("E4E8E8"), 36, 640, 308, 14, 7); box(RED, 36, 640, 231, 14, 7)
    text(fonts.body, INK, "信任", 36, 666); text(fonts.small, GREY, "不信任 25", 266, 670)
    box(rgb("E4E8E8"), 36, 702, 308, 14, 7); box(SLATE, 36, 702, 77, 14, 7)
    -- the conversation: the citizen's line in a bubble
    box(CARD, 380, 76, 880, 304, 14)
    love.graphics.setColor(TEAL); love.graphics.rectangle("line", 400, 92, 726, 96, 12, 12)
    text(fonts.body, INK, "你们这儿到底怎么回事？我这是第三趟了！上回说缺这个，这回又说缺那个。我六十岁的人了，经得起这么来回折腾吗？", 418, 106, 690)
    -- reference choices
    text(fonts.small, GREY, "参考选项：按数字键选择，或直接输入自己的回答", 384, 396)
    local choices = {
        "王师傅，跑了三趟，真是辛苦您了，给您添麻烦了，对不起。您先坐下慢慢说，前两次是怎么跟您讲的？",
        "您好，请把身份证和材料给我，我看看还缺什么。",
        "材料不全当然办不了，规定就是规定。你自己没带齐，下次带齐了再来。",
    }
    local y = 422
    for i, c in ipairs(choices) do
        local h = i == 1 and 86 or 52
        box({ 1, 1, 1 }, 380, y, 880, h, 10)
        love.graphics.setColor(TEAL); love.graphics.circle("fill", 408, y + h / 2, 16)
        text(fonts.body, { 1, 1, 1 }, tostring(i), 401, y + h / 2 - 15)
        text(fonts.body, INK, c, 440, y + 10, 780)
        y = y + h + 8
    end
    -- the reply box, the send button, the key help
    box({ 1, 1, 1 }, 380, 648, 754, 92, 12)
    love.graphics.setColor(TEAL); love.graphics.rectangle("line", 380, 648, 754, 92, 12, 12)
    text(fonts.body, GREY, "输入你的回答，或按数字键选参考选项（Enter 发送）", 396, 662)
    box(rgb("9FBFC2"), 1146, 692, 114, 48, 10)
    text(fonts.body, { 1, 1, 1 }, "发送 ⏎", 1164, 700)
    box(rgb("DCE2E2"), 0, 760, 1280, 40)
    text(fonts.small, INK, "Enter 发送　Shift+Enter 换行　F1 提示　F10 案情卡　PgUp/PgDn 翻看对话　Esc 菜单　F11 全屏　Ctrl+加号/减号 字号", 24, 769)
end

function love.run()
    love.load(love.arg.parseGameArguments(arg), arg)
    local shown = false
    return function()
        love.event.pump()
        for name in love.event.poll() do
            if name == "quit" then return 0 end
        end
        love.graphics.origin()
        love.draw()
        love.graphics.present()
        if not shown then
            shown = true
            io.stderr:write("love: first frame\n")
            io.stderr:flush()
            if os.getenv("LOVE_BENCH_STAY") ~= "1" then return 0 end
        end
        love.timer.sleep(0.01)
    end
end
