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

static int parse()
{
	char *arg;

	if (command_getopt(&arg) != EOF)
	{
		return command_usage("invalid option");
	}
	return EXIT_OK;
}

static void print(void *ctx, const char *name, vpndiag_vici_node_t *msg)
{
	int *count = ctx;

	switch (command_format())
	{
		case FORMAT_JSON:
			fputs(*count ? ",\n" : "\n", stdout);
			output_json(stdout, msg, false);
			break;
		case FORMAT_HUMAN:
			printf("%-12s %-24s %-9s %s\n",
				   vpndiag_vici_get(msg, "msgid") ?: "",
				   vpndiag_vici_get(msg, "code_id") ?: "",
				   strcmp(vpndiag_vici_get(msg, "produced") ?: "", "no") ?
				   vpndiag_vici_get(msg, "taxonomy") ?: "" : "never",
				   vpndiag_vici_get(msg, "code") ?: "");
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

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-codes");
	if (command_format() == FORMAT_JSON)
	{
		fputs("[", stdout);
	}
	else if (command_format() == FORMAT_HUMAN)
	{
		printf("%-12s %-24s %-9s %s\n", "MSGID", "CODE_ID", "KIND", "CODE");
	}
	res = client_request(client, &b, "vpndiag-code", print, &count, 30000,
						 &err);
	if (command_format() == FORMAT_JSON)
	{
		fputs("\n]\n", stdout);
	}
	if (!res)
	{
		fprintf(stderr, "vpndiag: %s\n", err);
		free(err);
		return EXIT_FAILED;
	}
	if (command_format() == FORMAT_RAW || command_format() == FORMAT_PRETTY)
	{
		command_dump("vpndiag-codes", "reply", res);
	}
	else if (command_format() == FORMAT_HUMAN)
	{
		printf("\n%d codes (KIND never: not produced by strongSwan); "
			   "vpndiag --explain CODE\n", count);
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'k', "codes", NULL,
		"list the code catalogue (the seed taxonomy and extensions)",
		{"[--json|--raw|--pretty]"},
		{}
	});
}
