package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serverSettings are the postgres settings of the throwaway server. Commits
// are durable (fsync and synchronous_commit on, full-page writes on), as in
// production; only the sizes are raised from the initdb defaults.
var serverSettings = []string{
	"listen_addresses=",
	"fsync=on", "synchronous_commit=on", "full_page_writes=on",
	"max_connections=200", "shared_buffers=256MB", "max_wal_size=2GB",
}

// server is a PostgreSQL server started by the benchmark in a temporary
// directory on disk, listening only on a Unix socket there.
type server struct {
	dir    string
	binDir string
	cmd    *exec.Cmd
	exited chan struct{}
}

// startServer runs initdb and postgres from the local binaries. When the
// benchmark runs as root, the server runs as the user nobody, because
// postgres refuses to run as root.
func startServer(parent string) (*server, error) {
	binDir, err := serverBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "workoutflow-bench-")
	if err != nil {
		return nil, fmt.Errorf("create server directory: %w", err)
	}
	s := &server{dir: dir, binDir: binDir, exited: make(chan struct{})}

	cred, err := serverCredential()
	if err == nil && cred != nil {
		err = os.Chown(dir, int(cred.Uid), int(cred.Gid))
	}
	if err == nil {
		err = s.initdb(cred)
	}
	if err == nil {
		err = s.launch(cred)
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *server) initdb(cred *syscall.Credential) error {
	cmd := exec.Command(filepath.Join(s.binDir, "initdb"), "-D", filepath.Join(s.dir, "data"),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb in %s: %w\n%s", s.dir, err, out)
	}
	return nil
}

// launch starts postgres and waits until it accepts connections. The
// server gets SIGKILL if the benchmark process dies first.
func (s *server) launch(cred *syscall.Credential) error {
	args := []string{"-D", filepath.Join(s.dir, "data"), "-k", s.dir, "-p", "5432"}
	for _, setting := range serverSettings {
		args = append(args, "-c", setting)
	}
	logFile, err := os.Create(filepath.Join(s.dir, "postgres.log"))
	if err != nil {
		return fmt.Errorf("create server log: %w", err)
	}
	s.cmd = exec.Command(filepath.Join(s.binDir, "postgres"), args...)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	go func() {
		_ = s.cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	return s.waitReady()
}

func (s *server) waitReady() error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		content, _ := os.ReadFile(filepath.Join(s.dir, "data", "postmaster.pid"))
		lines := strings.Split(string(content), "\n")
		if len(lines) >= 8 && strings.TrimSpace(lines[7]) == "ready" {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited during start-up:\n%s", s.logTail())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("postgres not ready after a minute:\n%s", s.logTail())
}

func (s *server) logTail() string {
	content, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log"))
	if len(content) > 4000 {
		content = content[len(content)-4000:]
	}
	return string(bytes.TrimSpace(content))
}

// dsn returns the connection string of the postgres database.
func (s *server) dsn() string {
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", s.dir)
}

// stop shuts the server down in the fast mode and removes its directory.
func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	_ = os.RemoveAll(s.dir)
}

// serverBinDir returns the newest /usr/lib/postgresql/*/bin with initdb,
// or the directory that pg_config prints.
func serverBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL server binaries not found; install them (apt-get install postgresql) or pass -database-url")
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// serverCredential returns the user nobody when the process runs as root,
// else nil (the current user).
func serverCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		return nil, fmt.Errorf("look up user nobody to run postgres as non-root: %w", err)
	}
	uid, _ := strconv.ParseUint(nobody.Uid, 10, 32)
	gid, _ := strconv.ParseUint(nobody.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}
