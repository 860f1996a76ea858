package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yaml's messages name Go types ("cannot unmarshal !!str into int", "not
// found in type config.Source"); these patterns take them apart so each
// can be said in the configuration's own words, at its file, line and field.
var (
	unmarshalRe = regexp.MustCompile("^line (\\d+): cannot unmarshal (\\S+)(?: `(.*)`)? into (.+)$")
	unknownRe   = regexp.MustCompile(`^line (\d+): field (.+) not found in type (.+)$`)
	lineRe      = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// readable turns an error from yaml's Decode into *Error values.
func readable(name string, root *yaml.Node, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &Error{Name: name, Line: line, Field: "YAML", Msg: m[2]}
		}
		return &Error{Name: name, Field: "YAML", Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	// The first few say what kind of mistake it is; all of a long file's
	// would be slow to place and long to read.
	const shown = 10
	var out []error
	for _, e := range te.Errors[:min(len(te.Errors), shown)] {
		out = append(out, readableLine(name, root, e))
	}
	if n := len(te.Errors) - shown; n > 0 {
		out = append(out, fmt.Errorf("%s: and %d more like these", name, n))
	}
	return errors.Join(out...)
}

func readableLine(name string, root *yaml.Node, e string) error {
	if m := unmarshalRe.FindStringSubmatch(e); m != nil {
		line, _ := strconv.Atoi(m[1])
		kind, ok := nodeKinds[m[2]]
		if !ok {
			kind = yaml.ScalarNode
		}
		field, n := fieldAt(root, line, "", kind, m[3])
		if m[4] == "config.Config" {
			field, n = "the file", nil // the whole document is of the wrong kind
		}
		got := kinds[m[2]]
		if got == "" {
			got = "a value"
		}
		msg := fmt.Sprintf("got %s, want %s", got, wanted(m[4]))
		if n != nil && n.Kind == yaml.ScalarNode {
			msg = fmt.Sprintf("%q is not %s", n.Value, wanted(m[4]))
		}
		return &Error{Name: name, Line: line, Field: field, Msg: msg}
	}
	if m := unknownRe.FindStringSubmatch(e); m != nil {
		line, _ := strconv.Atoi(m[1])
		field, _ := fieldAt(root, line, m[2], 0, "")
		msg := "unknown field"
		if fields := fieldsOf(m[3]); fields != "" {
			msg += "; the fields here are " + fields
		}
		return &Error{Name: name, Line: line, Field: field, Msg: msg}
	}
	if m := lineRe.FindStringSubmatch(e); m != nil {
		line, _ := strconv.Atoi(m[1])
		field, _ := fieldAt(root, line, "", 0, "")
		return &Error{Name: name, Line: line, Field: field, Msg: m[2]}
	}
	return &Error{Name: name, Field: "YAML", Msg: e}
}

var kinds = map[string]string{"!!str": "text", "!!int": "a number", "!!float": "a number", "!!bool": "true or false",
	"!!seq": "a list", "!!map": "a mapping", "!!null": "nothing", "!!binary": "binary data", "!!timestamp": "a date"}

// wanted says in words what a field of Go type t holds.
func wanted(t string) string {
	switch {
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "string":
		return "text"
	case t == "bool":
		return "true or false"
	case t == "[]string":
		return "a list of text, such as [a, b]"
	case strings.HasPrefix(t, "map["):
		return "a mapping, such as {a: b}"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasSuffix(t, "Duration"):
		return "a duration such as 30m or 3h"
	}
	if f := fieldsOf(t); f != "" {
		return "a mapping of " + f
	}
	return "something else"
}

// structs are the configuration's mappings by the name yaml gives their type.
var structs = map[string]reflect.Type{
	"config.Config": reflect.TypeFor[Config](), "config.Source": reflect.TypeFor[Source](),
	"config.Term": reflect.TypeFor[Term](), "config.Archive": reflect.TypeFor[Archive](),
	"config.Backfill": reflect.TypeFor[Backfill](), "*config.Backfill": reflect.TypeFor[Backfill](),
}

// fieldsOf lists the YAML keys of the named configuration type.
func fieldsOf(typeName string) string {
	t, ok := structs[typeName]
	if !ok {
		return ""
	}
	var keys []string
	for f := range t.Fields() {
		if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, ", ")
}

// fieldAt finds the field at line and returns its path, e.g.
// sources[1].max_pages, and its value: the field named key when one is
// given, else the outermost value on the line of the kind yaml complained
// about (kind 0: any), so "parallel: [2]" is parallel, not parallel[0];
// value, as yaml quotes it (cut to 7 bytes and "..."), tells apart the
// scalars of a one-line {id: a, hosts: b}.
func fieldAt(n *yaml.Node, line int, key string, kind yaml.Kind, value string) (string, *yaml.Node) {
	match := func(k, v *yaml.Node) bool {
		if key != "" {
			return k != nil && k.Value == key && k.Line == line
		}
		if v.Line != line || kind != 0 && v.Kind != kind {
			return false
		}
		if value == "" || v.Kind != yaml.ScalarNode {
			return true
		}
		if cut, ok := strings.CutSuffix(value, "..."); ok && len(v.Value) > 10 {
			return strings.HasPrefix(v.Value, cut)
		}
		return v.Value == value
	}
	var walk func(n *yaml.Node, path string) (string, *yaml.Node, bool)
	walk = func(n *yaml.Node, path string) (string, *yaml.Node, bool) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				if p, v, ok := walk(c, path); ok {
					return p, v, true
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				if match(k, v) {
					return p, v, true
				}
				if deeper, dv, ok := walk(v, p); ok {
					return deeper, dv, true
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				if match(nil, c) {
					return p, c, true
				}
				if deeper, dv, ok := walk(c, p); ok {
					return deeper, dv, true
				}
			}
		}
		return "", nil, false
	}
	if p, v, ok := walk(n, ""); ok {
		return p, v
	}
	return "YAML", nil
}

var nodeKinds = map[string]yaml.Kind{"!!seq": yaml.SequenceNode, "!!map": yaml.MappingNode}

// durationError says what is wrong with a duration and what one looks like.
func durationError(n *yaml.Node, problem string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, problem)}}
}
