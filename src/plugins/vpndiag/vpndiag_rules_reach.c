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
 * Rules of the reachability domain: requests retransmitted until charon
 * gave up (DPD, IKE_SA setup, other requests), half-open IKE_SAs, peer
 * addresses that do not resolve, and messages we cannot parse or place.
 */

#include "vpndiag_rules.h"

/**
 * Whether a retransmit give-up ends a liveness check (DPD).
 *
 * IKEv1 DPD raises it without a packet (exchange < 0). With MOBIKE, the
 * original initiator's DPD runs as a MOBIKE task; a MOBIKE task that sent
 * an address update (charon logs which) is no liveness check: its give-up
 * is max transmit reached (contract section 1).
 */
static bool is_dpd(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	return ev->exchange < 0 ||
		   (((ev->sa.tasks & VPNDIAG_TASK_DPD) ||
			 ((ev->sa.tasks & VPNDIAG_TASK_MOBIKE) &&
			  !(ctx->st && ctx->st->mobike_update))) &&
			ev->sa.state == VPNDIAG_IKE_ESTABLISHED &&
			(ev->exchange == INFORMATIONAL ||
			 ev->exchange == INFORMATIONAL_V1));
}

/**
 * Whether the IP packet of the lost request went as IP fragments: "yes"
 * (over the local link's MTU), "possible" (over 1280 bytes), "no", NULL
 * unknown. IKE fragmentation avoids IP fragments.
 *
 * @param ip_size	receives the size of the IP packet
 * @param mtu		receives the local link's MTU, 0 if unknown
 */
static const char *ip_fragmented(vpndiag_rule_ctx_t *ctx, int *ip_size,
								 int *mtu)
{
	vpndiag_event_t *ev = ctx->ev;
	bool v6 = strchr(ev->sa.local, ':') != NULL;

	*mtu = 0;
	if (ctx->query && ctx->query->link_mtu)
	{
		*mtu = ctx->query->link_mtu(ctx->query, ev->sa.local);
	}
	/* IP and UDP headers, and the non-ESP marker on port 4500 */
	*ip_size = ev->size + (v6 ? 48 : 28) + (ev->dst_port == 4500 ? 4 : 0);
	if (ev->sa.fragmentation || !ev->size)
	{
		return ev->sa.fragmentation ? "no" : NULL;
	}
	if (*mtu && *ip_size > *mtu)
	{
		return "yes";
	}
	return *ip_size > 1280 ? "possible" : "no";
}

/**
 * Why the request after IKE_SA_INIT went to UDP 4500. ike_natd.c
 * process_i() (5.9.8 and 6.0.x) floats the ports after IKE_SA_INIT if a
 * NAT was detected (COND_NAT_ANY, which includes the COND_NAT_FAKE that
 * force_encap() sets for encap = yes or a kernel backend requiring UDP
 * encapsulation, KERNEL_REQUIRE_UDP_ENCAPSULATION: kernel-libipsec), or,
 * without any NAT, whenever the peer config enables MOBIKE (the default)
 * and the peer supports NAT-T. A side that forces encapsulation sends a
 * fake NAT_DETECTION_SOURCE_IP (build_natd_payload()), so its peer sees
 * COND_NAT_THERE ("remote host is behind NAT"), not COND_NAT_FAKE, which
 * only the forcing side sets when both hashes matched. IKEv1
 * (isakmp_natd.c) floats only with a NAT, real or faked.
 */
static const char *why_4500(vpndiag_event_t *ev)
{
	if (ev->sa.nat_forced)
	{
		return "; no NAT was detected, port 4500 comes from UDP "
			"encapsulation forced by encap = yes or by a kernel backend that "
			"requires it (kernel-libipsec)";
	}
	if (ev->sa.nat_here)
	{
		return "; we are behind a NAT, so IKE moved to port 4500";
	}
	if (ev->sa.nat)
	{	/* ike_natd.c build_natd_payload() fakes the source hash when the
		 * peer forces encapsulation: to us it looks like its NAT */
		return "; the peer is behind a NAT or forces UDP encapsulation "
			"(encap = yes or kernel-libipsec on its side), so IKE moved to "
			"port 4500";
	}
	if (ev->sa.version == 2 && ev->sa.mobike)
	{
		return "; no NAT was detected: IKEv2 moved to port 4500 because "
			"MOBIKE is enabled (mobike = yes, the default) and the peer "
			"supports NAT-T";
	}
	return "";
}

/**
 * IKE_SA_INIT answered, the next request lost: UDP 4500 filtered or IP
 * fragments dropped; which is likelier follows from the request's size
 * against the local link's MTU
 */
static vpndiag_record_t *ike_auth_lost(vpndiag_rule_ctx_t *ctx,
									   const char *xname, int retransmits)
{
	vpndiag_event_t *ev = ctx->ev;
	const char *fragmented, *first;
	vpndiag_record_t *rec;
	int ip_size, mtu;
	bool over_mtu;

	first = ev->sa.version == 1 ? "the first Main Mode messages" :
								  "IKE_SA_INIT";
	fragmented = ip_fragmented(ctx, &ip_size, &mtu);
	if (fragmented && !streq(fragmented, "no"))
	{
		over_mtu = streq(fragmented, "yes");
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_IKE_AUTH_LOST_FRAGMENTS,
			TRUE, "%s answered %s but not %s (%d retransmits): "
			"likelier the IP fragments of the %d-byte packet were dropped on "
			"the way%s%.0d%s, as IKE fragmentation is not in use; otherwise "
			"UDP %d is filtered", vpndiag_peer_of(ctx), first,
			xname ?: "the next request", retransmits, ip_size,
			over_mtu ? " (over our link's MTU of " : "", over_mtu ? mtu : 0,
			over_mtu ? " bytes)" : "", ev->dst_port);
	}
	else
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_IKE_AUTH_LOST, TRUE, "%s "
			"answered %s but not %s (%u bytes to UDP %d, %d retransmits): "
			"likelier UDP %d is filtered on the way%s%s",
			vpndiag_peer_of(ctx), first, xname ?: "the next request", ev->size,
			ev->dst_port, retransmits, ev->dst_port,
			ev->sa.fragmentation ? " (IKE fragmentation was negotiated)" : "",
			ev->dst_port == 4500 ? why_4500(ev) : "");
	}
	if (rec)
	{
		rec->nat = ev->sa.nat ? "yes" : "no";
		rec->fragmented = fragmented;
	}
	return rec;
}

/**
 * The IKE_SA setup request was never answered: did it leave this host?
 */
static vpndiag_record_t *no_response(vpndiag_rule_ctx_t *ctx,
									 const char *xname, int retransmits)
{
	vpndiag_config_query_t *q = ctx->query;
	vpndiag_event_t *ev = ctx->ev;

	if (q && q->has_route && ev->sa.remote[0] &&
		!q->has_route(q, ev->sa.remote))
	{
		return vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_NO_ROUTE_TO_PEER, TRUE,
			"no local address routes to %s: %s could not be sent (%d "
			"retransmits), the peer was never reached", vpndiag_peer_of(ctx),
			xname ?: "the request", retransmits);
	}
	return vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_NO_RESPONSE, TRUE, "no answer "
		"from %s to %s after %d retransmits: peer down, wrong remote address, "
		"UDP %d filtered on the way, or the peer not listening on it (e.g. "
		"another IKE daemon there holds the port, so its charon could not "
		"bind it: its vpndiag records ike-port-unavailable)",
		vpndiag_peer_of(ctx), xname ?: "the request", retransmits,
		ev->dst_port);
}

/*
 * Described in header. A liveness check is a DPD timeout; during setup,
 * the request after IKE_SA_INIT (or an IKEv1 Main Mode message after the
 * responder answered: its cookie, the responder SPI, is known) is
 * ike-auth-lost, the first one no-response; on an established IKE_SA an
 * unanswered MOBIKE address update or another request. The DELETE of an
 * IKE_SA we end because the initiator did not reauthenticate is not a
 * failure of its own: the peer has typically given the IKE_SA up already,
 * and its down records why (vpndiag_rules_ike_down()).
 */
void vpndiag_rules_retransmit_timeout(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	const char *xname = vpndiag_exchange_name(ev->exchange);
	int retransmits = ctx->st ? ctx->st->retransmits : 0;
	vpndiag_record_t *rec;

	if (ctx->st && ev->sa.state == VPNDIAG_IKE_DELETING &&
		ctx->st->down_cause == VPNDIAG_CAUSE_INITIATOR_NO_REAUTH)
	{
		return;
	}
	if (is_dpd(ctx))
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_DPD_NO_RESPONSE, TRUE,
			"%s stopped answering liveness checks (DPD) after %d "
			"retransmits: peer down, path lost or UDP %d filtered",
			vpndiag_peer_of(ctx), retransmits, ev->dst_port ?: 4500);
	}
	else if (ev->sa.state == VPNDIAG_IKE_CONNECTING &&
			 (ev->exchange == IKE_AUTH ||
			  (ev->exchange == ID_PROT && (ev->mid > 0 || ev->sa.spi_r))))
	{
		rec = ike_auth_lost(ctx, xname, retransmits);
	}
	else if (ev->sa.state == VPNDIAG_IKE_CONNECTING)
	{
		rec = no_response(ctx, xname, retransmits);
	}
	else
	{
		rec = vpndiag_rule_ike(ctx, ctx->st && ctx->st->mobike_update &&
			(ev->sa.tasks & VPNDIAG_TASK_MOBIKE) ?
			VPNDIAG_CAUSE_MOBIKE_UPDATE_UNANSWERED :
			VPNDIAG_CAUSE_REQUEST_UNANSWERED, TRUE, "%s did not answer our %s "
			"request after %d retransmits", vpndiag_peer_of(ctx),
			xname ?: "IKE", retransmits);
	}
	if (rec)
	{
		rec->retransmits = retransmits;
		rec->port = ev->dst_port;
		vpndiag_record_set(&rec->exchange, xname);
	}
}

/**
 * An IKEv1 responder's Main or Aggressive Mode was not completed in time.
 *
 * The half-open timeout (delete_ike_sa_job.c) fires while the responder's
 * Main Mode or Aggressive Mode task, a passive task, waits for the
 * initiator's next message (main_mode.c / aggressive_mode.c process_r);
 * name the exchange and the message that never arrived.
 */
static void v1_half_open(vpndiag_rule_ctx_t *ctx)
{
	bool aggressive = ctx->ev->sa.tasks & VPNDIAG_TASK_AGGRESSIVE;
	vpndiag_record_t *rec;

	rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_HALF_OPEN_TIMEOUT, FALSE,
		"%s started IKEv1 %s but did not complete it in time: %s never "
		"arrived (UDP 4500 or IP fragments blocked towards us, or the "
		"initiator gave up)", vpndiag_peer_of(ctx),
		aggressive ? "Aggressive Mode" : "Main Mode", aggressive ?
		"its authentication (message 3)" : "its key exchange (message 3) or "
		"its identity and authentication (message 5)");
	if (rec)
	{
		vpndiag_record_set(&rec->exchange,
						   vpndiag_exchange_name(aggressive ? AGGRESSIVE :
												 ID_PROT));
	}
}

/*
 * Described in header. The initiator started but never completed the
 * setup: a fragment limit if charon dropped its fragmented message
 * (message.c:add_fragment()); during EAP an EAP timeout; in IKEv1 an XAuth timeout only while
 * the XAuth exchange runs (main_mode.c queues it as an active task after
 * Main Mode), else the Main or Aggressive Mode that was left half open;
 * else an exchange timeout.
 */
void vpndiag_rules_half_open_timeout(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_cause_t cause = VPNDIAG_CAUSE_HALF_OPEN_TIMEOUT;

	if (vpndiag_has_fact(ctx->st, VPNDIAG_LOG_FRAGMENT_LIMIT))
	{	/* message.c:add_fragment() dropped the message that would have
		 * completed it (each retransmit again) */
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_FRAGMENTED_TOO_LARGE, FALSE,
			"%s started IKE_SA setup, but charon dropped its fragmented "
			"message as too large (charon.max_packet) or in too many "
			"fragments, until the setup timed out", vpndiag_peer_of(ctx));
		return;
	}
	if (ctx->st && ctx->st->eap_seen)
	{
		cause = VPNDIAG_CAUSE_EAP_TIMEOUT;
	}
	else if (ev->sa.version == 1 && (ev->sa.tasks & VPNDIAG_TASK_XAUTH))
	{
		cause = VPNDIAG_CAUSE_XAUTH_TIMEOUT;
	}
	else if (ev->sa.version == 1 && (ev->sa.tasks & VPNDIAG_TASK_AUTH))
	{
		v1_half_open(ctx);
		return;
	}
	vpndiag_rule_ike(ctx, cause, FALSE, "%s started IKE_SA setup but did not "
		"complete it in time%s", vpndiag_peer_of(ctx),
		ev->sa.has_peer_cfg ? "" : ": its IKE_AUTH never arrived (UDP 4500 "
		"or IP fragments blocked towards us, or the initiator gave up)");
}

/*
 * Described in header
 */
void vpndiag_rules_peer_addr_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_UNRESOLVABLE_PEER, TRUE,
					 "the peer's address could not be resolved");
}

/*
 * Described in header. The message context only: such messages have no
 * IKE_SA of ours. An IKE_SA_INIT response answers an IKE_SA_INIT we sent
 * (it carries our SPI): charon did not find that IKE_SA at that moment
 * (ike_sa_manager.c:checkout_by_message(); seen when a reauthentication's
 * new IKE_SA is answered within a millisecond, ike_sa.c:reestablish()), so
 * the peer lost nothing; the retransmit decides.
 */
void vpndiag_rules_unknown_ike_spi(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_ctx_t bare = *ctx;

	if (ctx->ev->exchange == IKE_SA_INIT && !ctx->ev->request)
	{
		return;
	}
	bare.st = NULL;
	vpndiag_rule_ike(&bare, VPNDIAG_CAUSE_UNKNOWN_IKE_SPI, FALSE, "received "
		"an IKE message for an IKE_SA we do not know (SPI %016llx) from %s: "
		"the peer holds state we lost (restart?) or it is stray traffic",
		(unsigned long long)ctx->ev->sa.spi_i, vpndiag_peer_of(&bare));
}

/**
 * Whether an IKE major version defines an exchange type, as
 * ike_header.c:verify() accepts them (IKEv1 Main and Aggressive Mode also
 * need message ID 0 there, which is not the exchange type's fault)
 */
static bool exchange_defined(int version, int exchange)
{
	switch (exchange)
	{
		case ID_PROT:
		case AUTH_ONLY:
		case AGGRESSIVE:
		case INFORMATIONAL_V1:
		case TRANSACTION:
		case QUICK_MODE:
		case NEW_GROUP_MODE:
			return version == 1;
		case IKE_SA_INIT:
		case IKE_AUTH:
		case CREATE_CHILD_SA:
		case INFORMATIONAL:
		case IKE_SESSION_RESUME:
#ifdef ME
		case ME_CONNECT:	/* defined only with mediation (ike_header.h) */
#endif
			return version == 2;
		default:
			return FALSE;
	}
}

/*
 * Described in header. The message context only, as above. The listener
 * passes the datagram's size and the version and exchange type its header
 * claims: receiver.c:receive_packets() drops datagrams shorter than 4 bytes
 * silently (DBG3, "received packet is too short") but hands shorter than a
 * header (28 bytes) to the parser, which fails ("header could not be
 * parsed"); ike_header.c:verify() refuses an exchange type the header's
 * IKE version does not define ("header verification failed").
 */
void vpndiag_rules_parse_error_header(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_rule_ctx_t bare = *ctx;

	bare.st = NULL;
	if (ev->size && ev->size < IKE_HEADER_LENGTH)
	{
		vpndiag_rule_ike(&bare, VPNDIAG_CAUSE_SHORT_DATAGRAM, FALSE,
			"received a %u byte datagram from %s on an IKE port, shorter "
			"than an IKE header (28 bytes): not IKE, or cut short on the way",
			ev->size, vpndiag_peer_of(&bare));
		return;
	}
	if (ev->size && (ev->sa.version == 1 || ev->sa.version == 2) &&
		!exchange_defined(ev->sa.version, ev->exchange))
	{
		vpndiag_rule_ike(&bare, VPNDIAG_CAUSE_UNKNOWN_EXCHANGE, FALSE,
			"received an IKEv%d header from %s with exchange type %d, which "
			"IKEv%d does not define", ev->sa.version, vpndiag_peer_of(&bare),
			ev->exchange, ev->sa.version);
		return;
	}
	vpndiag_rule_ike(&bare, VPNDIAG_CAUSE_BAD_HEADER, FALSE, "could not parse "
		"the IKE header of a message from %s", vpndiag_peer_of(&bare));
}

/**
 * An IKEv1 Main Mode responder chose the PSK by addresses before it could
 * decrypt the peer's ID (ikev1/tasks/main_mode.c build_r() MM_KE derives
 * the keys without a peer config, phase1.c lookup_shared_key() takes the
 * key of the first config for the addresses whose configured identities
 * have one). If the configs for these addresses select different keys,
 * the key used may belong to another peer: name them. TRUE if recorded.
 */
static bool psk_ambiguous(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_psk_candidate_t found[VPNDIAG_MAX_CANDIDATES];
	vpndiag_config_query_t *q = ctx->query;
	vpndiag_event_t *ev = ctx->ev;
	char list[VPNDIAG_TEXT_LEN] = "";
	int count, i, keys = 0, used = -1;
	size_t pos = 0;

	if (!q || !q->v1_psk_candidates || !ev->sa.local[0] || !ev->sa.remote[0])
	{
		return FALSE;
	}
	count = q->v1_psk_candidates(q, ev->sa.local, ev->sa.remote, found,
								 countof(found));
	for (i = 0; i < count; i++)
	{
		keys = max(keys, found[i].key);
		if (found[i].key && used < 0)
		{	/* keys are numbered as found: this one is key 1 */
			used = i;
		}
		if (pos < sizeof(list))
		{
			pos += snprintf(list + pos, sizeof(list) - pos, "%s'%s' (%s)",
							i ? ", " : "", found[i].name,
							!found[i].key ? "no secret for its ids" :
							i == used ? "key used" :
							found[i].key == 1 ? "same key" : "another key");
		}
	}
	if (count < 2 || keys < 2 || used < 0)
	{	/* one key for all: a plain mismatch */
		return FALSE;
	}
	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PSK_AMBIGUOUS_V1, FALSE, "could not "
		"decrypt the Main Mode ID message from %s with the key charon chose "
		"before it could see the peer's ID: %d IKEv1 connections accept these "
		"addresses with %d different keys: %s; charon used the key of '%s' "
		"(the first with a secret). If the peer belongs to another of them, "
		"the address cannot tell them apart; if it is '%s', the pre-shared "
		"keys differ", vpndiag_peer_of(ctx), count, keys, list,
		found[used].name, found[used].name);
	return TRUE;
}

/**
 * charon's refusals before an IKE_SA exists, one row per log fact: charon
 * logs them at level 1 (the level vpndiag's logger asks for) without an
 * IKE_SA context, from the receiver thread (receiver.c:receive_packets()
 * and drop_ike_sa_init()) or from ike_sa_manager.c:checkout_by_message()
 * before it creates the IKE_SA. No connection is involved, so the records
 * have none (conn null): they count against history.max_unattributed and
 * the unattributed rate limits, and fold per source like other records
 * without a connection.
 */
static const struct {
	vpndiag_logfact_t fact;
	vpndiag_cause_t cause;
	/** what charon did, the detail's first clause */
	const char *what;
} pre_sa[] = {
	{ VPNDIAG_LOG_INIT_LIMIT_PER_IP, VPNDIAG_CAUSE_PER_IP_HALF_OPEN_LIMIT,
	  "charon ignored a new IKE_SA: too many half-open IKE_SAs from this "
	  "source (charon.block_threshold)" },
	{ VPNDIAG_LOG_INIT_LIMIT, VPNDIAG_CAUSE_HALF_OPEN_LIMIT,
	  "charon ignored a new IKE_SA: too many half-open IKE_SAs "
	  "(charon.init_limit_half_open)" },
	{ VPNDIAG_LOG_INIT_JOB_LOAD, VPNDIAG_CAUSE_JOB_LOAD_LIMIT,
	  "charon ignored a new IKE_SA: too many queued jobs "
	  "(charon.init_limit_job_load)" },
	{ VPNDIAG_LOG_IKESA_LIMIT, VPNDIAG_CAUSE_IKESA_LIMIT,
	  "charon ignored a new IKE_SA: it holds as many IKE_SAs as it may "
	  "(charon.ikesa_limit)" },
	{ VPNDIAG_LOG_UNSUPPORTED_VERSION,
	  VPNDIAG_CAUSE_UNSUPPORTED_VERSION_RECEIVED,
	  "a message with an IKE major version charon does not speak arrived "
	  "and was answered with INVALID_MAJOR_VERSION" },
};

/**
 * The source address of a receiver line ("... from <addr>, ..."), "" if
 * the line names none
 */
static void source_of(const char *text, char *buf, size_t len)
{
	const char *from = strstr(text, " from ");
	size_t n;

	buf[0] = '\0';
	if (!from)
	{
		return;
	}
	from += strlen(" from ");
	n = strcspn(from, ", ");
	if (n && n < len)
	{
		memcpy(buf, from, n);
		buf[n] = '\0';
	}
}

/*
 * Described in header
 */
bool vpndiag_rules_pre_sa(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	int i;

	for (i = 0; i < countof(pre_sa); i++)
	{
		if (pre_sa[i].fact != ev->logfact)
		{
			continue;
		}
		/* the record's addresses: the packet's source, if logged */
		source_of(ev->text, ev->sa.remote, sizeof(ev->sa.remote));
		ev->sa.local[0] = '\0';
		vpndiag_rule_record(ctx, pre_sa[i].cause, FALSE, "%s; charon: %s",
							pre_sa[i].what, ev->text);
		return TRUE;
	}
	return FALSE;
}

/*
 * Described in header. In IKEv1 Main Mode an undecryptable message (also
 * the peer's encrypted error notify about one) means the pre-shared keys
 * differ (contract section 1); otherwise the parse status tells an
 * unsupported critical payload from a malformed one.
 */
void vpndiag_rules_parse_error_body(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	const char *xname = vpndiag_exchange_name(ev->exchange);

	if (ev->sa.version == 1 && ev->sa.state == VPNDIAG_IKE_CONNECTING &&
		(ev->exchange == ID_PROT || ev->exchange == INFORMATIONAL_V1))
	{
		if (!ev->sa.initiator && ev->exchange == ID_PROT &&
			psk_ambiguous(ctx))
		{
			return;
		}
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PSK_MISMATCH_V1,
			ev->sa.initiator, "could not decrypt an encrypted IKEv1 %s "
			"message from %s during Main Mode: the pre-shared keys differ",
			xname, vpndiag_peer_of(ctx));
		return;
	}
	vpndiag_rule_ike(ctx, ev->arg == NOT_SUPPORTED ?
		VPNDIAG_CAUSE_UNSUPPORTED_CRITICAL : VPNDIAG_CAUSE_BAD_PAYLOAD, FALSE,
		"could not process a %s message from %s", xname ?: "IKE",
		vpndiag_peer_of(ctx));
}

/*
 * Described in header. No IKE_SA: the record has no connection; one per
 * port and address family (charon binds each once, at start).
 */
void vpndiag_rules_ike_port_in_use(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	vpndiag_rule_record(ctx, VPNDIAG_CAUSE_IKE_PORT_IN_USE, FALSE,
		"charon has no %s socket on UDP %u (%s): %s holds it, so charon "
		"could not bind it when it started (socket-default: 'unable to bind "
		"socket: Address already in use') and receives no IKE on it%s: "
		"peers get no answer", ev->text2, ev->dst_port,
		ev->arg ? "charon.port_nat_t" : "charon.port", ev->text,
		ev->arg ? " (used after a move to NAT-T)" : "");
}
