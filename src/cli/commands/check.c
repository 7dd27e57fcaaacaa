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

/*
 * vpndiag --check [CONN]: the preflight (contract section 8). Findings
 * streamed as vpndiag-finding events; exit 4 if any is an error.
 */

#include "command.h"
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse()
{
	char *arg;

	while (command_getopt(&arg) != EOF)
	{
		return command_usage("invalid option");
	}
	return EXIT_OK;
}

static void print(void *ctx, const char *name, vpndiag_vici_node_t *msg)
{
	const char *child = vpndiag_vici_get(msg, "child");
	int *count = ctx;
	char where[256];

	switch (command_format())
	{
		case FORMAT_JSON:
			fputs(*count ? ",\n" : "\n", stdout);
			output_json(stdout, msg, false);
			break;
		case FORMAT_HUMAN:
			snprintf(where, sizeof(where), "%s%s%s",
					 vpndiag_vici_get(msg, "conn") ?: "?", child ? "/" : "",
					 child ?: "");
			printf("%-7s %-20s %s\n", vpndiag_vici_get(msg, "severity") ?: "?",
				   where, vpndiag_vici_get(msg, "check") ?: "?");
			output_wrap(stdout, 2, "", vpndiag_vici_get(msg, "detail") ?: "");
			if (vpndiag_vici_get(msg, "profile"))
			{
				output_wrap(stdout, 2, "profile:",
							vpndiag_vici_get(msg, "profile"));
			}
			output_wrap(stdout, 2, "setting:",
						vpndiag_vici_get(msg, "setting") ?: "");
			output_wrap(stdout, 2, "remedy:",
						vpndiag_vici_get(msg, "remedy") ?: "");
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
	const char *errors;
	char *err = NULL;
	int count = 0, rc;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-check");
	vpndiag_vici_str(&b, "conn", command_arg());
	if (command_format() == FORMAT_JSON)
	{
		fputs("{\"findings\": [", stdout);
	}
	res = client_request(client, &b, "vpndiag-finding", print, &count, 60000,
						 &err);
	if (command_format() == FORMAT_JSON)
	{
		fputs(count ? "\n]}\n" : "]}\n", stdout);
	}
	res = command_reply("vpndiag-check", res, err, NULL, true);
	if (!res)
	{
		return EXIT_FAILED;
	}
	if (command_format() == FORMAT_HUMAN)
	{
		printf("%s%s error(s), %s warning(s), %s note(s)\n",
			   count ? "\n" : "", vpndiag_vici_get(res, "errors") ?: "?",
			   vpndiag_vici_get(res, "warnings") ?: "?",
			   vpndiag_vici_get(res, "notes") ?: "?");
	}
	errors = vpndiag_vici_get(res, "errors");
	rc = errors && strcmp(errors, "0") ? EXIT_CHECK_ERRORS : EXIT_OK;
	vpndiag_vici_free(res);
	return rc;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'K', "check", "[CONN]",
		"preflight: find in the loaded configuration what will fail",
		{"[--json|--raw|--pretty]",
		 "exit 0 without errors, 4 with at least one error (severities: "
		 "error = fails as configured, warning = fails later or sometimes, "
		 "note)"},
		{}
	});
}
