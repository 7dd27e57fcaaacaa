/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "command.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "output.h"

/** default socket, the plugin's default (contract section 3) */
#define DEFAULT_URI "unix:///var/run/vpndiag.vici"

static command_t commands[MAX_COMMANDS];
static int ncommands;
static command_t *active;
static const char *active_arg;
static const char *uri;
static command_format_t format = FORMAT_HUMAN;
static struct option longopts[MAX_OPTIONS + 6];
static char shortopts[3 * (MAX_OPTIONS + 6)];
static int argc_;
static char **argv_;

/** the options every command takes */
static const command_option_t common[] = {
	{ "uri", 'u', true, "VICI socket of vpndiag (default from "
	  "strongswan.conf, charon.plugins.vpndiag.socket)" },
	{ "json", 'j', false, "JSON output (the record schema)" },
	{ "raw", 'r', false, "dump the VICI messages, one line each" },
	{ "pretty", 'P', false, "dump the VICI messages, indented" },
	{ "help", 'h', false, "show this help" },
};

/*
 * Described in header
 */
void command_register(command_t command)
{
	if (ncommands < MAX_COMMANDS)
	{
		commands[ncommands++] = command;
	}
}

/*
 * Described in header
 */
const char *command_arg()
{
	return active_arg;
}

/*
 * Described in header
 */
const char *command_uri()
{
	return uri;
}

/*
 * Described in header
 */
command_format_t command_format()
{
	return format;
}

/*
 * Described in header
 */
void command_dump(const char *name, const char *type,
				  vpndiag_vici_node_t *msg)
{
	output_dump(stdout, name, type, msg, format == FORMAT_PRETTY);
}

/*
 * Described in header
 */
vpndiag_vici_node_t *command_reply(const char *name, vpndiag_vici_node_t *res,
								   char *err, const char *failed, bool dump)
{
	const char *success;

	if (!res)
	{
		fprintf(stderr, "vpndiag: %s\n", err);
		free(err);
		return NULL;
	}
	if (dump && (format == FORMAT_RAW || format == FORMAT_PRETTY))
	{
		command_dump(name, "reply", res);
	}
	success = vpndiag_vici_get(res, "success");
	if (!success || strcmp(success, "yes"))
	{
		if (vpndiag_vici_get(res, "errmsg"))
		{
			fprintf(stderr, "vpndiag: %s\n", vpndiag_vici_get(res, "errmsg"));
		}
		else if (failed)
		{
			fprintf(stderr, "vpndiag: %s\n", failed);
		}
		else
		{
			fprintf(stderr, "vpndiag: %s failed\n", name);
		}
		vpndiag_vici_free(res);
		return NULL;
	}
	return res;
}

/**
 * Print the option list of a command
 */
static void print_options(FILE *out, const command_option_t *opts, int count)
{
	char buf[64];
	int i;

	for (i = 0; i < count && opts[i].name; i++)
	{
		snprintf(buf, sizeof(buf), "--%s%s%c%s", opts[i].name,
				 opts[i].op ? " (-" : "", opts[i].op ? opts[i].op : ' ',
				 opts[i].op ? ")" : "");
		if (!opts[i].op)
		{
			buf[strlen(buf) - 1] = '\0';
		}
		fprintf(out, "    %-22s %s\n", buf, opts[i].desc);
	}
}

/**
 * Print the general usage
 */
static void usage_all(FILE *out)
{
	int i;

	fprintf(out, "vpndiag: why is the IPsec tunnel down? (strongSwan "
			"diagnosis)\n\nusage:\n");
	for (i = 0; i < ncommands; i++)
	{
		fprintf(out, "  vpndiag --%s%s%s (-%c)\n      %s\n", commands[i].cmd,
				commands[i].arg ? " " : "", commands[i].arg ?: "",
				commands[i].op, commands[i].description);
	}
	fprintf(out, "\n'vpndiag --<command> --help' shows a command's options; "
			"see vpndiag(8).\n");
}

/*
 * Described in header
 */
int command_usage(const char *fmt, ...)
{
	FILE *out = fmt ? stderr : stdout;
	va_list args;
	int i;

	if (fmt)
	{
		fprintf(stderr, "vpndiag: ");
		va_start(args, fmt);
		vfprintf(stderr, fmt, args);
		va_end(args);
		fprintf(stderr, "\n");
	}
	if (!active)
	{
		usage_all(out);
		return fmt ? EXIT_USAGE : EXIT_OK;
	}
	fprintf(out, "vpndiag --%s%s%s: %s\n", active->cmd, active->arg ? " " : "",
			active->arg ?: "", active->description);
	for (i = 0; i < MAX_LINES && active->line[i]; i++)
	{
		fprintf(out, "  %s\n", active->line[i]);
	}
	fprintf(out, "options:\n");
	print_options(out, active->options, MAX_OPTIONS);
	print_options(out, common, sizeof(common) / sizeof(common[0]));
	return fmt ? EXIT_USAGE : EXIT_OK;
}

/**
 * Build getopt's tables for the active command
 */
static void build_options()
{
	const command_option_t *opt;
	int i, n = 0, pos = 0;

	shortopts[pos++] = '+';
	shortopts[pos++] = ':';
	for (i = 0; i < MAX_OPTIONS + 5; i++)
	{
		opt = i < MAX_OPTIONS ? &active->options[i] : &common[i - MAX_OPTIONS];
		if (!opt->name)
		{
			continue;
		}
		longopts[n++] = (struct option){
			.name = opt->name,
			.has_arg = opt->arg ? required_argument : no_argument,
			.val = opt->op ? opt->op : 256 + i,
		};
		if (opt->op)
		{
			shortopts[pos++] = opt->op;
			if (opt->arg)
			{
				shortopts[pos++] = ':';
			}
		}
	}
	longopts[n] = (struct option){};
	shortopts[pos] = '\0';
}

/*
 * Described in header
 */
int command_getopt(char **arg)
{
	int c;

	while (true)
	{
		c = getopt_long(argc_, argv_, shortopts, longopts, NULL);
		*arg = optarg;
		switch (c)
		{
			case 'u':
				uri = optarg;
				continue;
			case 'j':
				format = FORMAT_JSON;
				continue;
			case 'r':
				format = FORMAT_RAW;
				continue;
			case 'P':
				format = FORMAT_PRETTY;
				continue;
			case 'h':
				exit(command_usage(NULL));
			case ':':
				exit(command_usage("option '%s' needs an argument",
								   argv_[optind - 1]));
			case '?':
				exit(command_usage("unknown option '%s'", argv_[optind - 1]));
			case EOF:
				if (optind < argc_)
				{
					exit(command_usage("unexpected argument '%s'",
									   argv_[optind]));
				}
				return EOF;
			default:
				return c;
		}
	}
}

/*
 * Described in header
 */
int command_dispatch(int argc, char *argv[])
{
	char *sel, *eq, name[64];
	client_t *client;
	char *err = NULL;
	int i, rc;

	if (argc < 2)
	{
		return command_usage("no command given");
	}
	sel = argv[1];
	if (strcmp(sel, "--help") == 0 || strcmp(sel, "-h") == 0)
	{
		return command_usage(NULL);
	}
	snprintf(name, sizeof(name), "%s", sel);
	eq = strchr(name, '=');
	if (eq)
	{
		*eq = '\0';
	}
	for (i = 0; i < ncommands; i++)
	{
		if ((strncmp(name, "--", 2) == 0 &&
			 strcmp(name + 2, commands[i].cmd) == 0) ||
			(name[0] == '-' && name[1] == commands[i].op && !name[2]))
		{
			active = &commands[i];
			break;
		}
	}
	if (!active)
	{
		return command_usage("unknown command '%s'", sel);
	}
	optind = 2;
	if (active->arg && active->arg[0] == '[')
	{	/* optional: "--check=CONN", "--check CONN" or "--check" */
		if (eq)
		{
			active_arg = sel + (eq - name) + 1;
		}
		else if (argc > 2 && argv[2][0] != '-')
		{
			active_arg = argv[2];
			optind = 3;
		}
	}
	else if (active->arg)
	{
		if (eq)
		{
			active_arg = sel + (eq - name) + 1;
		}
		else if (argc > 2 && strcmp(argv[2], "--help") && strcmp(argv[2], "-h"))
		{
			active_arg = argv[2];
			optind = 3;
		}
		else if (argc > 2)
		{
			return command_usage(NULL);
		}
		else
		{
			return command_usage("--%s needs %s", active->cmd, active->arg);
		}
	}
	else if (eq)
	{
		return command_usage("--%s takes no argument", active->cmd);
	}
	argc_ = argc;
	argv_ = argv;
	build_options();
	uri = lib->settings->get_str(lib->settings, "charon.plugins.vpndiag.socket",
								 DEFAULT_URI);
	/* usage errors before connecting */
	rc = active->parse();
	if (rc != EXIT_OK)
	{
		return rc;
	}
	client = client_connect(uri, &err);
	if (!client)
	{
		fprintf(stderr, "vpndiag: %s (is charon running with the vpndiag "
				"plugin? see --uri)\n", err ?: "connecting failed");
		free(err);
		return EXIT_FAILED;
	}
	rc = active->call(client);
	client_close(client);
	return rc;
}
