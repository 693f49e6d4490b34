// Package lintreport writes what strata.Lint found, a strata.LintReport,
// as text, JSON, SARIF 2.1.0 or GitHub workflow annotations: the output
// formats of strata lint.
package lintreport

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/strata-db/strata"
)

// Where the codes are documented, for SARIF's helpUri.
const (
	informationURI = "https://github.com/strata-db/strata"
	codesURI       = informationURI + "/blob/main/internal/lint/testdata/codes.md"
)

// WriteText writes the findings for people: "file:line:col: CODE
// message", the fix on the next line, the related places after it, and a
// summary line.
func WriteText(w io.Writer, r *strata.LintReport) error {
	var b strings.Builder
	for _, d := range r.Findings {
		fmt.Fprintf(&b, "%s\n", d)
		if d.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", d.Fix)
		}
		for _, rel := range d.Related {
			fmt.Fprintf(&b, "    %s:%d:%d: %s", rel.File, rel.Line, rel.Column, rel.Message)
			if rel.Text != "" {
				fmt.Fprintf(&b, ": %s", rel.Text)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString(summary(r) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// summary is the last line of the text output.
func summary(r *strata.LintReport) string {
	checked := fmt.Sprintf("%d migrations checked", r.Checked)
	if r.Checked != r.Migrations {
		checked = fmt.Sprintf("%d of %d migrations checked", r.Checked, r.Migrations)
	}
	if len(r.Findings) == 0 {
		return "no findings (" + checked + ")"
	}
	var parts []string
	for _, s := range []strata.LintSeverity{strata.LintError, strata.LintWarning, strata.LintInfo} {
		if n := r.Count(s); n > 0 {
			parts = append(parts, plural(n, string(s)))
		}
	}
	return fmt.Sprintf("%s: %s (%s)", plural(len(r.Findings), "finding"), strings.Join(parts, ", "), checked)
}

// plural gives "1 word" or "n words".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// jsonFinding is a finding in the JSON output.
type jsonFinding struct {
	File     string              `json:"file"`
	Line     int                 `json:"line"`
	Column   int                 `json:"column"`
	Code     string              `json:"code"`
	Name     string              `json:"name"`
	Severity strata.LintSeverity `json:"severity"`
	Message  string              `json:"message"`
	Fix      *string             `json:"fix"` // null when there is none
	Related  []jsonRelated       `json:"related"`
}

type jsonRelated struct {
	File    string  `json:"file"`
	Line    int     `json:"line"`
	Column  int     `json:"column"`
	Message string  `json:"message"`
	Text    *string `json:"text"` // null when there is none
}

// WriteJSON writes the findings as one JSON document:
//
//	{"findings":[{"file":"migrations/003_x.sql","line":4,"column":1,"code":"PG101",
//	  "name":"index-not-concurrently","severity":"warning","message":"…","fix":"…",
//	  "related":[{"file":…,"line":…,"column":…,"message":"…","text":"…"}]}],
//	 "summary":{"migrations":12,"checked":12,"errors":0,"warnings":1,"infos":0}}
func WriteJSON(w io.Writer, r *strata.LintReport) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
		Summary  struct {
			Migrations int `json:"migrations"`
			Checked    int `json:"checked"`
			Errors     int `json:"errors"`
			Warnings   int `json:"warnings"`
			Infos      int `json:"infos"`
		} `json:"summary"`
	}{Findings: []jsonFinding{}}
	for _, d := range r.Findings {
		// Every key is always there, null where there is no value (see
		// docs/json.md).
		f := jsonFinding{File: d.File, Line: d.Line, Column: d.Column, Code: d.Code, Name: d.Name,
			Severity: d.Severity, Message: d.Message, Fix: orNull(d.Fix), Related: []jsonRelated{}}
		for _, rel := range d.Related {
			f.Related = append(f.Related, jsonRelated{File: rel.File, Line: rel.Line, Column: rel.Column, Message: rel.Message, Text: orNull(rel.Text)})
		}
		out.Findings = append(out.Findings, f)
	}
	out.Summary.Migrations, out.Summary.Checked = r.Migrations, r.Checked
	out.Summary.Errors, out.Summary.Warnings, out.Summary.Infos = r.Count(strata.LintError), r.Count(strata.LintWarning), r.Count(strata.LintInfo)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// orNull is s, or nil for "".
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// SARIF 2.1.0, the subset code scanning tools read.
type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifText    `json:"shortDescription"`
		FullDescription      sarifText    `json:"fullDescription"`
		Help                 sarifText    `json:"help"`
		HelpURI              string       `json:"helpUri"`
		DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
	}
	sarifDefault struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifText       `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// sarifLevel maps a severity to SARIF's result level.
func sarifLevel(s strata.LintSeverity) string {
	switch s {
	case strata.LintError:
		return "error"
	case strata.LintWarning:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log, for GitHub code
// scanning and other tools: one run, the checks that ran as rules, a
// result per finding with its file, line and column, and the related
// places (earlier definitions) as related locations.
func WriteSARIF(w io.Writer, r *strata.LintReport) error {
	driver := sarifDriver{Name: "strata", InformationURI: informationURI, Rules: []sarifRule{}}
	index := map[string]int{}
	for i, a := range r.Checks {
		index[a.Code] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: a.Code, Name: a.Name,
			ShortDescription:     sarifText{shortDoc(a.Doc)},
			FullDescription:      sarifText{a.Doc},
			Help:                 sarifText{a.Fix},
			HelpURI:              codesURI + "#" + strings.ToLower(a.Code),
			DefaultConfiguration: sarifDefault{sarifLevel(a.Severity)},
		})
	}
	results := []sarifResult{}
	for _, d := range r.Findings {
		msg := d.Message
		if d.Fix != "" {
			msg += "\nFix: " + d.Fix
		}
		res := sarifResult{RuleID: d.Code, RuleIndex: index[d.Code], Level: sarifLevel(d.Severity),
			Message: sarifText{msg}, Locations: []sarifLocation{location(d.File, d.Line, d.Column)}}
		for i, rel := range d.Related {
			loc := location(rel.File, rel.Line, rel.Column)
			id := i + 1
			text := rel.Message
			if rel.Text != "" {
				text += ": " + rel.Text
			}
			loc.ID, loc.Message = &id, &sarifText{text}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		results = append(results, res)
	}
	log := sarifLog{Version: "2.1.0", Schema: "https://json.schemastore.org/sarif-2.1.0.json",
		Runs: []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func location(file string, line, col int) sarifLocation {
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: file}).String()},
		Region:           sarifRegion{StartLine: max(line, 1), StartColumn: max(col, 1)},
	}}
}

// shortDoc is the part of a check's documentation before its first
// colon: what it finds, without why.
func shortDoc(doc string) string {
	if i := strings.Index(doc, ": "); i > 0 {
		return doc[:i] + "."
	}
	return doc
}

// WriteGitHub writes the findings as GitHub Actions workflow commands, so
// that they show as annotations on the pull request:
//
//	::error file=migrations/003_x.sql,line=4,col=1,title=PG101::message
//
// Infos become notices.
func WriteGitHub(w io.Writer, r *strata.LintReport) error {
	var b strings.Builder
	for _, d := range r.Findings {
		kind := "notice"
		switch d.Severity {
		case strata.LintError:
			kind = "error"
		case strata.LintWarning:
			kind = "warning"
		}
		msg := d.Message
		if d.Fix != "" {
			msg += "\nFix: " + d.Fix
		}
		for _, rel := range d.Related {
			msg += fmt.Sprintf("\n%s:%d: %s", rel.File, rel.Line, rel.Message)
			if rel.Text != "" {
				msg += ": " + rel.Text
			}
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind,
			ghProperty(d.File), d.Line, d.Column, ghProperty(d.Code), ghData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
