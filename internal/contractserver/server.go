package contractserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WrongVersion is a media type no operation of the contract lists; set it as
// Options.ResponseMediaType to test a client's check of the answered version.
const WrongVersion = "application/vnd.atlas.2099-01-01+json"

// Options configures a Server. With none of Digest, Bearer and OAuth set,
// API calls need no credentials; with several, any one of them is accepted.
type Options struct {
	// Spec is the contract; New panics without it (see LoadFragment).
	Spec *Spec

	Digest *Digest
	// Bearer is a fixed token that API calls may present as
	// "Authorization: Bearer <Bearer>".
	Bearer string
	OAuth  *OAuth

	// ResponseMediaType, when set, replaces the Content-Type of every 2xx
	// answer, e.g. with WrongVersion.
	ResponseMediaType string

	// Lifecycle, when set, also serves clusters of the whole API whose
	// state moves as they are polled (see Lifecycle).
	Lifecycle *Lifecycle
}

// Digest makes API calls need HTTP Digest authentication (RFC 7616, MD5,
// qop=auth), as Atlas API keys use.
type Digest struct {
	Username, Password string
	// Realm defaults to Atlas's own, "MMS Public API".
	Realm string
	// StaleOnce answers the first correct digest response that reuses a
	// nonce (nc above 1) with a new challenge marked stale=true, as a server
	// does when a cached nonce expires between calls, to test that a client
	// answers it.
	StaleOnce bool
}

// OAuth serves the client-credentials token endpoint POST /api/oauth/token
// and the revocation endpoint POST /api/oauth/revoke, as Atlas service
// accounts use; API calls then need a token it issued and did not revoke.
type OAuth struct {
	ClientID, ClientSecret string
	// ExpiresIn is the lifetime of an issued token; default one hour.
	ExpiresIn time.Duration
	// FailFirst makes the first FailFirst token requests answer 500.
	FailFirst int
}

// Request is an API call as the server received it. Header holds the
// credentials the client sent: never print it.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// Server is a fake Atlas Admin API for the operations of the contract. It is
// an http.Handler; its observation methods are safe for concurrent use.
//
// Scenarios: a 24-hex path parameter (groupId, or restoreId) of the form
// ScenarioID(status) makes the operation answer that status with the spec's
// example for it; any other well-formed call gets a 200 built from the
// response schema's examples. A path parameter that breaks its schema gets
// the 400 example, an Accept header that is not exactly one of the
// operation's media types a 406, a request body of another media type a 415.
type Server struct {
	opts Options
	api  http.Handler

	mu              sync.Mutex
	requests        []Request
	violations      []string
	tokenRequests   int
	revocations     int
	challenges      int
	staleChallenges int
	nonces          map[string]uint64 // digest nonce -> highest nc seen
	staleDone       bool
	tokens          map[string]time.Time // OAuth access token -> expiry
	opaque          string
	clusters        map[string]*cluster // Lifecycle's, by groupId/name
}

// New returns a Server answering for opts.Spec.
func New(opts Options) *Server {
	if opts.Spec == nil {
		panic("contractserver: Options.Spec is nil")
	}
	for _, id := range []string{opCreate, opList, opGet} {
		if _, err := opts.Spec.operation(id); err != nil {
			panic("contractserver: " + err.Error())
		}
	}
	if lc := opts.Lifecycle; lc != nil {
		for _, id := range []string{opCreateCluster, opGetCluster, opDeleteCluster} {
			if lc.API == nil {
				panic("contractserver: Lifecycle.API is nil")
			}
			if _, err := lc.API.operation(id); err != nil {
				panic("contractserver: " + err.Error())
			}
		}
	}
	if opts.Digest != nil && opts.Digest.Realm == "" {
		d := *opts.Digest
		d.Realm = "MMS Public API"
		opts.Digest = &d
	}
	s := &Server{
		opts:   opts,
		nonces: map[string]uint64{},
		tokens: map[string]time.Time{},
		opaque: randomHex(16),
	}
	strict := NewStrictHandlerWithOptions(handlers{s}, []StrictMiddlewareFunc{s.contract}, StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.badRequest,
		ResponseErrorHandlerFunc: s.internalError,
	})
	s.api = HandlerWithOptions(strict, StdHTTPServerOptions{ErrorHandlerFunc: s.badRequest})
	return s
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP serves the OAuth endpoints and, behind authentication, the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/api/oauth/token":
		s.token(w, r)
		return
	case "/api/oauth/revoke":
		s.revoke(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body,
	})
	s.mu.Unlock()
	if !s.authenticate(w, r) {
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
	if s.serveLifecycle(w, r) {
		return
	}
	s.api.ServeHTTP(w, r)
}

type bodyKey struct{}

// Requests returns the API calls received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) last() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{Header: http.Header{}}
	}
	return s.requests[len(s.requests)-1]
}

// LastAccept returns the Accept header of the last API call.
func (s *Server) LastAccept() string { return s.last().Header.Get("Accept") }

// LastAuthorization returns the Authorization header of the last API call.
func (s *Server) LastAuthorization() string { return s.last().Header.Get("Authorization") }

// Violations returns why the server refused calls as breaking the contract
// (bad Accept, parameter or body), oldest first.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// TokenRequests counts the calls to the token endpoint, failed ones too.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// Revocations counts the successful calls to the revocation endpoint.
func (s *Server) Revocations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revocations
}

// Challenges counts the 401 answers that carried a digest challenge.
func (s *Server) Challenges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.challenges
}

// StaleChallenges counts the digest challenges marked stale=true.
func (s *Server) StaleChallenges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.staleChallenges
}

// ExpireTokens makes every OAuth token issued so far expired, as if its
// lifetime had passed.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
}

func (s *Server) violation(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

// ScenarioID returns the 24-hex id that, as groupId or restoreId, makes an
// operation answer status: "404000000000000000000000" for 404.
func ScenarioID(status int) string {
	return fmt.Sprintf("%03d%021d", status, 0)
}

// scenario returns the status that one of ids selects, or 0.
func scenario(ids ...string) int {
	for _, id := range ids {
		if len(id) != 24 || strings.Trim(id[3:], "0") != "" {
			continue
		}
		if n, err := strconv.Atoi(id[:3]); err == nil && n >= 100 && n <= 599 {
			return n
		}
	}
	return 0
}

// contract is the strict middleware that refuses calls breaking the
// contract, before the handlers see them.
func (s *Server) contract(f StrictHandlerFunc, operationID string) StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		types, err := s.opts.Spec.MediaTypes(operationID)
		if err != nil {
			return nil, err
		}
		if accept := r.Header.Values("Accept"); len(accept) != 1 || !slices.Contains(types, accept[0]) {
			s.violation("%s: Accept %q is not one of %q", operationID, accept, types)
			return notAcceptable(types), nil
		}
		for _, p := range s.opts.Spec.pathParameters(operationID) {
			if p.Schema == nil || p.Schema.Value == nil {
				continue
			}
			if err := p.Schema.Value.VisitJSON(r.PathValue(p.Name)); err != nil {
				s.violation("%s: path parameter %s: %v", operationID, p.Name, err)
				return s.errorResponse(operationID, http.StatusBadRequest)
			}
		}
		if ct := r.Header.Get("Content-Type"); r.ContentLength != 0 || ct != "" {
			schema, types := s.opts.Spec.requestSchema(operationID, ct)
			if len(types) > 0 && schema == nil {
				s.violation("%s: Content-Type %q is not one of %q", operationID, ct, types)
				return apiErrorResponse(http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type",
					fmt.Sprintf("Content-Type must be one of %s.", strings.Join(types, ", "))), nil
			}
			if schema != nil && schema.Value != nil {
				var v any
				body, _ := ctx.Value(bodyKey{}).([]byte)
				if err := json.Unmarshal(body, &v); err != nil {
					s.violation("%s: request body: %v", operationID, err)
					return s.errorResponse(operationID, http.StatusBadRequest)
				}
				if err := schema.Value.VisitJSON(v, openapiRequest...); err != nil {
					s.violation("%s: request body: %v", operationID, err)
					return s.errorResponse(operationID, http.StatusBadRequest)
				}
			}
		}
		return f(ctx, w, r, request)
	}
}

// errorResponse is the spec's example for status of operationID, in any
// operation's response type.
func (s *Server) errorResponse(operationID string, status int) (any, error) {
	body, err := s.opts.Spec.ResponseExample(operationID, status)
	if err != nil {
		return nil, err
	}
	return rawResponse{status: status, contentType: "application/json", body: body}, nil
}

// badRequest answers a call oapi-codegen could not bind (a malformed query
// parameter or body) with the 400 example. oapi-codegen does not say which
// operation failed; all of them share components.responses.badRequest.
func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	s.violation("%s %s: %v", r.Method, r.URL.Path, err)
	body, exErr := s.opts.Spec.ResponseExample(opGet, http.StatusBadRequest)
	if exErr != nil {
		http.Error(w, exErr.Error(), http.StatusInternalServerError)
		return
	}
	rawResponse{status: http.StatusBadRequest, contentType: "application/json", body: body}.write(w)
}

// internalError answers a handler failure with the 500 example (shared, as
// above).
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.violation("%s %s: server: %v", r.Method, r.URL.Path, err)
	body, exErr := s.opts.Spec.ResponseExample(opGet, http.StatusInternalServerError)
	if exErr != nil {
		http.Error(w, exErr.Error(), http.StatusInternalServerError)
		return
	}
	rawResponse{status: http.StatusInternalServerError, contentType: "application/json", body: body}.write(w)
}

// notAcceptable is Atlas's answer to an unknown or missing version.
func notAcceptable(types []string) rawResponse {
	return apiErrorResponse(http.StatusNotAcceptable, "INVALID_VERSION_DATE", "Not Acceptable",
		fmt.Sprintf("Invalid accept header or version date. Accept one of: %s.", strings.Join(types, ", ")))
}

func apiErrorResponse(status int, code, reason, detail string) rawResponse {
	e := int32(status)
	body, _ := json.Marshal(ApiError{Error: &e, ErrorCode: &code, Reason: &reason, Detail: &detail})
	return rawResponse{status: status, contentType: "application/json", body: body}
}

// rawResponse is an answer the contract does not describe (406, 415, a
// forced media type); it fits every operation's response interface.
type rawResponse struct {
	status      int
	contentType string
	body        []byte
}

func (r rawResponse) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", r.contentType)
	w.WriteHeader(r.status)
	_, err := w.Write(r.body)
	return err
}

func (r rawResponse) VisitCreateSharedClusterBackupRestoreJobResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r rawResponse) VisitListSharedClusterBackupRestoreJobsResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r rawResponse) VisitGetSharedClusterBackupRestoreJobResponse(w http.ResponseWriter) error {
	return r.write(w)
}
