package main

import (
	"context"

	"go.yaml.in/yaml/v3"

	"github.com/tifa-project/tifa/config"
)

func runConfig(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "show" {
		return usagef("say what to do: tifa config show [--config FILE]")
	}
	fs := flagSet(e, "config show", "[--config FILE]",
		"Print the effective configuration: the embedded default (with its comments) when no file is\n"+
			"given, else the file as tifa read it. Start your own with: tifa config show > tifa.yaml")
	var c common
	c.registerConfig(fs)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if c.config == "" {
		_, err := e.stdout.Write(config.DefaultYAML())
		return err
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(e.stdout)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return err
	}
	return enc.Close()
}
