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

/**
 * The "causes" block: per cause its slug, fix and confidence, then its
 * meaning (a variant of a slug listed above points there)
 */
static void print_causes(vpndiag_vici_node_t *res)
{
	vpndiag_vici_node_t *causes, *cause, *prev;
	const char *slug, *meaning;
	char label[256];
	bool variant;

	causes = vpndiag_vici_find(res, "causes", VPNDIAG_VICI_SECTION_START);
	if (!causes || !causes->child)
	{
		output_wrap(stdout, 2, "causes:", "none listed");
		return;
	}
	output_wrap(stdout, 2, "causes:", "");
	for (cause = causes->child; cause; cause = cause->next)
	{
		if (cause->type != VPNDIAG_VICI_SECTION_START)
		{
			continue;
		}
		slug = vpndiag_vici_get(cause, "cause") ?: "?";
		variant = false;
		for (prev = causes->child; prev != cause; prev = prev->next)
		{
			variant |= prev->type == VPNDIAG_VICI_SECTION_START &&
					   strcmp(vpndiag_vici_get(prev, "cause") ?: "", slug) == 0;
		}
		meaning = variant ? "as above, seen through other evidence" :
				  vpndiag_vici_get(cause, "meaning") ?: "-";
		snprintf(label, sizeof(label), "%s (%sfix %s, confidence %s):", slug,
				 vpndiag_vici_get(cause, "retired") ? "retired, " : "",
				 vpndiag_vici_get(cause, "fix") ?: "?",
				 vpndiag_vici_get(cause, "confidence") ?: "?");
		if (4 + strlen(label) > 60)
		{	/* a long label: the meaning on lines of its own */
			output_wrap(stdout, 4, label, "");
			output_wrap(stdout, 6, "", meaning);
		}
		else
		{
			output_wrap(stdout, 4, label, meaning);
		}
	}
}

static int call(client_t *client)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res;
	const char *why;
	char *err = NULL;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-explain");
	vpndiag_vici_str(&b, "code", command_arg());
	res = client_request(client, &b, NULL, NULL, NULL, 30000, &err);
	res = command_reply("vpndiag-explain", res, err, NULL, false);
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
			printf("%s  [%s, %s, %s]\n", vpndiag_vici_get(res, "code"),
				   vpndiag_vici_get(res, "code_id"),
				   vpndiag_vici_get(res, "msgid"),
				   vpndiag_vici_get(res, "category"));
			why = vpndiag_vici_get(res, "why_not");
			if (why)
			{
				output_wrap(stdout, 2, "never produced by strongSwan:", why);
			}
			output_wrap(stdout, 2, "meaning:",
						vpndiag_vici_get(res, "description") ?: "-");
			output_wrap(stdout, 2, "seen by:",
						vpndiag_vici_get(res, "detection") ?: "-");
			output_wrap(stdout, 2, "who fixes:",
						vpndiag_vici_get(res, "fix") ?: "-");
			output_wrap(stdout, 2, "remedy:",
						vpndiag_vici_get(res, "remedy") ?: "-");
			print_causes(res);
			break;
		default:
			command_dump("vpndiag-explain", "reply", res);
			break;
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'e', "explain", "CODE",
		"explain a code: meaning, how strongSwan shows it, what to do, its causes",
		{"CODE: the code string (\"dpd timeout\"), its code_id or alias"},
		{}
	});
}
