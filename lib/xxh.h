/*
 * Where the xxHash code comes from. On x86 the system libxxhash exports
 * runtime-dispatching entry points (SSE2/AVX2/AVX512 chosen once per
 * process); xxh_x86dispatch.h maps the plain names onto them. Elsewhere
 * (and for WebAssembly, which defines VLD_XXH_INLINE) the same header is
 * compiled in.
 */
#ifndef VLD_XXH_H
#define VLD_XXH_H

#if defined(VLD_XXH_INLINE)
#define XXH_INLINE_ALL
#include <xxhash.h>
#else
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <xxh_x86dispatch.h>
#endif
#endif

#endif
