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

#include "vpndiag_probe_sa.h"

#include <daemon.h>

/**
 * The table kernel-netlink installs routes into unless charon.routing_table
 * says otherwise: strongSwan's configure default (--with-routing-table=220,
 * configure.ac), which Debian keeps
 */
#define DEFAULT_ROUTING_TABLE 220

/**
 * Add a CHILD_SA's selectors of one side as a list
 */
static void add_ts(vpndiag_vici_builder_t *b, child_sa_t *child_sa, bool local)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;

	vpndiag_vici_list(b, local ? "local_ts" : "remote_ts");
	enumerator = child_sa->create_ts_enumerator(child_sa, local);
	while (enumerator->enumerate(enumerator, &ts))
	{
		char buf[128];

		snprintf(buf, sizeof(buf), "%R", ts);
		vpndiag_vici_item(b, buf);
	}
	enumerator->destroy(enumerator);
	vpndiag_vici_end_list(b);
}

/**
 * Add one installed CHILD_SA
 */
static void add_child_sa(vpndiag_vici_builder_t *b, child_sa_t *child_sa)
{
	uint64_t bytes_in = 0, bytes_out = 0, packets_in = 0, packets_out = 0;
	time_t t;

	/* asks the kernel (kernel-libipsec: libipsec's SA manager), as
	 * vici's list-sas does (vici_query.c:list_child) */
	child_sa->get_usestats(child_sa, TRUE, &t, &bytes_in, &packets_in);
	child_sa->get_usestats(child_sa, FALSE, &t, &bytes_out, &packets_out);
	vpndiag_vici_section(b, "child_sa");
	vpndiag_vici_str(b, "name", child_sa->get_name(child_sa));
	vpndiag_vici_fmt(b, "uniqueid", "%u", child_sa->get_unique_id(child_sa));
	add_ts(b, child_sa, TRUE);
	add_ts(b, child_sa, FALSE);
	vpndiag_vici_u64(b, "bytes_in", bytes_in);
	vpndiag_vici_u64(b, "bytes_out", bytes_out);
	vpndiag_vici_u64(b, "packets_in", packets_in);
	vpndiag_vici_u64(b, "packets_out", packets_out);
	vpndiag_vici_end_section(b);
}

/*
 * Described in header
 */
void vpndiag_probe_sa_add(vpndiag_vici_builder_t *b, const char *conn,
						  const char *child)
{
	enumerator_t *enumerator, *children;
	child_sa_t *child_sa;
	peer_cfg_t *peer_cfg;
	ike_sa_t *ike_sa;
	char *plugins;
	bool found = FALSE;

	enumerator = charon->controller->create_ike_sa_enumerator(
												charon->controller, TRUE);
	while (!found && enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (!peer_cfg || !streq(peer_cfg->get_name(peer_cfg), conn) ||
			ike_sa->get_state(ike_sa) != IKE_ESTABLISHED)
		{
			continue;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED &&
				(!child || !*child ||
				 streq(child_sa->get_name(child_sa), child)))
			{
				add_child_sa(b, child_sa);
				found = TRUE;
				break;
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);

	vpndiag_vici_fmt(b, "routing_table", "%d",
					 lib->settings->get_int(lib->settings, "%s.routing_table",
										DEFAULT_ROUTING_TABLE, lib->ns));
	plugins = lib->plugins->loaded_plugins(lib->plugins);
	vpndiag_vici_str(b, "kernel_libipsec",
					 plugins && strstr(plugins, "kernel-libipsec") ? "yes" : "no");
}
