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

#include "vpndiag_config.h"
#include "vpndiag_compat.h"
#include "vpndiag_event_format.h"

#include <daemon.h>

#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

METHOD(vpndiag_config_query_t, child_proposals, vpndiag_proposals_t*,
	vpndiag_config_query_t *this, const char *conn, const char *child,
	bool strip_ke)
{
	enumerator_t *enumerator;
	vpndiag_proposals_t *copy;
	linked_list_t *all, *list;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	proposal_t *proposal;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
													  (char*)conn);
	if (!peer_cfg)
	{
		return NULL;
	}
	all = linked_list_create();
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		if (child && !streq(child, child_cfg->get_name(child_cfg)))
		{
			continue;
		}
		list = vpndiag_child_proposals(child_cfg, strip_ke);
		while (list->remove_first(list, (void**)&proposal) == SUCCESS)
		{
			all->insert_last(all, proposal);
		}
		list->destroy(list);
	}
	enumerator->destroy(enumerator);
	peer_cfg->destroy(peer_cfg);
	copy = all->get_count(all) ? vpndiag_copy_proposals(all) : NULL;
	vpndiag_proposals_format(copy);
	all->destroy_offset(all, offsetof(proposal_t, destroy));
	return copy;
}

METHOD(vpndiag_config_query_t, ike_proposals, vpndiag_proposals_t*,
	vpndiag_config_query_t *this, const char *conn)
{
	vpndiag_proposals_t *copy = NULL;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	linked_list_t *list;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
													  (char*)conn);
	if (!peer_cfg)
	{
		return NULL;
	}
	ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	list = vpndiag_ike_proposals(ike_cfg);
	if (list->get_count(list))
	{
		copy = vpndiag_copy_proposals(list);
		vpndiag_proposals_format(copy);
	}
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	peer_cfg->destroy(peer_cfg);
	return copy;
}

METHOD(vpndiag_config_query_t, child_ts, int,
	vpndiag_config_query_t *this, const char *conn, vpndiag_child_ts_t *out,
	int max)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	int count = 0;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
													  (char*)conn);
	if (!peer_cfg)
	{
		return 0;
	}
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (count < max && enumerator->enumerate(enumerator, &child_cfg))
	{
		snprintf(out[count].name, sizeof(out[count].name), "%s",
				 child_cfg->get_name(child_cfg));
		/* the lists are clones, handed over to the caller */
		out[count].local_ts = vpndiag_cfg_ts(child_cfg, TRUE);
		snprintf(out[count].local, sizeof(out[count].local), "%#R",
				 out[count].local_ts);
		out[count].remote_ts = vpndiag_cfg_ts(child_cfg, FALSE);
		snprintf(out[count].remote, sizeof(out[count].remote), "%#R",
				 out[count].remote_ts);
		count++;
	}
	enumerator->destroy(enumerator);
	peer_cfg->destroy(peer_cfg);
	return count;
}

METHOD(vpndiag_config_query_t, find_ike_cfg, bool,
	vpndiag_config_query_t *this, const char *me, const char *other,
	int version, char *name, size_t len)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	host_t *my_host = NULL, *other_host = NULL;
	bool found = FALSE;

	if (me && !(my_host = host_create_from_string((char*)me, 0)))
	{
		return FALSE;
	}
	if (other && !(other_host = host_create_from_string((char*)other, 0)))
	{
		DESTROY_IF(my_host);
		return FALSE;
	}
	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
										NULL, NULL, NULL, NULL, IKE_ANY);
	while (!found && enumerator->enumerate(enumerator, &peer_cfg))
	{
		ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
		if (version && ike_cfg->get_version(ike_cfg) != IKE_ANY &&
			ike_cfg->get_version(ike_cfg) != version)
		{
			continue;
		}
		if ((!my_host || ike_cfg->match_me(ike_cfg, my_host)) &&
			(!other_host || ike_cfg->match_other(ike_cfg, other_host)))
		{
			snprintf(name, len, "%s", peer_cfg->get_name(peer_cfg));
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	DESTROY_IF(my_host);
	DESTROY_IF(other_host);
	return found;
}

METHOD(vpndiag_config_query_t, find_conns, int,
	vpndiag_config_query_t *this, const char *me, const char *other,
	int version, vpndiag_conn_candidate_t *out, int max)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	host_t *my_host = NULL, *other_host;
	vpndiag_addr_match_t me_kind, other_kind;
	int count = 0;

	if (!other || !(other_host = host_create_from_string((char*)other, 0)))
	{
		return 0;
	}
	if (me && !(my_host = host_create_from_string((char*)me, 0)))
	{
		other_host->destroy(other_host);
		return 0;
	}
	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
										NULL, NULL, NULL, NULL, IKE_ANY);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
		if (version && ike_cfg->get_version(ike_cfg) != IKE_ANY &&
			ike_cfg->get_version(ike_cfg) != version)
		{
			continue;
		}
		/* a port other than the configured one: strongSwan 6.1 adds 1 to
		 * the quality of a matching port, which would blur the kinds */
		other_host->set_port(other_host,
							 (uint16_t)(ike_cfg->get_other_port(ike_cfg) + 1));
		other_kind = vpndiag_addr_match_kind(
							ike_cfg->match_other(ike_cfg, other_host),
							ike_cfg->get_other_addr(ike_cfg), other);
		if (other_kind < VPNDIAG_ADDR_RANGE)
		{	/* no match, or only by %any: not a candidate */
			continue;
		}
		me_kind = VPNDIAG_ADDR_ANY;
		if (my_host)
		{
			my_host->set_port(my_host,
							  (uint16_t)(ike_cfg->get_my_port(ike_cfg) + 1));
			me_kind = vpndiag_addr_match_kind(
							ike_cfg->match_me(ike_cfg, my_host),
							ike_cfg->get_my_addr(ike_cfg), me);
			if (me_kind == VPNDIAG_ADDR_NONE)
			{
				continue;
			}
		}
		if (count < max)
		{
			snprintf(out[count].name, sizeof(out[count].name), "%s",
					 peer_cfg->get_name(peer_cfg));
			out[count].me = me_kind;
			out[count].other = other_kind;
		}
		count++;
	}
	enumerator->destroy(enumerator);
	DESTROY_IF(my_host);
	other_host->destroy(other_host);
	return count;
}

/**
 * Parse "addr[port]" or "addr" into a host
 */
static host_t *host_of(const char *str)
{
	char addr[64], *pos;

	snprintf(addr, sizeof(addr), "%s", str);
	pos = strchr(addr, '[');
	if (pos)
	{
		*pos = '\0';
	}
	return host_create_from_string(addr, 0);
}

METHOD(vpndiag_config_query_t, has_route, bool,
	vpndiag_config_query_t *this, const char *remote)
{
	host_t *host, *src;

	host = host_of(remote);
	if (!host || host->is_anyaddr(host))
	{
		DESTROY_IF(host);
		return TRUE;
	}
	src = charon->kernel->get_source_addr(charon->kernel, host, NULL);
	host->destroy(host);
	if (!src)
	{
		return FALSE;
	}
	src->destroy(src);
	return TRUE;
}

/**
 * Number a key among the distinct keys seen so far (1, 2, ...); takes key
 */
static int key_number(shared_key_t **keys, int *count, int max,
					  shared_key_t *key)
{
	int i;

	for (i = 0; i < *count; i++)
	{
		if (chunk_equals_const(keys[i]->get_key(keys[i]), key->get_key(key)))
		{
			key->destroy(key);
			return i + 1;
		}
	}
	if (*count == max)
	{	/* more distinct keys than we keep: counts as another one */
		key->destroy(key);
		return max + 1;
	}
	keys[(*count)++] = key;
	return *count;
}

METHOD(vpndiag_config_query_t, v1_psk_candidates, int,
	vpndiag_config_query_t *this, const char *me, const char *other,
	vpndiag_psk_candidate_t *out, int max)
{
	shared_key_t *keys[VPNDIAG_MAX_CANDIDATES], *key;
	identification_t *my_id, *other_id, *any;
	auth_cfg_t *my_auth, *other_auth;
	enumerator_t *enumerator, *auths;
	host_t *my_host, *other_host;
	peer_cfg_t *peer_cfg;
	int count = 0, nkeys = 0, i;

	my_host = host_of(me);
	other_host = host_of(other);
	if (!my_host || !other_host)
	{
		DESTROY_IF(my_host);
		DESTROY_IF(other_host);
		return 0;
	}
	any = identification_create_from_encoding(ID_ANY, chunk_empty);
	/* as phase1.c lookup_shared_key() does it without a peer config */
	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
										my_host, other_host, NULL, NULL, IKEV1);
	while (count < max && enumerator->enumerate(enumerator, &peer_cfg))
	{
		my_auth = other_auth = NULL;
		auths = peer_cfg->create_auth_cfg_enumerator(peer_cfg, TRUE);
		auths->enumerate(auths, &my_auth);
		auths->destroy(auths);
		auths = peer_cfg->create_auth_cfg_enumerator(peer_cfg, FALSE);
		auths->enumerate(auths, &other_auth);
		auths->destroy(auths);
		if (!my_auth || !other_auth ||
			!(my_id = my_auth->get(my_auth, AUTH_RULE_IDENTITY)))
		{
			continue;
		}
		other_id = other_auth->get(other_auth, AUTH_RULE_IDENTITY);
		snprintf(out[count].name, sizeof(out[count].name), "%s",
				 peer_cfg->get_name(peer_cfg));
		out[count].key = 0;
		key = lib->credmgr->get_shared(lib->credmgr, SHARED_IKE, my_id,
									   other_id ?: any);
		if (key)
		{
			out[count].key = key_number(keys, &nkeys, countof(keys), key);
		}
		count++;
	}
	enumerator->destroy(enumerator);
	for (i = 0; i < nkeys; i++)
	{
		keys[i]->destroy(keys[i]);
	}
	any->destroy(any);
	my_host->destroy(my_host);
	other_host->destroy(other_host);
	return count;
}

METHOD(vpndiag_config_query_t, link_mtu, int,
	vpndiag_config_query_t *this, const char *local)
{
	struct ifreq ifr = {};
	char *name = NULL;
	host_t *host;
	int fd, mtu = 0;

	host = host_of(local);
	if (!host)
	{
		return 0;
	}
	if (charon->kernel->get_interface(charon->kernel, host, &name) && name)
	{
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd >= 0)
		{
			snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
			if (ioctl(fd, SIOCGIFMTU, &ifr) == 0)
			{
				mtu = ifr.ifr_mtu;
			}
			close(fd);
		}
	}
	free(name);
	host->destroy(host);
	return mtu;
}

/*
 * Described in header
 */
vpndiag_config_query_t *vpndiag_config_create()
{
	vpndiag_config_query_t *this;

	INIT(this,
		.find_ike_cfg = _find_ike_cfg,
		.find_conns = _find_conns,
		.child_proposals = _child_proposals,
		.ike_proposals = _ike_proposals,
		.child_ts = _child_ts,
		.link_mtu = _link_mtu,
		.has_route = _has_route,
		.v1_psk_candidates = _v1_psk_candidates,
	);
	return this;
}
