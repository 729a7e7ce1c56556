/* A minimal shared library: two exported functions, one of them calling libc so the
   result has a C library dependency (NEEDED libc.so.6, or an msvcrt.dll import). */
#include <stdio.h>

#if defined(_WIN32)
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

EXPORT int profiles_answer(void)
{
    return 42;
}

EXPORT int profiles_describe(char *buffer, size_t size)
{
    return snprintf(buffer, size, "answer=%d", profiles_answer());
}
