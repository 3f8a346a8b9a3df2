package pgtest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// errNoBinaries is returned when no PostgreSQL server binaries are found.
var errNoBinaries = errors.New("PostgreSQL server binaries (initdb, postgres) not found; " +
	"install them with `apt-get install postgresql` or set TEST_DATABASE_URL to a server where the role may create databases")

// findBinDir returns the directory holding initdb and postgres: the one that
// `pg_config --bindir` prints, else the newest /usr/lib/postgresql/*/bin.
func findBinDir() (string, error) {
	out, err := exec.Command("pg_config", "--bindir").Output()
	if err == nil {
		dir := strings.TrimSpace(string(out))
		if hasServerBinaries(dir) {
			return dir, nil
		}
	}

	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorVersion(dirs[i]) > majorVersion(dirs[j]) })
	for _, dir := range dirs {
		if hasServerBinaries(dir) {
			return dir, nil
		}
	}
	return "", errNoBinaries
}

func hasServerBinaries(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.IsDir() {
			return false
		}
	}
	return true
}

// majorVersion returns the version number in /usr/lib/postgresql/15/bin, or 0.
func majorVersion(binDir string) int {
	version, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return version
}
