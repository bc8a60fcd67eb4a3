package contractserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	opCreate = "createSharedClusterBackupRestoreJob"
	opList   = "listSharedClusterBackupRestoreJobs"
	opGet    = "getSharedClusterBackupRestoreJob"
)

// openapiRequest validates a value as a request sends it: read-only
// properties must not be there.
var openapiRequest = []openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.MultiErrors()}

// handlers answers with the spec's examples, through the response types
// oapi-codegen generated, so status codes and media types come from its
// reading of the contract.
type handlers struct{ s *Server }

var _ StrictServerInterface = handlers{}

func (h handlers) GetSharedClusterBackupRestoreJob(ctx context.Context, req GetSharedClusterBackupRestoreJobRequestObject) (GetSharedClusterBackupRestoreJobResponseObject, error) {
	if status := scenario(req.GroupId, req.RestoreId); status != 0 {
		e, err := h.apiError(opGet, status)
		switch status {
		case http.StatusBadRequest:
			return GetSharedClusterBackupRestoreJob400JSONResponse{BadRequestJSONResponse(e)}, err
		case http.StatusUnauthorized:
			return GetSharedClusterBackupRestoreJob401JSONResponse{UnauthorizedJSONResponse(e)}, err
		case http.StatusForbidden:
			return GetSharedClusterBackupRestoreJob403JSONResponse{ForbiddenJSONResponse(e)}, err
		case http.StatusNotFound:
			return GetSharedClusterBackupRestoreJob404JSONResponse{NotFoundJSONResponse(e)}, err
		case http.StatusInternalServerError:
			return GetSharedClusterBackupRestoreJob500JSONResponse{InternalServerErrorJSONResponse(e)}, err
		}
	}
	var body TenantRestore
	if err := h.example(opGet, &body, nil); err != nil {
		return nil, err
	}
	if raw, ok := h.forced(body); ok {
		return raw, nil
	}
	return GetSharedClusterBackupRestoreJob200ApplicationVndAtlas20230101PlusJSONResponse(body), nil
}

func (h handlers) ListSharedClusterBackupRestoreJobs(ctx context.Context, req ListSharedClusterBackupRestoreJobsRequestObject) (ListSharedClusterBackupRestoreJobsResponseObject, error) {
	if status := scenario(req.GroupId); status != 0 {
		e, err := h.apiError(opList, status)
		switch status {
		case http.StatusBadRequest:
			return ListSharedClusterBackupRestoreJobs400JSONResponse{BadRequestJSONResponse(e)}, err
		case http.StatusUnauthorized:
			return ListSharedClusterBackupRestoreJobs401JSONResponse{UnauthorizedJSONResponse(e)}, err
		case http.StatusForbidden:
			return ListSharedClusterBackupRestoreJobs403JSONResponse{ForbiddenJSONResponse(e)}, err
		case http.StatusNotFound:
			return ListSharedClusterBackupRestoreJobs404JSONResponse{NotFoundJSONResponse(e)}, err
		case http.StatusInternalServerError:
			return ListSharedClusterBackupRestoreJobs500JSONResponse{InternalServerErrorJSONResponse(e)}, err
		}
	}
	var page PaginatedTenantRestoreView
	if err := h.example(opList, &page, nil); err != nil {
		return nil, err
	}
	// A page of the example's results, counted as a server counts them.
	if page.Results != nil {
		n := int32(len(*page.Results))
		page.TotalCount = &n
	}
	if raw, ok := h.forced(page); ok {
		return raw, nil
	}
	return ListSharedClusterBackupRestoreJobs200ApplicationVndAtlas20230101PlusJSONResponse(page), nil
}

func (h handlers) CreateSharedClusterBackupRestoreJob(ctx context.Context, req CreateSharedClusterBackupRestoreJobRequestObject) (CreateSharedClusterBackupRestoreJobResponseObject, error) {
	if status := scenario(req.GroupId); status != 0 {
		e, err := h.apiError(opCreate, status)
		switch status {
		case http.StatusBadRequest:
			return CreateSharedClusterBackupRestoreJob400JSONResponse{BadRequestJSONResponse(e)}, err
		case http.StatusUnauthorized:
			return CreateSharedClusterBackupRestoreJob401JSONResponse{UnauthorizedJSONResponse(e)}, err
		case http.StatusForbidden:
			return CreateSharedClusterBackupRestoreJob403JSONResponse{ForbiddenJSONResponse(e)}, err
		case http.StatusNotFound:
			return CreateSharedClusterBackupRestoreJob404JSONResponse{NotFoundJSONResponse(e)}, err
		case http.StatusConflict:
			return CreateSharedClusterBackupRestoreJob409JSONResponse{ConflictJSONResponse(e)}, err
		case http.StatusInternalServerError:
			return CreateSharedClusterBackupRestoreJob500JSONResponse{InternalServerErrorJSONResponse(e)}, err
		}
	}
	var job TenantRestore
	if err := h.example(opCreate, &job, req.Body); err != nil {
		return nil, err
	}
	if raw, ok := h.forced(job); ok {
		return raw, nil
	}
	return CreateSharedClusterBackupRestoreJob200ApplicationVndAtlas20230101PlusJSONResponse(job), nil
}

// apiError decodes the spec's example for an error status.
func (h handlers) apiError(operationID string, status int) (ApiError, error) {
	var e ApiError
	data, err := h.s.opts.Spec.ResponseExample(operationID, status)
	if err == nil {
		err = strictDecode(data, &e)
	}
	return e, err
}

// example decodes the spec's 200 example of an operation into dst. The
// writable properties of echo, a request body, replace the example's, as a
// created resource carries what was asked for.
func (h handlers) example(operationID string, dst, echo any) error {
	data, err := h.s.opts.Spec.ResponseExample(operationID, http.StatusOK)
	if err != nil {
		return err
	}
	if echo != nil {
		if data, err = overlay(data, echo, h.s.opts.Spec.responseSchema(operationID, http.StatusOK, "")); err != nil {
			return err
		}
	}
	// Strict decoding makes an example that the generated model cannot
	// hold an error rather than a silently smaller body.
	return strictDecode(data, dst)
}

func overlay(example []byte, echo any, schema *openapi3.SchemaRef) ([]byte, error) {
	var base, req map[string]any
	if err := json.Unmarshal(example, &base); err != nil {
		return nil, err
	}
	data, err := json.Marshal(echo)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &req); err != nil {
		return nil, err
	}
	for k, v := range req {
		if schema != nil && schema.Value != nil {
			if p := schema.Value.Properties[k]; p != nil && p.Value != nil && p.Value.ReadOnly {
				continue
			}
		}
		base[k] = v
	}
	return json.Marshal(base)
}

func strictDecode(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("example %s does not fit %T: %w", data, dst, err)
	}
	return nil
}

// forced answers with Options.ResponseMediaType when it is set.
func (h handlers) forced(body any) (rawResponse, bool) {
	mt := h.s.opts.ResponseMediaType
	if mt == "" {
		return rawResponse{}, false
	}
	data, err := json.Marshal(body)
	if err != nil {
		return apiErrorResponse(http.StatusInternalServerError, "UNEXPECTED_ERROR", "Internal Server Error", err.Error()), true
	}
	return rawResponse{status: http.StatusOK, contentType: mt, body: data}, true
}
