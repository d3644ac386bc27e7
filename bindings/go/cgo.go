package validate

/*
#cgo pkg-config: libvalidate
#include <libvalidate.h>
#if VLD_VERSION_MAJOR != 0
#error "this Go binding speaks libvalidate API 0.x"
#endif
*/
import "C"

// Version returns the run-time library version as MAJOR*10000+MINOR*100+PATCH.
func Version() int { return int(C.vld_version_number()) }

// VersionString returns the run-time library version, "MAJOR.MINOR.PATCH".
func VersionString() string { return C.GoString(C.vld_version_string()) }

// HeaderVersion is the version of the header this package was compiled against.
const HeaderVersion = C.VLD_VERSION_NUMBER
