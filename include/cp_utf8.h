/* cp_utf8.h - small UTF-8 helpers used across the core and front ends (no normalisation here;
 * the scorer has its own). All offsets are byte offsets unless named "cp" (code points). */
#ifndef CP_UTF8_H
#define CP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool cp_utf8_valid(const char *s, size_t len);
/* Decodes one code point at s (len bytes available); returns its byte length (>=1) and stores
 * the code point, or U+FFFD with length 1 on a malformed sequence. len must be > 0. */
size_t cp_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the byte length. */
size_t cp_utf8_encode(uint32_t cp, char *out);
/* Number of code points in s[0..len). */
size_t cp_utf8_count(const char *s, size_t len);
/* Byte offset of code point index cpi in s (len if beyond the end). */
size_t cp_utf8_offset(const char *s, size_t len, size_t cpi);
/* Byte offset of the start of the code point before byte offset pos (0 if pos is 0). */
size_t cp_utf8_prev(const char *s, size_t pos);
/* Byte offset just after the code point starting at pos (len if pos >= len). */
size_t cp_utf8_next(const char *s, size_t len, size_t pos);
/* Copies s with malformed sequences replaced by U+FFFD into a new heap string (caller frees). */
char *cp_utf8_sanitize(const char *s, size_t len, size_t *outlen);

#endif
