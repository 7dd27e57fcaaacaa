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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *conn;

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
			default:
				return command_usage("invalid option");
		}
	}
	return EXIT_OK;
}

static int call(client_t *client)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res;
	char *err = NULL;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-reset");
	vpndiag_vici_str(&b, "conn", conn);
	res = client_request(client, &b, NULL, NULL, NULL, 30000, &err);
	res = command_reply("vpndiag-reset", res, err, NULL, false);
	if (!res)
	{
		return EXIT_FAILED;
	}
	switch (command_format())
	{
		case FORMAT_JSON:
			printf("{\"success\":true}\n");
			break;
		case FORMAT_HUMAN:
			printf("history and counters reset (%s%s)\n",
				   conn ? "connection " : "all connections", conn ?: "");
			break;
		default:
			command_dump("vpndiag-reset", "reply", res);
			break;
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'Z', "reset", NULL,
		"clear the history and the counters",
		{"[--conn NAME]"},
		{
			{"conn", 'c', true, "only this connection"},
		}
	});
}
