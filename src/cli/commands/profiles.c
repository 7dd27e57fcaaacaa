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
 * vpndiag --profiles [NAME]: the peer profiles (contract section 8) with
 * their editions, values and sources, and the profiles assigned to
 * connections in strongswan.conf.
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
 * Print one profile
 */
static void print_profile(vpndiag_vici_node_t *profile)
{
	vpndiag_vici_node_t *field;
	const char *value, *source;
	char unknown[1024] = "", line[128];

	printf("%s\n", profile->name);
	output_wrap(stdout, 2, "edition:", vpndiag_vici_get(profile, "edition")
				?: "?");
	for (field = profile->child; field; field = field->next)
	{
		if (field->type != VPNDIAG_VICI_SECTION_START)
		{
			continue;
		}
		value = vpndiag_vici_get(field, "value") ?: "unknown";
		source = vpndiag_vici_get(field, "source");
		if (!source)
		{
			snprintf(unknown + strlen(unknown), sizeof(unknown) -
					 strlen(unknown), "%s%s", *unknown ? ", " : "",
					 field->name);
			continue;
		}
		snprintf(line, sizeof(line), "%s:", field->name);
		output_wrap(stdout, 2, line, value);
		snprintf(line, sizeof(line), "[%s]", source);
		output_wrap(stdout, 4, "source:", line);
	}
	if (*unknown)
	{
		output_wrap(stdout, 2, "unknown:", unknown);
	}
}

static int call(client_t *client)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res, *section, *node;
	const char *name = command_arg();
	char *err = NULL, line[256];
	int shown = 0;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-profiles");
	res = client_request(client, &b, NULL, NULL, NULL, 30000, &err);
	res = command_reply("vpndiag-profiles", res, err, "vpndiag-profiles "
						"failed (a plugin without profiles?)", false);
	if (!res)
	{
		return EXIT_FAILED;
	}
	switch (command_format())
	{
		case FORMAT_JSON:
			output_json(stdout, res, false);
			fputs("\n", stdout);
			break;
		case FORMAT_HUMAN:
			section = vpndiag_vici_find(res, "profiles",
										VPNDIAG_VICI_SECTION_START);
			for (node = section ? section->child : NULL; node;
				 node = node->next)
			{
				if (!name || !strcmp(name, node->name))
				{
					printf("%s", shown++ ? "\n" : "");
					print_profile(node);
				}
			}
			if (name && !shown)
			{
				fprintf(stderr, "vpndiag: no profile '%s'\n", name);
				vpndiag_vici_free(res);
				return EXIT_FAILED;
			}
			section = vpndiag_vici_find(res, "assigned",
										VPNDIAG_VICI_SECTION_START);
			printf("\nassigned (charon.plugins.vpndiag.profiles):%s\n",
				   section && section->child ? "" : " none");
			for (node = section ? section->child : NULL; node;
				 node = node->next)
			{
				printf("  %s = %s\n", node->name, node->value ?: "");
			}
			section = vpndiag_vici_find(res, "sources",
										VPNDIAG_VICI_SECTION_START);
			printf("\nsources:\n");
			for (node = section ? section->child : NULL; node;
				 node = node->next)
			{
				snprintf(line, sizeof(line), "[%s]", node->name);
				output_wrap(stdout, 2, line, vpndiag_vici_get(node, "url") ?:
							"?");
				output_wrap(stdout, 4, "edition:",
							vpndiag_vici_get(node, "edition") ?: "?");
				output_wrap(stdout, 4, "date:",
							vpndiag_vici_get(node, "date") ?: "?");
			}
			break;
		default:
			command_dump("vpndiag-profiles", "reply", res);
			break;
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'F', "profiles", "[NAME]",
		"list the peer profiles with their editions, values and sources, "
		"and the connections they are assigned to",
		{"[--json|--raw|--pretty]",
		 "assign one in strongswan.conf: charon.plugins.vpndiag.profiles."
		 "<conn> = <profile> (<conn> may be a glob); docs/profiles.md"},
		{}
	});
}
