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
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *conn, *remote, *remote_id, *code, *limit;
static char since[32];

/**
 * Turn a relative time (30s, 10m, 2h, 1d) into seconds since the epoch;
 * anything else is passed on (RFC 3339 or epoch seconds)
 */
static int parse_since(const char *value)
{
	unsigned long n;
	char *end;
	int mult;

	n = strtoul(value, &end, 10);
	if (end != value && end[0] && !end[1] && value[0] != '-')
	{
		switch (end[0])
		{
			case 's': mult = 1; break;
			case 'm': mult = 60; break;
			case 'h': mult = 3600; break;
			case 'd': mult = 86400; break;
			default:
				return command_usage("invalid --since '%s'", value);
		}
		snprintf(since, sizeof(since), "%llu",
				 (unsigned long long)time(NULL) - n * mult);
		return EXIT_OK;
	}
	snprintf(since, sizeof(since), "%s", value);
	return EXIT_OK;
}

static int parse()
{
	char *arg;
	int c;

	while ((c = command_getopt(&arg)) != EOF)
	{
		switch (c)
		{
			case 'c':
				conn = arg;
				break;
			case 'R':
				remote = arg;
				break;
			case 'I':
				remote_id = arg;
				break;
			case 'C':
				code = arg;
				break;
			case 's':
				if (parse_since(arg) != EXIT_OK)
				{
					return EXIT_USAGE;
				}
				break;
			case 'n':
				if (strspn(arg, "0123456789") != strlen(arg) || !*arg)
				{
					return command_usage("invalid --last '%s'", arg);
				}
				limit = arg;
				break;
			default:
				return command_usage("invalid option");
		}
	}
	return EXIT_OK;
}

/**
 * Print a streamed record
 */
static void print(void *ctx, const char *name, vpndiag_vici_node_t *msg)
{
	int *count = ctx;

	switch (command_format())
	{
		case FORMAT_JSON:
			fputs(*count ? ",\n" : "\n", stdout);
			output_json(stdout, msg, true);
			break;
		case FORMAT_HUMAN:
			if (*count)
			{
				fputc('\n', stdout);
			}
			output_human_record(stdout, msg);
			break;
		default:
			command_dump(name, "event", msg);
			break;
	}
	(*count)++;
}

static int call(client_t *client)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res;
	char *err = NULL;
	int count = 0;

	if (!isatty(STDOUT_FILENO))
	{	/* a listing is megabytes: write it in 64 KiB blocks (issue 22) */
		setvbuf(stdout, NULL, _IOFBF, 65536);
	}
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list");
	vpndiag_vici_str(&b, "conn", conn);
	vpndiag_vici_str(&b, "remote", remote);
	vpndiag_vici_str(&b, "remote_id", remote_id);
	vpndiag_vici_str(&b, "code", code);
	vpndiag_vici_str(&b, "since", since[0] ? since : NULL);
	vpndiag_vici_str(&b, "limit", limit);
	if (command_format() == FORMAT_JSON)
	{
		fputs("[", stdout);
	}
	res = client_request(client, &b, "vpndiag-record", print, &count, 60000,
						 &err);
	if (command_format() == FORMAT_JSON)
	{
		fputs(count ? "\n]\n" : "]\n", stdout);
	}
	res = command_reply("vpndiag-list", res, err, NULL, true);
	if (!res)
	{
		return EXIT_FAILED;
	}
	if (command_format() == FORMAT_HUMAN && !count)
	{
		printf("no diagnoses recorded%s\n", conn || remote || remote_id ||
			   code || since[0] ? " that match" : "");
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'l', "list", NULL,
		"list the diagnoses in the history, oldest first",
		{"[--conn NAME] [--remote ADDR] [--remote-id ID] [--code CODE]",
		 "[--since TIME] [--last N] [--json|--raw|--pretty]",
		 "TIME: 30s, 10m, 2h, 1d ago; RFC 3339; or seconds since the epoch"},
		{
			{"conn", 'c', true, "only this connection (- for none)"},
			{"remote", 'R', true, "only this peer address"},
			{"remote-id", 'I', true, "only this peer identity"},
			{"code", 'C', true, "only this code (string, code_id or alias)"},
			{"since", 's', true, "only records updated since TIME"},
			{"last", 'n', true, "only the newest N records"},
		}
	});
}
