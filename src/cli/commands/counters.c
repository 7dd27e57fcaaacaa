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
	vpndiag_vici_node_t *res, *counters, *node;
	vpndiag_vici_builder_t b;
	char *err = NULL;
	int shown = 0;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-counters");
	vpndiag_vici_str(&b, "conn", conn);
	res = client_request(client, &b, NULL, NULL, NULL, 30000, &err);
	res = command_reply("vpndiag-counters", res, err, NULL, false);
	if (!res)
	{
		return EXIT_FAILED;
	}
	switch (command_format())
	{
		case FORMAT_JSON:
			output_json(stdout, res, false);
			fputc('\n', stdout);
			break;
		case FORMAT_HUMAN:
			printf("%s: %s diagnoses, %s records held, %s evicted\n",
				   conn ? conn : "all connections",
				   vpndiag_vici_get(res, "total") ?: "?",
				   vpndiag_vici_get(res, "records") ?: "?",
				   vpndiag_vici_get(res, "evicted") ?: "0");
			counters = vpndiag_vici_find(res, "counters",
										 VPNDIAG_VICI_SECTION_START);
			for (node = counters ? counters->child : NULL; node;
				 node = node->next)
			{
				if (node->value && strcmp(node->value, "0"))
				{
					printf("  %-26s %10s\n", node->name, node->value);
					shown++;
				}
			}
			if (!shown)
			{
				printf("  (no diagnoses counted)\n");
			}
			break;
		default:
			command_dump("vpndiag-counters", "reply", res);
			break;
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'C', "counters", NULL,
		"show how often each code occurred (since start or reset)",
		{"[--conn NAME] [--json|--raw|--pretty]"},
		{
			{"conn", 'c', true, "counters of one connection"},
		}
	});
}
