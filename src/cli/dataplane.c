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

#include "dataplane.h"
#include "command.h"
#include "output.h"
#include "local_checks.h"
#include "nft_ruleset.h"
#include "icmp_echo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <arpa/inet.h>

/** how long to wait for vpndiag-probe's second reply (ms) */
#define COUNTERS_WAIT 15000

/**
 * CHILD_SA counters
 */
typedef struct {
	const char *uniqueid;
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
} counters_t;

static uint64_t u64(vpndiag_vici_node_t *sa, const char *key)
{
	const char *v = vpndiag_vici_get(sa, key);

	return v ? strtoull(v, NULL, 10) : 0;
}

static void read_counters(vpndiag_vici_node_t *sa, counters_t *c)
{
	c->uniqueid = vpndiag_vici_get(sa, "uniqueid");
	c->bytes_in = u64(sa, "bytes_in");
	c->bytes_out = u64(sa, "bytes_out");
	c->packets_in = u64(sa, "packets_in");
	c->packets_out = u64(sa, "packets_out");
}

/**
 * Selectors of one side into the probe
 */
static bool read_ts(vpndiag_vici_node_t *sa, const char *name,
					addr_range_t *ts, const char **str, int *n)
{
	vpndiag_vici_node_t *list, *item;

	list = vpndiag_vici_find(sa, name, VPNDIAG_VICI_LIST_START);
	*n = 0;
	for (item = list ? list->child : NULL; item; item = item->next)
	{
		if (*n < LOCAL_CHECKS_MAX_TS && item->value &&
			addr_range_parse(item->value, &ts[*n]))
		{
			str[(*n)++] = item->value;
		}
	}
	return *n > 0;
}

/**
 * Ask vpndiag-probe again: the counters after the pings
 */
static vpndiag_vici_node_t *probe_again(client_t *client, const char *conn,
										const char *child)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res;
	char *err = NULL;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-probe");
	vpndiag_vici_str(&b, "conn", conn);
	vpndiag_vici_str(&b, "child", child);
	res = client_request(client, &b, NULL, NULL, NULL, COUNTERS_WAIT, &err);
	if (!res)
	{
		fprintf(stderr, "vpndiag: reading the counters again: %s\n", err);
		free(err);
	}
	return res;
}

static void json_counters(const char *name, counters_t *c)
{
	printf("\"%s\": {\"bytes_in\": %" PRIu64 ", \"bytes_out\": %" PRIu64
		   ", \"packets_in\": %" PRIu64 ", \"packets_out\": %" PRIu64 "}",
		   name, c->bytes_in, c->bytes_out, c->packets_in, c->packets_out);
}

static void print_json(local_probe_t *p, const char *conn, const char *child,
					   const char *addr, const char *src, int count,
					   int replies, const char *verdict, counters_t *before,
					   counters_t *after)
{
	int i;

	printf("{\"conn\": ");
	output_json_string(stdout, conn);
	printf(", \"child\": ");
	output_json_string(stdout, child);
	printf(", \"address\": ");
	output_json_string(stdout, addr);
	printf(", \"source\": ");
	output_json_string(stdout, src);
	printf(", \"sent\": %d, \"received\": %d, \"verdict\": \"%s\", "
		   "\"counters\": {", count, replies, verdict);
	json_counters("before", before);
	printf(", ");
	json_counters("after", after);
	printf("}, \"findings\": [");
	for (i = 0; i < p->n_findings; i++)
	{
		printf("%s{\"finding\": \"%s\", \"severity\": \"%s\", \"detail\": ",
			   i ? ", " : "", p->findings[i].finding,
			   strcmp(verdict, "ok") ? "error" : "warning");
		output_json_string(stdout, p->findings[i].detail ?: "");
		printf(", \"remedy\": ");
		output_json_string(stdout, p->findings[i].remedy ?: "");
		printf("}");
	}
	printf("]}\n");
}

static const char *explain(const char *verdict)
{
	if (!strcmp(verdict, "ok"))
	{
		return "ok: replies came back through the tunnel";
	}
	if (!strcmp(verdict, "no-return"))
	{
		return "no-return: the requests left through the tunnel, nothing "
			   "came back (the peer, its LAN or the path drops them or the "
			   "replies)";
	}
	return "not-entering: the requests never entered the tunnel (a local "
		   "cause, see the findings)";
}

static void print_human(local_probe_t *p, const char *conn, const char *child,
						const char *addr, const char *src, int count,
						int replies, const char *verdict, counters_t *before,
						counters_t *after)
{
	char line[256];
	int i;

	printf("ping %s from %s through %s/%s: %d of %d replies\n", addr, src,
		   conn, child, replies, count);
	output_wrap(stdout, 2, "verdict:", explain(verdict));
	snprintf(line, sizeof(line), "out %" PRIu64 " -> %" PRIu64 " packets, "
			 "in %" PRIu64 " -> %" PRIu64 " packets", before->packets_out,
			 after->packets_out, before->packets_in, after->packets_in);
	output_wrap(stdout, 2, "counters:", line);
	for (i = 0; i < p->n_findings; i++)
	{
		snprintf(line, sizeof(line), "%s (%s)", p->findings[i].finding,
				 strcmp(verdict, "ok") ? "error" : "warning");
		output_wrap(stdout, 2, "finding:", line);
		output_wrap(stdout, 4, "detail:", p->findings[i].detail ?: "");
		output_wrap(stdout, 4, "remedy:", p->findings[i].remedy ?: "");
	}
	if (!p->n_findings)
	{
		output_wrap(stdout, 2, "findings:", "none");
	}
}

int dataplane_run(client_t *client, vpndiag_vici_node_t *first,
				  const char *addr, const char *source, int count)
{
	vpndiag_vici_node_t *sa, *again = NULL, *sa2;
	local_probe_t *p;
	counters_t before, after;
	addr_range_t dst;
	const char *conn, *child, *verdict;
	char src[INET6_ADDRSTRLEN], *err = NULL;
	json_t *ruleset;
	int replies, rc = EXIT_FAILED, i;
	bool in_remote = false;

	conn = vpndiag_vici_get(first, "conn") ?: command_arg();
	sa = vpndiag_vici_find(first, "child_sa", VPNDIAG_VICI_SECTION_START);
	if (!sa)
	{
		fprintf(stderr, "vpndiag: %s has no installed CHILD_SA to ping "
				"through (an IKE-only connection, or a daemon without the "
				"data-plane check)\n", conn);
		return EXIT_PROBE_FAILED;
	}
	child = vpndiag_vici_get(sa, "name") ?: "?";
	p = calloc(1, sizeof(*p));
	p->conn = conn;
	p->child = child;
	p->routing_table = atoi(vpndiag_vici_get(first, "routing_table") ?: "0");
	p->kernel_libipsec = !strcmp(vpndiag_vici_get(first, "kernel_libipsec") ?: "",
								 "yes");
	read_ts(sa, "local_ts", p->local_ts, p->local_str, &p->n_local);
	read_ts(sa, "remote_ts", p->remote_ts, p->remote_str, &p->n_remote);
	if (!addr_range_parse(addr, &dst) || !addr_range_is_host(&dst))
	{
		fprintf(stderr, "vpndiag: --ping '%s' is not an address\n", addr);
		goto out;
	}
	p->family = dst.family;
	memcpy(p->dst, dst.from, addr_range_len(p->family));
	for (i = 0; i < p->n_remote; i++)
	{
		in_remote |= addr_range_contains(&p->remote_ts[i], &dst);
	}
	if (!in_remote)
	{
		fprintf(stderr, "vpndiag: %s is not in the remote selectors of "
				"%s/%s (", addr, conn, child);
		for (i = 0; i < p->n_remote; i++)
		{
			fprintf(stderr, "%s%s", i ? ", " : "", p->remote_str[i]);
		}
		fprintf(stderr, "): its traffic would not use the tunnel\n");
		goto out;
	}
	if (source)
	{
		addr_range_t s;

		in_remote = false;
		if (!addr_range_parse(source, &s) || !addr_range_is_host(&s) ||
			s.family != p->family)
		{
			fprintf(stderr, "vpndiag: --source '%s' is not an address of the "
					"family of %s\n", source, addr);
			goto out;
		}
		for (i = 0; i < p->n_local; i++)
		{
			in_remote |= addr_range_contains(&p->local_ts[i], &s);
		}
		if (!in_remote)
		{
			fprintf(stderr, "vpndiag: --source %s is not in the local "
					"selectors of %s/%s\n", source, conn, child);
			goto out;
		}
		if (!local_checks_is_own(p->family, s.from))
		{
			fprintf(stderr, "vpndiag: --source %s is not an address of this "
					"box\n", source);
			goto out;
		}
		memcpy(p->src, s.from, addr_range_len(p->family));
	}
	else if (!local_checks_pick_source(p))
	{
		fprintf(stderr, "vpndiag: no address of this box lies in the local "
				"selectors of %s/%s (%s%s): give --source\n", conn, child,
				p->n_local ? p->local_str[0] : "none",
				p->n_local > 1 ? ", ..." : "");
		goto out;
	}
	inet_ntop(p->family, p->src, src, sizeof(src));
	read_counters(sa, &before);

	replies = icmp_echo(p->family, p->src, p->dst, count, &err);
	if (replies < 0)
	{
		fprintf(stderr, "vpndiag: %s\n", err);
		free(err);
		goto out;
	}
	again = probe_again(client, conn, child);
	sa2 = again ? vpndiag_vici_find(again, "child_sa",
									VPNDIAG_VICI_SECTION_START) : NULL;
	if (!sa2)
	{
		fprintf(stderr, "vpndiag: the CHILD_SA %s/%s went away during the "
				"probe\n", conn, child);
		rc = EXIT_PROBE_FAILED;
		goto out;
	}
	read_counters(sa2, &after);
	if (before.uniqueid && after.uniqueid &&
		strcmp(before.uniqueid, after.uniqueid))
	{	/* rekeyed in between: the new SA counts from zero */
		memset(&before, 0, sizeof(before));
	}
	verdict = replies > 0 ? "ok" :
			  after.packets_out > before.packets_out ? "no-return" :
			  "not-entering";

	ruleset = nft_ruleset_get(&err);
	local_checks_run(p, ruleset, err);
	free(err);
	if (ruleset)
	{
		json_decref(ruleset);
	}
	if (command_format() == FORMAT_JSON)
	{
		print_json(p, conn, child, addr, src, count, replies, verdict,
				   &before, &after);
	}
	else
	{
		if (command_format() != FORMAT_HUMAN)
		{
			command_dump("vpndiag-probe", "reply", again);
		}
		print_human(p, conn, child, addr, src, count, replies, verdict,
					&before, &after);
	}
	rc = replies > 0 ? EXIT_OK : EXIT_PROBE_FAILED;
	local_checks_free(p);
out:
	if (again)
	{
		vpndiag_vici_free(again);
	}
	free(p);
	return rc;
}
