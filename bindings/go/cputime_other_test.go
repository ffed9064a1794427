//go:build !linux

package paycrypt

// threadCPUTime is not implemented on this platform.
func threadCPUTime() int64 { return -1 }
