package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// Manifests cross between the vld tool and Go, both ways (issue 6). Meson
// sets VLD_CLI; run alone, the test needs it set to the built vld.
func vldTool(t *testing.T) string {
	t.Helper()
	tool := os.Getenv("VLD_CLI")
	if tool == "" {
		t.Fatal("VLD_CLI is not set: run through meson test or set it to the built vld")
	}
	return tool
}

func TestVldManifestVerifiesInGo(t *testing.T) {
	tool := vldTool(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "data.bin")
	data := pattern(300000, 11)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "manifest", "-q", "-c", "64K", path).CombinedOutput(); err != nil {
		t.Fatalf("vld manifest: %v: %s", err, out)
	}
	blob, err := os.ReadFile(path + ".vldm")
	if err != nil {
		t.Fatal(err)
	}
	c := newCtx(t, nil)
	m, err := c.Load(blob)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if again, _ := m.MarshalBinary(); !bytes.Equal(again, blob) {
		t.Fatal("the manifest does not serialize back to the same bytes")
	}
	if err := os.WriteFile(path, damagedAt(data, 200000), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := c.VerifyFile(context.Background(), m, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if want := []Range{{196608, 65536, 0}}; r.Summary.Verdict != VerdictCorrupt || !reflect.DeepEqual(r.Ranges, want) {
		t.Fatalf("got %+v %+v", r.Summary, r.Ranges)
	}
}

func TestGoManifestVerifiesWithVld(t *testing.T) {
	tool := vldTool(t)
	dir := t.TempDir()
	path, mpath := filepath.Join(dir, "data.bin"), filepath.Join(dir, "go.vldm")
	data := pattern(300000, 12)
	c := newCtx(t, map[Param]int64{ParamChunkSize: 65536})
	m, err := c.Build(data)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	blob, _ := m.MarshalBinary()
	if err := os.WriteFile(mpath, blob, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, damagedAt(data, 5), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", "--json", path, mpath).Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("vld verify: want exit 1, got %v", err)
	}
	var res struct {
		Verdict   string     `json:"verdict"`
		BadRanges [][]uint64 `json:"bad_ranges"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "corrupt" || !reflect.DeepEqual(res.BadRanges, [][]uint64{{0, 65536}}) {
		t.Fatalf("got %+v", res)
	}
}
