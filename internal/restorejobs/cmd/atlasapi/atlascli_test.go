package main

// Behaviours for Atlas CLI users: secrets in the OS keyring, atlas auth
// login tokens, the profile's api_version, the no-credentials exit and the
// Atlas CLI's flag spellings. Tests that may reach the keyring run
// atlasapi in this process, over go-keyring's mock backend
// (keyring.MockInit), never the real keyring; the others run the binary.
// Every call goes to the contract server over loopback HTTP.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/atlasgen/atlasgen/internal/contractserver"
)

// inProcess runs atlasapi's run in this process with env as its
// environment. The user config directory comes from the process
// environment (os.UserConfigDir): useConfig or noConfig sets it.
func inProcess(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	return result{stdout.String(), stderr.String(), code}
}

// useConfig writes toml as the Atlas CLI's config.toml and points this
// process's user config directory at it.
func useConfig(t *testing.T, toml string) string {
	t.Helper()
	path, env := writeConfig(t, toml)
	for k, v := range env {
		t.Setenv(k, v)
	}
	return path
}

func noConfig(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

// mockKeyring replaces the OS keyring with go-keyring's in-memory mock
// holding secrets (service -> user -> password).
func mockKeyring(t *testing.T, secrets map[string]map[string]string) {
	t.Helper()
	keyring.MockInit()
	for service, users := range secrets {
		for user, password := range users {
			if err := keyring.Set(service, user, password); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// jwt is an unsigned JWT whose exp claim is exp, shaped like the access
// tokens atlas auth login stores.
func jwt(exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc(fmt.Appendf(nil, `{"sub":"user@example.com","exp":%d}`, exp.Unix())) + "." + enc([]byte(secret))
}

func noSecrets(t *testing.T, r result, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Fatalf("a secret was printed:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
		}
	}
}

func wantStderr(t *testing.T, r result, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

// TestKeyringServiceAccount: a profile whose client_secret, or whose
// client_id and client_secret, the Atlas CLI put in the keyring
// (service atlascli_<profile>) authenticates by OAuth.
func TestKeyringServiceAccount(t *testing.T) {
	cs, srv := oauthServer(t)
	for name, c := range map[string]struct {
		file    string
		keyring map[string]string
	}{
		"secret in the keyring":   {`client_id = "mdb_sa_id_cli"`, map[string]string{"client_secret": secret}},
		"id and secret in it too": {``, map[string]string{"client_id": "mdb_sa_id_cli", "client_secret": secret}},
	} {
		t.Run(name, func(t *testing.T) {
			mockKeyring(t, map[string]map[string]string{"atlascli_ci": c.keyring, "atlascli_default": {"client_secret": "wrong"}})
			useConfig(t, fmt.Sprintf("[default]\n  client_id = \"other\"\n\n[ci]\n  auth_type = \"service_account\"\n  %s\n  ops_manager_url = %q\n", c.file, srv.URL))
			r := inProcess(t, nil, seedLine("-P", "ci")...)
			r.want(t, 0)
			if canonical(t, r.stdout) != canonical(t, docsExamples(t)["200"]) {
				t.Errorf("printed %s", r.stdout)
			}
			if !strings.HasPrefix(cs.LastAuthorization(), "Bearer ") {
				t.Errorf("Authorization %q", cs.LastAuthorization())
			}
			noSecrets(t, r, secret, cs.LastAuthorization())
		})
	}
}

// TestKeyringAPIKey: a profile written before auth_type, with its public
// key in the file and its private key in the keyring, uses Digest. -P is
// matched without regard to case, as the Atlas CLI lower-cases it.
func TestKeyringAPIKey(t *testing.T) {
	cs, srv := contract(t, contractserver.Options{Digest: &contractserver.Digest{Username: "pubkey", Password: secret}})
	mockKeyring(t, map[string]map[string]string{"atlascli_default": {"private_api_key": secret}})
	useConfig(t, fmt.Sprintf("[default]\n  public_api_key = \"pubkey\"\n  project_id = %q\n  ops_manager_url = %q\n", groupID, srv.URL))
	for _, args := range [][]string{nil, {"-P", "Default"}} {
		r := inProcess(t, nil, append([]string{seedGroup, seedOp, "--clusterName", cluster, "--restoreId", restoreID}, args...)...)
		r.want(t, 0)
		if reqs := cs.Requests(); len(reqs) == 0 || !strings.Contains(reqs[len(reqs)-1].Path, groupID) {
			t.Fatalf("requests %v", reqs)
		}
		noSecrets(t, r, secret)
	}
}

// TestKeyringMissingOrBroken: a profile with half a credential pair is
// exit 2, naming the missing key and where it was looked for; a keyring
// that fails is reported without its error text. Nothing is sent.
func TestKeyringMissingOrBroken(t *testing.T) {
	cs, srv := oauthServer(t)
	toml := fmt.Sprintf("[ci]\n  client_id = \"mdb_sa_id_cli\"\n  ops_manager_url = %q\n", srv.URL)
	mockKeyring(t, nil)
	useConfig(t, toml)
	r := inProcess(t, nil, seedLine("-P", "ci")...)
	r.want(t, 2)
	wantStderr(t, r, `profile "ci" (auth_type unset) has no client_secret in `, "config.toml nor in the OS keyring (service atlascli_ci)")

	keyring.MockInitWithError(errors.New("dbus: no session bus; " + secret))
	r = inProcess(t, nil, seedLine("-P", "ci")...)
	r.want(t, 2)
	wantStderr(t, r, "has no client_secret in ", "and the OS keyring could not be read")
	noSecrets(t, r, secret)
	if n := len(cs.Requests()); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

// TestKeyringReadOnce: a profile without auth_type, its client id and
// secret in the keyring, reads each from the keyring once, though choosing
// the auth type and building the credentials both need the id (each read
// may be a D-Bus round trip, a security(1) process or an unlock prompt).
func TestKeyringReadOnce(t *testing.T) {
	reads := map[string]int{}
	secrets := map[string]string{"client_id": "mdb_sa_id_cli", "client_secret": secret}
	c := &cli{getenv: func(string) string { return "" }, keyring: func(service, user string) (string, error) {
		reads[service+" "+user]++
		if v, ok := secrets[user]; ok && service == "atlascli_ci" {
			return v, nil
		}
		return "", keyring.ErrNotFound
	}}
	auth, err := c.credentials(&profile{name: "ci", found: true})
	if err != nil || auth == nil {
		t.Fatalf("credentials: %v", err)
	}
	if want := map[string]int{"atlascli_ci client_id": 1, "atlascli_ci client_secret": 1}; !maps.Equal(reads, want) {
		t.Errorf("keyring reads %v, want %v", reads, want)
	}
}

// TestAccessToken: an atlas auth login profile's access token is sent as
// a Bearer token while it is valid, from the file or the keyring; an
// expired one is exit 3 with how to log in again, and nothing is sent.
func TestAccessToken(t *testing.T) {
	valid, expired := jwt(time.Now().Add(time.Hour)), jwt(time.Now().Add(-time.Minute))
	for _, token := range []string{valid, expired} {
		cs, srv := contract(t, contractserver.Options{Bearer: token})
		// In the file, through the binary: the profile names its auth_type,
		// so the keyring is not asked.
		_, env := writeConfig(t, fmt.Sprintf("[ci]\n  auth_type = \"user_account\"\n  access_token = %q\n  refresh_token = %q\n  ops_manager_url = %q\n", token, secret, srv.URL))
		file := atlasapi(t, env, "", seedLine("-P", "ci")...)
		// In the keyring, in this process.
		mockKeyring(t, map[string]map[string]string{"atlascli_ci": {"access_token": token, "refresh_token": secret}})
		useConfig(t, fmt.Sprintf("[ci]\n  ops_manager_url = %q\n", srv.URL))
		kr := inProcess(t, nil, seedLine("-P", "ci")...)
		for _, r := range []result{file, kr} {
			noSecrets(t, r, token, secret)
			if token == valid {
				r.want(t, 0)
				if canonical(t, r.stdout) != canonical(t, docsExamples(t)["200"]) {
					t.Errorf("printed %s", r.stdout)
				}
				continue
			}
			r.want(t, 3)
			wantStderr(t, r, `profile "ci": the access token from atlas auth login expired at `, "nothing was sent. Log in again with: atlas auth login -P ci")
		}
		if token == valid && cs.LastAuthorization() != "Bearer "+token {
			t.Error("the token was not sent as a Bearer token")
		}
		if token == expired && len(cs.Requests()) != 0 {
			t.Fatalf("%d requests with an expired token", len(cs.Requests()))
		}
	}
}

// TestTokenExpiry reads exp as the Atlas CLI does, unverified; a token
// that is not a JWT with exp has no known expiry.
func TestTokenExpiry(t *testing.T) {
	at := time.Unix(1800000000, 0)
	if got, ok := tokenExpiry(jwt(at)); !ok || !got.Equal(at) {
		t.Errorf("exp %v %v", got, ok)
	}
	for _, tok := range []string{"opaque", "a.b", "a.%%%.c", jwt(at)[:10] + ".e30.x"} {
		if _, ok := tokenExpiry(tok); ok {
			t.Errorf("%q has an expiry", tok)
		}
	}
}

// TestNoCredentials: without credentials in the environment or a profile,
// the call is refused before anything is sent (exit 2), naming the
// environment variables and -P.
func TestNoCredentials(t *testing.T) {
	cs, srv := oauthServer(t)
	want := []string{"no credentials, so nothing was sent", "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET", "MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY", "-P NAME"}
	r := atlasapi(t, map[string]string{"MONGODB_ATLAS_BASE_URL": srv.URL}, "", seedLine()...)
	r.want(t, 2)
	wantStderr(t, r, append(want, "no default profile in ")...)

	// A profile without credentials, in the file or the keyring.
	mockKeyring(t, nil)
	useConfig(t, fmt.Sprintf("[default]\n  org_id = \"5a0a1e7e0f2912c554080adc\"\n  ops_manager_url = %q\n", srv.URL))
	r = inProcess(t, nil, seedLine()...)
	r.want(t, 2)
	wantStderr(t, r, append(want, `profile "default" in `, "has none")...)

	// Half a pair in the environment.
	r = atlasapi(t, map[string]string{"MONGODB_ATLAS_BASE_URL": srv.URL, "MONGODB_ATLAS_CLIENT_ID": "mdb_sa_id_cli"}, "", seedLine()...)
	r.want(t, 2)
	wantStderr(t, r, "MONGODB_ATLAS_CLIENT_ID is set but MONGODB_ATLAS_CLIENT_SECRET is not")
	if n := len(cs.Requests()); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

// TestNoAuthOperation: an operation the spec serves without credentials
// (security: [], noAuth in the table) gets a client without any; others
// are refused. The seed fragment has no such operation, so the row is
// made here; the IR test finds the real specs' one.
func TestNoAuthOperation(t *testing.T) {
	noConfig(t)
	c := &cli{getenv: func(string) string { return "" }, stderr: new(bytes.Buffer)}
	client, err := c.client(&profile{}, &operation{id: "listControlPlaneIpAddresses", noAuth: true})
	if err != nil || client == nil {
		t.Fatalf("noAuth: %v", err)
	}
	if _, err := c.client(&profile{}, &operation{id: seedOp}); err == nil || !strings.Contains(err.Error(), "no credentials") {
		t.Fatalf("needs auth: %v", err)
	}
}

// TestProfileAPIVersion: the profile's api_version is the default version
// when the operation has it; otherwise a warning and the operation's
// default, as the Atlas CLI does. The environment and --version win, and
// stay strict.
func TestProfileAPIVersion(t *testing.T) {
	cs, srv := contract(t, contractserver.Options{Digest: &contractserver.Digest{Username: "pubkey", Password: secret}})
	profile := func(version string) map[string]string {
		_, env := writeConfig(t, fmt.Sprintf("[default]\n  public_api_key = \"pubkey\"\n  private_api_key = %q\n  api_version = %q\n  ops_manager_url = %q\n", secret, version, srv.URL))
		return env
	}
	r := atlasapi(t, profile("2023-01-01"), "", seedLine()...)
	r.want(t, 0)
	if strings.Contains(r.stderr, "api_version") || cs.LastAccept() != "application/vnd.atlas.2023-01-01+json" {
		t.Errorf("Accept %q, stderr %s", cs.LastAccept(), r.stderr)
	}
	r = atlasapi(t, profile("2030-01-01"), "", seedLine()...)
	r.want(t, 0)
	wantStderr(t, r, "Warning: getSharedClusterBackupRestoreJob has no API version 2030-01-01 (the profile's api_version); sending its default.")
	sent := len(cs.Requests())
	env := profile("2023-01-01")
	env["MONGODB_ATLAS_API_VERSION"] = "2030-01-01"
	atlasapi(t, env, "", seedLine()...).want(t, 2)
	atlasapi(t, profile("2023-01-01"), "", seedLine("--version", "2030-01-01")...).want(t, 2)
	if len(cs.Requests()) != sent {
		t.Fatal("a refused version was sent")
	}

	// With two versions, the profile's is the one asked for.
	op := &operation{id: "getThing", versions: []version{{name: "2024-05-30", def: true}, {name: "2023-01-01"}}}
	for _, c := range []struct {
		flag           string
		flagSet        bool
		env, prof, out string
	}{
		{"", false, "", "2023-01-01", "2023-01-01"},
		{"", false, "", "", ""},
		{"", false, "2024-05-30", "2023-01-01", "2024-05-30"},
		{"2024-05-30", true, "2023-01-01", "2023-01-01", "2024-05-30"},
		{"", false, "", "2099-01-01", ""},
	} {
		if got, _ := op.chooseVersion(c.flag, c.flagSet, c.env, c.prof); got != c.out {
			t.Errorf("%+v: %q", c, got)
		}
	}
}

// TestAtlasCLISpellings: --projectId, --outputFile, -o json,
// -o go-template-file=, --jq with --raw-output, and atlasapi --version.
func TestAtlasCLISpellings(t *testing.T) {
	cs, srv := oauthServer(t)
	env := oauthEnv(srv)
	r := atlasapi(t, env, "", seedGroup, seedOp, "--projectId", groupID, "--clusterName", cluster, "--restoreId", restoreID, "-o", "json")
	r.want(t, 0)
	if reqs := cs.Requests(); !strings.Contains(reqs[len(reqs)-1].Path, "/groups/"+groupID+"/") || canonical(t, r.stdout) != canonical(t, docsExamples(t)["200"]) {
		t.Fatalf("--projectId: %s", r.stdout)
	}
	out := filepath.Join(t.TempDir(), "job.json")
	r = atlasapi(t, env, "", seedLine("--outputFile", out)...)
	r.want(t, 0)
	if data, err := os.ReadFile(out); err != nil || r.stdout != "" || canonical(t, string(data)) != canonical(t, docsExamples(t)["200"]) {
		t.Fatalf("--outputFile: %q %v, stdout %q", data, err, r.stdout)
	}
	tmpl := filepath.Join(t.TempDir(), "t.tmpl")
	if err := os.WriteFile(tmpl, []byte("status={{.status}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var want struct{ Status string }
	if err := json.Unmarshal([]byte(docsExamples(t)["200"]), &want); err != nil {
		t.Fatal(err)
	}
	r = atlasapi(t, env, "", seedLine("-o", "go-template-file="+tmpl)...)
	r.want(t, 0)
	if r.stdout != "status="+want.Status+"\n" {
		t.Errorf("go-template-file printed %q", r.stdout)
	}
	for _, args := range [][]string{{"--jq", ".status", "-r"}, {"--jq", ".status", "--raw-output"}} {
		r = atlasapi(t, env, "", seedLine(args...)...)
		r.want(t, 0)
		if r.stdout != want.Status+"\n" {
			t.Errorf("%v printed %q", args, r.stdout)
		}
	}
	r = atlasapi(t, nil, "", "--version")
	r.want(t, 0)
	if r.stdout != "atlasapi 0.1.0\nAtlas Administration API 2.0, from atlas-restore-jobs.yaml\n" {
		t.Errorf("--version printed %q", r.stdout)
	}

	// Refused before sending.
	sent := len(cs.Requests())
	for _, c := range []struct {
		args []string
		want string
	}{
		{seedLine("-o", "csv"), `-o "csv": getSharedClusterBackupRestoreJob answers json; or use go-template=TEMPLATE or go-template-file=PATH`},
		{seedLine("-r"), "--raw-output needs --jq"},
		{seedLine("-o", "go-template-file="+filepath.Join(t.TempDir(), "none")), "-o go-template-file: "},
	} {
		r := atlasapi(t, env, "", c.args...)
		r.want(t, 2)
		wantStderr(t, r, c.want)
	}
	if len(cs.Requests()) != sent {
		t.Fatal("a refused call was sent")
	}
}

// TestOutputAsFormat: -o names an answer format as --format does; the
// seed has none but JSON, so the row is made here.
func TestOutputAsFormat(t *testing.T) {
	op := &operation{id: "getInvoice", versions: []version{{name: "2023-01-01", format: "json", def: true}, {name: "2023-01-01", format: "csv"}}}
	f := &callFlags{output: "csv"}
	if err := f.resolveOutput(op); err != nil || f.format != "csv" || f.output != "" {
		t.Fatalf("-o csv: %v %+v", err, f)
	}
	f = &callFlags{output: "json"}
	if err := f.resolveOutput(op); err != nil || f.format != "" || f.output != "" {
		t.Fatalf("-o json: %v %+v", err, f)
	}
	f = &callFlags{output: "csv", format: "json"}
	if err := f.resolveOutput(op); err == nil || !strings.Contains(err.Error(), "-o csv and --format json disagree") {
		t.Fatalf("-o csv --format json: %v", err)
	}
	f = &callFlags{output: "go-template={{.id}}"}
	if err := f.resolveOutput(op); err != nil || f.output != "go-template={{.id}}" {
		t.Fatalf("template: %v %+v", err, f)
	}
}

// TestProfileNameCase: two tables whose names differ only in case make
// -P ambiguous: exit 2, both named, nothing sent.
func TestProfileNameCase(t *testing.T) {
	cs, srv := oauthServer(t)
	_, env := writeConfig(t, "[ci]\n  public_api_key = \"a\"\n  private_api_key = \"b\"\n\n[CI]\n  public_api_key = \"a\"\n  private_api_key = \"b\"\n")
	env["MONGODB_ATLAS_BASE_URL"] = srv.URL
	r := atlasapi(t, env, "", seedLine("-P", "Ci")...)
	r.want(t, 2)
	wantStderr(t, r, "-P Ci: ", "has several profiles of that name: CI, ci")
	if n := len(cs.Requests()); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

// TestLoggedOut: a user_account profile without an access token (after
// atlas auth logout, say) is exit 3 with the login command, unsent.
func TestLoggedOut(t *testing.T) {
	cs, srv := contract(t, contractserver.Options{Bearer: "unused"})
	mockKeyring(t, nil)
	useConfig(t, fmt.Sprintf("[default]\n  auth_type = \"user_account\"\n  ops_manager_url = %q\n", srv.URL))
	r := inProcess(t, nil, seedLine()...)
	r.want(t, 3)
	wantStderr(t, r, `profile "default" (auth_type user_account) has no access_token in `, "config.toml nor in the OS keyring (service atlascli_default); nothing was sent. Log in again with: atlas auth login\n")
	if n := len(cs.Requests()); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}
