package contractserver

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// authenticate checks an API call's credentials; on failure it has answered
// 401 and returns false.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) bool {
	o := s.opts
	if o.Digest == nil && o.Bearer == "" && o.OAuth == nil {
		return true
	}
	h := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(h, " ")
	stale := false
	switch {
	case strings.EqualFold(scheme, "Digest") && o.Digest != nil:
		var ok bool
		if ok, stale = s.verifyDigest(r.Method, r.RequestURI, rest); ok {
			return true
		}
	case strings.EqualFold(scheme, "Bearer") && (o.Bearer != "" || o.OAuth != nil):
		if s.validBearer(strings.TrimSpace(rest)) {
			return true
		}
	}
	s.unauthorized(w, stale)
	return false
}

// unauthorized answers 401 with a challenge for each configured scheme and
// the spec's unauthorized example.
func (s *Server) unauthorized(w http.ResponseWriter, stale bool) {
	if d := s.opts.Digest; d != nil {
		nonce := randomHex(16)
		s.mu.Lock()
		s.nonces[nonce] = 0
		s.challenges++
		if stale {
			s.staleChallenges++
		}
		s.mu.Unlock()
		w.Header().Add("WWW-Authenticate", fmt.Sprintf(`Digest realm=%q, qop="auth", nonce=%q, opaque=%q, algorithm=MD5, stale=%t`,
			d.Realm, nonce, s.opaque, stale))
	}
	if s.opts.Bearer != "" || s.opts.OAuth != nil {
		w.Header().Add("WWW-Authenticate", `Bearer realm="atlas"`)
	}
	body, err := s.opts.Spec.ResponseExample(opGet, http.StatusUnauthorized)
	if err != nil {
		body = []byte(`{"error":401,"errorCode":"UNAUTHORIZED","reason":"Unauthorized"}`)
	}
	rawResponse{status: http.StatusUnauthorized, contentType: "application/json", body: body}.write(w)
}

// verifyDigest checks a Digest authorization (RFC 7616 with MD5 and
// qop=auth, written out here rather than taken from a library so the client's
// library is checked against an independent reading). stale reports a
// correct response to a nonce the server no longer takes, which asks the
// client to retry with the new nonce without asking the user.
func (s *Server) verifyDigest(method, uri, header string) (ok, stale bool) {
	d := s.opts.Digest
	p := parseDigest(header)
	if p["username"] != d.Username || p["realm"] != d.Realm || p["uri"] != uri ||
		p["qop"] != "auth" || p["opaque"] != s.opaque ||
		(p["algorithm"] != "" && !strings.EqualFold(p["algorithm"], "MD5")) {
		return false, false
	}
	nc, err := strconv.ParseUint(p["nc"], 16, 64)
	if err != nil || len(p["nc"]) != 8 || p["cnonce"] == "" {
		return false, false
	}
	ha1 := md5Hex(d.Username + ":" + d.Realm + ":" + d.Password)
	ha2 := md5Hex(method + ":" + uri)
	want := md5Hex(strings.Join([]string{ha1, p["nonce"], p["nc"], p["cnonce"], "auth", ha2}, ":"))
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(p["response"]))) != 1 {
		return false, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	last, known := s.nonces[p["nonce"]]
	if !known {
		return false, true
	}
	if d.StaleOnce && !s.staleDone && nc > 1 {
		s.staleDone = true
		delete(s.nonces, p["nonce"])
		return false, true
	}
	if nc <= last {
		return false, false // a replayed count
	}
	s.nonces[p["nonce"]] = nc
	return true, false
}

// parseDigest splits the parameters of a Digest authorization: key=value or
// key="quoted value", separated by commas.
func parseDigest(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimLeft(s, ", \t") {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimSpace(s[eq+1:])
		var val string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			val, s = b.String(), s[min(i+1, len(s)):]
		} else {
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			val, s = strings.TrimSpace(s[:end]), s[end:]
		}
		out[key] = val
	}
	return out
}

func (s *Server) validBearer(token string) bool {
	if token == "" {
		return false
	}
	if s.opts.Bearer != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.Bearer)) == 1 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[token]
	return ok && time.Now().Before(exp)
}

// token is the client-credentials token endpoint (RFC 6749 section 4.4).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	o := s.opts.OAuth
	if o == nil || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.tokenRequests++
	fail := s.tokenRequests <= o.FailFirst
	s.mu.Unlock()
	if fail {
		oauthError(w, http.StatusInternalServerError, "server_error")
		return
	}
	if !s.clientAuthenticated(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="atlas"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	ttl := o.ExpiresIn
	if ttl <= 0 {
		ttl = time.Hour
	}
	tok := randomHex(24)
	s.mu.Lock()
	s.tokens[tok] = time.Now().Add(ttl)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int(ttl / time.Second),
	})
}

// revoke is the token revocation endpoint (RFC 7009): it forgets the token.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if s.opts.OAuth == nil || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	if !s.clientAuthenticated(r) {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	tok := r.PostForm.Get("token")
	if tok == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	s.mu.Lock()
	delete(s.tokens, tok)
	s.revocations++
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// clientAuthenticated checks the client id and secret, sent with HTTP Basic
// or as form fields. It parses the form.
func (s *Server) clientAuthenticated(r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		return false
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	o := s.opts.OAuth
	return subtle.ConstantTimeCompare([]byte(id), []byte(o.ClientID)) == 1 &&
		subtle.ConstantTimeCompare([]byte(secret), []byte(o.ClientSecret)) == 1
}

func oauthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
