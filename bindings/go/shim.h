/* C trampolines from libvalidate's callbacks into the exported Go
 * functions; the user pointer carries a runtime/cgo.Handle value. */
#ifndef VLDGO_SHIM_H
#define VLDGO_SHIM_H
#include <libvalidate.h>
#include <stdint.h>

vld_status vldgo_set_progress(vld_ctx *ctx, uintptr_t handle);
vld_status vldgo_set_chunk_check(vld_ctx *ctx, uintptr_t handle);
vld_status vldgo_set_damage(vld_stream *s, uintptr_t handle);
vld_status vldgo_set_metrics(vld_ctx *ctx, uintptr_t handle);
vld_status vldgo_set_clock(vld_ctx *ctx, uintptr_t handle);
/* vld_ctx_observe(), with the snapshot it delivers copied into *out
 * (out->size stays 0 when none was delivered). */
vld_status vldgo_observe(vld_ctx *ctx, const vld_observation *obs, vld_metrics *out);
#endif
