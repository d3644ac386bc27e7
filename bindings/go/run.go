package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"context"
	"unsafe"
)

// run performs one C call that returns a handle through *out: the Context
// and deps are held for its duration, ctx's cancellation is mapped to
// vld_ctx_cancel(), and a partial report returned with an error is attached
// to the *Error.
func run[T any, P any](c *Context, ctx context.Context, op string, deps []*handle, wrap func(*P) *T,
	call func(p *C.vld_ctx, ptrs []unsafe.Pointer, out **P) C.vld_status) (*T, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{Op: op, Status: ErrCancelled, Err: err}
	}
	ptrs, done, err := acquireAll(append([]*handle{&c.h}, deps...)...)
	if err != nil {
		return nil, err
	}
	defer done()
	p := (*C.vld_ctx)(ptrs[0])
	stop := watch(ctx, p)
	var out *P
	st := call(p, ptrs[1:], &out)
	stop()
	err = c.finishErr(ctx, check(op, st, p))
	var res *T
	if out != nil {
		res = wrap(out)
	}
	if err != nil {
		if r, isReport := any(res).(*Report); isReport {
			attachReport(err, r)
		}
		return nil, err
	}
	return res, nil
}

func bytesPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}
