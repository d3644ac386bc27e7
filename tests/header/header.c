/* The public header, alone and first, in strict C (see meson.build). */
#include <libvalidate.h>

#include <stdio.h>
#include <string.h>

#define NAME_ROW(name, value, msg) {VLD_##name, "VLD_" #name},
static const struct {
    int status;
    const char *name;
} names[] = {VLD_STATUS_LIST(NAME_ROW)};

int main(void)
{
    vld_range r;
    size_t i;
    /* not an initializer list: the struct may grow */
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.flags = VLD_RANGE_MISSING;
    if (vld_version_number() != VLD_VERSION_NUMBER) {
        fprintf(stderr, "header says %d, library says %u\n", VLD_VERSION_NUMBER,
                vld_version_number());
        return 1;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(vld_status_name(names[i].status), names[i].name) != 0)
            return 1;
    return r.flags == VLD_RANGE_MISSING && VLD_LENGTH_UNKNOWN == UINT64_MAX ? 0 : 1;
}
