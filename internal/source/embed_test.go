package source

import (
	"embed"
	"os"
	"reflect"
	"testing"
)

//go:embed testdata/golden/sequential testdata/golden/pairs testdata/golden/line_endings
var embedded embed.FS

// TestEmbedFS checks that an embed.FS reads exactly like the same files on
// disk, as the README promises for the library.
func TestEmbedFS(t *testing.T) {
	for _, dir := range []string{"testdata/golden/sequential", "testdata/golden/pairs", "testdata/golden/line_endings"} {
		got, err := Read(embedded, dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		want, err := Read(os.DirFS("."), dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: embed.FS gives %d migrations, os.DirFS %d, or they differ", dir, len(got), len(want))
		}
		if got[0].Up.File[:len(dir)] != dir {
			t.Errorf("File %q is not relative to the FS root", got[0].Up.File)
		}
	}
}
