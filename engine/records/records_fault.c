/* records_fault.c - what a failed write means for the seat: the kind kept by rec_fail (the
 * drivers classify their own codes: db.h's fault), a plain Chinese sentence naming the cause and
 * whom to tell, and a technical line (file or server, login, SQLite code or SQLSTATE).
 * Must not: speak a database's own API (the drivers do); decide what a front end does next. */
#include "records_int.h"

#include <stdio.h>
#include <string.h>

cp_db_fault cp_records_fault(const cp_records *db)
{
    return db ? (cp_db_fault)db->fault.kind : CP_DBERR_NONE;
}

bool cp_records_fault_needs_person(cp_db_fault kind)
{
    return kind == CP_DBERR_FULL || kind == CP_DBERR_DENIED || kind == CP_DBERR_AUTH ||
           kind == CP_DBERR_RESOURCE;
}

cp_db_fault cp_records_fault_text(const cp_records *db, const char *subject, char *zh, size_t zn,
                                  char *tech, size_t tn)
{
    cp_db_fault kind = cp_records_fault(db);
    if (zn)
        zh[0] = '\0';
    if (tn)
        tech[0] = '\0';
    if (kind == CP_DBERR_NONE)
        return kind;
    const rec_fault *f = &db->fault;
    bool server = strcmp(db->c->drv->name, "sqlite") != 0;
    const char *what = subject && *subject ? subject : "这条回答";
    const char *role = f->role[0] ? f->role : "未知";
    const char *kept = "回答保留在本机，不会丢失";
    switch (kind) {
    case CP_DBERR_FULL:
        snprintf(zh, zn, server
                 ? "记录服务器的磁盘空间已满，%s还没有保存。请通知培训师或管理员清理服务器空间；%s。"
                 : "本机磁盘（记录文件所在的磁盘）空间已满，%s还没有保存。请通知培训师或管理员清理磁盘空间；%s。",
                 what, kept);
        break;
    case CP_DBERR_DENIED:
        if (server && f->rls)
            snprintf(zh, zn, "记录服务器拒绝了这次写入：本机账号（角色 %s）只能记录它所绑定的学员，%s还没有"
                             "保存。请核对学员工号，或通知管理员核对本机账号的授权（counterpart centre "
                             "grant）；%s。", role, what, kept);
        else if (server)
            snprintf(zh, zn, "记录服务器拒绝了本机的写入权限（角色 %s），%s还没有保存。请通知管理员为本机"
                             "账号授权（counterpart centre grant）；%s。", role, what, kept);
        else
            snprintf(zh, zn, "记录文件不允许本机写入（文件只读，或本机账号没有写权限），%s还没有保存。请通知"
                             "管理员检查记录文件及其文件夹的权限；%s。", what, kept);
        break;
    case CP_DBERR_AUTH:
        snprintf(zh, zn, "记录服务器拒绝本机账号登录（角色 %s）：密码不对或账号已停用，%s还没有保存。请通知"
                         "管理员核对本机的密码文件；%s。", role, what, kept);
        break;
    case CP_DBERR_RESOURCE:
        snprintf(zh, zn, "记录服务器资源不足（内存、连接数或临时空间），%s还没有保存。请稍候重试，反复出现"
                         "请通知管理员；%s。", what, kept);
        break;
    case CP_DBERR_CONN:
        snprintf(zh, zn, "与记录服务器的连接中断，%s还没有保存；%s。", what, kept);
        break;
    case CP_DBERR_LOCKED:
        snprintf(zh, zn, "记录库正被另一个程序占用，%s还没有保存；%s。", what, kept);
        break;
    default:
        snprintf(zh, zn, "记录库出错，%s还没有保存。请通知培训师或管理员；%s。", what, kept);
        break;
    }
    if (server)
        snprintf(tech, tn, "技术信息：记录服务器 %s，登录角色 %s，%s：%s", db->path, role,
                 f->code[0] ? f->code : "无 SQLSTATE", f->detail);
    else
        snprintf(tech, tn, "技术信息：记录文件 %s，SQLite %s：%s", db->path, f->code, f->detail);
    return kind;
}
