package dashboard

import "html/template"

// funcs are the template's small arithmetic for the chart's labels.
var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
}
