/* The context: allocator, parameters, host callbacks and error detail. */
#include "internal.h"
#include "metrics.h"
#include "pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void *libc_realloc(void *user, void *ptr, size_t size)
{
    (void)user;
    return realloc(ptr, size);
}

static void libc_free(void *user, void *ptr)
{
    (void)user;
    free(ptr);
}

void *vldi_malloc(const vldi_alloc *a, size_t size)
{
    /* A zero-byte request still returns a unique pointer or NULL: ask for one byte. */
    return a->malloc_fn(a->user, size ? size : 1);
}

void *vldi_calloc(const vldi_alloc *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = vldi_malloc(a, count * size);
    if (p)
        memset(p, 0, count * size > 0 ? count * size : 1);
    return p;
}

void vldi_free(const vldi_alloc *a, void *ptr)
{
    if (ptr)
        a->free_fn(a->user, ptr);
}

vld_status vldi_grow(const vldi_alloc *a, void **ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return VLD_E_NOMEM;
    size_t bytes = count * size;
    void *p = a->realloc_fn(a->user, *ptr, bytes > 0 ? bytes : 1);
    if (!p)
        return VLD_E_NOMEM;
    *ptr = p;
    return VLD_OK;
}

vld_status vld_ctx_new(const vld_allocator *alloc, vld_ctx **out)
{
    if (!out)
        return VLD_E_INVALID_ARGUMENT;
    *out = NULL;
    vldi_alloc a = {libc_malloc, libc_realloc, libc_free, NULL};
    if (alloc) {
        if (alloc->size != sizeof(vld_allocator))
            return VLD_E_STRUCT_SIZE;
        if (!alloc->malloc_fn || !alloc->realloc_fn || !alloc->free_fn)
            return VLD_E_INVALID_ARGUMENT;
        a = (vldi_alloc){alloc->malloc_fn, alloc->realloc_fn, alloc->free_fn, alloc->user};
    }
    vld_ctx *ctx = vldi_malloc(&a, sizeof *ctx);
    if (!ctx)
        return VLD_E_NOMEM;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = a;
    if (vldi_metrics_init(&ctx->metrics) != 0) {
        vldi_free(&a, ctx);
        return VLD_E_NOMEM;
    }
    if (vldi_mutex_init(&ctx->lock) != 0) {
        vldi_metrics_release(&ctx->metrics);
        vldi_free(&a, ctx);
        return VLD_E_NOMEM;
    }
    vldi_params_default(&ctx->settings.params);
    *out = ctx;
    return VLD_OK;
}

void vld_ctx_free(vld_ctx *ctx)
{
    if (!ctx)
        return;
    vldi_alloc a = ctx->alloc;
    vldi_pool_free(&a, ctx->pool);
    vldi_mutex_destroy(&ctx->lock);
    vldi_metrics_release(&ctx->metrics);
    vldi_free(&a, ctx);
}

vld_status vldi_fail(vld_ctx *ctx, vld_status status, const char *fmt, ...)
{
    if (!ctx)
        return status;
    char msg[sizeof ctx->error];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vldi_mutex_lock(&ctx->lock);
    memcpy(ctx->error, msg, sizeof msg);
    vldi_mutex_unlock(&ctx->lock);
    return status;
}

vld_status vld_ctx_last_error(const vld_ctx *ctx, char *buf, size_t cap)
{
    if (!ctx || (!buf && cap))
        return VLD_E_INVALID_ARGUMENT;
    if (!cap)
        return VLD_OK;
    /* The lock is logically not part of the context's value. */
    vld_ctx *mut = (vld_ctx *)ctx;
    vldi_mutex_lock(&mut->lock);
    snprintf(buf, cap, "%s", ctx->error);
    vldi_mutex_unlock(&mut->lock);
    return VLD_OK;
}

void vldi_ctx_snapshot(vld_ctx *ctx, vldi_settings *out)
{
    vldi_mutex_lock(&ctx->lock);
    *out = ctx->settings;
    vldi_mutex_unlock(&ctx->lock);
}

vld_status vld_ctx_set_param(vld_ctx *ctx, vld_param param, int64_t value)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->lock);
    vld_status st = vldi_params_set(&ctx->settings.params, param, value);
    vldi_mutex_unlock(&ctx->lock);
    if (st == VLD_E_UNKNOWN_PARAM)
        return vldi_fail(ctx, st, "unknown parameter %d", (int)param);
    if (st != VLD_OK)
        return vldi_fail(ctx, st, "value %lld is out of bounds for parameter %d",
                         (long long)value, (int)param);
    return VLD_OK;
}

vld_status vld_ctx_get_param(const vld_ctx *ctx, vld_param param, int64_t *value)
{
    if (!ctx || !value)
        return VLD_E_INVALID_ARGUMENT;
    vld_ctx *mut = (vld_ctx *)ctx;
    vldi_mutex_lock(&mut->lock);
    vld_status st = vldi_params_get(&ctx->settings.params, param, value);
    vldi_mutex_unlock(&mut->lock);
    return st;
}

vld_status vld_ctx_reset_params(vld_ctx *ctx)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->lock);
    vldi_params_default(&ctx->settings.params);
    vldi_mutex_unlock(&ctx->lock);
    return VLD_OK;
}

vld_status vld_ctx_set_chunk_check(vld_ctx *ctx, vld_chunk_check_fn fn, void *user)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->lock);
    ctx->settings.chunk_check = fn;
    ctx->settings.chunk_check_user = fn ? user : NULL;
    vldi_mutex_unlock(&ctx->lock);
    return VLD_OK;
}

vld_status vld_ctx_set_read_fn(vld_ctx *ctx, vld_read_fn fn, void *user)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->lock);
    ctx->settings.read = fn;
    ctx->settings.read_user = fn ? user : NULL;
    vldi_mutex_unlock(&ctx->lock);
    return VLD_OK;
}

/* An epoch rather than a flag: each operation remembers the epoch it
 * started in, so a cancel stops exactly the operations already running. */
vld_status vld_ctx_cancel(vld_ctx *ctx)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_atomic_add(&ctx->cancel_epoch, 1);
    return VLD_OK;
}

vld_status vld_ctx_set_progress(vld_ctx *ctx, vld_progress_fn fn, void *user)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->lock);
    ctx->settings.progress = fn;
    ctx->settings.progress_user = fn ? user : NULL;
    vldi_mutex_unlock(&ctx->lock);
    return VLD_OK;
}
