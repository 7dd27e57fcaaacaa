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
#include "dataplane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

static const char *child, *timeout, *ping, *source;
static int count = 3;
static bool count_set;

/**
 * Whether an argument is an IPv4 or IPv6 address
 */
static bool is_addr(const char *arg)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, arg, buf) == 1 ||
		   inet_pton(AF_INET6, arg, buf) == 1;
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
				child = arg;
				break;
			case 't':
				if (!*arg || strspn(arg, "0123456789") != strlen(arg))
				{
					return command_usage("invalid --timeout '%s'", arg);
				}
				timeout = arg;
				break;
			case 'g':
				if (!is_addr(arg))
				{
					return command_usage("--ping '%s' is not an address", arg);
				}
				ping = arg;
				break;
			case 's':
				if (!is_addr(arg))
				{
					return command_usage("--source '%s' is not an address",
										 arg);
				}
				source = arg;
				break;
			case 'n':
				count = atoi(arg);
				if (!*arg || strspn(arg, "0123456789") != strlen(arg) ||
					count < 1 || count > 100)
				{
					return command_usage("invalid --count '%s' (1..100)", arg);
				}
				count_set = true;
				break;
			default:
				return command_usage("invalid option");
		}
	}
	if (!ping && (source || count_set))
	{
		return command_usage("--source and --count need --ping ADDR");
	}
	return EXIT_OK;
}

static int call(client_t *client)
{
	vpndiag_vici_node_t *res, *diag;
	vpndiag_vici_builder_t b;
	const char *verdict;
	char *err = NULL;
	int wait, rc;

	wait = (timeout ? atoi(timeout) : 30) * 1000 + 15000;
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-probe");
	vpndiag_vici_str(&b, "conn", command_arg());
	vpndiag_vici_str(&b, "child", child);
	vpndiag_vici_str(&b, "timeout", timeout);
	if (command_format() == FORMAT_HUMAN)
	{
		printf("probing %s ...\n", command_arg());
		fflush(stdout);
	}
	res = client_request(client, &b, NULL, NULL, NULL, wait, &err);
	res = command_reply("vpndiag-probe", res, err, NULL, false);
	if (!res)
	{
		return EXIT_FAILED;
	}
	verdict = vpndiag_vici_get(res, "verdict") ?: "failed";
	diag = vpndiag_vici_find(res, "diagnosis", VPNDIAG_VICI_SECTION_START);
	if (ping && !strcmp(verdict, "up") && command_format() != FORMAT_JSON)
	{	/* the tunnel's line, then the data-plane check */
		if (command_format() == FORMAT_HUMAN)
		{
			printf("%s: UP%s\n", command_arg(),
				   strcmp(vpndiag_vici_get(res, "already_up") ?: "", "yes") ?
				   "" : " (already established)");
		}
		else
		{
			command_dump("vpndiag-probe", "reply", res);
		}
	}
	if (ping && !strcmp(verdict, "up"))
	{
		rc = dataplane_run(client, res, ping, source, count);
		vpndiag_vici_free(res);
		return rc;
	}
	switch (command_format())
	{
		case FORMAT_JSON:
			output_json(stdout, res, false);
			fputc('\n', stdout);
			break;
		case FORMAT_HUMAN:
			printf("%s: %s%s", command_arg(),
				   strcmp(verdict, "up") ? "FAILED" : "UP",
				   strcmp(verdict, "timeout") ? "" : " (timeout)");
			if (!strcmp(vpndiag_vici_get(res, "already_up") ?: "", "yes"))
			{
				printf(" (already established)");
			}
			else if (vpndiag_vici_get(res, "duration_ms"))
			{
				printf(" after %s ms", vpndiag_vici_get(res, "duration_ms"));
			}
			printf("\n");
			if (diag)
			{
				output_human_record(stdout, diag);
			}
			else
			{
				if (vpndiag_vici_get(res, "cause"))
				{
					output_wrap(stdout, 2, "cause:",
								vpndiag_vici_get(res, "cause"));
				}
				if (vpndiag_vici_get(res, "detail"))
				{
					output_wrap(stdout, 2, "detail:",
								vpndiag_vici_get(res, "detail"));
				}
			}
			break;
		default:
			command_dump("vpndiag-probe", "reply", res);
			break;
	}
	rc = strcmp(verdict, "up") ? EXIT_PROBE_FAILED : EXIT_OK;
	vpndiag_vici_free(res);
	return rc;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'p', "probe", "CONN",
		"diagnose a connection now: initiate it unless it is up",
		{"[--child NAME] [--timeout S] [--json|--raw|--pretty]",
		 "exit 0 when the tunnel is up, 3 when it failed (verdict and "
		 "diagnosis printed)",
		 "[--ping ADDR [--source ADDR] [--count N]]: then ping ADDR through it",
		 "(root), compare the CHILD_SA's counters, check this box's routes,",
		 "sysctls and firewall: verdict ok, no-return or not-entering, exit 0",
		 "when replies came back, 3 otherwise"},
		{
			{"child", 'c', true, "initiate this child (default: the first)"},
			{"timeout", 't', true, "give up after S seconds (default 30)"},
			{"ping", 'g', true, "ping ADDR (in the remote selectors) through "
			 "the tunnel"},
			{"source", 's', true, "source of the pings (default: an address "
			 "of this box in the local selectors)"},
			{"count", 'n', true, "echo requests to send (default 3)"},
		}
	});
}
