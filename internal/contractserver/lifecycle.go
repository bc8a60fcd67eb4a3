package contractserver

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// APIFile is the whole API whose cluster operations a Lifecycle serves,
// relative to the module root.
const APIFile = "openapi/upstream/atlas-api-2026-03-03.yaml"

// The cluster operations of APIFile that a Lifecycle serves.
const (
	opCreateCluster = "createGroupCluster"
	opGetCluster    = "getGroupCluster"
	opDeleteCluster = "deleteGroupCluster"
)

// LoadAPI loads APIFile from the module root. The document is not
// validated as a whole: kin-openapi's validator refuses two things the
// upstream spec holds, a pattern Go cannot compile (a Perl (?! lookahead)
// and two path templates that differ only in a parameter's name. The
// generator checks the spec its own way; the server needs only its schemas.
func LoadAPI() (*Spec, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(root, APIFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := parse(data, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Lifecycle makes a Server also answer createGroupCluster, getGroupCluster
// and deleteGroupCluster of the whole API (LoadAPI), on clusters it keeps
// in memory whose state moves as they are polled, the way an Atlas
// cluster's moves over minutes: a waiter sees CREATING, CREATING, IDLE, and
// a deleted cluster that is still found twice before the GET answers 404.
// Time is counted in polls, never read from a clock, so tests stay exact.
//
// Requests are checked against the spec: an Accept that is not one of the
// operation's media types gets 406, a body with a key the request schema of
// its media type lacks, or without a name, 400, each recorded as a
// violation. Every answer's keys are checked against the response schema of
// its media type before it is sent. The check stops at the top level: the
// cluster schemas nest oneOfs that kin-openapi's validator cannot tell
// apart (an electableSpecs value matches two of them, and regionName's
// oneOf of string enums sits under type: object).
type Lifecycle struct {
	// API is the whole API's contract (LoadAPI).
	API *Spec
	// States are the stateName values of a created cluster: the create
	// answers the first, the nth GET the nth, and the last repeats. Default:
	// CREATING, CREATING, IDLE.
	States []string
	// GoneAfter is how many GETs still find a deleted cluster (stateName
	// DELETING) before they answer 404. Default 2; -1 for none.
	GoneAfter int
	// ThrottleAt lists GETs of a cluster, counted from 1 and the throttled
	// ones included, that answer 429 with Retry-After: RetryAfter ("1" by
	// default) instead of the cluster; they are not polls.
	ThrottleAt []int
	RetryAfter string
}

// cluster is one cluster of a Lifecycle.
type cluster struct {
	body      map[string]any // as created, with the server's fields
	polls     int            // GETs answered with the cluster or its 404
	gets      int            // every GET, throttled ones too
	deleted   bool
	sinceGone int // GETs answered since the delete
}

var clusterPath = regexp.MustCompile(`^/api/atlas/v2/groups/([0-9a-f]{24})/clusters(?:/([^/]+))?$`)

// serveLifecycle answers a request for a cluster of the lifecycle and
// reports true, or reports false for a request it does not serve.
func (s *Server) serveLifecycle(w http.ResponseWriter, r *http.Request) bool {
	lc := s.opts.Lifecycle
	m := clusterPath.FindStringSubmatch(r.URL.Path)
	if lc == nil || m == nil {
		return false
	}
	group, name := m[1], m[2]
	switch {
	case name == "" && r.Method == http.MethodPost:
		s.createCluster(w, r, group)
	case name != "" && r.Method == http.MethodGet:
		s.getCluster(w, r, group, name)
	case name != "" && r.Method == http.MethodDelete:
		s.deleteCluster(w, r, group, name)
	default:
		return false
	}
	return true
}

func (lc *Lifecycle) states() []string {
	if len(lc.States) == 0 {
		return []string{"CREATING", "CREATING", "IDLE"}
	}
	return lc.States
}

func (s *Server) createCluster(w http.ResponseWriter, r *http.Request, group string) {
	api := s.opts.Lifecycle.API
	accept, ok := s.accepts(w, r, api, opCreateCluster)
	if !ok {
		return
	}
	body, _ := r.Context().Value(bodyKey{}).([]byte)
	ct := r.Header.Get("Content-Type")
	schema, types := api.requestSchema(opCreateCluster, ct)
	var req map[string]any
	var err error
	switch {
	case schema == nil:
		err = fmt.Errorf("Content-Type %q is not one of %s", ct, strings.Join(types, ", "))
	case json.Unmarshal(body, &req) != nil:
		err = errors.New("the body is not a JSON object")
	default:
		err = knownKeys(schema, req, false)
	}
	if err == nil {
		if name, _ := req["name"].(string); name == "" {
			err = errors.New("the body has no name")
		}
	}
	if err != nil {
		s.violation("%s: %v", opCreateCluster, err)
		writeJSON(w, http.StatusBadRequest, "application/json", apiErrorBody(http.StatusBadRequest, "INVALID_ATTRIBUTE", "Bad Request", err.Error()))
		return
	}
	name := req["name"].(string)
	req["groupId"] = group
	req["id"] = randomHex(12)
	req["createDate"] = docsDateTime
	req["stateName"] = s.opts.Lifecycle.states()[0]
	s.mu.Lock()
	if s.clusters == nil {
		s.clusters = map[string]*cluster{}
	}
	if c := s.clusters[group+"/"+name]; c != nil && !c.deleted {
		s.mu.Unlock()
		writeJSON(w, http.StatusConflict, "application/json", apiErrorBody(http.StatusConflict, "DUPLICATE_CLUSTER_NAME", "Conflict", "A cluster named "+name+" already exists."))
		return
	}
	s.clusters[group+"/"+name] = &cluster{body: req}
	s.mu.Unlock()
	s.answer(w, api, opCreateCluster, http.StatusCreated, accept, req)
}

func (s *Server) getCluster(w http.ResponseWriter, r *http.Request, group, name string) {
	lc := s.opts.Lifecycle
	accept, ok := s.accepts(w, r, lc.API, opGetCluster)
	if !ok {
		return
	}
	s.mu.Lock()
	c := s.clusters[group+"/"+name]
	var answer map[string]any
	if c != nil {
		c.gets++
		if slices.Contains(lc.ThrottleAt, c.gets) {
			s.mu.Unlock()
			retry := cmp.Or(lc.RetryAfter, "1")
			w.Header().Set("Retry-After", retry)
			writeJSON(w, http.StatusTooManyRequests, "application/json", apiErrorBody(http.StatusTooManyRequests, "RATE_LIMITED", "Too Many Requests", "Retry after "+retry+" seconds."))
			return
		}
		c.polls++
		switch {
		case !c.deleted:
			states := lc.states()
			c.body["stateName"] = states[min(c.polls, len(states))-1]
			answer = c.body
		case c.sinceGone < lc.GoneAfter || lc.GoneAfter == 0 && c.sinceGone < 2:
			c.sinceGone++
			c.body["stateName"] = "DELETING"
			answer = c.body
		}
	}
	var data []byte
	if answer != nil {
		data, _ = json.Marshal(answer) // under the lock: the map changes on every poll
	}
	s.mu.Unlock()
	if data == nil {
		s.notFound(w, lc.API, opGetCluster, name)
		return
	}
	s.answerJSON(w, lc.API, opGetCluster, http.StatusOK, accept, data)
}

func (s *Server) deleteCluster(w http.ResponseWriter, r *http.Request, group, name string) {
	api := s.opts.Lifecycle.API
	if _, ok := s.accepts(w, r, api, opDeleteCluster); !ok {
		return
	}
	s.mu.Lock()
	c := s.clusters[group+"/"+name]
	found := c != nil && !c.deleted
	if found {
		c.deleted = true
	}
	s.mu.Unlock()
	if !found {
		s.notFound(w, api, opDeleteCluster, name)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// Polls returns how many GETs of a cluster of the Lifecycle were answered
// with the cluster or its 404, throttled ones left out.
func (s *Server) Polls(groupID, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clusters[groupID+"/"+name]; c != nil {
		return c.polls
	}
	return 0
}

// Gets returns how many GETs of a cluster of the Lifecycle arrived,
// throttled ones included.
func (s *Server) Gets(groupID, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clusters[groupID+"/"+name]; c != nil {
		return c.gets
	}
	return 0
}

// accepts checks the Accept header against an operation's media types and
// answers 406 when it is not one of them.
func (s *Server) accepts(w http.ResponseWriter, r *http.Request, api *Spec, operationID string) (string, bool) {
	accept := r.Header.Get("Accept")
	types, err := api.MediaTypes(operationID)
	if err == nil && slices.Contains(types, accept) {
		return accept, true
	}
	s.violation("%s: Accept %q is not one of %s", operationID, accept, strings.Join(types, ", "))
	writeJSON(w, http.StatusNotAcceptable, "application/json", apiErrorBody(http.StatusNotAcceptable, "INVALID_MEDIA_TYPE", "Not Acceptable", "Invalid accept header or version date."))
	return "", false
}

// answer sends v as an operation's answer in the media type asked for.
func (s *Server) answer(w http.ResponseWriter, api *Spec, operationID string, status int, mediaType string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, "application/json", apiErrorBody(http.StatusInternalServerError, "UNEXPECTED_ERROR", "Internal Server Error", err.Error()))
		return
	}
	s.answerJSON(w, api, operationID, status, mediaType, data)
}

// answerJSON validates data against the response schema of the media type
// and sends it: an answer that breaks the contract is the server's bug,
// answered 500 and recorded.
func (s *Server) answerJSON(w http.ResponseWriter, api *Spec, operationID string, status int, mediaType string, data []byte) {
	schema := api.responseSchema(operationID, status, mediaType)
	if schema == nil {
		s.violation("%s: no %d response in %s", operationID, status, mediaType)
		writeJSON(w, http.StatusInternalServerError, "application/json", apiErrorBody(http.StatusInternalServerError, "UNEXPECTED_ERROR", "Internal Server Error", "no schema"))
		return
	}
	var v map[string]any
	err := json.Unmarshal(data, &v)
	if err == nil {
		err = knownKeys(schema, v, true)
	}
	if err != nil {
		s.violation("%s: the server's own %d answer breaks the spec: %v", operationID, status, err)
		writeJSON(w, http.StatusInternalServerError, "application/json", apiErrorBody(http.StatusInternalServerError, "UNEXPECTED_ERROR", "Internal Server Error", err.Error()))
		return
	}
	writeJSON(w, status, mediaType, data)
}

// notFound answers the spec's 404 example of an operation.
func (s *Server) notFound(w http.ResponseWriter, api *Spec, operationID, name string) {
	data, err := api.ResponseExample(operationID, http.StatusNotFound)
	if err != nil {
		data = apiErrorBody(http.StatusNotFound, "CLUSTER_NOT_FOUND", "Not Found", "No cluster named "+name+" exists.")
	}
	writeJSON(w, http.StatusNotFound, "application/json", data)
}

// knownKeys checks that every key of v is a property of schema (its allOf
// included): writable in a request, not write-only in a response.
func knownKeys(schema *openapi3.SchemaRef, v map[string]any, response bool) error {
	props := map[string]*openapi3.Schema{}
	var collect func(*openapi3.SchemaRef)
	collect = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		for name, p := range ref.Value.Properties {
			props[name] = p.Value
		}
		for _, sub := range ref.Value.AllOf {
			collect(sub)
		}
	}
	collect(schema)
	var bad []string
	for k := range v {
		p, ok := props[k]
		if !ok || p == nil || response && p.WriteOnly || !response && p.ReadOnly {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("keys the schema does not allow here: %s", strings.Join(bad, ", "))
	}
	return nil
}

func apiErrorBody(status int, code, reason, detail string) []byte {
	data, _ := json.Marshal(map[string]any{"error": status, "errorCode": code, "reason": reason, "detail": detail, "parameters": []any{}})
	return data
}

func writeJSON(w http.ResponseWriter, status int, mediaType string, data []byte) {
	w.Header().Set("Content-Type", mediaType)
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
