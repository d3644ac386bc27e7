/*
 * Host callbacks for the JS wrapper. A JS function cannot be a wasm function
 * pointer, so the library gets these C functions instead: each calls a
 * function the module imports from JS (module "vldw"), passing the user
 * pointer through. The wrapper passes the context pointer as that user
 * value and dispatches on it (js/hooks.mjs). The JS side catches every
 * exception, so no JS exception ever unwinds through library frames.
 */
#include <libvalidate.h>

#include <stdint.h>

__attribute__((import_module("vldw"), import_name("metrics")))
extern int vldw_js_metrics(void *user, const vld_metrics *snapshot);

__attribute__((import_module("vldw"), import_name("clock")))
extern uint64_t vldw_js_clock(void *user);

static int metrics(void *user, const vld_metrics *snapshot)
{
    return vldw_js_metrics(user, snapshot);
}

static uint64_t clock_fn(void *user)
{
    return vldw_js_clock(user);
}

/* on = 0 removes the callback. */
__attribute__((export_name("vldw_set_metrics_callback")))
vld_status vldw_set_metrics_callback(vld_ctx *ctx, int on)
{
    return vld_ctx_set_metrics_callback(ctx, on ? metrics : NULL, ctx);
}

/* on = 0 restores the library's clock. */
__attribute__((export_name("vldw_set_clock")))
vld_status vldw_set_clock(vld_ctx *ctx, int on)
{
    return vld_ctx_set_clock(ctx, on ? clock_fn : NULL, ctx);
}
