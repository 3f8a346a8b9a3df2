package pgtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	// dirPrefix starts the name of every server directory, so that a later
	// run can find the ones a crashed run left behind.
	dirPrefix = "workoutflow-pgtest-"
	// ownerFile holds the process id of the test binary that owns a server.
	ownerFile = "owner.pid"
	// port only names the socket file, because the server has no TCP listener.
	port         = 5432
	startTimeout = time.Minute
	stopTimeout  = 10 * time.Second
)

// localServer is a PostgreSQL server that pgtest started in a temporary
// directory holding its data directory, its socket and its log.
type localServer struct {
	binDir string
	dir    string
	cmd    *exec.Cmd
	// exited is closed when the postgres process has exited.
	exited chan struct{}
}

// startLocalServer creates a cluster with initdb and starts postgres on it.
func startLocalServer() (*localServer, error) {
	binDir, err := findBinDir()
	if err != nil {
		return nil, err
	}
	removeStaleServers()

	dir, err := os.MkdirTemp(socketParent(), dirPrefix)
	if err != nil {
		return nil, fmt.Errorf("create server directory: %w", err)
	}
	s := &localServer{binDir: binDir, dir: dir, exited: make(chan struct{})}

	if err := s.start(); err != nil {
		_ = s.stop()
		return nil, err
	}
	return s, nil
}

func (s *localServer) start() error {
	err := os.WriteFile(filepath.Join(s.dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644)
	if err != nil {
		return fmt.Errorf("write owner file: %w", err)
	}
	cred, err := serverCredential()
	if err != nil {
		return err
	}
	if cred != nil {
		if err := os.Chown(s.dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fmt.Errorf("give server directory to uid %d: %w", cred.Uid, err)
		}
	}

	if err := s.initdb(cred); err != nil {
		return err
	}
	if err := s.launch(cred); err != nil {
		return err
	}
	return s.waitReady()
}

// serverCredential returns the user to run the server as: nobody when the
// tests run as root, because postgres refuses to run as root, else nil.
func serverCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		return nil, fmt.Errorf("look up user nobody, needed to run postgres as a user other than root: %w", err)
	}
	uid, _ := strconv.ParseUint(nobody.Uid, 10, 32)
	gid, _ := strconv.ParseUint(nobody.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (s *localServer) dataDir() string { return filepath.Join(s.dir, "data") }
func (s *localServer) logPath() string { return filepath.Join(s.dir, "postgres.log") }

func (s *localServer) initdb(cred *syscall.Credential) error {
	cmd := exec.Command(filepath.Join(s.binDir, "initdb"),
		"-D", s.dataDir(), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	cmd.Dir = s.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb in %s: %w\n%s", s.dir, err, out)
	}
	return nil
}

// launch starts postgres from a goroutine locked to its OS thread. The
// kernel sends the server SIGKILL when that thread ends (Pdeathsig), and the
// thread lives until the server exits or the test process dies, so a crashed
// test binary leaves no server running.
func (s *localServer) launch(cred *syscall.Credential) error {
	logFile, err := os.Create(s.logPath())
	if err != nil {
		return fmt.Errorf("create server log: %w", err)
	}
	s.cmd = exec.Command(filepath.Join(s.binDir, "postgres"),
		"-D", s.dataDir(), "-k", s.dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "shared_buffers=32MB")
	s.cmd.Dir = s.dir
	s.cmd.Stdout = logFile
	s.cmd.Stderr = logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}

	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer logFile.Close()

		if err := s.cmd.Start(); err != nil {
			started <- fmt.Errorf("start postgres: %w", err)
			close(s.exited)
			return
		}
		started <- nil
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	return <-started
}

// waitReady waits until postmaster.pid reports the server ready for
// connections, the server exits, or startTimeout passes.
func (s *localServer) waitReady() error {
	deadline := time.NewTimer(startTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()

	for {
		if s.ready() {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited during start-up:\n%s", s.logTail())
		case <-deadline.C:
			return fmt.Errorf("postgres not ready after %s:\n%s", startTimeout, s.logTail())
		case <-tick.C:
		}
	}
}

// ready reports whether the status line of postmaster.pid (its eighth line)
// is "ready".
func (s *localServer) ready() bool {
	content, err := os.ReadFile(filepath.Join(s.dataDir(), "postmaster.pid"))
	if err != nil {
		return false
	}
	lines := strings.Split(string(content), "\n")
	return len(lines) >= 8 && strings.TrimSpace(lines[7]) == "ready"
}

func (s *localServer) logTail() string {
	content, _ := os.ReadFile(s.logPath())
	if len(content) > 4000 {
		content = content[len(content)-4000:]
	}
	return string(bytes.TrimSpace(content))
}

// stop shuts the server down at once (SIGQUIT, the immediate shutdown mode,
// since the data is thrown away), kills it if it does not exit within
// stopTimeout, and removes its directory.
func (s *localServer) stop() error {
	var stopErr error
	if s.cmd != nil && s.cmd.Process != nil {
		stopErr = s.signalAndWait()
	}
	if err := os.RemoveAll(s.dir); err != nil && stopErr == nil {
		stopErr = fmt.Errorf("remove server directory: %w", err)
	}
	return stopErr
}

func (s *localServer) signalAndWait() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGQUIT)

	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-s.exited:
		return nil
	case <-timer.C:
	}

	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kill postgres %d: %w", s.cmd.Process.Pid, err)
	}
	<-s.exited
	return nil
}

// dsn returns the connection string of a database on the server.
func (s *localServer) dsn(database string) string {
	return fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", s.dir, port, database)
}

// socketParent returns the directory for server directories. A Unix socket
// path must fit in about 100 bytes, so a long TMPDIR falls back to /tmp.
func socketParent() string {
	parent := os.TempDir()
	if len(parent) > 60 {
		return "/tmp"
	}
	return parent
}
