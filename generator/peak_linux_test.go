package main

import (
	"os"
	"syscall"
)

// peakMB is the peak resident memory of a finished process and of the
// processes it waited for, in MB: Linux counts ru_maxrss in KiB.
func peakMB(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}
