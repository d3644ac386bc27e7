#include "internal.h"

#define VLD_STR2_(x) #x
#define VLD_STR_(x) VLD_STR2_(x)

unsigned vld_version_number(void)
{
    return VLD_VERSION_NUMBER;
}

const char *vld_version_string(void)
{
    return VLD_STR_(VLD_VERSION_MAJOR) "." VLD_STR_(VLD_VERSION_MINOR) "." VLD_STR_(VLD_VERSION_PATCH);
}
