package admin_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"

	"github.com/atlasgen/atlasgen/internal/contractserver"
	sdk "github.com/atlasgen/atlasgen/internal/restorejobs/admin"
)

// Example_docsPage runs the Go sample of the Atlas docs page for
// getSharedClusterBackupRestoreJob against a local Atlas stand-in. The
// sample is as the page has it, with its two typos fixed (`params :=`,
// `client.SharedTierRestoreJobsApi`) and its parameters filled in; the lines
// around it start the server, point the client at it through the
// environment, and print what came back.
func Example_docsPage() {
	spec, err := contractserver.LoadFragment()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(contractserver.New(contractserver.Options{
		Spec:  spec,
		OAuth: &contractserver.OAuth{ClientID: "mdb_sa_id_example", ClientSecret: "mdb_sa_sk_example"},
	}))
	defer srv.Close()
	for k, v := range map[string]string{
		"MONGODB_ATLAS_CLIENT_ID":     "mdb_sa_id_example",
		"MONGODB_ATLAS_CLIENT_SECRET": "mdb_sa_sk_example",
		sdk.BaseURLEnv:                srv.URL,
	} {
		old, had := os.LookupEnv(k)
		os.Setenv(k, v)
		defer func() {
			if had {
				os.Setenv(k, old)
			} else {
				os.Unsetenv(k)
			}
		}()
	}

	// The docs page's sample, from here.
	ctx := context.Background()
	clientID := os.Getenv("MONGODB_ATLAS_CLIENT_ID")
	clientSecret := os.Getenv("MONGODB_ATLAS_CLIENT_SECRET")

	// See https://dochub.mongodb.org/core/atlas-go-sdk-oauth
	client, err := sdk.NewClient(sdk.UseOAuthAuth(clientID, clientSecret))

	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	params := &sdk.GetSharedClusterBackupRestoreJobApiParams{
		GroupID:     "32b6e34b3d91647abb20e7b8",
		ClusterName: "Cluster0",
		RestoreID:   "5a0a1e7e0f2912c554080adc",
	}
	sdkResp, httpResp, err := client.SharedTierRestoreJobsApi.
		GetSharedClusterBackupRestoreJobWithParams(ctx, params).
		Execute()
	// To here.

	fmt.Println(err, httpResp.StatusCode, httpResp.Request.Header.Get("Accept"))
	fmt.Println(sdkResp.GetStatus(), sdkResp.GetDeliveryType(), sdkResp.GetSnapshotID(), sdkResp.GetExpirationDate())
	// Output:
	// <nil> 200 application/vnd.atlas.2023-01-01+json
	// PENDING RESTORE 32b6e34b3d91647abb20e7b8 2025-05-04 09:42:00 +0000 UTC
}
