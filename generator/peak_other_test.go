//go:build !linux

package main

import "os"

// peakMB is not measured here: ru_maxrss differs in unit or is absent.
func peakMB(*os.ProcessState) float64 { return 0 }
