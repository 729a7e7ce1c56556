/* Links only -lpng16: libpng16.so.16 itself needs libz.so.1, which ld must find in the sysroot
   (-rpath-link) without it being named on the command line. */
#include <stdio.h>
#include <png.h>

int main(void)
{
    printf("libpng=%s vernum=%lu\n", png_get_libpng_ver(NULL), (unsigned long)png_access_version_number());
    return 0;
}
