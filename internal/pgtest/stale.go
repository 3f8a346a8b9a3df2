package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// removeStaleServers kills the servers and removes the directories that
// earlier test processes left behind when they died before cleaning up.
// Directories whose owner process still runs belong to a parallel test
// binary and are left alone.
func removeStaleServers() {
	dirs, _ := filepath.Glob(filepath.Join(socketParent(), dirPrefix+"*"))
	for _, dir := range dirs {
		owner, ok := readPID(filepath.Join(dir, ownerFile))
		if ok && processAlive(owner) {
			continue
		}
		if !ok && recentlyCreated(dir) {
			// Another test binary may be about to write its owner file.
			continue
		}
		if postmaster, ok := readPID(filepath.Join(dir, "data", "postmaster.pid")); ok && runsFrom(postmaster, dir) {
			_ = syscall.Kill(postmaster, syscall.SIGKILL)
		}
		_ = os.RemoveAll(dir)
	}
}

// readPID reads the process id on the first line of a pid file.
func readPID(path string) (int, bool) {
	content, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	first, _, _ := strings.Cut(string(content), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	return pid, err == nil && pid > 0
}

func recentlyCreated(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && time.Since(info.ModTime()) < time.Minute
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// runsFrom reports whether the process's command line names dir, so that a
// process id reused by an unrelated program is never killed.
func runsFrom(pid int, dir string) bool {
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	return err == nil && strings.Contains(string(cmdline), dir)
}
