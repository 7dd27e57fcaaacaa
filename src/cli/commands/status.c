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

/**
 * Join the items of a list node with ", " into buf
 */
static const char *join(vpndiag_vici_node_t *sa, const char *name, char *buf,
						size_t len)
{
	vpndiag_vici_node_t *list, *item;
	size_t pos = 0;

	buf[0] = '\0';
	list = vpndiag_vici_find(sa, name, VPNDIAG_VICI_LIST_START);
	for (item = list ? list->child : NULL; item && pos < len;
		 item = item->next)
	{
		pos += snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
						item->value);
	}
	return buf;
}

/**
 * Print the traffic of each installed CHILD_SA (section "traffic")
 */
static void print_traffic(vpndiag_vici_node_t *msg)
{
	vpndiag_vici_node_t *traffic, *sa;
	const char *v, *cause;
	char local[256], remote[256];

	traffic = vpndiag_vici_find(msg, "traffic", VPNDIAG_VICI_SECTION_START);
	for (sa = traffic ? traffic->child : NULL; sa; sa = sa->next)
	{
		if (sa->type != VPNDIAG_VICI_SECTION_START)
		{
			continue;
		}
		v = vpndiag_vici_get(sa, "traffic") ?: "?";
		cause = vpndiag_vici_get(sa, "cause");
		printf("  %s{%s} %s%s%s%s since %s, up since %s\n",
			   vpndiag_vici_get(sa, "name") ?: "?", sa->name, v,
			   cause ? " (" : "", cause ?: "", cause ? ")" : "",
			   vpndiag_vici_get(sa, "traffic_since") ?: "?",
			   vpndiag_vici_get(sa, "installed") ?: "?");
		printf("    %s === %s\n", join(sa, "local_ts", local, sizeof(local)),
			   join(sa, "remote_ts", remote, sizeof(remote)));
		printf("    in  %10s bytes %8s packets, last %s\n",
			   vpndiag_vici_get(sa, "bytes_in") ?: "?",
			   vpndiag_vici_get(sa, "packets_in") ?: "?",
			   vpndiag_vici_get(sa, "last_in") ?: "never");
		printf("    out %10s bytes %8s packets, last %s\n",
			   vpndiag_vici_get(sa, "bytes_out") ?: "?",
			   vpndiag_vici_get(sa, "packets_out") ?: "?",
			   vpndiag_vici_get(sa, "last_out") ?: "never");
	}
	if (traffic && vpndiag_vici_get(traffic, "omitted"))
	{
		printf("  (%s more CHILD_SAs not shown)\n",
			   vpndiag_vici_get(traffic, "omitted"));
	}
}

static void print(void *ctx, const char *name, vpndiag_vici_node_t *msg)
{
	vpndiag_vici_node_t *last;
	const char *match;
	int *count = ctx;
	char why[256];

	switch (command_format())
	{
		case FORMAT_JSON:
			fputs(*count ? ",\n" : "\n", stdout);
			output_json(stdout, msg, false);
			break;
		case FORMAT_HUMAN:
			last = vpndiag_vici_find(msg, "last_failure",
									 VPNDIAG_VICI_SECTION_START);
			match = last ? vpndiag_vici_get(last, "conn_match") : NULL;
			snprintf(why, sizeof(why), "%s%s%s%s",
					 last ? vpndiag_vici_get(last, "code") ?: "?" : "-",
					 match && strcmp(match, "address") == 0 ?
						" (by address)" : "",
					 last ? " at " : "",
					 last ? vpndiag_vici_get(last, "last") ?: "?" : "");
			printf("%-16s %-20s %5s  %s\n", vpndiag_vici_get(msg, "conn"),
				   vpndiag_vici_get(msg, "state"),
				   vpndiag_vici_get(msg, "flaps_24h"), why);
			if (last && vpndiag_vici_get(last, "detail"))
			{
				output_wrap(stdout, 2, "", vpndiag_vici_get(last, "detail"));
			}
			print_traffic(msg);
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

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-status");
	vpndiag_vici_str(&b, "conn", conn);
	if (command_format() == FORMAT_JSON)
	{
		fputs("[", stdout);
	}
	else if (command_format() == FORMAT_HUMAN)
	{
		printf("%-16s %-20s %5s  %s\n", "CONNECTION", "STATE", "DOWNS",
			   "LAST FAILURE (DOWNS: last 24 h)");
	}
	res = client_request(client, &b, "vpndiag-status", print, &count, 60000,
						 &err);
	if (command_format() == FORMAT_JSON)
	{
		fputs(count ? "\n]\n" : "]\n", stdout);
	}
	res = command_reply("vpndiag-status", res, err, NULL, true);
	if (!res)
	{
		return EXIT_FAILED;
	}
	vpndiag_vici_free(res);
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 's', "status", NULL,
		"per connection: state, latest failure, downs in the last 24 h, "
		"traffic per CHILD_SA",
		{"[--conn NAME] [--json|--raw|--pretty]",
		 "states: established, connecting, waiting-for-traffic (trap "
		 "installed, no IKE_SA), down; per installed CHILD_SA (as sampled "
		 "every traffic.interval): up since, bytes/packets in/out, last "
		 "inbound/outbound use, ok, idle or one-way (no-inbound, "
		 "no-outbound)"},
		{
			{"conn", 'c', true, "only this connection"},
		}
	});
}
