package history

// ProcessAlive reports whether a process with this id may still be
// running on this machine; where the system cannot tell, it says yes.
func ProcessAlive(pid int) bool { return processAlive(pid) }
