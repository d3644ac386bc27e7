// The public header, alone and first, in strict C++11 (see meson.build).
#include <libvalidate.h>

#include <cstdio>
#include <cstring>

int main()
{
    vld_ctx *ctx = nullptr;
    if (vld_ctx_new(nullptr, &ctx) != VLD_OK)
        return 1;
    vld_param p = VLD_PARAM_DEPTH;
    vld_status st = vld_ctx_set_param(ctx, p, VLD_DEPTH_SAMPLED);
    int64_t depth = 0;
    vld_ctx_get_param(ctx, p, &depth);
    vld_ctx_free(ctx);
    if (st != VLD_OK || depth != VLD_DEPTH_SAMPLED)
        return 1;
    vld_report_summary s;
    std::memset(&s, 0, sizeof s); // not an initializer list: the struct may grow
    s.size = sizeof s;
    const char *msg = vld_strerror(VLD_E_NOMEM);
    if (!msg || !*msg || s.size != sizeof s || std::strcmp(vld_status_name(VLD_E_NOMEM), "VLD_E_NOMEM") != 0) {
        std::fprintf(stderr, "unexpected status name or message\n");
        return 1;
    }
    return vld_version_number() == VLD_VERSION_NUMBER ? 0 : 1;
}
