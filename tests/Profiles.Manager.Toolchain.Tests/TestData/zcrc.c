/* Prints a value computed by zlib, so a run under qemu proves the target's libz.so.1 was loaded. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(void)
{
    static const char text[] = "profiles cross toolchain";
    uLong crc = crc32(0L, (const Bytef *)text, (uInt)strlen(text));
    printf("crc32=%08lx zlib=%s\n", crc, zlibVersion());
    return 0;
}
