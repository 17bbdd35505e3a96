/* cp_sign.h - tamper evidence for exported files: an Ed25519 signature (libsodium) carried inside
 * the file, in a place its readers ignore:
 *   JSON / xAPI  a last top-level member "signature"
 *   CSV          a last row whose first cell is "签名"
 *   PDF          a comment line after %%EOF
 *   XLSX         a stored member counterpart-signature.xml appended last
 * The signature covers the file's bytes without the signature (format-specific, exact rule) and
 * short hashes of at most 16 groups of lines (text formats and PDF; one line per group in short
 * files) or of each ZIP member (XLSX), so `counterpart verify` can say valid, or name what
 * changed (line N or lines N-M, sheet X, PDF objects); the block stays a few hundred bytes.
 * Exact block, message and embedding rules: docs/signatures.md.
 * The key pair is made once per installation (secret key file mode 0600) and the public key can
 * be exported for assessors who verify on another machine. Knows nothing of SDL. */
#ifndef CP_SIGN_H
#define CP_SIGN_H

#include "cp_bytes.h"
#include "cp_common.h"

typedef enum cp_sign_format {
    CP_FMT_JSON, CP_FMT_CSV, CP_FMT_XLSX, CP_FMT_PDF, CP_FMT_XAPI, CP_FMT_UNKNOWN
} cp_sign_format;

/* Format from a file name's extension (.json .csv .xlsx .pdf; .xapi.json is xAPI). */
cp_sign_format cp_sign_format_of(const char *path);

typedef struct cp_signer cp_signer;

/* Default key file: $COUNTERPART_KEY, else $XDG_DATA_HOME/counterpart/signing.key, else
 * ~/.local/share/counterpart/signing.key. */
int cp_sign_default_path(char *buf, size_t size, cp_error *err);
/* Loads the key pair from path, creating it (and its folder) when missing. A file that is not
 * a key, or readable by others, is an error naming it (never overwritten). */
cp_signer *cp_signer_open(const char *path, cp_error *err);
void cp_signer_free(cp_signer *s);
/* The public key as text ("ed25519:<base64>") and its short fingerprint (16 hex digits). */
const char *cp_signer_public(const cp_signer *s);
const char *cp_signer_fingerprint(const cp_signer *s);

/* Fingerprint (16 hex digits + NUL) of a public key given as text; -1 when it is not one. */
int cp_sign_fingerprint_of(const char *public_text, char out[17]);

/* Signs the bytes in b (a complete file of format fmt) and embeds the signature; b is replaced
 * by the signed file. -1 with err when the bytes are not a valid fmt file or already carry a
 * signature (strip it first with cp_sign_strip). A CSV or PDF not ending in a newline gets one
 * ("\r\n" / "\n") before signing. */
int cp_sign_embed(const cp_signer *s, cp_sign_format fmt, cp_bytes *b, cp_error *err);
/* The same for a file on disk, signed in place: read once through a read-only mapping (memory
 * stays flat whatever its size), then the block written after the content (XLSX: the member
 * where the central directory was, the directory after it). For files a renderer just wrote:
 * the format's shape is checked at its ends only. -1 with err naming the file. */
int cp_sign_embed_file(const cp_signer *s, cp_sign_format fmt, const char *path, cp_error *err);
/* Appends to out the file data[0..len) without its signature (the signed content, exactly).
 * Returns 1 when a signature was removed, 0 when there was none (out gets the bytes as they
 * are), -1 with err when a signature block is there but not where the rules put it.
 * fmt CP_FMT_UNKNOWN: guessed from the bytes. */
int cp_sign_strip(const unsigned char *data, size_t len, cp_sign_format fmt, cp_bytes *out,
                  cp_error *err);

typedef enum cp_verify_status {
    CP_VERIFY_VALID,        /* signature good and made by a trusted key */
    CP_VERIFY_UNTRUSTED,    /* signature good, but by a key that is not the trusted one */
    CP_VERIFY_CHANGED,      /* content differs from what was signed (report names where) */
    CP_VERIFY_UNSIGNED,     /* no signature found */
    CP_VERIFY_BROKEN        /* the signature block itself was altered or cannot be read */
} cp_verify_status;

typedef struct cp_verify_report {
    cp_verify_status status;
    char key_fingerprint[17];   /* key that signed (when readable) */
    char signed_at[32];         /* ISO 8601 time in the block */
    char what[2048];            /* human-readable: what changed, one item per line */
} cp_verify_report;

/* Verifies data[0..len) of format fmt (CP_FMT_UNKNOWN: guessed from the bytes).
 * trusted_public: "ed25519:<base64>" keys to trust, separated by spaces, commas or newlines
 * (NULL = any valid signature counts as UNTRUSTED). Returns 0 with rep filled (any status), -1
 * with err only when verification could not run. */
int cp_sign_verify(const unsigned char *data, size_t len, cp_sign_format fmt,
                   const char *trusted_public, cp_verify_report *rep, cp_error *err);
/* The same for the file at path, read in windows through a read-only mapping whose pages are
 * dropped once read: memory stays flat whatever the file's size. -1 with err (naming the file)
 * when it cannot be opened or is not a regular file. */
int cp_sign_verify_file(const char *path, cp_sign_format fmt, const char *trusted_public,
                        cp_verify_report *rep, cp_error *err);

#endif
