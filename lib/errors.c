/* Names and messages of every status, generated from VLD_STATUS_LIST so
 * they cannot drift from the enum. */
#include "internal.h"

const char *vld_strerror(int status)
{
    switch (status) {
#define VLD_STATUS_MSG_(name, value, msg) \
    case value:                           \
        return msg;
        VLD_STATUS_LIST(VLD_STATUS_MSG_)
#undef VLD_STATUS_MSG_
    default:
        return "unknown status";
    }
}

const char *vld_status_name(int status)
{
    switch (status) {
#define VLD_STATUS_NAME_(name, value, msg) \
    case value:                            \
        return "VLD_" #name;
        VLD_STATUS_LIST(VLD_STATUS_NAME_)
#undef VLD_STATUS_NAME_
    default:
        return "VLD_E_UNKNOWN";
    }
}
