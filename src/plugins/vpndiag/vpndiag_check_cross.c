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
 * Checks between connections (vpndiag_check.h): traffic selectors that
 * overlap or are the same (the seed's "flow overlap" and "flow confict"),
 * compared with vpndiag_ts.c's relation on the configured selectors, and
 * the same identities towards the same peer. A finding is added for each
 * connection of a pair, naming the other.
 */

#include "vpndiag_check.h"
#include "vpndiag_compat.h"
#include "vpndiag_ts.h"

/**
 * A child with its connection and selectors
 */
typedef struct {
	char *conn;
	char *child;
	linked_list_t *local;
	linked_list_t *remote;
} child_ts_t;

CALLBACK(child_ts_destroy, void,
	child_ts_t *this)
{
	this->local->destroy_offset(this->local,
								offsetof(traffic_selector_t, destroy));
	this->remote->destroy_offset(this->remote,
								 offsetof(traffic_selector_t, destroy));
	free(this);
}

/**
 * Compare the selectors of two children of different connections
 */
static void compare_ts(vpndiag_check_ctx_t *ctx, child_ts_t *a, child_ts_t *b)
{
	const char *ab, *ba;
	vpndiag_check_id_t id;

	/* how b's pair relates to a's, and a's to b's */
	ab = vpndiag_ts_relation(b->remote, b->local, a->local, a->remote);
	ba = vpndiag_ts_relation(a->remote, a->local, b->local, b->remote);
	if (!ab || !ba)
	{	/* dynamic or empty: resolved per IKE_SA */
		return;
	}
	if (streq(ab, "narrower") && streq(ba, "narrower"))
	{
		id = VPNDIAG_CHECK_TS_CONFLICT;
	}
	else if (streq(ab, "narrower") || streq(ab, "wider") ||
			 streq(ab, "netmask"))
	{
		id = VPNDIAG_CHECK_TS_OVERLAP;
	}
	else
	{
		return;
	}
	vpndiag_check_add(ctx, id, a->conn, a->child, "the selectors %#R === %#R "
		"%s those of %s/%s (%#R === %#R)", a->local, a->remote,
		id == VPNDIAG_CHECK_TS_CONFLICT ? "are the same as" : "overlap",
		b->conn, b->child, b->local, b->remote);
	vpndiag_check_add(ctx, id, b->conn, b->child, "the selectors %#R === %#R "
		"%s those of %s/%s (%#R === %#R)", b->local, b->remote,
		id == VPNDIAG_CHECK_TS_CONFLICT ? "are the same as" : "overlap",
		a->conn, a->child, a->local, a->remote);
}

/**
 * ts-overlap, ts-conflict
 */
static void check_ts(vpndiag_check_ctx_t *ctx, linked_list_t *peer_cfgs)
{
	enumerator_t *enumerator, *children, *ea, *eb;
	child_cfg_t *child_cfg;
	peer_cfg_t *peer_cfg;
	child_ts_t *cts, *a, *b;
	linked_list_t *all;

	all = linked_list_create();
	enumerator = peer_cfgs->create_enumerator(peer_cfgs);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		children = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (children->enumerate(children, &child_cfg))
		{
			INIT(cts,
				.conn = peer_cfg->get_name(peer_cfg),
				.child = child_cfg->get_name(child_cfg),
				.local = vpndiag_cfg_ts(child_cfg, TRUE),
				.remote = vpndiag_cfg_ts(child_cfg, FALSE),
			);
			all->insert_last(all, cts);
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);

	ea = all->create_enumerator(all);
	while (ea->enumerate(ea, &a))
	{
		eb = all->create_enumerator(all);
		while (eb->enumerate(eb, &b) && b != a)
		{
			if (!streq(a->conn, b->conn))
			{
				compare_ts(ctx, b, a);
			}
		}
		eb->destroy(eb);
	}
	ea->destroy(ea);
	all->destroy_function(all, child_ts_destroy);
}

/**
 * The identities and peer of a connection
 */
typedef struct {
	peer_cfg_t *peer_cfg;
	identification_t *me;
	identification_t *other;
} ids_t;

/**
 * Whether two connections have the same peer, IKE version and identities
 */
static bool same_ids(ids_t *a, ids_t *b)
{
	ike_cfg_t *ia = a->peer_cfg->get_ike_cfg(a->peer_cfg);
	ike_cfg_t *ib = b->peer_cfg->get_ike_cfg(b->peer_cfg);
	ike_version_t va = ia->get_version(ia), vb = ib->get_version(ib);

	return a->me && b->me && a->other && b->other &&
		   (va == vb || va == IKE_ANY || vb == IKE_ANY) &&
		   strcaseeq(ia->get_other_addr(ia), ib->get_other_addr(ib)) &&
		   a->me->equals(a->me, b->me) && a->other->equals(a->other, b->other);
}

/**
 * duplicate-identity: the same identities towards the same single peer
 */
static void check_duplicate_ids(vpndiag_check_ctx_t *ctx,
								linked_list_t *peer_cfgs)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	ids_t *ids;
	int count, i, j;

	count = peer_cfgs->get_count(peer_cfgs);
	ids = calloc(count ?: 1, sizeof(ids_t));
	i = 0;
	enumerator = peer_cfgs->create_enumerator(peer_cfgs);
	while (i < count && enumerator->enumerate(enumerator, &peer_cfg))
	{
		ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
		ids[i].peer_cfg = peer_cfg;
		if (vpndiag_check_single_peer(ike_cfg->get_other_addr(ike_cfg)))
		{
			ids[i].me = vpndiag_check_round_id(
						vpndiag_check_get_round(peer_cfg, TRUE, AUTH_CLASS_ANY),
						ike_cfg->get_my_addr(ike_cfg));
			ids[i].other = vpndiag_check_round_id(
						vpndiag_check_get_round(peer_cfg, FALSE, AUTH_CLASS_ANY),
						ike_cfg->get_other_addr(ike_cfg));
		}
		i++;
	}
	enumerator->destroy(enumerator);
	for (i = 0; i < count; i++)
	{
		for (j = 0; j < i; j++)
		{
			if (!same_ids(&ids[i], &ids[j]))
			{
				continue;
			}
			vpndiag_check_add(ctx, VPNDIAG_CHECK_DUPLICATE_IDENTITY,
				ids[j].peer_cfg->get_name(ids[j].peer_cfg), NULL,
				"%s has the same identities ('%Y' to '%Y') towards the same "
				"peer: only one of the two is ever selected",
				ids[i].peer_cfg->get_name(ids[i].peer_cfg), ids[i].me,
				ids[i].other);
			vpndiag_check_add(ctx, VPNDIAG_CHECK_DUPLICATE_IDENTITY,
				ids[i].peer_cfg->get_name(ids[i].peer_cfg), NULL,
				"%s has the same identities ('%Y' to '%Y') towards the same "
				"peer: only one of the two is ever selected",
				ids[j].peer_cfg->get_name(ids[j].peer_cfg), ids[j].me,
				ids[j].other);
		}
	}
	for (i = 0; i < count; i++)
	{
		DESTROY_IF(ids[i].me);
		DESTROY_IF(ids[i].other);
	}
	free(ids);
}

/*
 * Described in header
 */
vpndiag_cross_check_t vpndiag_cross_checks[] = {
	check_ts,
	check_duplicate_ids,
	NULL,
};
