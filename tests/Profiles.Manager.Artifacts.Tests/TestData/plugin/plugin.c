/* A stand-in for an nbdkit plugin: one exported entry point, a glibc call with a known symbol
 * version (getrandom is GLIBC_2.25 on every architecture), zlib from the sysroot when USE_ZLIB,
 * and __FILE__, which carries the build path unless -ffile-prefix-map removes it. */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#ifdef _WIN32
#define PLUGIN_EXPORT __declspec(dllexport)
#else
#define PLUGIN_EXPORT __attribute__((visibility("default")))
#include <sys/random.h>
#endif
#ifdef USE_ZLIB
#include <zlib.h>
#endif

static const char where[] = __FILE__;

PLUGIN_EXPORT int plugin_init(void)
{
  unsigned char bytes[4] = { 1, 2, 3, 4 };
#ifndef _WIN32
  if (getrandom(bytes, sizeof bytes, 0) < 0)
    return -1;
#endif
#ifdef USE_ZLIB
  return (int) (crc32(0L, bytes, sizeof bytes) & 0xff) + (int) strlen(where);
#else
  return bytes[0] + (int) strlen(where);
#endif
}
